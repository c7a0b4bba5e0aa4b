"""Helpers shared by the end-to-end tests: a browser, what a person sees and does, the JSON API."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlparse

import requests
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

DEMO_PASSWORD = "cartable-demo"
CHROMIUM = os.environ.get("CARTABLE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CARTABLE_CHROMEDRIVER", "/usr/bin/chromedriver")
PHONE_SIZE = (390, 844)
WAIT_SECONDS = 15
HTTP_TIMEOUT = 15

# Never let Selenium Manager try to download a browser or a driver.
os.environ.setdefault("SE_OFFLINE", "true")


def start_chromium() -> WebDriver:
    """A new headless Chromium with its own profile (so its own cookies), phone-sized, in French."""
    options = Options()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        f"--window-size={PHONE_SIZE[0]},{PHONE_SIZE[1]}",
        "--lang=fr-FR",
        "--no-first-run",
        "--disable-extensions",
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs",
        {"intl.accept_languages": "fr-FR,fr", "credentials_enable_service": False, "profile.password_manager_enabled": False},
    )
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_window_size(*PHONE_SIZE)
    driver.set_page_load_timeout(30)
    return driver


# --- What a person sees and does ---------------------------------------------------------------


def path_of(driver: WebDriver) -> str:
    return urlparse(driver.current_url).path


def main_text(driver: WebDriver) -> str:
    """What a person reads in the page's main area."""
    return driver.find_element(By.TAG_NAME, "main").text


def heading(driver: WebDriver) -> str:
    return driver.find_element(By.TAG_NAME, "h1").text


def wait_for(driver: WebDriver, condition, message: str = "", timeout: float = WAIT_SECONDS):
    return WebDriverWait(driver, timeout).until(condition, message)


def wait_for_text(driver: WebDriver, text: str, timeout: float = WAIT_SECONDS) -> None:
    """Waits until `text` is visible in the page's body."""
    wait_for(driver, lambda d: text in d.find_element(By.TAG_NAME, "body").text, f"{text!r} never showed up", timeout)


def click_link(driver: WebDriver, text: str) -> None:
    """Clicks the (first) link a person would find by its words, and waits for the next page."""
    link = driver.find_element(By.LINK_TEXT, text)
    click_and_wait(driver, link)


def click_button(driver: WebDriver, text: str) -> None:
    """Clicks the (first) button showing exactly these words, and waits for the next page."""
    button = driver.find_element(By.XPATH, f"//button[normalize-space()={xpath_literal(text)}]")
    click_and_wait(driver, button)


def click_and_wait(driver: WebDriver, element) -> None:
    """Clicks an element that loads another page, and waits until the old page is gone.

    The old page is marked with a window property that a new page does not have. (Waiting for the old
    <html> element to go stale is racy in Chromium: the check can hit a node that is being torn down.)
    """
    driver.execute_script("window.__cartableOldPage = true;")
    element.click()

    def new_page(d: WebDriver) -> bool:
        try:
            return d.execute_script("return window.__cartableOldPage !== true;")
        except WebDriverException:  # asked while the old page was being unloaded: ask again
            return False

    wait_for(driver, new_page, "the click did not load a new page")
    wait_for(
        driver, lambda d: d.execute_script("return document.readyState") == "complete", "the new page did not finish loading"
    )


def sections(driver: WebDriver) -> dict[str, str]:
    """The page's sections as a person reads them: each h2 heading with the text below it."""
    found = {}
    for section in driver.find_elements(By.CSS_SELECTOR, "main section"):
        title = section.find_element(By.TAG_NAME, "h2").text
        found[title] = section.text
    return found


def set_date(driver: WebDriver, field_id: str, value) -> None:
    """Fills a date input (type=date pickers ignore typed text in some locales, so set its value)."""
    field = driver.find_element(By.ID, field_id)
    driver.execute_script(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
        "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
        field,
        value.isoformat(),
    )
    assert field.get_attribute("value") == value.isoformat()


def xpath_literal(text: str) -> str:
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    return "concat(" + ', "\'", '.join(f"'{part}'" for part in text.split("'")) + ")"


