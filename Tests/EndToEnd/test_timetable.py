"""The school day end to end: staff change one course in the browser, the pupil sees it as a change of that
course, and the private calendar feed carries it, read by a real iCalendar parser (icalendar from PyPI)."""

from __future__ import annotations

import datetime as dt

import pytest
import requests
from icalendar import Calendar
from selenium.webdriver.common.by import By

from cartable_e2e import HTTP_TIMEOUT, click_button, main_text, wait_for_text


def first_week_with_courses(driver, base_url: str, class_id: str, today: dt.date) -> tuple[dt.date, list]:
    """The Monday of the first week from today in which the class has courses staff can change, and their links."""
    monday = today - dt.timedelta(days=today.weekday())
    for weeks in range(0, 6):
        week = monday + dt.timedelta(weeks=weeks)
        driver.get(f"{base_url}/classes/{class_id}/timetable?week={week.isoformat()}")
        links = driver.find_elements(By.LINK_TEXT, "Modifier")
        if links:
            return week, links
    pytest.fail("4e B has no course in the next six weeks")


def test_a_room_change_and_a_cancellation_show_as_changes_of_their_course(new_browser, sign_in, base_url, demo):
    staff = new_browser()
    sign_in(staff, "direction")
    week, links = first_week_with_courses(staff, base_url, demo.class_id("4e B"), demo.today)
    first, second = links[0].get_attribute("href"), links[-1].get_attribute("href")
    staff.get(first)
    subject = staff.find_element(By.TAG_NAME, "h1").text.split(" · ")[0]
    room = staff.find_element(By.ID, "room")
    room.clear()
    room.send_keys("Z99")
    click_button(staff, "Enregistrer")
    wait_for_text(staff, "Changement enregistré")
    assert "salle Z99 au lieu de" in main_text(staff)
    # An end before the start is refused, with nothing saved.
    staff.get(second)
    start, end = staff.find_element(By.ID, "start"), staff.find_element(By.ID, "end")
    staff.execute_script("arguments[0].value = '11:00'; arguments[1].value = '10:00';", start, end)
    click_button(staff, "Enregistrer")
    wait_for_text(staff, "La fin doit être après le début.")
    checkbox = staff.find_element(By.NAME, "cancelled")
    staff.execute_script("arguments[0].value = ''; arguments[1].value = '';", staff.find_element(By.ID, "start"), staff.find_element(By.ID, "end"))
    # The demo may already have changed that occurrence (on a Friday its last course is the one it cancels, "Professeur
    # absent"): make sure it ends cancelled with our note, whatever it was.
    if not checkbox.is_selected():
        checkbox.click()
    note = staff.find_element(By.ID, "note")
    note.clear()
    note.send_keys("Sortie au musée")
    click_button(staff, "Enregistrer")
    wait_for_text(staff, "Changement enregistré")

    pupil = new_browser()
    sign_in(pupil, "eleve")
    pupil.get(f"{base_url}/timetable?week={week.isoformat()}")
    text = main_text(pupil)
    assert "salle Z99 au lieu de" in text
    assert "Annulé" in text and "Sortie au musée" in text
    assert subject in text

    # The same changes in the pupil's calendar feed, parsed as a calendar app does.
    pupil.get(f"{base_url}/account/calendar")
    click_button(pupil, "Créer mon lien")
    wait_for_text(pupil, "Copiez-le maintenant")
    link = pupil.find_element(By.ID, "calendar-link").get_attribute("value")
    assert link.startswith(f"{base_url}/calendar/") and link.endswith(".ics")
    answer = requests.get(link, timeout=HTTP_TIMEOUT)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(answer.content)
    events = list(calendar.walk("VEVENT"))
    courses = [e for e in events if str(e.get("UID")).startswith("course-")]
    homework = [e for e in events if str(e.get("UID")).startswith("entry-")]
    assert courses and homework
    for event in courses:
        start = event.decoded("DTSTART")
        assert isinstance(start, dt.datetime) and str(start.tzinfo) == "Europe/Paris", start
        assert event.decoded("DTEND") > start
        assert 7 <= start.hour <= 18
    for event in homework:
        assert type(event.decoded("DTSTART")) is dt.date, "homework is an all-day event"
        assert str(event.get("SUMMARY")).startswith("À faire · ")
    moved = [e for e in courses if str(e.get("LOCATION")) == "Salle Z99"]
    assert len(moved) == 1 and "salle Z99 au lieu de" in str(moved[0].get("DESCRIPTION"))
    cancelled = [e for e in courses if str(e.get("STATUS")) == "CANCELLED"]
    assert any("Sortie au musée" in str(e.get("DESCRIPTION")) for e in cancelled)
    assert all(str(e.get("SUMMARY")).endswith("(annulé)") for e in cancelled)

    # Conditional requests, then a new link: the old one stops at once.
    assert requests.get(link, headers={"If-None-Match": answer.headers["ETag"]}, timeout=HTTP_TIMEOUT).status_code == 304
    pupil.get(f"{base_url}/account/calendar")
    click_button(pupil, "Créer un nouveau lien")
    wait_for_text(pupil, "Copiez-le maintenant")
    assert requests.get(link, timeout=HTTP_TIMEOUT).status_code == 404
    new_link = pupil.find_element(By.ID, "calendar-link").get_attribute("value")
    assert requests.get(new_link, timeout=HTTP_TIMEOUT).status_code == 200
    assert requests.get(f"{base_url}/calendar/{'x' * 43}.ics", timeout=HTTP_TIMEOUT).status_code == 404


def test_today_shows_the_days_courses_before_the_homework(new_browser, sign_in, base_url):
    pupil = new_browser()
    sign_in(pupil, "eleve")
    pupil.get(f"{base_url}/today")
    text = main_text(pupil)
    assert "Les cours du jour" in text
    assert ("Pas de cours" in text) or (" – " in text), text
    assert text.index("Les cours du jour") < text.index("Voir le cahier de textes")
