"""TLS for real: a node behind HAProxy, which terminates HTTPS with a certificate the test makes.

HAProxy listens on 127.0.0.1 (a free port, TLS), adds `X-Forwarded-For` (`option forwardfor`) and
`X-Forwarded-Proto: https`, and connects to the node from 127.0.0.2; the node believes those headers only
from `--trusted-proxy 127.0.0.2`. So a request straight to the node from 127.0.0.1 comes "from elsewhere":
whatever it forges, its cookies are not `Secure`, it gets no HSTS, and its rate-limit key is its own address.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests
from requests.adapters import HTTPAdapter

from cartable_e2e import DEMO_PASSWORD, HTTP_TIMEOUT, DemoNode, free_port

PROXY = "127.0.0.2"  # HAProxy's source address towards the node
FORGED = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
HSTS = "Strict-Transport-Security"
BURST = 10  # --rate-per-address 1: one request a second, bursts of 10


# --- A certificate, HAProxy ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """(certificate, certificate and key for HAProxy): self-signed for 127.0.0.1 and localhost, made with openssl."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True, capture_output=True, timeout=60)
    both = folder / "haproxy.pem"
    both.write_bytes(cert.read_bytes() + key.read_bytes())
    return cert, both


class HAProxy:
    """HAProxy in the foreground, terminating TLS on 127.0.0.1:port and forwarding to a node from 127.0.0.2."""

    def __init__(self, folder: Path, pem: Path, node_port: int):
        program = shutil.which("haproxy") or "/usr/sbin/haproxy"
        assert os.access(program, os.X_OK), "haproxy is not installed (./scripts/test installs it)"
        self.port = free_port()
        self.url = f"https://127.0.0.1:{self.port}"
        self.config = folder / "haproxy.cfg"
        self.config.write_text(f"""\
global
    log stderr format raw local0 warning
defaults
    mode http
    log global
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend tls
    bind 127.0.0.1:{self.port} ssl crt {pem}
    option forwardfor
    http-request set-header X-Forwarded-Proto https
    default_backend node
backend node
    server node 127.0.0.1:{node_port} source {PROXY}
""")
        self.log_path = folder / "haproxy.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen([program, "-db", "-f", str(self.config)], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 15
        while True:
            assert self.process.poll() is None, f"haproxy exited with {self.process.returncode}: {self.log_path.read_text()}"
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                assert time.monotonic() < deadline, "haproxy never listened"
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture
def behind_haproxy(new_node, certificate, tmp_path, request):
    """``behind_haproxy(*options)``: a node of the test's own trusting only 127.0.0.2, with HAProxy in front
    of it; returns (node, proxy). Everything is stopped after the test (HAProxy's log printed on failure)."""
    proxies: list[HAProxy] = []

    def make(*options: str) -> tuple[DemoNode, HAProxy]:
        node = new_node("--trusted-proxy", PROXY, *options)
        folder = tmp_path / f"haproxy{len(proxies) + 1}"
        folder.mkdir()
        proxy = HAProxy(folder, certificate[1], node.port)
        proxies.append(proxy)
        return node, proxy

    yield make
    report = getattr(request.node, "report_call", None)
    for proxy in proxies:
        proxy.stop()
        if report is not None and report.failed:
            print(f"\n--- {proxy.log_path} ---\n{proxy.log_path.read_text(errors='replace')[-3000:]}")


class FromAddress(HTTPAdapter):
    """Connects from a given source address (any 127.x.y.z works on Linux's loopback)."""

    def __init__(self, source: str):
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


def client(certificate, source: str = "127.0.0.1") -> requests.Session:
    """A client that checks the proxy's certificate against the one the test made, from `source`."""
    http = requests.Session()
    http.trust_env = False  # else REQUESTS_CA_BUNDLE (or a proxy variable) wins over `verify`
    http.verify = str(certificate[0])
    http.mount("https://", FromAddress(source))
    http.mount("http://", FromAddress(source))
    return http


# --- Cookies and HSTS ----------------------------------------------------------------------------


def set_cookies(response: requests.Response) -> dict[str, str]:
    """Each cookie set by the response, by name: its whole Set-Cookie line."""
    lines = response.raw.headers.getlist("Set-Cookie")
    return {line.split("=", 1)[0].strip(): line for line in lines}


def attributes(set_cookie: str) -> set[str]:
    return {part.strip().split("=", 1)[0].lower() for part in set_cookie.split(";")[1:]}


def sign_in(http: requests.Session, base_url: str, headers: dict | None = None) -> requests.Response:
    response = http.post(f"{base_url}/api/v1/sessions", json={"login": "eleve", "password": DEMO_PASSWORD, "rememberDevice": False},
                         headers=headers, timeout=HTTP_TIMEOUT)
    assert response.status_code == 201, f"sign-in: {response.status_code} {response.text}"
    return response


