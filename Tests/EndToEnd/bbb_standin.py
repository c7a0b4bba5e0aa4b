"""A stand-in for a BigBlueButton server's API, for end-to-end tests and the load benchmark.

A real BigBlueButton (BBB) server cannot be installed here, so this small server answers the part of
its API that Cartable uses, under ``/bigbluebutton/api/``: ``create``, ``join``, ``isMeetingRunning``,
``getMeetingInfo`` and ``end`` (and the version answer with no call). It checks what the real one
checks, and answers with the same XML, message keys and HTTP statuses:

* every call's checksum: ``hex(H(callName + queryStringWithoutChecksum + secret))``, where the query
  string is the raw one as received with the ``checksum=...`` parameter cut out of the raw text (not
  rebuilt from decoded parameters), and H is chosen by the checksum's length among the allowed
  algorithms (SHA-256 only by default; SHA-1 and SHA-256 when the algorithm is ``sha1``);
* on top of that, on purpose, that the raw query string is exactly what Java's ``URLEncoder`` would
  produce (see ``java_encoding_problem``), so that our client's encoding is pinned;
* the required parameters, the meeting's existence, ``createTime`` on join (an old link cannot open a
  later session), the role (``role=MODERATOR|VIEWER`` or the legacy passwords);
* ``create`` is idempotent (``duplicateWarning``), a meeting runs once a moderator has joined, ``end``
  forgets the meeting;
* a successful join redirects (302) to ``/html5client/join?sessionToken=...``, which this server
  serves as a tiny page naming the room, the user and the role, for browser tests.

Run it as a script::

    python3 Tests/EndToEnd/bbb_standin.py --port PORT --secret SECRET [--algorithm sha256|sha1]
        [--host 127.0.0.1] [--delay-ms N] [--fail] [--verbose]

It prints ``bbb-standin listening on HOST:PORT`` once listening and serves until SIGTERM or SIGINT;
``GET /__stats`` (no checksum) answers ``{"create_calls": n, "join_calls": n, "info_calls": n, "running_calls": n,
"meetings": n}`` (the calls counted once their checksum passed).

Or import it::

    standin = BigBlueButtonStandIn("secret")
    port = standin.start()          # a free port, served on a background thread
    ...  standin.create_calls, standin.meetings["id"]["running"], standin.meetings["id"]["joined"]
    standin.stop()

Standard library only.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import html
import json
import re
import secrets
import signal
import string
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs
from xml.sax.saxutils import escape as xml_escape

API_PATH = "/bigbluebutton/api"
CLIENT_PATH = "/html5client/join"
STATS_PATH = "/__stats"
API_VERSION = "2.0"
XML_CONTENT_TYPE = "text/xml;charset=UTF-8"

# Which algorithm a checksum of a given length (in hex digits) is checked with, as BBB does.
ALGORITHM_BY_LENGTH = {40: "sha1", 64: "sha256", 96: "sha384", 128: "sha512"}

ROLE_MODERATOR = "MODERATOR"
ROLE_VIEWER = "VIEWER"

# --- Checksums ------------------------------------------------------------------------------------


def checksum(call: str, query: str, secret: str, algorithm: str = "sha256") -> str:
    """BBB's checksum of an API call: hex(H(call + query string without checksum + secret))."""
    return hashlib.new(algorithm, (call + query + secret).encode("utf-8")).hexdigest()


def allowed_algorithms_for(algorithm: str) -> frozenset[str]:
    """The algorithms accepted when the server is configured with `algorithm`: SHA-256 always, plus it."""
    if algorithm not in ALGORITHM_BY_LENGTH.values():
        raise ValueError(f"unknown checksum algorithm: {algorithm}")
    return frozenset({"sha256", algorithm})


def query_without_checksum(raw_query: str, provided: str) -> str:
    """The raw query string with the checksum parameter cut out, the way BBB does it: on the raw text,
    whether the checksum comes last, in the middle or first."""
    query = raw_query.replace("&checksum=" + provided, "")
    query = query.replace("checksum=" + provided + "&", "")
    return query.replace("checksum=" + provided, "")


