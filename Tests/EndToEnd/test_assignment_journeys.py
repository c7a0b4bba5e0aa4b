"""Work to hand in, end to end: drafts that survive a lost connection, hand-in and feedback, documents offline.

Two journeys stop the server in the middle, so they start their own demo server (a fresh SQLite database
in the test's temporary folder, on a free port) from CARTABLE_BINARY; the hand-in journey uses the shared
demo school at CARTABLE_BASE_URL and creates its own assignment.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
import uuid
from pathlib import Path

import pytest
import requests
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from cartable_e2e import (
    Api,
    DemoNode,
    click_and_wait,
    click_button,
    click_link,
    heading,
    main_text,
    path_of,
    sign_in_with_form,
    wait_for,
    wait_for_text,
)

WORK_PATH = re.compile(r"^/work/([0-9a-f-]{36})$")
DRAFT_SAVED = "Enregistré"  # "Enregistré à 14:05"
DRAFT_OFFLINE = "Pas de connexion"
OFFLINE_BANNER = "Hors connexion"
NOT_KEPT_YET = "Cette page n\u2019a pas encore \u00e9t\u00e9 gard\u00e9e sur cet appareil"  # the service worker's own page
PAGES_CACHE = "cartable-pages"
DOCUMENTS_CACHE = "cartable-documents"
DRAFT_SYNC_SECONDS = 60  # the page retries with a backoff of 2, 4, 8, 16, 30 s (±20 %)


# --- A server of the test's own, that it may stop and start again --------------------------------


class OwnServer(DemoNode):
    """`cartable demo` on a private SQLite database, stopped and started again on the same port."""

    def __init__(self, binary: str, folder: Path):
        super().__init__(binary, folder, [])

    def start(self) -> "OwnServer":
        assert self.process is None, "the server is already running"
        super().start()
        return self


@pytest.fixture
def own_server(tmp_path, request):
    """A started demo server of this test's own; always stopped at the end (its log printed on failure)."""
    binary = os.environ.get("CARTABLE_BINARY", "").strip()
    if not binary:
        pytest.fail("CARTABLE_BINARY is not set: run the suite with ./scripts/test --only-browser", pytrace=False)
    server = OwnServer(binary, tmp_path)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            print(f"\n--- own server's log ({server.log_path}), last lines ---\n{server.log_tail()}")


# --- Service worker, caches ------------------------------------------------------------------------


def is_controlled(driver: WebDriver) -> bool:
    try:
        return driver.execute_script("return !!(navigator.serviceWorker && navigator.serviceWorker.controller);")
    except WebDriverException:
        return False


def wait_until_controlled(driver: WebDriver) -> None:
    """Waits until the service worker controls the page (it claims open pages once active); reloads once if not."""
    try:
        wait_for(driver, is_controlled, timeout=10)
    except Exception:  # registered late (slow start): a reload is always controlled once the worker is active
        driver.refresh()
        wait_for(driver, is_controlled, "the service worker never took control of the page", timeout=15)


def cached(driver: WebDriver, cache_name: str, url: str) -> bool:
    """Whether the service worker's cache `cache_name` holds `url` (asked from a page of the site)."""
    script = """
        const [name, url, done] = arguments;
        caches.open(name).then((c) => c.match(url, { ignoreVary: true })).then((r) => done(!!r), () => done(false));
    """
    try:
        return driver.execute_async_script(script, cache_name, url)
    except WebDriverException:
        return False


def wait_until_cached(driver: WebDriver, cache_name: str, url: str, timeout: float = 15) -> None:
    wait_for(driver, lambda d: cached(d, cache_name, url), f"{url} never reached the cache {cache_name}", timeout)


def fetch_from_page(driver: WebDriver, url: str) -> dict:
    """GETs `url` from the page (so through the service worker): status, content type, first bytes as text."""
    script = """
        const [url, done] = arguments;
        fetch(url, { credentials: 'same-origin' })
          .then(async (r) => {
            const bytes = new Uint8Array(await r.arrayBuffer());
            done({ status: r.status, type: r.headers.get('Content-Type') || '',
                   head: String.fromCharCode(...bytes.slice(0, 8)), size: bytes.length });
          })
          .catch((e) => done({ status: 0, error: String(e) }));
    """
    return driver.execute_async_script(script, url)


def body_text(driver: WebDriver) -> str:
    return driver.find_element(By.TAG_NAME, "body").text


def offline_banner(driver: WebDriver):
    return driver.find_element(By.ID, "offline-banner")


# --- The draft -------------------------------------------------------------------------------------