def test_through_haproxy_cookies_are_secure_and_hsts_is_sent_forged_headers_change_nothing(behind_haproxy, certificate):
    node, proxy = behind_haproxy()

    # Over HTTPS through the trusted proxy (the certificate checked against the one made here).
    https = client(certificate)
    page = https.get(f"{proxy.url}/signin", timeout=HTTP_TIMEOUT)
    assert page.status_code == 200
    assert page.headers.get(HSTS, "").startswith("max-age="), f"no {HSTS} over HTTPS: {dict(page.headers)}"
    csrf = set_cookies(page).get("cartable_csrf")
    assert csrf and "secure" in attributes(csrf), f"the sign-in form's CSRF cookie should be Secure over HTTPS: {csrf}"
    signed_in = sign_in(https, proxy.url)
    session = set_cookies(signed_in).get("cartable_session")
    assert session, f"no session cookie: {signed_in.headers}"
    assert {"secure", "httponly"} <= attributes(session), f"the session cookie over HTTPS: {session}"
    assert signed_in.headers.get(HSTS, "").startswith("max-age="), f"no {HSTS} on the sign-in answer: {dict(signed_in.headers)}"
    me = https.get(f"{proxy.url}/api/v1/me", timeout=HTTP_TIMEOUT)  # the Secure cookie goes back over HTTPS
    assert me.status_code == 200 and "user" in me.json(), me.text
    assert HSTS in me.headers

    # Straight to the node from 127.0.0.1, forging what the proxy would say: believed by nobody.
    direct = client(certificate)
    page = direct.get(f"{node.base_url}/signin", headers=FORGED, timeout=HTTP_TIMEOUT)
    assert page.status_code == 200
    assert HSTS not in page.headers, f"{HSTS} sent to a forged X-Forwarded-Proto: {page.headers[HSTS]}"
    csrf = set_cookies(page).get("cartable_csrf")
    assert csrf and "secure" not in attributes(csrf), f"a forged X-Forwarded-Proto made the CSRF cookie Secure: {csrf}"
    signed_in = sign_in(direct, node.base_url, headers=FORGED)
    session = set_cookies(signed_in).get("cartable_session")
    assert session and "secure" not in attributes(session), f"a forged X-Forwarded-Proto made the session cookie Secure: {session}"
    assert HSTS not in signed_in.headers

    # And plainly, without forging anything.
    plain = requests.get(f"{node.base_url}/signin", timeout=HTTP_TIMEOUT)
    assert HSTS not in plain.headers and "secure" not in attributes(set_cookies(plain)["cartable_csrf"])
    for http in (https, direct):
        http.close()


# --- The rate-limit key --------------------------------------------------------------------------


def statuses(http: requests.Session, url: str, count: int, forge: bool) -> list[int]:
    """`count` quick GETs of `url`; with `forge`, each claims another X-Forwarded-For (a fresh bucket, if believed)."""
    found = []
    for number in range(count):
        headers = {"X-Forwarded-For": f"203.0.113.{number + 1}", "X-Forwarded-Proto": "https"} if forge else {}
        response = http.get(url, headers=headers, timeout=HTTP_TIMEOUT)
        if response.status_code == 429:
            assert int(response.headers["Retry-After"]) >= 1, response.headers
        found.append(response.status_code)
    return found


def test_the_rate_limit_key_is_the_peer_or_the_address_the_trusted_proxy_saw(behind_haproxy, certificate):
    node, proxy = behind_haproxy("--rate-per-address", "1")
    count = BURST + 5

    # Straight to the node: a new forged X-Forwarded-For on every request gets no fresh bucket.
    direct = client(certificate)
    found = statuses(direct, f"{node.base_url}/healthz", count, forge=True)
    assert found[:BURST - 1] == [200] * (BURST - 1) and found[-3:] == [429] * 3, found

    # Through the proxy from 127.0.0.1: the key is the address the proxy saw, 127.0.0.1, whose bucket is empty.
    from_one = client(certificate, "127.0.0.1")
    found = statuses(from_one, f"{proxy.url}/healthz", 3, forge=False)
    assert found.count(429) >= 2, f"through the proxy from 127.0.0.1, the bucket of 127.0.0.1 should be empty: {found}"

    # Through the proxy from 127.0.0.3, forging hops to the left of the proxy's: not believed either.
    from_three = client(certificate, "127.0.0.3")
    found = statuses(from_three, f"{proxy.url}/healthz", count, forge=True)
    assert found[:BURST - 1] == [200] * (BURST - 1) and found[-3:] == [429] * 3, found

    # Through the proxy from 127.0.0.4: a bucket of its own (the key is not the proxy's address 127.0.0.2).
    from_four = client(certificate, "127.0.0.4")
    found = statuses(from_four, f"{proxy.url}/healthz", 3, forge=False)
    assert found == [200] * 3, f"a new client behind the proxy should have a full bucket: {found}"
    for http in (direct, from_one, from_three, from_four):
        http.close()
