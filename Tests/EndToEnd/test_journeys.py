"""Browser journeys through the demo school, checked by what a person reads on the screen."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from cartable_e2e import (
    click_and_wait,
    click_button,
    click_link,
    heading,
    main_text,
    path_of,
    sections,
    set_date,
    sign_in_with_form,
    wait_for_text,
)

SIGN_IN_FAILED = "Identifiant ou mot de passe incorrect. Vérifiez les deux et réessayez."
FORM_HAS_ERRORS = "Certaines informations sont à corriger. Rien n'a été enregistré."
DUE_BEFORE_SESSION = "La date à rendre ne peut pas être avant la séance."
NOT_FOUND = "Page introuvable"
WEEKDAYS = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
DUE_HEADING = re.compile(rf"^Pour (aujourd'hui|demain|({WEEKDAYS}) \d{{1,2}} \w+)$")


def entries_of_class(api_client, class_id: str, around: dt.date) -> list[dict]:
    """The class's entries whose lesson is within a week of `around`, through the API."""
    params = {"from": (around - dt.timedelta(days=7)).isoformat(), "to": (around + dt.timedelta(days=7)).isoformat()}
    return api_client.get_json(f"/classes/{class_id}/entries", params=params)["entries"]


@pytest.fixture
def entries_to_delete(api):
    """Ids of entries the test created through the API; deleted (as `prof`) afterwards."""
    ids: list[str] = []
    yield ids
    if ids:
        teacher = api("prof")
        for entry_id in ids:
            teacher.request("DELETE", f"/entries/{entry_id}")


def open_new_entry_form(driver) -> None:
    """From the teacher's classes, opens the form to write in the notebook."""
    assert heading(driver) == "Mes classes"
    click_link(driver, "Nouvelle entrée")
    assert heading(driver) == "Écrire dans le cahier de textes"


def fill_entry_for_4e_b(driver, work: str, due: dt.date | None) -> dt.date:
    """Ticks 4e B, picks Mathématiques, writes `work` due on `due`; returns the lesson's date."""
    label = driver.find_element(By.XPATH, "//label[normalize-space()='4e B']")
    checkbox = label.find_element(By.TAG_NAME, "input")
    if not checkbox.is_selected():
        label.click()
    assert checkbox.is_selected()
    Select(driver.find_element(By.ID, "subject")).select_by_visible_text("Mathématiques")
    session_date = dt.date.fromisoformat(driver.find_element(By.ID, "sessionDate").get_attribute("value"))
    driver.find_element(By.ID, "work").send_keys(work)
    if due is not None:
        set_date(driver, "dueDate", due)
    return session_date


# --- Pupil ------------------------------------------------------------------------------------


def test_pupil_reads_todays_work_opens_an_entry_and_the_weeks_notebook(browser, sign_in):
    sign_in(browser, "eleve", remember=True)

    # Lands on Aujourd'hui: the day's courses first, then the work due grouped by day under "Pour …" headings.
    assert path_of(browser) == "/today"
    assert heading(browser) == "Aujourd'hui"
    assert "Léa Martin" in browser.find_element(By.TAG_NAME, "header").text
    days = sections(browser)
    assert next(iter(days), None) == "Les cours du jour", f"the day's courses come first: {list(days)}"
    days.pop("Les cours du jour")
    assert days, f"no due work on Aujourd'hui: {main_text(browser)}"
    for title in days:
        assert DUE_HEADING.match(title), f"unexpected heading {title!r}"
    first_day = next(iter(days))
    assert "Ouvrir" in days[first_day]

    # "Se souvenir de cet appareil": the sign-in outlives the browser session.
    cookie = browser.get_cookie("cartable_session")
    assert cookie is not None and cookie.get("expiry"), "a remembered sign-in should keep its cookie after the browser closes"

    # Opens the first entry and reads the same subject and work.
    card = browser.find_element(By.CSS_SELECTOR, "main section article")
    subject = card.find_element(By.TAG_NAME, "h3").text
    work = card.find_element(By.CSS_SELECTOR, ".text").text
    click_and_wait(browser, card.find_element(By.LINK_TEXT, "Ouvrir"))
    assert path_of(browser).startswith("/entries/")
    assert heading(browser).startswith(subject)
    assert "4e B" in heading(browser)
    assert "Travail à faire" in main_text(browser)
    assert work in main_text(browser)

    # Back to Aujourd'hui, then the whole week's notebook.
    click_link(browser, "Aujourd'hui")
    click_link(browser, "Voir le cahier de textes de la semaine")
    assert path_of(browser) == "/notebook"
    assert heading(browser).startswith("Cahier de textes")
    text = main_text(browser)
    assert "Semaine du" in text
    assert "Semaine précédente" in text and "Semaine suivante" in text

    # The device is listed as remembered.
    click_link(browser, "Mes appareils")
    assert "cet appareil" in main_text(browser)
    assert "mémorisé" in main_text(browser)