def checksum_matches(call: str, raw_query: str, provided: str, secret: str, allowed: frozenset[str]) -> bool:
    """Whether `provided` is the checksum of this call, with the algorithm its length names (if allowed).
    Hex digits are compared case-insensitively."""
    algorithm = ALGORITHM_BY_LENGTH.get(len(provided))
    if algorithm is None or algorithm not in allowed:
        return False
    expected = checksum(call, query_without_checksum(raw_query, provided), secret, algorithm)
    return hmac.compare_digest(expected, provided.lower())


# --- Java's form encoding, enforced ---------------------------------------------------------------
#
# STRICTER THAN BBB, ON PURPOSE. The real server only compares checksums over the raw query string, so it
# accepts any encoding a client signs consistently. Clients that sign their own encoding are, in practice,
# checked against Java's URLEncoder (what BBB's own tools and most integrations use), and our client
# claims to encode exactly like it. To pin that, this stand-in also refuses (with the same checksumError)
# any raw query string that URLEncoder.encode(value, UTF-8) could not have produced:
#
# * a character outside A-Z a-z 0-9 - _ . * + % = & (URLEncoder escapes everything else);
# * `%20` (URLEncoder writes a space as `+`);
# * a percent escape that is malformed or in lower case, such as `%c3` (URLEncoder writes `%C3`);
# * a percent escape of a character URLEncoder leaves as it is (A-Z a-z 0-9 - _ . *), such as `%2D`;
# * percent escapes that are not UTF-8.

JAVA_UNESCAPED = frozenset(string.ascii_letters + string.digits + "-_.*")
RAW_QUERY_ALLOWED = JAVA_UNESCAPED | frozenset("+%=&")
PERCENT_ESCAPE = re.compile(r"%(..)?", re.DOTALL)


def java_encoding_problem(raw_query: str) -> str | None:
    """Why `raw_query` is not what Java's URLEncoder would have produced, or None if it could be."""
    for character in raw_query:
        if character not in RAW_QUERY_ALLOWED:
            return f"character {character!r} would have been percent-encoded"
    for match in PERCENT_ESCAPE.finditer(raw_query):
        digits = match.group(1) or ""
        if not re.fullmatch(r"[0-9A-F]{2}", digits):
            return f"percent escape %{digits} is malformed or not in upper case"
        if digits == "20":
            return "space encoded as %20 instead of +"
        if chr(int(digits, 16)) in JAVA_UNESCAPED:
            return f"%{digits} escapes a character that is never escaped"
    try:
        parse_qs(raw_query, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return "percent escapes are not UTF-8"
    return None


def decode_parameters(raw_query: str) -> dict[str, str]:
    """The query's parameters (`+` as space, UTF-8), the first value of each."""
    values = parse_qs(raw_query, keep_blank_values=True, encoding="utf-8", errors="replace")
    return {name: found[0] for name, found in values.items()}


# --- Answers --------------------------------------------------------------------------------------


class Answer:
    """What to send back: a status, headers and a body."""

    def __init__(self, status: int, body: bytes = b"", content_type: str | None = None, headers: dict | None = None):
        self.status = status
        self.body = body
        self.headers = dict(headers or {})
        if content_type:
            self.headers["Content-Type"] = content_type


def xml_answer(returncode: str, *fields: tuple[str, object]) -> Answer:
    """`<response><returncode>..</returncode><field>..</field>...</response>`; a field whose value is a
    list of (name, value) pairs is written as nested elements; booleans as true/false."""
    body = "<response>" + element("returncode", returncode) + "".join(element(n, v) for n, v in fields) + "</response>"
    return Answer(200, ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode("utf-8"), XML_CONTENT_TYPE)


def element(name: str, value: object) -> str:
    if isinstance(value, list):
        inner = "".join(element(n, v) for n, v in value)
    elif isinstance(value, bool):
        inner = "true" if value else "false"
    elif value is None:
        inner = ""
    else:
        inner = xml_escape(str(value))
    return f"<{name}>{inner}</{name}>"


def failed(key: str, message: str) -> Answer:
    return xml_answer("FAILED", ("messageKey", key), ("message", message))


def checksum_error() -> Answer:
    return failed("checksumError", "Checksums do not match")


NOT_FOUND_MESSAGE = "We could not find a meeting with that meeting ID - perhaps the meeting is not yet running?"
INVALID_PASSWORD_MESSAGE = (
    "You either did not supply a password or the password supplied is neither the attendee or moderator "
    "password for this conference."
)


def random_token(length: int) -> str:
    alphabet = string.ascii_lowercase + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length))


