"""Tests of the BigBlueButton stand-in itself (bbb_standin.py): that it checks what a real BigBlueButton
server checks, so the end-to-end tests and the benchmark that use it can trust it.

Needs only the standard library and pytest, and none of conftest.py's fixtures (no Cartable server).
"""

from __future__ import annotations

import html
import json
import http.client
import os
import re
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bbb_standin import BigBlueButtonStandIn, checksum  # noqa: E402

SECRET = "cartable-test-secret"

# The BigBlueButton API documentation's own example ("API Security Model").
DOC_SECRET = "639259d4-9dd8-4b25-bf01-95f9567eaf4b"
DOC_QUERY = "name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444"
DOC_SHA1 = "1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17"

NAME = "Éloïse D'Arc-Müller"


# --- Helpers ----------------------------------------------------------------------------------------

JAVA_UNESCAPED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.*")


def java_form_encode(text: str) -> str:
    """What Java's URLEncoder.encode(text, UTF-8) gives: space as `+`, A-Z a-z 0-9 - _ . * as they are,
    every other byte of the UTF-8 as an upper-case `%XX`."""
    out = []
    for byte in text.encode("utf-8"):
        character = chr(byte)
        if character in JAVA_UNESCAPED:
            out.append(character)
        elif character == " ":
            out.append("+")
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)


def encode_query(params: dict[str, str], encode=java_form_encode) -> str:
    return "&".join(f"{encode(name)}={encode(value)}" for name, value in params.items())


def signed(call: str, query: str, secret: str = SECRET, algorithm: str = "sha256") -> str:
    """`query` with its checksum appended, the way a client signs its own encoding."""
    separator = "&" if query else ""
    return f"{query}{separator}checksum={checksum(call, query, secret, algorithm)}"


class Reply:
    def __init__(self, status: int, headers: dict[str, str], body: str):
        self.status, self.headers, self.body = status, headers, body

    def field(self, name: str) -> str | None:
        """The text of the first <name> element of an XML answer (unescaped), or None."""
        found = re.search(rf"<{name}>(.*?)</{name}>", self.body, re.DOTALL)
        return html.unescape(found.group(1)) if found else None

    @property
    def returncode(self) -> str | None:
        return self.field("returncode")

    @property
    def message_key(self) -> str | None:
        return self.field("messageKey")