def draft_status(driver: WebDriver) -> str:
    try:
        return driver.find_element(By.ID, "draft-status").text
    except WebDriverException:
        return ""


def wait_for_draft_status(driver: WebDriver, predicate, what: str, timeout: float) -> None:
    try:
        wait_for(driver, lambda d: predicate(draft_status(d)), timeout=timeout)
    except Exception as error:
        raise AssertionError(f"#draft-status never {what} within {timeout:.0f}s; it says {draft_status(driver)!r}") from error


def submission_text(client: Api, assignment_id: str) -> str | None:
    """The pupil's text as the server holds it (None when the server does not answer)."""
    try:
        response = client.request("GET", f"/assignments/{assignment_id}", timeout=3)
    except requests.RequestException:
        return None
    if response.status_code != 200:
        return None
    submission = response.json().get("submission") or {}
    return submission.get("text")


def wait_for_server_text(client: Api, assignment_id: str, expected: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = submission_text(client, assignment_id)
        if last == expected:
            return
        time.sleep(0.5)
    raise AssertionError(f"after {timeout:.0f}s the server holds {last!r}, expected {expected!r}")


def test_draft_survives_server_stop_and_reload(own_server, browser):
    first = f"Première partie {uuid.uuid4().hex[:8]}. "
    second = f"Écrite sans connexion {uuid.uuid4().hex[:8]}."

    # The pupil opens Aujourd'hui; the service worker takes over there.
    sign_in_with_form(browser, own_server.base_url, "eleve")
    assert path_of(browser) == "/today", main_text(browser)
    wait_until_controlled(browser)

    # Follows "Faire le travail": the work page comes through the service worker, which keeps a copy.
    links = [a for a in browser.find_elements(By.PARTIAL_LINK_TEXT, "Faire le travail") if "/work/" in a.get_attribute("href")]
    assert links, f"no 'Faire le travail' link on Aujourd'hui: {main_text(browser)}"
    click_and_wait(browser, links[0])
    match = WORK_PATH.match(path_of(browser))
    assert match, f"not a work page: {browser.current_url}"
    assignment_id = match.group(1)
    work_url = browser.current_url
    assert is_controlled(browser)
    wait_until_cached(browser, PAGES_CACHE, work_url)

    # Types; the draft reaches the server.
    area = browser.find_element(By.ID, "answer-text")
    assert area.get_attribute("value") == ""
    area.send_keys(first)
    wait_for_draft_status(browser, lambda s: s.startswith(DRAFT_SAVED), "said it was saved", timeout=15)
    pupil_api = own_server.api("eleve")
    assert submission_text(pupil_api, assignment_id) == first

    # The server goes away; the pupil keeps typing and is told the work is kept on the device.
    own_server.stop()
    area.send_keys(second)
    wait_for_draft_status(browser, lambda s: DRAFT_OFFLINE in s, f"showed {DRAFT_OFFLINE!r}", timeout=15)

    # Reloading offline: the service worker's copy of the page, with the text put back from the device.
    browser.refresh()
    wait_for(browser, lambda d: d.execute_script("return document.readyState") == "complete", "the page did not load offline")
    assert WORK_PATH.match(path_of(browser)), browser.current_url
    assert NOT_KEPT_YET not in body_text(browser), "the work page was not kept by the service worker"
    area = browser.find_element(By.ID, "answer-text")
    wait_for(
        browser,
        lambda d: d.find_element(By.ID, "answer-text").get_attribute("value") == first + second,
        f"the text was not put back; the textarea holds {area.get_attribute('value')!r}",
        timeout=5,
    )
    wait_for(browser, lambda d: offline_banner(d).is_displayed(), "no offline banner on the page read offline", timeout=10)
    assert OFFLINE_BANNER in offline_banner(browser).text

    # The server comes back on the same port; the page sends the draft by itself.
    own_server.start()
    pupil_api = own_server.api("eleve")
    wait_for_server_text(pupil_api, assignment_id, first + second, timeout=DRAFT_SYNC_SECONDS)
    wait_for_draft_status(browser, lambda s: s.startswith(DRAFT_SAVED), "said it was saved after the server came back", timeout=15)
    assert browser.find_element(By.ID, "answer-text").get_attribute("value") == first + second


# --- Hand-in, feedback ------------------------------------------------------------------------------


@pytest.fixture
def fresh_assignment(api, demo, unique_text):
    """An entry of 4e B in Mathématiques, due in three days, turned into work to hand in (as `prof`).

    Returns (assignment id, entry id, the entry's work). Left in place: once handed in, work cannot be deleted.
    """
    teacher = api("prof")
    due = demo.today + dt.timedelta(days=3)
    created = teacher.request(
        "POST",
        f"/classes/{demo.class_id('4e B')}/entries",
        json={"subject": "Mathématiques", "sessionDate": demo.today.isoformat(), "work": unique_text, "dueDate": due.isoformat()},
    )
    assert created.status_code == 201, created.text
    entry_id = created.json()["entries"][0]["id"]
    response = teacher.request(
        "PUT",
        f"/entries/{entry_id}/assignment",
        json={"dueDate": due.isoformat(), "dueTime": "18:00", "answerKinds": "both", "allowsLate": True},
    )
    assert response.status_code == 200, response.text
    assert response.json()["entryId"] == entry_id
    return response.json()["id"], entry_id, unique_text


def badge_text(driver: WebDriver) -> str:
    return driver.find_element(By.CSS_SELECTOR, "main .badge").text


def test_hand_in_then_teacher_returns_feedback(new_browser, sign_in, base_url, api, demo, fresh_assignment):
    assignment_id, entry_id, work = fresh_assignment
    answer = f"x = 7 car 3x + 2 = 23 (réponse {uuid.uuid4().hex[:8]})"
    feedback = f"Bonne méthode, pense à vérifier (retour {uuid.uuid4().hex[:8]})"
    mark = "15/20"
    lea_id = demo.children["Léa"]

    # The pupil writes an answer and hands it in.
    pupil = new_browser()
    sign_in(pupil, "eleve")
    pupil.get(f"{base_url}/work/{assignment_id}")
    assert heading(pupil) == "Mathématiques · Travail à rendre"
    assert work in main_text(pupil)
    assert badge_text(pupil) == "Pas commencé"
    pupil.find_element(By.ID, "answer-text").send_keys(answer)
    click_and_wait(pupil, pupil.find_element(By.CSS_SELECTOR, "button[name=action][value=handIn]"))
    assert path_of(pupil) == f"/work/{assignment_id}"
    assert "Travail rendu. Bravo !" in main_text(pupil)
    assert badge_text(pupil) == "Rendu"
    assert pupil.find_element(By.ID, "handed-in-text").text == answer
    assert not pupil.find_elements(By.ID, "answer-text"), "the answer should no longer be editable once handed in"

    # The teacher sees it handed in, reads it, and returns it with feedback and a mark.
    teacher = new_browser()
    sign_in(teacher, "prof")
    teacher.get(f"{base_url}/work/{assignment_id}")
    assert heading(teacher) == "Mathématiques · 4e B"
    assert "1 rendus sur" in teacher.find_element(By.ID, "progress-summary").text
    row = teacher.find_element(By.XPATH, f"//tr[.//a[contains(@href, '/pupils/{lea_id}')]]")
    assert row.find_element(By.CSS_SELECTOR, ".badge").text == "Rendu"
    assert "MARTIN Léa" in row.text
    click_and_wait(teacher, row.find_element(By.TAG_NAME, "a"))
    assert path_of(teacher) == f"/work/{assignment_id}/pupils/{lea_id}"
    assert teacher.find_element(By.ID, "submission-state").text == "Rendu"
    assert teacher.find_element(By.ID, "submission-text").text == answer
    teacher.find_element(By.ID, "feedback-text").send_keys(feedback)
    teacher.find_element(By.ID, "mark").send_keys(mark)
    click_button(teacher, "Rendre la copie corrigée")
    assert path_of(teacher) == f"/work/{assignment_id}/pupils/{lea_id}"
    assert "Copie rendue à l'élève." in main_text(teacher)
    assert teacher.find_element(By.ID, "submission-state").text == "Corrigé"
    returned = teacher.find_element(By.ID, "feedback").text
    assert feedback in returned and f"Note : {mark}" in returned

    # The pupil reads the feedback and the mark on the work page.
    pupil.get(f"{base_url}/work/{assignment_id}")
    assert badge_text(pupil) == "Corrigé"
    text = main_text(pupil)
    assert "Retour du professeur" in text
    assert feedback in text
    assert f"Note : {mark}" in text
    assert pupil.find_element(By.ID, "handed-in-text").text == answer

    # The guardian finds it from Aujourd'hui, on Léa's tab, and reads the same.
    guardian = new_browser()
    sign_in(guardian, "parent")
    click_link(guardian, "Léa")
    cards = [c for c in guardian.find_elements(By.CSS_SELECTOR, "main article") if work in c.text]
    assert len(cards) == 1, f"the new work is not on Léa's Aujourd'hui: {main_text(guardian)}"
    card = cards[0]
    assert "Corrigé" in card.find_element(By.CSS_SELECTOR, ".work .badge").text
    link = card.find_element(By.LINK_TEXT, "Voir le travail")
    assert link.get_attribute("href").endswith(f"/work/{assignment_id}/pupils/{lea_id}")
    click_and_wait(guardian, link)
    assert path_of(guardian) == f"/work/{assignment_id}/pupils/{lea_id}"
    assert heading(guardian) == "Léa Martin"
    assert guardian.find_element(By.ID, "submission-state").text == "Corrigé"
    assert guardian.find_element(By.ID, "submission-text").text == answer
    seen = guardian.find_element(By.ID, "feedback").text
    assert feedback in seen and f"Note : {mark}" in seen
    assert not guardian.find_elements(By.ID, "feedback-text"), "a guardian must not get the teacher's return form"

    # The entry page links to the same place for the guardian.
    guardian.get(f"{base_url}/entries/{entry_id}")
    links = guardian.find_elements(By.CSS_SELECTOR, f"ul.work-links a[href$='/work/{assignment_id}/pupils/{lea_id}']")
    assert len(links) == 1, main_text(guardian)
    assert "Léa · Corrigé" in guardian.find_element(By.CSS_SELECTOR, "ul.work-links").text


# --- Documents offline -------------------------------------------------------------------------------


def test_document_readable_offline_after_one_visit(own_server, browser):
    content = f"Fiche de révision : les fractions.\nExercice 1 : simplifier 12/18. (essai {uuid.uuid4().hex[:10]})\n"
    name = f"revision-{uuid.uuid4().hex[:6]}.txt"

    # The teacher adds a text document to 4e B, in the "Cours" folder.
    teacher = own_server.api("prof")
    try:
        class_id = {t["className"]: t["classId"] for t in teacher.get_json("/me")["teachings"]}["4e B"]
        added = teacher.request(
            "POST",
            f"/classes/{class_id}/documents",
            params={"name": name, "folder": "Cours"},
            data=content.encode("utf-8"),
            headers={"Content-Type": "application/octet-stream"},
        )
        assert added.status_code == 201, added.text
        document = added.json()
        assert document["contentType"].startswith("text/plain")
        listed = teacher.get_json(f"/classes/{class_id}/documents")["documents"]
    finally:
        teacher.close()
    pdfs = [d for d in listed if d["contentType"] == "application/pdf"]
    assert pdfs, f"the demo should give 4e B a PDF among its documents: {[d['name'] for d in listed]}"
    base = own_server.base_url
    document_url = f"{base}{document['href']}"
    pdf_url = f"{base}{pdfs[0]['href']}"
    documents_url = f"{base}/classes/{class_id}/documents"

    # The pupil opens the class's documents (controlled by the service worker), then the document, online.
    sign_in_with_form(browser, base, "eleve")
    assert path_of(browser) == "/today", main_text(browser)
    wait_until_controlled(browser)
    browser.get(documents_url)
    assert heading(browser) == "Documents · 4e B"
    assert name in main_text(browser)
    assert not offline_banner(browser).is_displayed()
    wait_until_cached(browser, PAGES_CACHE, documents_url)

    browser.get(document_url)
    wait_for_text(browser, content.splitlines()[1])

    browser.get(documents_url)
    wait_until_controlled(browser)
    wait_until_cached(browser, DOCUMENTS_CACHE, document_url)
    wait_until_cached(browser, DOCUMENTS_CACHE, pdf_url)

    # No server any more.
    own_server.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{base}/healthz", timeout=2)

    # The document: from the service worker's cache, as it was.
    browser.get(document_url)
    text = body_text(browser)
    assert content.splitlines()[0] in text and content.splitlines()[1] in text, f"document offline shows: {text[:500]!r}"

    # The documents page: the copy kept on the device, with the offline banner.
    browser.get(documents_url)
    assert NOT_KEPT_YET not in body_text(browser), "the documents page was not kept by the service worker"
    assert heading(browser) == "Documents · 4e B"
    assert name in main_text(browser)
    wait_for(browser, lambda d: offline_banner(d).is_displayed(), "no offline banner on the page read offline", timeout=10)
    assert OFFLINE_BANNER in offline_banner(browser).text

    # The PDF (never opened, kept when the documents page was shown) is there too, whole.
    pdf = fetch_from_page(browser, pdf_url)
    assert pdf.get("status") == 200, pdf
    assert pdf["type"] == "application/pdf" and pdf["head"].startswith("%PDF-"), pdf
    assert pdf["size"] == pdfs[0]["size"], pdf

    # A page never visited: the service worker's own short notice, not the browser's error page.
    browser.get(f"{base}/notebook")
    assert NOT_KEPT_YET in body_text(browser)