# --- Teacher ----------------------------------------------------------------------------------


def test_teacher_posts_work_that_the_pupil_then_sees_on_aujourdhui(
    new_browser, sign_in, api, unique_text, entries_to_delete, demo
):
    teacher = new_browser()
    sign_in(teacher, "prof")
    open_new_entry_form(teacher)
    session_date = teacher.find_element(By.ID, "sessionDate").get_attribute("value")
    tomorrow = dt.date.fromisoformat(session_date) + dt.timedelta(days=1)
    fill_entry_for_4e_b(teacher, unique_text, tomorrow)
    click_button(teacher, "Publier")

    assert "Entrée publiée." in main_text(teacher)
    assert unique_text in main_text(teacher)
    created = [e for e in entries_of_class(api("prof"), demo.class_id("4e B"), demo.today) if unique_text in e["work"]]
    assert len(created) == 1
    entries_to_delete.append(created[0]["id"])

    # The pupil, on another device, finds it under "Pour demain".
    pupil = new_browser()
    sign_in(pupil, "eleve")
    assert heading(pupil) == "Aujourd'hui"
    days = sections(pupil)
    assert "Pour demain" in days, f"no 'Pour demain' heading: {list(days)}"
    assert unique_text in days["Pour demain"]
    assert "Claire Moreau" in days["Pour demain"]


def test_teacher_cannot_post_work_due_before_the_lesson(browser, sign_in, api, unique_text, demo):
    sign_in(browser, "prof")
    open_new_entry_form(browser)
    session_date = fill_entry_for_4e_b(browser, unique_text, due=None)
    set_date(browser, "dueDate", session_date - dt.timedelta(days=1))
    click_button(browser, "Publier")

    # Still the form, with the overall message and the problem next to the due date.
    assert heading(browser) == "Écrire dans le cahier de textes"
    assert FORM_HAS_ERRORS in main_text(browser)
    due_field = browser.find_element(By.ID, "dueDate")
    field_group = due_field.find_element(By.XPATH, "..")
    assert "À faire pour le" in field_group.text
    assert DUE_BEFORE_SESSION in field_group.text
    # What the teacher typed is kept.
    assert browser.find_element(By.ID, "work").get_attribute("value") == unique_text

    # Nothing was saved.
    entries = entries_of_class(api("prof"), demo.class_id("4e B"), demo.today)
    assert not [e for e in entries if unique_text in e["work"]]


# --- Guardian ---------------------------------------------------------------------------------