def client_page(room: str, user: str, role: str) -> Answer:
    page = (
        "<!doctype html><title>BigBlueButton</title>"
        f'<h1 id="bbb-room">{html.escape(room)}</h1>'
        f'<p id="bbb-user">{html.escape(user)}</p>'
        f'<p id="bbb-role">{html.escape(role)}</p>'
    )
    return Answer(200, page.encode("utf-8"), "text/html; charset=utf-8")


# --- The stand-in ---------------------------------------------------------------------------------


class BigBlueButtonStandIn:
    """The server's state and API. Readable by tests:

    * ``create_calls``: create requests that passed the checksum (every one, duplicates included);
    * ``join_calls``: join requests that passed the checksum;
    * ``info_calls``, ``running_calls``: getMeetingInfo and isMeetingRunning requests that passed it;
    * ``meetings``: meetingID -> {name, createTime (ms), running, moderatorPW, attendeePW,
      internalMeetingID, joined: [(fullName, role, userID)]}; the passwords are generated when create
      does not give them, as BBB does; userID is the join's `userID`, or BBB's internal id when absent;
    * ``last_rejection``: why the last checksumError was given (for diagnosing a failing test).

    Settable: ``delay_ms`` (sleep before answering an API call), ``fail`` (answer API calls with HTTP
    500), ``allowed_algorithms``, ``verbose``.
    """

    def __init__(self, secret: str, algorithm: str = "sha256"):
        self.secret = secret
        self.algorithm = algorithm
        self.allowed_algorithms = allowed_algorithms_for(algorithm)
        self.delay_ms = 0
        self.fail = False
        self.verbose = False
        self.lock = threading.RLock()
        self.reset()
        self.server: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    def reset(self) -> None:
        """Forgets every meeting and session, and zeroes the counters."""
        with self.lock:
            self.create_calls = 0
            self.join_calls = 0
            self.info_calls = 0
            self.running_calls = 0
            self.meetings: dict[str, dict] = {}
            self.sessions: dict[str, dict] = {}
            self.last_create_time = 0
            self.last_rejection: str | None = None

    # --- Serving ---

    def start(self, port: int = 0, host: str = "127.0.0.1") -> int:
        """Serves on a background thread; returns the port (a free one when `port` is 0)."""
        handler = type("BoundHandler", (Handler,), {"standin": self})
        self.server = StandInHTTPServer((host, port), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), name="bbb-standin", daemon=True)
        self.thread.start()
        return self.port

    @property
    def port(self) -> int:
        assert self.server is not None, "not started"
        return self.server.server_address[1]

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
        if self.thread is not None:
            self.thread.join(timeout=5)
            self.thread = None

    def stats(self) -> dict[str, int]:
        with self.lock:
            return {"create_calls": self.create_calls, "join_calls": self.join_calls, "info_calls": self.info_calls,
                    "running_calls": self.running_calls, "meetings": len(self.meetings)}

    # --- API ---

    def answer_api(self, call: str, raw_query: str, host: str) -> Answer:
        """The answer to `GET /bigbluebutton/api/<call>?<raw_query>`."""
        if self.delay_ms:
            time.sleep(self.delay_ms / 1000)
        if self.fail:
            return Answer(500, b"Internal Server Error", "text/plain; charset=utf-8")
        if call == "":
            return xml_answer("SUCCESS", ("version", API_VERSION))
        rejection = self.rejection(call, raw_query)
        if rejection is not None:
            with self.lock:
                self.last_rejection = f"{call}: {rejection}"
            return checksum_error()
        params = decode_parameters(raw_query)
        calls = {
            "create": self.create,
            "join": lambda p: self.join(p, host),
            "isMeetingRunning": self.is_meeting_running,
            "getMeetingInfo": self.get_meeting_info,
            "end": self.end,
        }
        if call not in calls:
            return failed("unsupportedRequest", "This request is not supported.")
        with self.lock:
            if call == "getMeetingInfo":
                self.info_calls += 1
            elif call == "isMeetingRunning":
                self.running_calls += 1
            return calls[call](params)

    def rejection(self, call: str, raw_query: str) -> str | None:
        """Why this call's checksum is refused, or None when it passes."""
        provided = decode_parameters(raw_query).get("checksum", "").strip()
        if not provided:
            return "no checksum"
        problem = java_encoding_problem(raw_query)
        if problem is not None:
            return f"not Java's form encoding: {problem}"
        if not checksum_matches(call, raw_query, provided, self.secret, self.allowed_algorithms):
            return "checksum does not match"
        return None

    def create(self, params: dict[str, str]) -> Answer:
        self.create_calls += 1
        meeting_id = params.get("meetingID", "").strip()
        if not meeting_id:
            return failed("missingParamMeetingID", "You must specify a meeting ID for the meeting.")
        name = params.get("name", "").strip()
        if not name:
            return failed("missingParamName", "You must specify a name for the meeting.")
        attendee_pw, moderator_pw = params.get("attendeePW", ""), params.get("moderatorPW", "")
        existing = self.meetings.get(meeting_id)
        if existing is not None:
            # BBB: a second create is a success if it gives the same passwords, or none at all.
            same = existing["attendeePW"] == attendee_pw and existing["moderatorPW"] == moderator_pw
            if same or (not attendee_pw and not moderator_pw):
                message = "This conference was already in existence and may currently be in progress."
                return self.meeting_answer(meeting_id, existing, "duplicateWarning", message)
            return failed("idNotUnique", "A meeting already exists with that meeting ID.  Please use a different meeting ID.")
        create_time = self.next_create_time()
        meeting = {
            "name": name,
            "createTime": create_time,
            "internalMeetingID": f"{hashlib.sha1(meeting_id.encode('utf-8')).hexdigest()}-{create_time}",
            "running": False,
            "attendeePW": attendee_pw or random_token(8),
            "moderatorPW": moderator_pw or random_token(8),
            "joined": [],
        }
        self.meetings[meeting_id] = meeting
        return self.meeting_answer(meeting_id, meeting, "", "")

    def next_create_time(self) -> int:
        """Now in milliseconds, always later than any createTime given before (a re-created meeting
        must get a new one even within the same millisecond)."""
        self.last_create_time = max(int(time.time() * 1000), self.last_create_time + 1)
        return self.last_create_time

    def meeting_answer(self, meeting_id: str, meeting: dict, key: str, message: str) -> Answer:
        return xml_answer(
            "SUCCESS",
            ("meetingID", meeting_id),
            ("internalMeetingID", meeting["internalMeetingID"]),
            ("parentMeetingID", "bbb-none"),
            ("attendeePW", meeting["attendeePW"]),
            ("moderatorPW", meeting["moderatorPW"]),
            ("createTime", meeting["createTime"]),
            ("hasUserJoined", bool(meeting["joined"])),
            ("duration", 0),
            ("hasBeenForciblyEnded", False),
            ("messageKey", key),
            ("message", message),
        )

    def join(self, params: dict[str, str], host: str) -> Answer:
        self.join_calls += 1
        full_name = params.get("fullName", "").strip()
        if not full_name:
            return failed("missingParamFullName", "You must specify a name for the attendee who will be joining the meeting.")
        meeting_id = params.get("meetingID", "").strip()
        if not meeting_id:
            return failed("missingParamMeetingID", "You must specify a meeting ID for the meeting.")
        meeting = self.meetings.get(meeting_id)
        if meeting is None:
            return failed("invalidMeetingIdentifier", "The meeting ID that you supplied did not match any existing meetings")
        if "createTime" in params and parse_long(params["createTime"]) != meeting["createTime"]:
            return failed("mismatchCreateTimeParam", "The createTime parameter submitted mismatches with the current meeting.")
        role = join_role(params, meeting)
        if role is None:
            return failed("invalidPassword", INVALID_PASSWORD_MESSAGE)
        internal_user_id = "w_" + random_token(12)
        user_id = params.get("userID", "") or internal_user_id
        meeting["joined"].append((full_name, role, user_id))
        if role == ROLE_MODERATOR:
            meeting["running"] = True
        session_token = random_token(16)
        self.sessions[session_token] = {"room": meeting["name"], "user": full_name, "role": role}
        url = f"http://{host}{CLIENT_PATH}?sessionToken={session_token}"
        if params.get("redirect", "true").strip().lower() == "false":
            return xml_answer(
                "SUCCESS",
                ("messageKey", "successfullyJoined"),
                ("message", "You have joined successfully."),
                ("meeting_id", meeting["internalMeetingID"]),
                ("user_id", internal_user_id),
                ("auth_token", random_token(12)),
                ("session_token", session_token),
                ("guestStatus", "ALLOW"),
                ("url", url),
            )
        return Answer(302, headers={"Location": url})

    def is_meeting_running(self, params: dict[str, str]) -> Answer:
        meeting_id = params.get("meetingID", "").strip()
        if not meeting_id:
            return failed("missingParamMeetingID", "You must specify a meeting ID for the meeting.")
        meeting = self.meetings.get(meeting_id)
        return xml_answer("SUCCESS", ("running", bool(meeting and meeting["running"])))

    def get_meeting_info(self, params: dict[str, str]) -> Answer:
        meeting_id = params.get("meetingID", "").strip()
        if not meeting_id:
            return failed("missingParamMeetingID", "You must specify a meeting ID for the meeting.")
        meeting = self.meetings.get(meeting_id)
        if meeting is None:
            return failed("notFound", NOT_FOUND_MESSAGE)
        joined = meeting["joined"]
        attendees = [("attendee", [("userID", u), ("fullName", n), ("role", r)]) for n, r, u in joined]
        return xml_answer(
            "SUCCESS",
            ("meetingName", meeting["name"]),
            ("meetingID", meeting_id),
            ("internalMeetingID", meeting["internalMeetingID"]),
            ("createTime", meeting["createTime"]),
            ("attendeePW", meeting["attendeePW"]),
            ("moderatorPW", meeting["moderatorPW"]),
            ("running", meeting["running"]),
            ("hasUserJoined", bool(joined)),
            ("hasBeenForciblyEnded", False),
            ("participantCount", len(joined)),
            ("moderatorCount", sum(1 for _, role, _ in joined if role == ROLE_MODERATOR)),
            ("attendees", attendees),
        )

    def end(self, params: dict[str, str]) -> Answer:
        meeting_id = params.get("meetingID", "").strip()
        if not meeting_id:
            return failed("missingParamMeetingID", "You must specify a meeting ID for the meeting.")
        meeting = self.meetings.get(meeting_id)
        if meeting is None:
            return failed("notFound", NOT_FOUND_MESSAGE)
        # The legacy moderator password is no longer required, but a wrong one is still refused.
        password = params.get("password")
        if password is not None and password != meeting["moderatorPW"]:
            return failed("invalidPassword", "You must supply the moderator password for this call.")
        del self.meetings[meeting_id]
        return end_requested()

    def answer_client(self, raw_query: str) -> Answer:
        """The page a successful join redirects the browser to."""
        token = decode_parameters(raw_query).get("sessionToken", "")
        with self.lock:
            session = self.sessions.get(token)
        if session is None:
            return Answer(404, b"<!doctype html><title>BigBlueButton</title><p>Unknown session</p>", "text/html; charset=utf-8")
        return client_page(session["room"], session["user"], session["role"])


