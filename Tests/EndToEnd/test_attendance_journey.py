"""Attendance end to end, in Chromium (phone-sized): the roll of a live class, a justification sent online with its
proof and accepted by staff, then an incident window that turns the absence into an incident.

Staff import a mathematics course for the demo pupil's class (4e B) that started a quarter of an hour ago; the
teacher makes today's occurrence a live class (an external link) and takes the roll on the phone: Léa did not
join, so she is proposed absent, and the teacher confirms it. Her guardian sees the absence on *Aujourd'hui*,
justifies it (a reason that needs a proof: refused without the file, sent with it), staff accept it from their
list, and the guardian reads "Justifiée". Staff then declare that the live classes failed this morning: the
absence is shown to the family as a platform incident, not counted.

The node is the test's own (``new_node``), the times today's in Europe/Paris: skipped on Sundays (a timetable has
no Sunday) and in the first quarter of an hour after midnight (no course can have started a quarter ago).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.common.by import By

from cartable_e2e import click_and_wait, click_button, heading, main_text, wait_for_text
from test_live_class_journey import WEEKDAYS, course_row, hhmm, make_today_a_school_day, sign_in

PARIS = ZoneInfo("Europe/Paris")
SUBJECT = "Mathématiques"
COMMENT = "Fièvre ce matin, elle reste au lit."
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def fits_the_screen(driver) -> bool:
    """Nothing wider than the phone: no sideways scrolling."""
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_roll_a_justification_and_an_incident_window(new_browser, new_node, tmp_path):
    now = dt.datetime.now(PARIS)
    if now.isoweekday() == 7:
        pytest.skip("today is a Sunday in Paris: a timetable has no Sunday courses")
    minute = now.hour * 60 + now.minute
    start, end = minute - 15, min(minute + 30, 23 * 60 + 59)
    if start < 0 or end <= minute:
        pytest.skip(f"it is {now:%H:%M} in Paris: no course can have started a quarter of an hour ago today")
    today = now.date()
    node = new_node()
    base = node.base_url
    pupil_api = node.api("eleve")
    pupil_id = pupil_api.user["id"]
    pupil_api.close()

    # Staff import the course (it started 15 minutes ago).
    staff = new_browser()
    sign_in(staff, base, "direction")
    make_today_a_school_day(staff, base, today)
    staff.get(f"{base}/admin/timetable/import")
    csv = "classe;matière;professeur;salle;jour;début;fin;semaine\n"
    csv += f"4e B;{SUBJECT};prof;A03;{WEEKDAYS[today.isoweekday() - 1]};{hhmm(start)};{hhmm(end)};\n"
    staff.find_element(By.ID, "csv").send_keys(csv)
    click_button(staff, "Vérifier")
    click_button(staff, "Confirmer et remplacer l'emploi du temps")
    wait_for_text(staff, "Emploi du temps importé.")

    # The teacher makes today's occurrence a live class, then takes the roll on the phone.
    teacher = new_browser()
    sign_in(teacher, base, "prof")
    teacher.get(f"{base}/timetable")
    click_and_wait(teacher, course_row(teacher, SUBJECT, today).find_element(By.LINK_TEXT, "Classe virtuelle"))
    teacher.find_element(By.CSS_SELECTOR, "input[name=mode][value=link]").click()
    teacher.find_element(By.ID, "link").send_keys("https://visio.example.org/maths-4eB")
    click_button(teacher, "Enregistrer")
    wait_for_text(teacher, "C'est noté")
    click_and_wait(teacher, course_row(teacher, SUBJECT, today).find_element(By.LINK_TEXT, "Faire l'appel"))
    assert heading(teacher) == f"Appel · {SUBJECT} · 4e B"
    assert fits_the_screen(teacher), "the roll fits a phone's width"
    line = teacher.find_element(By.ID, f"p-{pupil_id}")
    # No join: proposed absent. Her sign-in through the API a moment ago is evidence too, once the node wrote it down.
    assert "MARTIN Léa" in line.text, line.text
    assert "ne s'est pas connecté : absent ?" in line.text or "mais n'a pas rejoint la classe" in line.text, line.text
    assert "« »" not in line.text, "no empty remark shown"
    assert "proposed" in line.get_attribute("class") and "absent" not in line.get_attribute("class").split(), "proposed, never confirmed alone"
    click_and_wait(teacher, line.find_element(By.CSS_SELECTOR, "button[value=absent]"))
    wait_for_text(teacher, "Enregistré.")
    assert "absent" in teacher.find_element(By.ID, f"p-{pupil_id}").get_attribute("class").split()
    click_button(teacher, "L'appel est fait")
    wait_for_text(teacher, "Appel enregistré. Merci !")

    # The guardian sees it on Aujourd'hui and justifies it: a reason that needs a proof, then with the file.
    guardian = new_browser()
    sign_in(guardian, base, "parent")
    guardian.get(f"{base}/today?pupil={pupil_id}")
    absences = guardian.find_element(By.ID, "today-absences").text
    assert f"{hhmm(start)} {SUBJECT} : Absent" in absences, absences
    click_and_wait(guardian, guardian.find_element(By.ID, "today-absences").find_element(By.LINK_TEXT, "Voir les absences et retards"))
    todays = [item for item in guardian.find_elements(By.CSS_SELECTOR, "ul.attendance li") if SUBJECT in item.text and hhmm(start) in item.text]
    assert len(todays) == 1, main_text(guardian)
    click_and_wait(guardian, todays[0].find_element(By.LINK_TEXT, "Justifier"))
    assert heading(guardian) == "Justifier une absence · Léa"
    assert guardian.find_element(By.ID, "from").get_attribute("value") == today.isoformat()
    assert fits_the_screen(guardian)
    guardian.find_element(By.CSS_SELECTOR, "#reason option:not([value=''])")  # the school's reasons are there
    for option in guardian.find_elements(By.CSS_SELECTOR, "#reason option"):
        if option.text == "Maladie":
            option.click()
    guardian.find_element(By.ID, "comment").send_keys(COMMENT)
    click_button(guardian, "Envoyer")
    wait_for_text(guardian, "Ce motif demande un justificatif : ajoutez une photo ou un PDF.")
    proof = tmp_path / "certificat.pdf"
    proof.write_bytes(PDF)
    for option in guardian.find_elements(By.CSS_SELECTOR, "#reason option"):
        if option.text == "Maladie":
            option.click()
    guardian.find_element(By.ID, "file").send_keys(str(proof))
    click_button(guardian, "Envoyer")
    wait_for_text(guardian, "Merci : la vie scolaire va vérifier le justificatif.")
    assert "Justificatif envoyé : la vie scolaire va le lire" in main_text(guardian)

    # Staff accept it from their list (the demo has another one waiting: this is the one with the comment).
    staff.get(f"{base}/classes")
    click_and_wait(staff, staff.find_element(By.LINK_TEXT, "Justificatifs à traiter"))
    mine = [item for item in staff.find_elements(By.CSS_SELECTOR, "ul.justifications li") if COMMENT in item.text]
    assert len(mine) == 1 and "Léa Martin" in mine[0].text and "Maladie" in mine[0].text, main_text(staff)
    assert "Voir le justificatif" in mine[0].text
    click_and_wait(staff, mine[0].find_element(By.CSS_SELECTOR, "button[value=accepted]"))
    wait_for_text(staff, "Justificatif accepté : l'absence est justifiée.")
    guardian.get(f"{base}/attendance?pupil={pupil_id}")
    assert "Justifiée : Maladie" in main_text(guardian)

    # Staff declare that the live classes failed this morning: the absence becomes an incident, not counted.
    staff.get(f"{base}/attendance/incidents")
    assert staff.find_element(By.ID, "day").get_attribute("value") == today.isoformat()
    staff.execute_script("arguments[0].value = arguments[1];", staff.find_element(By.ID, "start"), hhmm(start))
    staff.execute_script("arguments[0].value = arguments[1];", staff.find_element(By.ID, "end"), hhmm(minute))
    staff.find_element(By.CSS_SELECTOR, "input[name=scope][value=live_classes]").click()
    staff.find_element(By.ID, "note").send_keys("Les classes en ligne ne marchaient pas ce matin.")
    click_button(staff, "Déclarer")
    wait_for_text(staff, "Incident déclaré")
    staff.get(f"{base}/attendance/day")
    assert "Léa Martin (4e B)" in main_text(staff) and "Incident de la plateforme : pas compté" in main_text(staff)
    guardian.get(f"{base}/attendance?pupil={pupil_id}")
    record = main_text(guardian)
    assert "Incident de la plateforme : pas compté" in record and "Les classes en ligne ne marchaient pas ce matin." in record, record
