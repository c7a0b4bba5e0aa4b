"""When PostgreSQL becomes unreachable, Cartable answers quickly with 503 and recovers on its own.

A small TCP proxy stands between `cartable serve` and the test PostgreSQL; stopping the proxy cuts the
database off (listener and live connections closed), starting it again on the same port brings it back.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import uuid
from urllib.parse import urlparse

import pytest
import requests

UNAVAILABLE = "Service momentanément indisponible"
ANSWER_WITHIN = 5.0  # seconds: no request may hang while the database is away
TIME_TO_NOTICE = 10.0  # seconds for /readyz to report the outage
TIME_TO_RECOVER = 15.0  # seconds for the site to come back once the database is back


class TcpProxy:
    """Forwards 127.0.0.1:<port> to a target address, one pair of threads per connection."""

    def __init__(self, target: tuple[str, int], port: int = 0):
        self.target = target
        self.port = port
        self.listener: socket.socket | None = None
        self.connections: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.running = False

    def start(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port))  # SO_REUSEADDR: same port again
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.running = True
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def stop(self) -> None:
        """Closes the listener and every live connection, both ways."""
        self.running = False
        if self.listener:
            self.listener.close()
            self.listener = None
        with self.lock:
            connections, self.connections = self.connections, set()
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            connection.close()

    def _accept(self, listener: socket.socket) -> None:
        while self.running:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            client.settimeout(None)
            with self.lock:
                if not self.running:
                    client.close()
                    upstream.close()
                    return
                self.connections.update((client, upstream))
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    def _pump(self, source: socket.socket, destination: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                destination.sendall(data)
        except OSError:
            pass
        for end in (source, destination):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def psql(postgres_url: str, sql: str) -> None:
    program = os.environ.get("CARTABLE_TEST_PSQL") or shutil.which("psql")
    assert program, "psql not found (install postgresql-client)"
    subprocess.run([program, postgres_url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], check=True, timeout=60)


class Observer:
    """Asks the server and notes every problem, so that one run reports all of them at once."""

    def __init__(self, base_url: str, started: float):
        self.base_url = base_url
        self.started = started
        self.problems: list[str] = []

    def note(self, problem: str) -> None:
        self.problems.append(f"[t+{time.monotonic() - self.started:4.1f}s] {problem}")

    def get(self, path: str, cookies: dict | None = None) -> requests.Response | None:
        """GET without following redirects; notes an answer slower than ANSWER_WITHIN (or none)."""
        start = time.monotonic()
        try:
            response = requests.get(f"{self.base_url}{path}", cookies=cookies, timeout=ANSWER_WITHIN, allow_redirects=False)
        except requests.RequestException as error:
            self.note(f"GET {path} gave no answer within {ANSWER_WITHIN:.0f}s ({type(error).__name__})")
            return None
        elapsed = time.monotonic() - start
        if elapsed >= ANSWER_WITHIN:
            self.note(f"GET {path} took {elapsed:.1f}s")
        return response

    def wait_for(self, path: str, status: int, within: float, cookies: dict | None = None) -> requests.Response | None:
        """Polls `path` until it answers `status`; notes it if that takes longer than `within` seconds."""
        deadline = time.monotonic() + within
        last = None
        while time.monotonic() < deadline:
            response = self.get(path, cookies)
            if response is not None:
                last = response.status_code
                if last == status:
                    return response
            time.sleep(0.25)
        self.note(f"GET {path} still answers {last} after {within:.0f}s, expected {status}")
        return None

    def expect_unavailable_page(self, path: str, cookies: dict | None = None) -> None:
        response = self.get(path, cookies)
        if response is None:
            return
        if response.status_code != 503 or UNAVAILABLE not in response.text:
            self.note(f"GET {path} during the outage answered {response.status_code}, expected 503 with {UNAVAILABLE!r}")


@pytest.fixture
def outage_database():
    """A fresh database on the test PostgreSQL, dropped afterwards. Yields (its name, the parsed base URL)."""
    base = os.environ.get("CARTABLE_TEST_POSTGRES_URL", "").strip()
    if not base:
        pytest.fail("CARTABLE_TEST_POSTGRES_URL is not set: run the suite with ./scripts/test", pytrace=False)
    parsed = urlparse(base)
    name = f"cartable_outage_{uuid.uuid4().hex[:12]}"
    psql(base, f"CREATE DATABASE {name}")
    try:
        yield name, parsed
    finally:
        psql(base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_database_outage_answers_503_quickly_and_recovers(outage_database, tmp_path):
    binary = os.environ.get("CARTABLE_BINARY", "").strip()
    if not binary:
        pytest.fail("CARTABLE_BINARY is not set: run the suite with ./scripts/test", pytrace=False)
    name, postgres = outage_database

    proxy = TcpProxy((postgres.hostname, postgres.port))
    proxy.start()
    database_url = f"postgres://{postgres.username}:{postgres.password}@127.0.0.1:{proxy.port}/{name}"
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    # An unknown session token: pages then look the session up in the database, and send to sign-in.
    stranger = {"cartable_session": "x" * 43}
    log_path = tmp_path / "cartable.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [binary, "serve", "--port", str(port), "--database", database_url, "--password-cost", "10"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        # Up: migrations applied, ready, pages served.
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, f"cartable serve exited with {server.returncode}"
            try:
                if requests.get(f"{base_url}/readyz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "cartable serve never became ready"
            time.sleep(0.25)
        assert requests.get(f"{base_url}/signin", timeout=ANSWER_WITHIN).status_code == 200
        today = requests.get(f"{base_url}/today", cookies=stranger, timeout=ANSWER_WITHIN, allow_redirects=False)
        assert today.status_code == 303 and today.headers["Location"].startswith("/signin")

        # Database cut off: quick 503s, never a hang.
        proxy.stop()
        watch = Observer(base_url, time.monotonic())
        if watch.wait_for("/readyz", 503, within=TIME_TO_NOTICE) is not None:
            # The sign-in form needs no database and stays up; every page that reads data answers 503.
            watch.expect_unavailable_page("/today", cookies=stranger)
            watch.expect_unavailable_page("/classes", cookies=stranger)

        # Database back on the same port: the same process recovers.
        proxy = TcpProxy(proxy.target, port=proxy.port)
        proxy.start()
        watch.wait_for("/readyz", 200, within=TIME_TO_RECOVER)
        watch.wait_for("/signin", 200, within=TIME_TO_RECOVER)
        watch.wait_for("/today", 303, within=TIME_TO_RECOVER, cookies=stranger)
        assert server.poll() is None, "cartable serve should have kept running"

        # A clean stop on SIGTERM.
        server.send_signal(signal.SIGTERM)
        try:
            status = server.wait(timeout=10)
            if status != 0:
                watch.note(f"cartable serve exited with {status} after SIGTERM, expected 0")
        except subprocess.TimeoutExpired:
            watch.note("cartable serve did not stop within 10 s of SIGTERM")

        assert not watch.problems, "during and after the database outage:\n" + "\n".join(watch.problems)
    except BaseException:
        print(f"--- cartable serve log ({log_path}), without the pool's reconnection attempts ---")
        lines = log_path.read_text(errors="replace").splitlines()
        print("\n".join(line for line in lines if "Connection creation failed" not in line)[-6000:])
        raise
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=10)
        proxy.stop()