def end_requested() -> Answer:
    message = (
        "A request to end the meeting was sent.  Please wait a few seconds, and then use the getMeetingInfo "
        "or isMeetingRunning API calls to verify that it was ended."
    )
    return xml_answer("SUCCESS", ("messageKey", "sentEndMeetingRequest"), ("message", message))


def join_role(params: dict[str, str], meeting: dict) -> str | None:
    """The joining user's role: a valid `role` (any case) wins (BBB 2.6+); else the legacy `password`
    must be the moderator's or the attendees'."""
    role = params.get("role", "").strip().upper()
    if role in (ROLE_MODERATOR, ROLE_VIEWER):
        return role
    password = params.get("password", "")
    if password and password == meeting["moderatorPW"]:
        return ROLE_MODERATOR
    if password and password == meeting["attendeePW"]:
        return ROLE_VIEWER
    return None


def parse_long(text: str) -> int:
    """Java's Long.parseLong, or -1 when it would throw (BBB then reports a mismatch)."""
    return int(text) if re.fullmatch(r"[+-]?[0-9]+", text) else -1


# --- HTTP -----------------------------------------------------------------------------------------


class StandInHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # the load benchmark opens many connections at once


class Handler(BaseHTTPRequestHandler):
    """Routes requests to the stand-in; HTTP/1.1 with keep-alive, every answer with a Content-Length."""

    protocol_version = "HTTP/1.1"
    standin: BigBlueButtonStandIn  # set on the subclass made by `start`

    def do_GET(self) -> None:
        self.send(self.route())

    def do_POST(self) -> None:
        # BBB accepts create by POST (with a presentation body); the checksum is still over the query.
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send(self.route())

    def route(self) -> Answer:
        path, _, raw_query = self.path.partition("?")
        if path == STATS_PATH:
            return Answer(200, json.dumps(self.standin.stats()).encode("utf-8"), "application/json")
        if path == CLIENT_PATH:
            return self.standin.answer_client(raw_query)
        if path == API_PATH or path.startswith(API_PATH + "/"):
            call = path[len(API_PATH):].strip("/")
            return self.standin.answer_api(call, raw_query, self.host())
        return Answer(404, b"Not Found", "text/plain; charset=utf-8")

    def host(self) -> str:
        """Where the client reached us (for the redirect), from the Host header or the bound address."""
        header = (self.headers.get("Host") or "").strip()
        if header:
            return header
        address, port = self.server.server_address[:2]
        return f"{address}:{port}"

    def send(self, answer: Answer) -> None:
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        if self.standin.verbose:
            super().log_message(format, *args)


# --- Script ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="A BigBlueButton API stand-in for tests and benchmarks.")
    parser.add_argument("--port", type=int, required=True, help="port to listen on (0: a free one)")
    parser.add_argument("--secret", required=True, help="the shared secret")
    parser.add_argument("--algorithm", choices=("sha256", "sha1"), default="sha256", help="checksum algorithm")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--delay-ms", type=int, default=0, help="sleep this long before answering API calls")
    parser.add_argument("--fail", action="store_true", help="answer every API call with HTTP 500")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)

    standin = BigBlueButtonStandIn(args.secret, args.algorithm)
    standin.delay_ms, standin.fail, standin.verbose = args.delay_ms, args.fail, args.verbose
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    port = standin.start(args.port, args.host)
    print(f"bbb-standin listening on {args.host}:{port}", flush=True)
    try:
        while not stopping.wait(0.2):
            pass
    finally:
        standin.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
