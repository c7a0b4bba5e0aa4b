"""A live class end to end, in Chromium, against the BigBlueButton stand-in (bbb_standin.py).

Staff import a small timetable for the demo pupil's class (4e B) through the import form: a mathematics course
starting in a few minutes (its join window, ten minutes before the start to the end, is open), a physics course
whose window is not open (later today, or already over), and a French course in its room. The teacher makes both
of theirs BigBlueButton live classes on the live form and starts the open one: the join goes through Cartable to
the stand-in, which names them MODERATOR. The pupil finds *Rejoindre* on *Aujourd'hui* for that course only and
lands in the same room as VIEWER, under their own name. Staff then change the French course's room for today, and
the pupil sees it as a change of that course. On the stand-in's side: one create for the occurrence, and the two
joins with their names, roles and ids.

The node is the test's own (``new_node`` with ``--bbb-url``/``--bbb-secret``); the stand-in runs in this process.
The times are today's in Europe/Paris (the demo school's zone): the test is skipped on Sundays (a timetable has no
Sunday) and late in the evening (no room left before midnight for the courses).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from bbb_standin import BigBlueButtonStandIn
from cartable_e2e import (
    click_and_wait,
    click_button,
    heading,
    main_text,
    path_of,
    sign_in_with_form,
    wait_for_text,
    xpath_literal,
)

PARIS = ZoneInfo("Europe/Paris")
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"]  # ISO 1 … 6; the CSV has no Sunday
LAST_MINUTE = 23 * 60 + 59
LESSON = 30  # minutes

LIVE = "Mathématiques"  # the demo teacher's, open now
CLOSED = "Physique-chimie"  # the demo teacher's too, online, its window not open
IN_ROOM = "Français"  # another teacher's, in its room; its room changes today
TEACHER = ("prof", "Claire Moreau")
PUPIL = ("eleve", "Léa Martin")


@pytest.fixture
def standin():
    """The BigBlueButton stand-in, on a free port of 127.0.0.1 with a secret of its own."""
    server = BigBlueButtonStandIn(secrets.token_hex(16))
    server.start()
    yield server
    server.stop()


# --- Today's courses ------------------------------------------------------------------------------


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def plan_courses(now: dt.datetime) -> dict[str, tuple[int, int]]:
    """Today's (start, end) in minutes for each course, or a skip when the clock leaves no room for them.

    The live course starts five minutes from now (so its window is open); the other two take the first free
    slots later today, else earlier ones that are over by now."""
    if now.isoweekday() == 7:
        pytest.skip("today is a Sunday in Paris: a timetable has no Sunday courses to join")
    minute = now.hour * 60 + now.minute + (1 if now.second or now.microsecond else 0)
    start = minute + 5
    if start + LESSON > LAST_MINUTE:
        pytest.skip(f"it is {now:%H:%M} in Paris: no room left today for a course starting in five minutes")
    later = [(start + LESSON * k, start + LESSON * (k + 1)) for k in (1, 2, 3) if start + LESSON * (k + 1) <= LAST_MINUTE]
    # Earlier slots end five minutes before now at the latest: already over.
    earlier = [(minute - 5 - LESSON * (k + 1), minute - 5 - LESSON * k) for k in (0, 1) if minute - 5 - LESSON * (k + 1) >= 0]
    others = later + earlier
    if len(others) < 2:
        pytest.skip(f"it is {now:%H:%M} in Paris: no room for two more courses today")
    # The physics course's window must stay closed during the test: it opens ten minutes before its start.
    closed = next((slot for slot in others if slot[0] - 10 > minute + 5 or slot[1] <= minute), None)
    assert closed is not None
    in_room = next(slot for slot in others if slot != closed)
    return {LIVE: (start, start + LESSON), CLOSED: closed, IN_ROOM: in_room}


def timetable_csv(today: dt.date, times: dict[str, tuple[int, int]], other_teacher: str) -> str:
    """The file staff import: three weekly courses of 4e B on today's weekday, in French columns."""
    day = WEEKDAYS[today.isoweekday() - 1]
    rows = [
        ("4e B", LIVE, TEACHER[0], "A03"),
        ("4e B", CLOSED, TEACHER[0], "Labo 2"),
        ("4e B", IN_ROOM, other_teacher, "C07"),
    ]
    lines = ["classe;matière;professeur;salle;jour;début;fin;semaine"]
    for class_name, subject, teacher, room in rows:
        start, end = times[subject]
        lines.append(f"{class_name};{subject};{teacher};{room};{day};{hhmm(start)};{hhmm(end)};")
    return "\n".join(lines) + "\n"