def sign_in_with_form(
    driver: WebDriver, base_url: str, login: str, password: str = DEMO_PASSWORD, remember: bool = False
) -> None:
    """Signs in through the sign-in form, as a person would, and waits for the next page.

    Leaves the browser on the page the site sends it to (or on the sign-in page with its message).
    """
    driver.get(f"{base_url}/signin")
    login_field = driver.find_element(By.ID, "login")
    login_field.clear()
    login_field.send_keys(login)
    driver.find_element(By.ID, "password").send_keys(password)
    checkbox = driver.find_element(By.NAME, "remember")
    if checkbox.is_selected() != remember:
        checkbox.click()
    click_button(driver, "Se connecter")


# --- JSON API ------------------------------------------------------------------------------------


class Api:
    """A signed-in client of the JSON API (cookie session)."""

    def __init__(self, base_url: str, login: str, password: str = DEMO_PASSWORD):
        self.base_url = base_url
        self.http = requests.Session()
        response = self.http.post(
            f"{base_url}/api/v1/sessions",
            json={"login": login, "password": password, "rememberDevice": False},
            timeout=HTTP_TIMEOUT,
        )
        assert response.status_code == 201, f"API sign-in as {login}: {response.status_code} {response.text}"
        self.user = response.json()["user"]

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", HTTP_TIMEOUT)
        return self.http.request(method, f"{self.base_url}/api/v1{path}", **kwargs)

    def get_json(self, path: str, **kwargs):
        response = self.request("GET", path, **kwargs)
        assert response.status_code == 200, f"GET {path}: {response.status_code} {response.text}"
        return response.json()

    def close(self) -> None:
        self.request("DELETE", "/sessions/current")
        self.http.close()


def signed_in_form_session(base_url: str, login: str, password: str = DEMO_PASSWORD) -> requests.Session:
    """A requests session signed in through the HTML form (the _csrf field read from /signin)."""
    http = requests.Session()
    page = http.get(f"{base_url}/signin", timeout=HTTP_TIMEOUT)
    assert page.status_code == 200, page.status_code
    response = http.post(
        f"{base_url}/signin",
        data={"_csrf": csrf_token(page.text), "login": login, "password": password},
        allow_redirects=False,
        timeout=HTTP_TIMEOUT,
    )
    assert response.status_code == 303, f"signing in as {login}: {response.status_code}"
    return http


def csrf_token(html: str) -> str:
    """The hidden _csrf field of the first form in the page."""
    match = re.search(r'name="_csrf" value="([^"]+)"', html)
    assert match, "no _csrf field in the page"
    return match.group(1)


# --- A node of a test's own ----------------------------------------------------------------------


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class DemoNode:
    """`cartable demo` of a test's own: a fresh SQLite database and blob folder in `folder`, a free port of
    127.0.0.1, and the test's extra options (``--clamd …``, ``--trusted-proxy …``)."""

    START_SECONDS = 60

    def __init__(self, binary: str, folder: Path, options: list[str]):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.binary = binary
        self.database = f"sqlite:{folder / 'demo.sqlite'}"
        self.blob_dir = folder / "blobs"
        self.options = options
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = folder / "cartable.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> "DemoNode":
        command = [self.binary, "demo", "--port", str(self.port), "--database", self.database, "--password-cost", "10",
                   "--blob-dir", str(self.blob_dir), *self.options]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.START_SECONDS
        while True:
            assert self.process.poll() is None, f"cartable demo exited with {self.process.returncode}:\n{self.log_tail()}"
            try:
                if requests.get(f"{self.base_url}/readyz", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, f"cartable demo never became ready:\n{self.log_tail()}"
            time.sleep(0.1)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it lingers."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def api(self, login: str, password: str = DEMO_PASSWORD) -> Api:
        return Api(self.base_url, login, password)

    def stored_files(self) -> set[str]:
        """Every file kept in the blob folder (its temporary folder `tmp/` included), relative to it."""
        if not self.blob_dir.exists():
            return set()
        return {str(path.relative_to(self.blob_dir)) for path in self.blob_dir.rglob("*") if path.is_file()}

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def log_tail(self, characters: int = 4000) -> str:
        return self.log()[-characters:] or "(no log)"
