"""When PostgreSQL becomes unreachable, Cartable answers quickly with 503 and recovers on its own.

A small TCP proxy stands between `cartable serve` and the test PostgreSQL; stopping the proxy cuts the
database off (listener and live connections closed), starting it again on the same port brings it back.
Freezing it makes the database go silent instead (a network partition, a frozen host): connections stay
open and nothing comes back, so a query already sent never gets an answer.
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
# A silent database is noticed by the health probe: up to 1 s between probes, then 3 s without an answer.
SILENT_ANSWER_WITHIN = 6.0


class TcpProxy:
    """Forwards 127.0.0.1:<port> to a target address, one pair of threads per connection."""

    def __init__(self, target: tuple[str, int], port: int = 0):
        self.target = target
        self.port = port
        self.listener: socket.socket | None = None
        self.connections: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.running = False
        self.frozen = False

    def start(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port))  # SO_REUSEADDR: same port again
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.running = True
        self.acceptor = threading.Thread(target=self._accept, args=(self.listener,), daemon=True)
        self.acceptor.start()

    def freeze(self) -> None:
        """Goes silent: connections stay open, but nothing passes either way and new ones get no answer."""
        self.frozen = True

    def stop(self) -> None:
        """Closes the listener and every live connection, both ways."""
        self.running = False
        if self.listener:
            # The port is free again once the accepting thread has left accept() (it wakes every 0.2 s).
            self.acceptor.join(timeout=2)
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
            if self.frozen:
                with self.lock:
                    self.connections.add(client)  # held open, never answered, closed by stop()
                continue
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
                if not self.frozen:
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

    def note(self, problem: str) -> None:
        self.problems.append(f"[t+{time.monotonic() - self.started:4.1f}s] {problem}")

    def __init__(self, base_url: str, started: float, answer_within: float = ANSWER_WITHIN):
        self.base_url = base_url
        self.started = started
        self.answer_within = answer_within
        self.problems: list[str] = []

    def get(self, path: str, cookies: dict | None = None) -> requests.Response | None:
        """GET without following redirects; notes an answer slower than `answer_within` (or none)."""
        start = time.monotonic()
        try:
            response = requests.get(f"{self.base_url}{path}", cookies=cookies, timeout=self.answer_within, allow_redirects=False)
        except requests.RequestException as error:
            self.note(f"GET {path} gave no answer within {self.answer_within:.0f}s ({type(error).__name__})")
            return None
        elapsed = time.monotonic() - start
        if elapsed >= self.answer_within:
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


class Node:
    """`cartable serve` on a fresh database reached through a TcpProxy; prints its log if the test fails."""

    def __init__(self, database: tuple, tmp_path):
        binary = os.environ.get("CARTABLE_BINARY", "").strip()
        if not binary:
            pytest.fail("CARTABLE_BINARY is not set: run the suite with ./scripts/test", pytrace=False)
        name, postgres = database
        self.proxy = TcpProxy((postgres.hostname, postgres.port))
        self.proxy.start()
        database_url = f"postgres://{postgres.username}:{postgres.password}@127.0.0.1:{self.proxy.port}/{name}"
        port = free_port()
        self.base_url = f"http://127.0.0.1:{port}"
        self.log_path = tmp_path / "cartable.log"
        with open(self.log_path, "wb") as log:
            self.server = subprocess.Popen(
                [binary, "serve", "--port", str(port), "--database", database_url, "--password-cost", "10"],
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait_until_ready(self) -> None:
        """Up: migrations applied, ready, pages served."""
        deadline = time.monotonic() + 60
        while True:
            assert self.server.poll() is None, f"cartable serve exited with {self.server.returncode}"
            try:
                if requests.get(f"{self.base_url}/readyz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "cartable serve never became ready"
            time.sleep(0.25)
        assert requests.get(f"{self.base_url}/signin", timeout=ANSWER_WITHIN).status_code == 200
        today = requests.get(f"{self.base_url}/today", cookies=STRANGER, timeout=ANSWER_WITHIN, allow_redirects=False)
        assert today.status_code == 303 and today.headers["Location"].startswith("/signin")

    def reconnect(self, watch: Observer) -> None:
        """Database back on the same port: the same process recovers."""
        self.proxy.stop()
        self.proxy = TcpProxy(self.proxy.target, port=self.proxy.port)
        self.proxy.start()
        watch.answer_within = ANSWER_WITHIN
        watch.wait_for("/readyz", 200, within=TIME_TO_RECOVER)
        watch.wait_for("/signin", 200, within=TIME_TO_RECOVER)
        watch.wait_for("/today", 303, within=TIME_TO_RECOVER, cookies=STRANGER)
        assert self.server.poll() is None, "cartable serve should have kept running"

    def stop(self, watch: Observer) -> None:
        """A clean stop on SIGTERM."""
        self.server.send_signal(signal.SIGTERM)
        try:
            status = self.server.wait(timeout=10)
            if status != 0:
                watch.note(f"cartable serve exited with {status} after SIGTERM, expected 0")
        except subprocess.TimeoutExpired:
            watch.note("cartable serve did not stop within 10 s of SIGTERM")

    def print_log(self) -> None:
        print(f"--- cartable serve log ({self.log_path}), without the pool's reconnection attempts ---")
        lines = self.log_path.read_text(errors="replace").splitlines()
        print("\n".join(line for line in lines if "Connection creation failed" not in line)[-6000:])

    def kill(self) -> None:
        if self.server.poll() is None:
            self.server.kill()
        self.proxy.stop()


# An unknown session token: pages then look the session up in the database, and send to sign-in.
STRANGER = {"cartable_session": "x" * 43}


def test_database_outage_answers_503_quickly_and_recovers(outage_database, tmp_path):
    node = Node(outage_database, tmp_path)
    try:
        node.wait_until_ready()

        # Database cut off: quick 503s, never a hang.
        node.proxy.stop()
        watch = Observer(node.base_url, time.monotonic())
        if watch.wait_for("/readyz", 503, within=TIME_TO_NOTICE) is not None:
            # The sign-in form needs no database and stays up; every page that reads data answers 503.
            watch.expect_unavailable_page("/today", cookies=STRANGER)
            watch.expect_unavailable_page("/classes", cookies=STRANGER)

        node.reconnect(watch)
        node.stop(watch)
        assert not watch.problems, "during and after the database outage:\n" + "\n".join(watch.problems)
    except BaseException:
        node.print_log()
        raise
    finally:
        node.kill()


def test_a_silent_database_is_answered_503_within_seconds(outage_database, tmp_path):
    """A partition: the connections stay open and the database says nothing. A request that reaches a
    pooled connection sends its query into the silence; it must still be answered, and quickly."""
    node = Node(outage_database, tmp_path)
    try:
        node.wait_until_ready()

        node.proxy.freeze()
        watch = Observer(node.base_url, time.monotonic(), answer_within=SILENT_ANSWER_WITHIN)
        # The first request takes a connection from the pool (the pool still believes in it).
        first = watch.get("/today", cookies=STRANGER)
        if first is not None and first.status_code != 503:
            watch.note(f"GET /today on a silent database answered {first.status_code}, expected 503")
        if watch.wait_for("/readyz", 503, within=TIME_TO_NOTICE) is not None:
            watch.expect_unavailable_page("/today", cookies=STRANGER)
            watch.expect_unavailable_page("/classes", cookies=STRANGER)

        node.reconnect(watch)
        node.stop(watch)
        assert not watch.problems, "while the database was silent, and after:\n" + "\n".join(watch.problems)
    except BaseException:
        node.print_log()
        raise
    finally:
        node.kill()
