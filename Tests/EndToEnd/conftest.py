"""Fixtures for the end-to-end suite.

Run it with ``./scripts/test`` (or ``./scripts/test --only-browser``): the script serves the demo
school and sets

* ``CARTABLE_BASE_URL``           where the demo school answers (browser journeys, page weight);
* ``CARTABLE_BINARY``             the ``cartable`` executable (database outage test);
* ``CARTABLE_TEST_POSTGRES_URL``  the private PostgreSQL database (database outage test);
* ``CARTABLE_TEST_CLAMD``         the private ClamAV daemon, ``127.0.0.1:PORT`` (virus scanner test), and
  ``CARTABLE_TEST_CLAMD_SIGNED_FILE`` the file it has a signature for.

Tests that need a node of their own (options, database, blob folder) start it with ``new_node``; the TLS
test puts one behind HAProxy (``haproxy`` and ``openssl`` installed).

Browsers are headless Chromium driven by the system's chromedriver, with a phone-sized window and
French as the browser's language.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid

import pytest
import requests
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from cartable_e2e import DEMO_PASSWORD, Api, DemoNode, main_text, path_of, sign_in_with_form, start_chromium


def required_env(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        pytest.fail(f"{name} is not set: run the suite with ./scripts/test --only-browser", pytrace=False)
    return value


@pytest.fixture(scope="session")
def binary() -> str:
    """The `cartable` executable."""
    return required_env("CARTABLE_BINARY")


@pytest.fixture(scope="session")
def base_url() -> str:
    """Where the demo school answers, without a trailing slash."""
    return required_env("CARTABLE_BASE_URL").rstrip("/")


# --- Browsers ------------------------------------------------------------------------------------


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the test item, so fixtures can tell whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def new_browser(request):
    """A factory: each call opens another independent browser; all are closed after the test.

    When the test fails, each browser's address and visible text are printed to help diagnose.
    """
    drivers: list[WebDriver] = []

    def make() -> WebDriver:
        driver = start_chromium()
        drivers.append(driver)
        return driver

    yield make

    report = getattr(request.node, "report_call", None)
    failed = report is not None and report.failed
    for number, driver in enumerate(drivers, start=1):
        try:
            if failed:
                print(f"\n--- browser {number}: {driver.current_url} ---")
                print(driver.find_element(By.TAG_NAME, "body").text[:3000])
                artifacts = os.environ.get("CARTABLE_TEST_ARTIFACTS")
                if artifacts:
                    os.makedirs(artifacts, exist_ok=True)
                    driver.save_screenshot(os.path.join(artifacts, f"{request.node.name}-{number}.png"))
        except WebDriverException as error:
            print(f"(browser {number} could not be inspected: {error.msg})")
        finally:
            driver.quit()


@pytest.fixture
def browser(new_browser) -> WebDriver:
    """One fresh browser for the test."""
    return new_browser()


@pytest.fixture
def sign_in(base_url):
    """``sign_in(driver, login, password=..., remember=False)``: signs in and checks it worked."""

    def sign_in(driver: WebDriver, login: str, password: str = DEMO_PASSWORD, remember: bool = False) -> None:
        sign_in_with_form(driver, base_url, login, password, remember)
        assert path_of(driver) != "/signin", f"signing in as {login} failed: {main_text(driver)}"

    return sign_in


# --- Nodes of a test's own ----------------------------------------------------------------------


@pytest.fixture
def new_node(binary, tmp_path, request):
    """A factory: ``new_node(*options)`` starts a demo node of the test's own (fresh SQLite database and
    blob folder, free port) with those options; ``new_node(*options, like=other)`` starts one on the
    database and blob folder of a stopped node. All are stopped after the test, their logs printed on failure."""
    nodes: list[DemoNode] = []

    def make(*options: str, like: DemoNode | None = None) -> DemoNode:
        folder = like.folder if like is not None else tmp_path / f"node{len(nodes) + 1}"
        node = DemoNode(binary, folder, list(options))
        nodes.append(node)
        return node.start()

    yield make
    report = getattr(request.node, "report_call", None)
    failed = report is not None and report.failed
    for number, node in enumerate(nodes, start=1):
        node.stop()
        if failed:
            print(f"\n--- node {number} ({' '.join(node.options)}): last lines of {node.log_path} ---\n{node.log_tail()}")


# --- JSON API ------------------------------------------------------------------------------------


@pytest.fixture
def api(base_url):
    """``api(login)``: a signed-in API client; signed out after the test."""
    clients: list[Api] = []

    def make(login: str, password: str = DEMO_PASSWORD) -> Api:
        client = Api(base_url, login, password)
        clients.append(client)
        return client

    yield make
    for client in clients:
        try:
            client.close()
        except requests.RequestException:
            pass


class DemoSchool:
    """Facts about the demo school read through the API (ids change with every new demo database)."""

    def __init__(self, base_url: str):
        teacher = Api(base_url, "prof")
        guardian = Api(base_url, "parent")
        staff = Api(base_url, "direction")
        try:
            me = teacher.get_json("/me")
            self.teacher_class_ids = {t["className"]: t["classId"] for t in me["teachings"]}
            family = guardian.get_json("/me")
            self.children = {child["pupil"]["firstName"]: child["pupil"]["id"] for child in family["children"]}
            self.child_class_names = {c["name"] for child in family["children"] for c in child["classes"]}
            pupils = staff.get_json("/accounts", params={"role": "pupil", "limit": 50})["users"]
            self.other_pupil_id = next(p["id"] for p in pupils if p["id"] not in self.children.values())
            self.today = dt.date.fromisoformat(guardian.get_json("/today")["today"])
        finally:
            for client in (teacher, guardian, staff):
                client.close()

    def class_id(self, name: str) -> str:
        return self.teacher_class_ids[name]


@pytest.fixture(scope="session")
def demo(base_url) -> DemoSchool:
    return DemoSchool(base_url)


@pytest.fixture
def unique_text() -> str:
    """Homework text that no other entry contains."""
    return f"Exercices 12 à 15 p. 87 (essai {uuid.uuid4().hex[:10]})"