# --- What people see ------------------------------------------------------------------------------


def sign_in(driver: WebDriver, base_url: str, login: str) -> None:
    sign_in_with_form(driver, base_url, login)
    assert path_of(driver) != "/signin", f"signing in as {login} failed: {main_text(driver)}"


def course_row(driver: WebDriver, subject: str, day: dt.date):
    """The one row of `subject` on `day` in the page's course lists (a week shows each course once a day)."""
    rows = [
        row
        for row in driver.find_elements(By.CSS_SELECTOR, "main li.course")
        if row.find_element(By.TAG_NAME, "strong").text == subject
    ]
    dated = [row for row in rows if any(f"/{day.isoformat()}" in (link.get_attribute("href") or "")
                                        for link in row.find_elements(By.TAG_NAME, "a"))]
    candidates = dated or rows
    assert len(candidates) == 1, f"{len(candidates)} rows for {subject} on {day}: {main_text(driver)}"
    return candidates[0]


def links_of(row) -> dict[str, str]:
    """A row's links by their words."""
    return {link.text: link.get_attribute("href") for link in row.find_elements(By.TAG_NAME, "a")}


def standin_page(driver: WebDriver) -> dict[str, str]:
    """What the stand-in's client page names: the room, the user and the role."""
    return {name: driver.find_element(By.ID, f"bbb-{name}").text for name in ("room", "user", "role")}


def make_today_a_school_day(staff: WebDriver, base_url: str, today: dt.date) -> None:
    """The demo's year runs from September to early July with holidays: on a day outside it, staff stretch the
    year to today and drop the holiday that holds it (in the school year form), so the journey runs any day."""
    staff.get(f"{base_url}/admin/timetable/year")
    first = dt.date.fromisoformat(staff.find_element(By.ID, "firstDay").get_attribute("value"))
    last = dt.date.fromisoformat(staff.find_element(By.ID, "lastDay").get_attribute("value"))
    holidays = staff.find_element(By.ID, "holidays").get_attribute("value").splitlines()

    def holds_today(line: str) -> bool:
        parts = [part.strip() for part in line.split(";")]
        return len(parts) == 3 and dt.date.fromisoformat(parts[1]) <= today <= dt.date.fromisoformat(parts[2])

    kept = [line for line in holidays if line.strip() and not holds_today(line)]
    if first <= today <= last and len(kept) == len([line for line in holidays if line.strip()]):
        return
    first, last = min(first, today), max(last, today)
    if (last - first).days > 400:  # the form's limit: a year of 400 days at most
        first, last = today - dt.timedelta(days=200), today + dt.timedelta(days=150)
    for field, value in (("firstDay", first), ("lastDay", last)):
        staff.execute_script("arguments[0].value = arguments[1];", staff.find_element(By.ID, field), value.isoformat())
    staff.execute_script("arguments[0].value = arguments[1];", staff.find_element(By.ID, "holidays"), "\n".join(kept))
    click_button(staff, "Enregistrer")
    wait_for_text(staff, "Année scolaire enregistrée.")


# --- The journey ----------------------------------------------------------------------------------