def test_guardian_sees_each_child_and_nobody_else(browser, base_url, sign_in, api, demo, entries_to_delete):
    sign_in(browser, "parent")
    assert heading(browser) == "Aujourd'hui"
    tabs = [tab.text for tab in browser.find_elements(By.CSS_SELECTOR, "nav.tabs a")]
    assert sorted(tabs) == ["Hugo", "Léa"]

    # Léa's tab shows Léa's work (4e B), the same as the API gives her guardian.
    click_link(browser, "Léa")
    lea_today = api("parent").get_json("/today", params={"pupil": demo.children["Léa"]})
    expected = [entry["work"] for day in lea_today["days"] for entry in day["entries"] if entry["work"]]
    assert expected, "the demo should give Léa some work"
    text = main_text(browser)
    for work in expected:
        assert work in text
    assert "4e B" in text and "6e A" not in text

    # Another family's pupil: not found.
    browser.get(f"{base_url}/today?pupil={demo.other_pupil_id}")
    assert heading(browser) == NOT_FOUND
    assert "Léa" not in main_text(browser) and "Hugo" not in main_text(browser)

    # An entry of a class neither child attends (6e B): not found either.
    assert "6e B" not in demo.child_class_names
    response = api("prof").request(
        "POST",
        f"/classes/{demo.class_id('6e B')}/entries",
        json={
            "subject": "Mathématiques",
            "sessionDate": demo.today.isoformat(),
            "work": f"Travail de 6e B (essai {uuid.uuid4().hex[:8]})",
            "dueDate": (demo.today + dt.timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 201, response.text
    entry_id = response.json()["entries"][0]["id"]
    entries_to_delete.append(entry_id)
    browser.get(f"{base_url}/entries/{entry_id}")
    assert heading(browser) == NOT_FOUND
    assert "Travail de 6e B" not in main_text(browser)


# --- Signing in -------------------------------------------------------------------------------


def test_wrong_password_and_unknown_login_get_the_same_message(browser, base_url):
    sign_in_with_form(browser, base_url, "eleve", password="pas-le-bon-mot-de-passe")
    assert path_of(browser) == "/signin"
    assert SIGN_IN_FAILED in main_text(browser)
    assert browser.find_element(By.ID, "password").get_attribute("value") == ""

    sign_in_with_form(browser, base_url, f"inconnu-{uuid.uuid4().hex[:8]}", password="pas-le-bon-mot-de-passe")
    assert path_of(browser) == "/signin"
    assert SIGN_IN_FAILED in main_text(browser)

    # And nobody got in.
    browser.get(f"{base_url}/today")
    assert path_of(browser) == "/signin"


# --- Devices ----------------------------------------------------------------------------------


def test_signing_out_another_device_sends_it_back_to_sign_in(new_browser, sign_in, api, base_url):
    # A fresh account, so that its only devices are the two browsers of this test.
    login = f"e2e.appareils.{uuid.uuid4().hex[:8]}"
    password = f"mot-de-passe-{uuid.uuid4().hex[:8]}"
    created = api("direction").request(
        "POST",
        "/accounts",
        json={"login": login, "firstName": "Essai", "lastName": "Appareils", "role": "teacher", "password": password},
    )
    assert created.status_code == 201, created.text

    phone, laptop = new_browser(), new_browser()
    sign_in(phone, login, password)
    sign_in(laptop, login, password)

    click_link(phone, "Mes appareils")
    assert heading(phone) == "Mes appareils"
    devices = phone.find_elements(By.CSS_SELECTOR, "main .card")
    assert len(devices) == 2, main_text(phone)
    titles = [device.find_element(By.TAG_NAME, "h3").text for device in devices]
    assert sum(title.endswith("· cet appareil") for title in titles) == 1, titles
    # The only "Déconnecter cet appareil" button is on the other device's card.
    click_button(phone, "Déconnecter cet appareil")
    assert "Appareil déconnecté." in main_text(phone)
    assert len(phone.find_elements(By.CSS_SELECTOR, "main .card")) == 1

    # The other browser is sent back to the sign-in page at its next step.
    laptop.refresh()
    wait_for_text(laptop, "Se connecter")
    assert path_of(laptop) == "/signin"
    assert heading(laptop) == "Se connecter"

    # This one is still signed in.
    phone.get(f"{base_url}/account/devices")
    assert heading(phone) == "Mes appareils"


# --- Language ---------------------------------------------------------------------------------


def test_language_button_switches_to_english_and_back(browser, sign_in):
    sign_in(browser, "eleve")
    assert heading(browser) == "Aujourd'hui"

    click_button(browser, "English")
    assert heading(browser) == "Today"
    assert path_of(browser) == "/today"
    assert "See this week's homework notebook" in main_text(browser)

    click_button(browser, "Français")
    assert heading(browser) == "Aujourd'hui"
    assert "Voir le cahier de textes de la semaine" in main_text(browser)