def get(port: int, target: str) -> Reply:
    """GET without following redirects."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", target)
        response = connection.getresponse()
        body = response.read().decode("utf-8")
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        connection.close()


def call(port: int, name: str, params: dict[str, str], secret: str = SECRET, algorithm: str = "sha256") -> Reply:
    """A correctly signed API call, Java-encoded."""
    return get(port, f"/bigbluebutton/api/{name}?{signed(name, encode_query(params), secret, algorithm)}")


def create(port: int, meeting_id: str = "room-1", name: str = "Classe de 5e B", **extra: str) -> Reply:
    return call(port, "create", {"meetingID": meeting_id, "name": name, **extra})


def join(port: int, meeting_id: str = "room-1", full_name: str = "Paul Martin", **extra: str) -> Reply:
    return call(port, "join", {"fullName": full_name, "meetingID": meeting_id, **extra})


def page_text(reply: Reply, element_id: str) -> str | None:
    found = re.search(rf'id="{element_id}">(.*?)<', reply.body)
    return html.unescape(found.group(1)) if found else None


@pytest.fixture
def standin():
    server = BigBlueButtonStandIn(SECRET)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def sha1_standin():
    server = BigBlueButtonStandIn(DOC_SECRET, algorithm="sha1")
    server.start()
    yield server
    server.stop()


# --- Checksums --------------------------------------------------------------------------------------


def test_checksum_of_the_documentation_example():
    assert checksum("create", DOC_QUERY, DOC_SECRET, "sha1") == DOC_SHA1


def test_sha1_mode_accepts_the_documentation_example_and_refuses_an_altered_checksum(sha1_standin):
    port = sha1_standin.port
    altered = DOC_SHA1[:-1] + ("0" if DOC_SHA1[-1] != "0" else "1")

    refused = get(port, f"/bigbluebutton/api/create?{DOC_QUERY}&checksum={altered}")
    assert (refused.status, refused.returncode, refused.message_key) == (200, "FAILED", "checksumError")
    assert refused.field("message") == "Checksums do not match"
    assert sha1_standin.create_calls == 0

    accepted = get(port, f"/bigbluebutton/api/create?{DOC_QUERY}&checksum={DOC_SHA1}")
    assert accepted.returncode == "SUCCESS", accepted.body
    assert accepted.field("meetingID") == "abc123"
    assert accepted.field("attendeePW") == "111222" and accepted.field("moderatorPW") == "333444"
    assert sha1_standin.meetings["abc123"]["name"] == "Test Meeting"
    assert sha1_standin.create_calls == 1

    # The checksum's hex digits are compared case-insensitively.
    query = "meetingID=abc123"
    digest = checksum("isMeetingRunning", query, DOC_SECRET, "sha1").upper()
    assert get(port, f"/bigbluebutton/api/isMeetingRunning?{query}&checksum={digest}").returncode == "SUCCESS"


def test_sha1_mode_also_accepts_sha256_but_not_sha512(sha1_standin):
    port = sha1_standin.port
    assert call(port, "isMeetingRunning", {"meetingID": "abc123"}, DOC_SECRET, "sha256").returncode == "SUCCESS"
    assert call(port, "isMeetingRunning", {"meetingID": "abc123"}, DOC_SECRET, "sha512").message_key == "checksumError"


def test_default_mode_refuses_sha1(standin):
    reply = call(standin.port, "isMeetingRunning", {"meetingID": "room-1"}, algorithm="sha1")
    assert reply.message_key == "checksumError"
    assert call(standin.port, "isMeetingRunning", {"meetingID": "room-1"}).returncode == "SUCCESS"


def test_checksum_may_come_first_or_in_the_middle(standin):
    query = "meetingID=room-1&name=Math"
    digest = checksum("create", query, SECRET)
    first = get(standin.port, f"/bigbluebutton/api/create?checksum={digest}&{query}")
    assert first.returncode == "SUCCESS", first.body
    middle = get(standin.port, f"/bigbluebutton/api/create?meetingID=room-1&checksum={digest}&name=Math")
    assert middle.returncode == "SUCCESS", middle.body


def test_missing_or_wrong_secret_checksum_is_refused(standin):
    assert get(standin.port, "/bigbluebutton/api/create?meetingID=room-1&name=Math").message_key == "checksumError"
    assert call(standin.port, "create", {"meetingID": "room-1", "name": "Math"}, secret="other").message_key == "checksumError"
    assert standin.create_calls == 0 and standin.meetings == {}


# --- Java's form encoding ---------------------------------------------------------------------------


def test_java_encoder_helper_matches_java():
    assert java_form_encode(NAME) == "%C3%89lo%C3%AFse+D%27Arc-M%C3%BCller"
    assert java_form_encode("a*b~c") == "a*b%7Ec"


def test_join_with_a_java_encoded_accented_name_lands_on_the_client(standin):
    assert create(standin.port).returncode == "SUCCESS"
    reply = join(standin.port, full_name=NAME, role="viewer", userID="pupil-42")
    assert reply.status == 302, reply.body
    location = urlsplit(reply.headers["location"])
    assert location.netloc == f"127.0.0.1:{standin.port}" and location.path == "/html5client/join"
    assert re.fullmatch(r"sessionToken=[a-z0-9]{16}", location.query)

    page = get(standin.port, f"{location.path}?{location.query}")
    assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    assert page_text(page, "bbb-room") == "Classe de 5e B"
    assert page_text(page, "bbb-user") == NAME
    assert page_text(page, "bbb-role") == "VIEWER"
    assert standin.meetings["room-1"]["joined"] == [(NAME, "VIEWER", "pupil-42")]


@pytest.mark.parametrize(
    "encoding",
    [
        pytest.param(lambda text: java_form_encode(text).replace("+", "%20"), id="space-as-%20"),
        pytest.param(lambda text: re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), java_form_encode(text)), id="lower-case-hex"),
        pytest.param(lambda text: java_form_encode(text).replace("-", "%2D"), id="needless-escape"),
        pytest.param(lambda text: java_form_encode(text).replace("%27", "'"), id="raw-apostrophe"),
    ],
)
def test_join_signed_over_another_encoding_is_refused(standin, encoding):
    assert create(standin.port).returncode == "SUCCESS"
    query = encode_query({"fullName": NAME, "meetingID": "room-1", "role": "VIEWER"}, encode=encoding)
    assert query != encode_query({"fullName": NAME, "meetingID": "room-1", "role": "VIEWER"})
    reply = get(standin.port, f"/bigbluebutton/api/join?{signed('join', query)}")
    assert (reply.status, reply.message_key) == (200, "checksumError"), reply.body
    assert standin.meetings["room-1"]["joined"] == []
    assert standin.last_rejection.startswith("join: not Java's form encoding")


def test_pythons_quote_plus_tilde_is_refused(standin):
    # urllib's quote_plus keeps `~`, URLEncoder escapes it: the two differ there.
    query = "meetingID=room~1&name=Math"
    assert get(standin.port, f"/bigbluebutton/api/create?{signed('create', query)}").message_key == "checksumError"
    assert call(standin.port, "create", {"meetingID": "room~1", "name": "Math"}).returncode == "SUCCESS"


# --- Meetings ---------------------------------------------------------------------------------------


def test_create_is_idempotent(standin):
    first = create(standin.port, attendeePW="ap", moderatorPW="mp")
    second = create(standin.port, attendeePW="ap", moderatorPW="mp")
    assert first.returncode == second.returncode == "SUCCESS"
    assert first.message_key in ("", None)
    assert second.message_key == "duplicateWarning"
    assert first.field("createTime") == second.field("createTime") == str(standin.meetings["room-1"]["createTime"])
    assert first.field("internalMeetingID") == second.field("internalMeetingID")
    assert standin.create_calls == 2
    assert len(standin.meetings) == 1


def test_create_with_other_passwords_is_not_unique(standin):
    assert create(standin.port, attendeePW="ap", moderatorPW="mp").returncode == "SUCCESS"
    assert create(standin.port).message_key == "duplicateWarning"  # no passwords: BBB accepts it
    assert create(standin.port, attendeePW="x", moderatorPW="y").message_key == "idNotUnique"


def test_create_requires_a_meeting_id_and_a_name(standin):
    assert call(standin.port, "create", {"name": "Math"}).message_key == "missingParamMeetingID"
    assert call(standin.port, "create", {"meetingID": "room-1"}).returncode == "FAILED"
    assert standin.meetings == {}


def test_join_with_an_old_create_time_is_refused(standin):
    old = int(create(standin.port).field("createTime"))
    assert call(standin.port, "end", {"meetingID": "room-1"}).message_key == "sentEndMeetingRequest"
    new = int(create(standin.port).field("createTime"))
    assert new > old

    refused = join(standin.port, role="MODERATOR", createTime=str(old))
    assert (refused.returncode, refused.message_key) == ("FAILED", "mismatchCreateTimeParam")
    assert standin.meetings["room-1"]["joined"] == []
    assert join(standin.port, role="MODERATOR", createTime=str(new)).status == 302


def test_join_refusals(standin):
    assert join(standin.port).message_key == "invalidMeetingIdentifier"
    create(standin.port, attendeePW="ap", moderatorPW="mp")
    assert join(standin.port, full_name="  ").message_key == "missingParamFullName"
    assert join(standin.port).message_key == "invalidPassword"  # neither role nor password
    assert join(standin.port, password="wrong").message_key == "invalidPassword"
    assert join(standin.port, role="ADMIN").message_key == "invalidPassword"


def test_join_by_legacy_password_and_without_redirect(standin):
    create(standin.port, attendeePW="ap", moderatorPW="mp")
    assert join(standin.port, full_name="Élève", password="ap").status == 302
    reply = join(standin.port, full_name="Prof", password="mp", redirect="false")
    assert reply.status == 200 and reply.returncode == "SUCCESS", reply.body
    assert reply.field("url").startswith(f"http://127.0.0.1:{standin.port}/html5client/join?sessionToken=")
    roles = [(name, role) for name, role, _ in standin.meetings["room-1"]["joined"]]
    assert roles == [("Élève", "VIEWER"), ("Prof", "MODERATOR")]
    user_id = standin.meetings["room-1"]["joined"][0][2]
    assert user_id.startswith("w_")  # no userID given: BBB's internal one


def test_meeting_runs_once_a_moderator_joins(standin):
    def running() -> str | None:
        return call(standin.port, "isMeetingRunning", {"meetingID": "room-1"}).field("running")

    assert running() == "false"  # unknown meeting
    create(standin.port)
    assert running() == "false"
    join(standin.port, full_name="Élève", role="VIEWER")
    assert running() == "false"
    join(standin.port, full_name="Prof", role="Moderator")
    assert running() == "true"
    assert standin.meetings["room-1"]["running"] is True

    info = call(standin.port, "getMeetingInfo", {"meetingID": "room-1"})
    assert info.returncode == "SUCCESS"
    assert info.field("meetingName") == "Classe de 5e B"
    assert (info.field("running"), info.field("participantCount"), info.field("moderatorCount")) == ("true", "2", "1")


def test_end_forgets_the_meeting(standin):
    create(standin.port)
    ended = call(standin.port, "end", {"meetingID": "room-1"})
    assert (ended.returncode, ended.message_key) == ("SUCCESS", "sentEndMeetingRequest")
    info = call(standin.port, "getMeetingInfo", {"meetingID": "room-1"})
    assert (info.returncode, info.message_key) == ("FAILED", "notFound")
    assert call(standin.port, "end", {"meetingID": "room-1"}).message_key == "notFound"
    assert standin.meetings == {}


# --- Other answers ----------------------------------------------------------------------------------


def test_version_and_unknown_call(standin):
    version = get(standin.port, "/bigbluebutton/api/")
    assert version.headers["content-type"] == "text/xml;charset=UTF-8"
    assert (version.returncode, version.field("version")) == ("SUCCESS", "2.0")
    unknown = call(standin.port, "getRecordingsPlease", {"meetingID": "room-1"})
    assert (unknown.status, unknown.message_key) == (200, "unsupportedRequest")


def test_failing_and_slow_modes(standin):
    standin.fail = True
    assert create(standin.port).status == 500
    standin.fail = False
    standin.delay_ms = 200
    started = time.monotonic()
    assert create(standin.port).returncode == "SUCCESS"
    assert time.monotonic() - started >= 0.2


def test_script_prints_where_it_listens_and_serves_stats():
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bbb_standin.py")
    process = subprocess.Popen(
        [sys.executable, script, "--port", "0", "--secret", SECRET],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline().strip()
        found = re.fullmatch(r"bbb-standin listening on 127\.0\.0\.1:(\d+)", line)
        assert found, line
        port = int(found.group(1))
        create(port)
        create(port)
        join(port, role="VIEWER")
        stats = get(port, "/__stats")
        assert stats.headers["content-type"] == "application/json"
        assert json.loads(stats.body) == {"create_calls": 2, "join_calls": 1, "info_calls": 0, "running_calls": 0, "meetings": 1}
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