def test_a_teacher_starts_a_live_class_and_the_pupil_joins_it_from_today(new_browser, new_node, standin):
    now = dt.datetime.now(PARIS)
    today = now.date()
    times = plan_courses(now)
    node = new_node("--bbb-url", f"http://127.0.0.1:{standin.port}/bigbluebutton/", "--bbb-secret", standin.secret)
    base = node.base_url
    staff_api = node.api("direction")
    try:
        teachers = staff_api.get_json("/accounts", params={"role": "teacher", "limit": 50})["users"]
    finally:
        staff_api.close()
    other_teacher = next(t for t in teachers if t["login"] != TEACHER[0])
    ids = {}
    for login in (TEACHER[0], PUPIL[0]):
        client = node.api(login)
        ids[login] = client.user["id"]
        client.close()

    # Staff import the timetable: the file in the form, the preview, then the confirmation.
    staff = new_browser()
    sign_in(staff, base, "direction")
    make_today_a_school_day(staff, base, today)
    staff.get(f"{base}/admin/timetable/import")
    assert heading(staff) == "Importer l'emploi du temps"
    assert staff.find_element(By.ID, "from").get_attribute("value") == today.isoformat(), "the import applies from today"
    staff.find_element(By.ID, "csv").send_keys(timetable_csv(today, times, other_teacher["login"]))
    click_button(staff, "Vérifier")
    preview = main_text(staff)
    assert "Ce qui va changer" in preview, preview[:2000]
    # Each course of the file is created, or changes a demo course of the same class, subject, day and start.
    counts = re.search(r"(\d+) cours créés, (\d+) modifiés, \d+ supprimés", preview)
    assert counts and int(counts[1]) + int(counts[2]) == 3, preview[:2000]
    start, end = times[LIVE]
    assert f"4e B · {LIVE} · {WEEKDAYS[today.isoweekday() - 1]} {hhmm(start)}–{hhmm(end)} · {TEACHER[1]} · A03" in preview
    click_button(staff, "Confirmer et remplacer l'emploi du temps")
    wait_for_text(staff, "Emploi du temps importé.")
    assert counts[0] in main_text(staff)

    # The teacher makes both of their courses live classes on BigBlueButton, for today's occurrence.
    teacher = new_browser()
    sign_in(teacher, base, TEACHER[0])
    course_ids = {}
    for subject in (LIVE, CLOSED):
        teacher.get(f"{base}/timetable")
        row = course_row(teacher, subject, today)
        click_and_wait(teacher, row.find_element(By.LINK_TEXT, "Classe virtuelle"))
        parts = path_of(teacher).split("/")  # /timetable/courses/<course>/<day>/live
        assert parts[1:3] == ["timetable", "courses"] and parts[4:] == [today.isoformat(), "live"], teacher.current_url
        course_ids[subject] = parts[3]
        assert heading(teacher) == f"{subject} · 4e B"
        label = teacher.find_element(By.XPATH, "//label[contains(normalize-space(), 'BigBlueButton')]")
        label.click()
        assert teacher.find_element(By.CSS_SELECTOR, "input[name=mode][value=bbb]").is_selected()
        assert not teacher.find_element(By.NAME, "scope").is_selected(), "this occurrence only, by default"
        click_button(teacher, "Enregistrer")
        wait_for_text(teacher, "C'est noté : les élèves le voient sur Aujourd'hui.")

    # On their week, only the open one can be started.
    live_row = course_row(teacher, LIVE, today)
    assert "en ligne" in live_row.text
    assert "Démarrer la classe" in links_of(live_row)
    closed_row = course_row(teacher, CLOSED, today)
    assert "en ligne" in closed_row.text and "Démarrer la classe" not in links_of(closed_row)
    assert standin.create_calls == 0, "nothing is created before someone joins"
    click_and_wait(teacher, live_row.find_element(By.LINK_TEXT, "Démarrer la classe"))
    landed = urlparse(teacher.current_url)
    assert (landed.netloc, landed.path) == (f"127.0.0.1:{standin.port}", "/html5client/join"), teacher.current_url
    assert standin_page(teacher) == {"room": f"{LIVE} · 4e B", "user": TEACHER[1], "role": "MODERATOR"}

    # The pupil sees the day's courses on Aujourd'hui, and Rejoindre for the open live class only.
    pupil = new_browser()
    sign_in(pupil, base, PUPIL[0])
    pupil.get(f"{base}/today")
    assert heading(pupil) == "Aujourd'hui"
    live_row = course_row(pupil, LIVE, today)
    assert f"{hhmm(start)} – {hhmm(end)}" in live_row.text and TEACHER[1] in live_row.text and "en ligne" in live_row.text
    join_href = links_of(live_row).get("Rejoindre")
    assert join_href == f"{base}/timetable/courses/{course_ids[LIVE]}/{today.isoformat()}/join", links_of(live_row)
    closed_row = course_row(pupil, CLOSED, today)
    assert "en ligne" in closed_row.text and "Rejoindre" not in links_of(closed_row), closed_row.text
    in_room_row = course_row(pupil, IN_ROOM, today)
    assert "salle C07" in in_room_row.text and "Rejoindre" not in links_of(in_room_row)
    assert len(pupil.find_elements(By.LINK_TEXT, "Rejoindre")) == 1
    click_and_wait(pupil, live_row.find_element(By.LINK_TEXT, "Rejoindre"))
    landed = urlparse(pupil.current_url)
    assert (landed.netloc, landed.path) == (f"127.0.0.1:{standin.port}", "/html5client/join"), pupil.current_url
    assert standin_page(pupil) == {"room": f"{LIVE} · 4e B", "user": PUPIL[1], "role": "VIEWER"}

    # The stand-in saw one create for the occurrence, and both joins under their names, roles and ids.
    meeting_id = f"cartable-{course_ids[LIVE]}-{today.isoformat()}"
    assert list(standin.meetings) == [meeting_id]
    assert standin.create_calls == 1, standin.stats()
    assert standin.meetings[meeting_id]["name"] == f"{LIVE} · 4e B"
    assert standin.meetings[meeting_id]["joined"] == [
        (TEACHER[1], "MODERATOR", ids[TEACHER[0]]),
        (PUPIL[1], "VIEWER", ids[PUPIL[0]]),
    ]
    assert standin.join_calls == 2

    # Staff move today's French course to another room; the pupil sees it as a change of that course.
    staff.get(f"{base}/classes")
    class_week = staff.find_element(
        By.XPATH, f"//tr[td/a[normalize-space()='4e B']]//a[normalize-space()={xpath_literal('Emploi du temps')}]"
    )
    click_and_wait(staff, class_week)
    click_and_wait(staff, course_row(staff, IN_ROOM, today).find_element(By.LINK_TEXT, "Modifier"))
    assert heading(staff).startswith(f"{IN_ROOM} · ")
    room = staff.find_element(By.ID, "room")
    room.clear()
    room.send_keys("Z12")
    click_button(staff, "Enregistrer")
    wait_for_text(staff, "Changement enregistré")

    pupil.get(f"{base}/today")
    in_room_row = course_row(pupil, IN_ROOM, today)
    assert "salle Z12 au lieu de C07" in in_room_row.text, in_room_row.text
    assert other_teacher["lastName"] in in_room_row.text
    for subject in (LIVE, CLOSED):
        assert "au lieu de" not in course_row(pupil, subject, today).text
    # The week also shows this week's past days, with the courses the import ended from today: look for the change.
    pupil.get(f"{base}/timetable")
    rows = [row.text for row in pupil.find_elements(By.CSS_SELECTOR, "main li.course")
            if row.find_element(By.TAG_NAME, "strong").text == IN_ROOM]
    assert sum("salle Z12 au lieu de C07" in text for text in rows) == 1, rows
