"""Contract test: the OpenAPI document against the running server.

Self-contained (no fixture from conftest.py). Point it at a server holding the demo school:

    cartable demo --port 8390 --database sqlite:/tmp/openapi-demo/demo.sqlite --password-cost 10
    CARTABLE_BASE_URL=http://127.0.0.1:8390 python -m pytest Tests/EndToEnd/test_openapi.py -v

It checks that the document is valid OpenAPI 3.1, that the server serves this very file, and then
calls every documented operation, as each demo account, with a successful outcome and with
documented error outcomes. Every response must have a documented status code and a body that
validates against the documented schema (JSON Schema 2020-12), and every JSON request the server
accepted must validate against the documented request body; every mismatch is listed.

The work-to-hand-in and documents tests make their own entries, assignments and files (with unique
text), so they depend on no demo id. Entries whose work a pupil has started cannot be deleted, so
each run leaves one such entry in 4e B. The upload size test sends one byte more than
CARTABLE_MAX_FILE_MB (default 20, the server's default) megabytes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import uuid
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import requests
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

BASE_URL = os.environ.get("CARTABLE_BASE_URL", "http://127.0.0.1:8080").rstrip("/")
DOCUMENT_PATH = Path(__file__).resolve().parents[2] / "Sources" / "CartableWeb" / "Resources" / "openapi.json"
DOCUMENT_URI = "urn:cartable:openapi"
PASSWORD = "cartable-demo"
DEMO_LOGINS = ("eleve", "parent", "prof", "direction")
TIMEOUT = 30
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
FOREIGN_ORIGIN = "https://evil.example"


# ---------------------------------------------------------------------------------------------
# The document and the checker
# ---------------------------------------------------------------------------------------------


def load_document() -> dict:
    with DOCUMENT_PATH.open(encoding="utf-8") as file:
        return json.load(file)


def pointer_escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def resolve_local(document: dict, node: dict, pointer: str) -> tuple[dict, str]:
    """Follows `$ref`s to components (`#/...`); returns the node and its JSON pointer."""
    seen = set()
    while isinstance(node, dict) and "$ref" in node:
        reference = node["$ref"]
        if not reference.startswith("#/") or reference in seen:
            raise AssertionError(f"unsupported or cyclic reference {reference!r} at {pointer}")
        seen.add(reference)
        pointer = reference[1:]
        node = document
        for token in pointer.lstrip("/").split("/"):
            node = node[token.replace("~1", "/").replace("~0", "~")]
    return node, pointer


RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
UUID_TEXT = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def make_format_checker() -> FormatChecker:
    """Draft 2020-12 format assertions for the formats the document uses, without optional packages."""
    checker = FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value):
        if not isinstance(value, str):
            return True
        if not RFC3339.match(value):
            raise ValueError(f"{value!r} is not an RFC 3339 date-time")
        dt.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
        return True

    @checker.checks("date", raises=ValueError)
    def is_date(value):
        if not isinstance(value, str):
            return True
        if not ISO_DAY.match(value):
            raise ValueError(f"{value!r} is not YYYY-MM-DD")
        dt.date.fromisoformat(value)
        return True

    @checker.checks("uuid")
    def is_uuid(value):
        return not isinstance(value, str) or bool(UUID_TEXT.match(value))

    return checker


class Operation:
    def __init__(self, method: str, path: str, node: dict, pointer: str):
        self.method = method
        self.path = path
        self.node = node
        self.pointer = pointer
        self.id = node.get("operationId", f"{method.upper()} {path}")
        self.parameter_count = path.count("{")
        self.pattern = re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path)) + "$")


class Contract:
    """Checks responses against the document and keeps every mismatch."""

    def __init__(self, document: dict):
        self.document = document
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self.registry = Registry().with_resource(DOCUMENT_URI, resource)
        self.format_checker = make_format_checker()
        self.operations: list[Operation] = []
        for path, item in document.get("paths", {}).items():
            for method in HTTP_METHODS:
                if method in item:
                    pointer = f"/paths/{pointer_escape(path)}/{method}"
                    self.operations.append(Operation(method, path, item[method], pointer))
        # Concrete paths (/sessions/current) win over templated ones (/sessions/{sessionID}).
        self.operations.sort(key=lambda operation: operation.parameter_count)
        self.pending: list[str] = []
        self.outcomes: dict[str, set[str]] = defaultdict(set)
        self.calls = 0

    def operation_for(self, method: str, path: str) -> Operation | None:
        for operation in self.operations:
            if operation.method == method.lower() and operation.pattern.match(path):
                return operation
        return None

    def mismatch(self, text: str) -> None:
        self.pending.append(text)

    def validate(self, instance, pointer: str) -> list[str]:
        validator = Draft202012Validator(
            {"$ref": f"{DOCUMENT_URI}#{pointer}"}, registry=self.registry, format_checker=self.format_checker)
        problems = []
        for error in sorted(validator.iter_errors(instance), key=lambda error: list(error.absolute_path)):
            where = "/".join(str(part) for part in error.absolute_path) or "(body)"
            problems.append(f"{where}: {error.message[:300]}")
        return problems

    def check(self, response: requests.Response, label: str, expect: int | None = None) -> requests.Response:
        self.calls += 1
        request = response.request
        path = urlsplit(request.url).path
        where = f"{label}: {request.method} {path} -> {response.status_code}"
        operation = self.operation_for(request.method, path)
        if operation is None:
            self.mismatch(f"{where}: no documented operation for {request.method} {path}")
            return response
        if expect is not None and response.status_code != expect:
            self.mismatch(f"{where}: expected status {expect}, got {response.status_code}; body {response.text[:300]!r}")
        status = str(response.status_code)
        responses = operation.node.get("responses", {})
        key = status if status in responses else f"{status[0]}XX" if f"{status[0]}XX" in responses else "default"
        if key not in responses:
            self.mismatch(
                f"{where}: status {status} is not documented for {operation.id} "
                f"(documented: {', '.join(sorted(responses))}); body {response.text[:300]!r}")
            return response
        outcome = "success" if 200 <= response.status_code < 300 else "error"
        self.outcomes[operation.id].add(outcome)
        if outcome == "error":
            self.outcomes[operation.id].add(status)
        else:
            self.check_request_body(operation, request, where)

        documented, pointer = resolve_local(
            self.document, responses[key], f"{operation.pointer}/responses/{pointer_escape(key)}")
        for name in documented.get("headers", {}):
            if name.lower() not in (header.lower() for header in response.headers):
                self.mismatch(f"{where}: documented header {name} is missing")
        content = documented.get("content")
        if not content:
            if response.content:
                self.mismatch(f"{where}: documented without a body, got {response.text[:200]!r}")
            return response
        media = "application/json"
        if media not in content:
            self.mismatch(f"{where}: the document gives no {media} body for {key}")
            return response
        content_type = response.headers.get("Content-Type", "")
        if not content_type.lower().startswith(media):
            self.mismatch(f"{where}: Content-Type {content_type!r}, documented {media}")
        try:
            body = response.json()
        except ValueError:
            self.mismatch(f"{where}: body is not JSON: {response.text[:200]!r}")
            return response
        schema_pointer = f"{pointer}/content/{pointer_escape(media)}/schema"
        for problem in self.validate(body, schema_pointer):
            self.mismatch(f"{where}: body does not match the documented schema: {problem}")
        return response

    def check_request_body(self, operation: Operation, request: requests.PreparedRequest, where: str) -> None:
        """A body the server accepted must be of a documented type and, if JSON, match the documented schema."""
        if not request.body:
            return
        if "requestBody" not in operation.node:
            self.mismatch(f"{where}: a body was accepted but the operation documents none")
            return
        documented, pointer = resolve_local(self.document, operation.node["requestBody"], f"{operation.pointer}/requestBody")
        media = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        content = documented.get("content", {})
        if media not in content:
            self.mismatch(f"{where}: a {media or 'typeless'} body was accepted; documented: {', '.join(sorted(content))}")
            return
        if media != "application/json":
            return
        try:
            sent = json.loads(request.body)
        except ValueError:
            self.mismatch(f"{where}: invalid JSON was accepted")
            return
        for problem in self.validate(sent, f"{pointer}/content/{pointer_escape(media)}/schema"):
            self.mismatch(f"{where}: the accepted request body does not match the documented schema: {problem}")

    def finish(self, test: str) -> None:
        pending, self.pending = self.pending, []
        if pending:
            listing = "\n  - ".join(pending)
            pytest.fail(f"{test}: {len(pending)} mismatch(es) with the OpenAPI document or the expected behaviour:\n  - {listing}",
                        pytrace=False)


# ---------------------------------------------------------------------------------------------
# Fixtures and helpers
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def document() -> dict:
    return load_document()


@pytest.fixture(scope="module")
def contract(document) -> Contract:
    return Contract(document)


@pytest.fixture(autouse=True)
def _report_leftovers(request):
    """If a test stops before `finish`, its mismatches are still shown."""
    yield
    contract = request.node.funcargs.get("contract")
    if contract is not None and contract.pending:
        pending, contract.pending = contract.pending, []
        pytest.fail("mismatches recorded before the test stopped:\n  - " + "\n  - ".join(pending), pytrace=False)


def url(path: str) -> str:
    return BASE_URL + path


def call(contract: Contract, session: requests.Session | None, method: str, path: str, label: str,
         expect: int | None = None, **kwargs) -> requests.Response:
    client = session if session is not None else requests
    kwargs.setdefault("timeout", TIMEOUT)
    kwargs.setdefault("allow_redirects", False)
    response = client.request(method, url(path), **kwargs)
    return contract.check(response, label, expect)


def body(response: requests.Response):
    try:
        return response.json()
    except ValueError:
        return None


def fields_of(response: requests.Response) -> list[str]:
    data = body(response) or {}
    return [field.get("field") for field in (data.get("error", {}).get("fields") or []) if isinstance(field, dict)]


def expect_fields(contract: Contract, response: requests.Response, label: str, *names: str) -> None:
    found = fields_of(response)
    for name in names:
        if name not in found:
            contract.mismatch(f"{label}: expected a problem with field {name!r}, got {found}")


def sign_in(contract: Contract, login: str, password: str = PASSWORD, remember: bool = False,
            label: str | None = None, expect: int | None = 201) -> tuple[requests.Session, requests.Response]:
    session = requests.Session()
    session.headers["User-Agent"] = "python-requests (Cartable OpenAPI contract test)"
    response = call(contract, session, "POST", "/api/v1/sessions", label or f"sign in as {login}", expect,
                    json={"login": login, "password": password, "rememberDevice": remember})
    if response.status_code == 201 and not session.cookies.get("cartable_session"):
        contract.mismatch(f"sign in as {login}: no cartable_session cookie was set")
    return session, response


class Demo:
    """The demo accounts, signed in, with what /me says about them."""

    def __init__(self):
        self.sessions: dict[str, requests.Session] = {}
        self.me: dict[str, dict] = {}

    def __getitem__(self, login: str) -> requests.Session:
        return self.sessions[login]


@pytest.fixture(scope="module")
def demo(contract) -> Demo:
    demo = Demo()
    for login in DEMO_LOGINS:
        session, response = sign_in(contract, login)
        if response.status_code != 201:
            pytest.fail(f"cannot sign in as {login} at {BASE_URL}: {response.status_code} {response.text[:200]}")
        demo.sessions[login] = session
        me = call(contract, session, "GET", "/api/v1/me", f"me as {login}", 200)
        demo.me[login] = body(me) or {}
    yield demo
    for session in demo.sessions.values():
        try:
            session.delete(url("/api/v1/sessions/current"), timeout=TIMEOUT)
        except requests.RequestException:
            pass


WIRE_NAME = re.compile(r"[a-z][a-zA-Z0-9]*")


def wire_names(document: dict) -> list[tuple[str, str]]:
    """Every JSON property name in the document's schemas, and every query parameter's name, with where it is."""
    names = []

    def walk(node, where: str) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("properties"), dict):
                names.extend((where, name) for name in node["properties"])
            if node.get("in") == "query" and isinstance(node.get("name"), str):
                names.append((where, node["name"]))
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    walk(document, "")
    return names


def class_named(classes: list[dict], name: str) -> dict | None:
    return next((item for item in classes if item.get("name") == name), None)


COMPLETED: set[str] = set()


# ---------------------------------------------------------------------------------------------
# The document
# ---------------------------------------------------------------------------------------------


def test_document_is_valid_openapi(document):
    validate_openapi(document)
    assert document["openapi"] == "3.1.0"
    assert document["info"]["title"] == "Cartable" and document["info"]["version"] == "1"
    assert document["servers"] == [{"url": "/"}]
    scheme = document["components"]["securitySchemes"]["cookieAuth"]
    assert scheme == {**scheme, "type": "apiKey", "in": "cookie", "name": "cartable_session"}
    assert document["security"] == [{"cookieAuth": []}]

    problems = []
    seen_ids = set()
    for path, item in document["paths"].items():
        if not path.startswith("/api/v1/"):
            problems.append(f"{path}: outside /api/v1")
        for method in HTTP_METHODS:
            if method not in item:
                continue
            operation = item[method]
            name = f"{method.upper()} {path}"
            operation_id = operation.get("operationId")
            if not operation_id:
                problems.append(f"{name}: no operationId")
            elif operation_id in seen_ids:
                problems.append(f"{name}: duplicate operationId {operation_id}")
            seen_ids.add(operation_id)
            public = (method, path) in {("post", "/api/v1/sessions"), ("get", "/api/v1/openapi.json")}
            if public and operation.get("security") != []:
                problems.append(f"{name}: must be public (security: [])")
            if not public and "security" in operation and operation["security"] != [{"cookieAuth": []}]:
                problems.append(f"{name}: must use cookieAuth")
            if not public and "401" not in operation["responses"]:
                problems.append(f"{name}: a signed-in operation must document 401")
            if method in ("post", "put", "delete") and "403" not in operation["responses"]:
                problems.append(f"{name}: a write must document 403")
            if "requestBody" in operation:
                media = set(operation["requestBody"].get("content", {}))
                if "application/json" in media and not {"400", "413"} <= set(operation["responses"]):
                    problems.append(f"{name}: an operation with a JSON body must document 400 and 413")
                if media == {"application/octet-stream"} and "413" not in operation["responses"]:
                    problems.append(f"{name}: an upload must document 413")
    # One casing on the wire: lowerCamelCase, an id ending in `Id` (`classId`, `otherClassIds`), never `ID`.
    for where, name in wire_names(document):
        if not WIRE_NAME.fullmatch(name) or "ID" in name:
            problems.append(f"{where}: {name!r} is not lowerCamelCase with `Id` (classId, otherClassIds)")
    # Response objects are closed; request bodies are not (the server ignores unknown fields).
    for name, schema in document["components"]["schemas"].items():
        if schema.get("type") == "object" and not name.endswith("Body") and schema.get("additionalProperties") is not False:
            problems.append(f"components/schemas/{name}: response objects must set additionalProperties: false")
    assert not problems, "\n".join(problems)
    COMPLETED.add("document")


def test_served_document_is_the_file(contract, document):
    response = call(contract, None, "GET", "/api/v1/openapi.json", "served document", 200)
    served = body(response)
    if served != document:
        contract.mismatch("GET /api/v1/openapi.json does not serve Sources/CartableWeb/Resources/openapi.json "
                          "(rebuild and restart the server after editing it)")
    contract.finish("served document")
    COMPLETED.add("served")


# ---------------------------------------------------------------------------------------------
# Sessions
# ---------------------------------------------------------------------------------------------


def test_sessions(contract, demo):
    me = demo.me
    for login, role in zip(DEMO_LOGINS, ("pupil", "guardian", "teacher", "staff")):
        if me[login].get("user", {}).get("role") != role or me[login].get("user", {}).get("login") != login:
            contract.mismatch(f"me as {login}: expected role {role}, got {me[login].get('user')}")

    # Sign-in outcomes.
    _, remembered = sign_in(contract, "eleve", remember=True, label="sign in, remembered")
    data = body(remembered) or {}
    if remembered.status_code == 201:
        if data.get("session", {}).get("isRemembered") is not True or data.get("session", {}).get("isCurrent") is not True:
            contract.mismatch(f"sign in, remembered: session should be remembered and current, got {data.get('session')}")
        if "max-age" not in remembered.headers.get("Set-Cookie", "").lower():
            contract.mismatch("sign in, remembered: the session cookie should have a Max-Age")
        remembered_id = data.get("session", {}).get("id")
    else:
        remembered_id = None
    sign_in(contract, "eleve", password="wrong-password", label="sign in, wrong password", expect=401)
    sign_in(contract, "nobody-here", label="sign in, unknown login", expect=401)
    call(contract, None, "POST", "/api/v1/sessions", "sign in, empty object", 401, json={})
    call(contract, None, "POST", "/api/v1/sessions", "sign in, invalid JSON", 400,
         data="{not json", headers={"Content-Type": "application/json"})
    call(contract, None, "POST", "/api/v1/sessions", "sign in, wrong JSON type", 400, json={"login": 12, "password": True})
    call(contract, None, "POST", "/api/v1/sessions", "sign in, text/plain", 403,
         data=json.dumps({"login": "eleve", "password": PASSWORD}), headers={"Content-Type": "text/plain"})
    call(contract, None, "POST", "/api/v1/sessions", "sign in, foreign Origin", 403,
         json={"login": "eleve", "password": PASSWORD}, headers={"Origin": FOREIGN_ORIGIN})
    call(contract, None, "POST", "/api/v1/sessions", "sign in, body over 16 KiB", 413,
         json={"login": "eleve", "password": "x" * (20 * 1024)})

    # Listing.
    listed = call(contract, demo["eleve"], "GET", "/api/v1/sessions", "list sessions", 200)
    sessions = (body(listed) or {}).get("sessions", [])
    if sum(1 for item in sessions if item.get("isCurrent")) != 1:
        contract.mismatch(f"list sessions: exactly one session should be current, got {sessions}")
    if remembered_id and remembered_id not in [item.get("id") for item in sessions]:
        contract.mismatch("list sessions: the remembered session is missing")
    call(contract, None, "GET", "/api/v1/sessions", "list sessions, anonymous", 401)
    call(contract, None, "GET", "/api/v1/sessions", "list sessions, unknown cookie", 401,
         cookies={"cartable_session": "not-a-real-token"})

    # Revoking one's own other device.
    if remembered_id:
        call(contract, demo["eleve"], "DELETE", f"/api/v1/sessions/{remembered_id}", "revoke, foreign Origin", 403,
             headers={"Origin": FOREIGN_ORIGIN})
        call(contract, demo["eleve"], "DELETE", f"/api/v1/sessions/{remembered_id}", "revoke own device", 204)
        call(contract, demo["eleve"], "DELETE", f"/api/v1/sessions/{remembered_id}", "revoke again", 404)
    call(contract, demo["eleve"], "DELETE", f"/api/v1/sessions/{uuid.uuid4()}", "revoke unknown id", 404)
    call(contract, demo["eleve"], "DELETE", "/api/v1/sessions/not-an-id", "revoke malformed id", 404)
    call(contract, None, "DELETE", f"/api/v1/sessions/{uuid.uuid4()}", "revoke, anonymous", 401)
    # Someone else's session: 404, and it keeps working.
    prof_sessions = body(call(contract, demo["prof"], "GET", "/api/v1/sessions", "list sessions as prof", 200)) or {}
    prof_current = next((item["id"] for item in prof_sessions.get("sessions", []) if item.get("isCurrent")), None)
    if prof_current:
        call(contract, demo["eleve"], "DELETE", f"/api/v1/sessions/{prof_current}", "revoke someone else's session", 404)
        call(contract, demo["prof"], "GET", "/api/v1/me", "prof still signed in", 200)

    # Signing out.
    extra, _ = sign_in(contract, "parent", label="sign in for sign-out")
    call(contract, extra, "DELETE", "/api/v1/sessions/current", "sign out, foreign Origin", 403, headers={"Origin": FOREIGN_ORIGIN})
    signed_out = call(contract, extra, "DELETE", "/api/v1/sessions/current", "sign out", 204)
    if signed_out.status_code == 204 and "cartable_session=" not in signed_out.headers.get("Set-Cookie", ""):
        contract.mismatch("sign out: the session cookie should be cleared")
    call(contract, None, "DELETE", "/api/v1/sessions/current", "sign out, anonymous", 401)
    contract.finish("sessions")
    COMPLETED.add("sessions")


def test_me(contract, demo):
    me = demo.me
    eleve, parent, prof, direction = (me[login] for login in DEMO_LOGINS)
    if class_named(eleve.get("classes", []), "4e B") is None:
        contract.mismatch(f"me as eleve: 4e B missing from {[c.get('name') for c in eleve.get('classes', [])]}")
    children = {child.get("pupil", {}).get("firstName"): child for child in parent.get("children", [])}
    if set(children) != {"Léa", "Hugo"}:
        contract.mismatch(f"me as parent: expected children Léa and Hugo, got {sorted(children)}")
    if not any(t.get("className") == "4e B" and t.get("subject") == "Mathématiques" for t in prof.get("teachings", [])):
        contract.mismatch("me as prof: should teach Mathématiques in 4e B")
    if direction.get("classes") or direction.get("children") or direction.get("teachings"):
        contract.mismatch("me as direction: staff should have no classes, children or teachings")
    if len({m.get("school", {}).get("id") for m in me.values()}) != 1:
        contract.mismatch("me: every demo account should be in the same school")
    call(contract, None, "GET", "/api/v1/me", "me, anonymous", 401)
    contract.finish("me")
    COMPLETED.add("me")


# ---------------------------------------------------------------------------------------------
# Accounts (staff)
# ---------------------------------------------------------------------------------------------


def test_accounts(contract, demo):
    staff, teacher = demo["direction"], demo["prof"]
    listed = call(contract, staff, "GET", "/api/v1/accounts", "list accounts", 200)
    if len((body(listed) or {}).get("users", [])) != 100:
        contract.mismatch("list accounts: the demo school has far more than 100 accounts, the default page is 100")
    pupils = body(call(contract, staff, "GET", "/api/v1/accounts", "list pupils named martin", 200,
                       params={"role": "pupil", "q": "martin", "limit": 5, "offset": 0})) or {}
    users = pupils.get("users", [])
    if not users or len(users) > 5 or any(user.get("role") != "pupil" for user in users):
        contract.mismatch(f"list pupils named martin: expected 1 to 5 pupils, got {users}")
    call(contract, staff, "GET", "/api/v1/accounts", "list accounts, second page", 200, params={"limit": 2, "offset": 2})
    call(contract, staff, "GET", "/api/v1/accounts", "list accounts, junk parameters ignored", 200,
         params={"role": "wizard", "limit": "many", "offset": "-3"})
    call(contract, teacher, "GET", "/api/v1/accounts", "list accounts as teacher", 404)
    call(contract, demo["eleve"], "GET", "/api/v1/accounts", "list accounts as pupil", 404)
    call(contract, None, "GET", "/api/v1/accounts", "list accounts, anonymous", 401)

    # Creation.
    login = f"oa-{uuid.uuid4().hex[:12]}"
    password = "first-password-1"
    new_account = {"login": login, "firstName": "Ada", "lastName": "Contract", "role": "pupil", "password": password}
    created = call(contract, staff, "POST", "/api/v1/accounts", "create account", 201, json=new_account)
    user = body(created) or {}
    if created.status_code == 201 and (user.get("login") != login or user.get("role") != "pupil" or user.get("isDisabled") is not False):
        contract.mismatch(f"create account: unexpected account {user}")
    user_id = user.get("id") or str(uuid.uuid4())
    taken = call(contract, staff, "POST", "/api/v1/accounts", "create account, login taken", 422, json=new_account)
    expect_fields(contract, taken, "create account, login taken", "login")
    invalid = call(contract, staff, "POST", "/api/v1/accounts", "create account, invalid", 422,
                   json={"login": "A b", "firstName": "", "role": "wizard", "password": "short"})
    expect_fields(contract, invalid, "create account, invalid", "login", "firstName", "lastName", "role", "password")
    call(contract, staff, "POST", "/api/v1/accounts", "create account, invalid JSON", 400,
         data="[1, 2", headers={"Content-Type": "application/json"})
    call(contract, staff, "POST", "/api/v1/accounts", "create account, text/plain", 403,
         data=json.dumps({**new_account, "login": login + "x"}), headers={"Content-Type": "text/plain"})
    call(contract, staff, "POST", "/api/v1/accounts", "create account, body over 16 KiB", 413,
         json={**new_account, "login": login + "y", "firstName": "x" * (20 * 1024)})
    call(contract, teacher, "POST", "/api/v1/accounts", "create account as teacher", 404, json={**new_account, "login": login + "z"})
    call(contract, None, "POST", "/api/v1/accounts", "create account, anonymous", 401, json={**new_account, "login": login + "w"})

    try:
        new_session, _ = sign_in(contract, login, password, label="sign in as the new account")

        # Password reset.
        password_path = f"/api/v1/accounts/{user_id}/password"
        new_password = "second-password-2"
        call(contract, staff, "PUT", password_path, "reset password", 204, json={"password": new_password})
        call(contract, new_session, "GET", "/api/v1/me", "reset password signs out every device", 401)
        sign_in(contract, login, password, label="sign in with the old password", expect=401)
        sign_in(contract, login, new_password, label="sign in with the new password")
        short = call(contract, staff, "PUT", password_path, "reset password, too short", 422, json={"password": "short"})
        expect_fields(contract, short, "reset password, too short", "password")
        missing = call(contract, staff, "PUT", password_path, "reset password, missing", 422, json={})
        expect_fields(contract, missing, "reset password, missing", "password")
        call(contract, staff, "PUT", password_path, "reset password, invalid JSON", 400,
             data="password", headers={"Content-Type": "application/json"})
        call(contract, staff, "PUT", password_path, "reset password, text/plain", 403,
             data=json.dumps({"password": new_password}), headers={"Content-Type": "text/plain"})
        call(contract, staff, "PUT", password_path, "reset password, body over 16 KiB", 413, json={"password": "p" * (20 * 1024)})
        call(contract, staff, "PUT", f"/api/v1/accounts/{uuid.uuid4()}/password", "reset password, unknown id", 404,
             json={"password": new_password})
        call(contract, teacher, "PUT", password_path, "reset password as teacher", 404, json={"password": new_password})
        call(contract, None, "PUT", password_path, "reset password, anonymous", 401, json={"password": new_password})

        # Disabling.
        disabled_path = f"/api/v1/accounts/{user_id}/disabled"
        call(contract, staff, "PUT", disabled_path, "disable account", 204, json={"isDisabled": True})
        sign_in(contract, login, new_password, label="sign in while disabled", expect=401)
        call(contract, staff, "PUT", disabled_path, "re-enable account", 204, json={"isDisabled": False})
        sign_in(contract, login, new_password, label="sign in once re-enabled")
        call(contract, staff, "PUT", disabled_path, "disable, missing field", 400, json={})
        call(contract, staff, "PUT", disabled_path, "disable, wrong type", 400, json={"isDisabled": "yes"})
        call(contract, staff, "PUT", disabled_path, "disable, text/plain", 403,
             data='{"isDisabled": true}', headers={"Content-Type": "text/plain"})
        call(contract, staff, "PUT", disabled_path, "disable, body over 1 KiB", 413,
             data=json.dumps({"isDisabled": True, "padding": "x" * 2048}), headers={"Content-Type": "application/json"})
        own_id = demo.me["direction"].get("user", {}).get("id", str(uuid.uuid4()))
        call(contract, staff, "PUT", f"/api/v1/accounts/{own_id}/disabled", "disable one's own account", 404, json={"isDisabled": True})
        call(contract, staff, "PUT", f"/api/v1/accounts/{uuid.uuid4()}/disabled", "disable unknown id", 404, json={"isDisabled": True})
        call(contract, teacher, "PUT", disabled_path, "disable as teacher", 404, json={"isDisabled": True})
        call(contract, None, "PUT", disabled_path, "disable, anonymous", 401, json={"isDisabled": True})
        call(contract, staff, "GET", "/api/v1/me", "direction still signed in", 200)
    finally:
        # Accounts cannot be deleted: leave the test account disabled.
        staff.put(url(f"/api/v1/accounts/{user_id}/disabled"), json={"isDisabled": True}, timeout=TIMEOUT)
    contract.finish("accounts")
    COMPLETED.add("accounts")


# ---------------------------------------------------------------------------------------------
# Notebook
# ---------------------------------------------------------------------------------------------


def test_today_and_classes(contract, demo):
    eleve_today = body(call(contract, demo["eleve"], "GET", "/api/v1/today", "today as eleve", 200)) or {}
    if eleve_today.get("pupil", {}).get("login") != "eleve":
        contract.mismatch(f"today as eleve: expected eleve's work, got {eleve_today.get('pupil')}")
    today = eleve_today.get("today")
    dates = [day.get("date") for day in eleve_today.get("days", [])]
    if dates != sorted(dates) or (today and any(date < today for date in dates)):
        contract.mismatch(f"today as eleve: days should be in order from today ({today}), got {dates}")
    for day in eleve_today.get("days", []):
        if any(entry.get("dueDate") != day.get("date") for entry in day.get("entries", [])):
            contract.mismatch(f"today as eleve: entries of {day.get('date')} should be due that day")

    children = {c.get("pupil", {}).get("firstName"): c.get("pupil", {}).get("id") for c in demo.me["parent"].get("children", [])}
    call(contract, demo["parent"], "GET", "/api/v1/today", "today as parent", 200)
    hugo = body(call(contract, demo["parent"], "GET", "/api/v1/today", "today as parent for Hugo", 200,
                     params={"pupil": children.get("Hugo", "")})) or {}
    if hugo.get("pupil", {}).get("firstName") != "Hugo":
        contract.mismatch(f"today as parent for Hugo: got {hugo.get('pupil')}")
    pupils = body(call(contract, demo["direction"], "GET", "/api/v1/accounts", "list pupils", 200,
                       params={"role": "pupil", "limit": 20})) or {}
    stranger = next((u["id"] for u in pupils.get("users", []) if u.get("id") not in children.values()), str(uuid.uuid4()))
    call(contract, demo["parent"], "GET", "/api/v1/today", "today as parent for another pupil", 404, params={"pupil": stranger})
    call(contract, demo["eleve"], "GET", "/api/v1/today", "today as eleve for another pupil", 404, params={"pupil": stranger})
    call(contract, demo["eleve"], "GET", "/api/v1/today", "today, malformed pupil", 404, params={"pupil": "léa"})
    call(contract, demo["prof"], "GET", "/api/v1/today", "today as teacher", 404)
    call(contract, demo["direction"], "GET", "/api/v1/today", "today as staff", 404)
    call(contract, None, "GET", "/api/v1/today", "today, anonymous", 401)

    # Classes.
    listed = {}
    for login in DEMO_LOGINS:
        listed[login] = (body(call(contract, demo[login], "GET", "/api/v1/classes", f"classes as {login}", 200)) or {}).get("classes", [])
    names = {login: {c.get("name") for c in classes} for login, classes in listed.items()}
    if "4e B" not in names["eleve"] or "6e A" in names["eleve"]:
        contract.mismatch(f"classes as eleve: expected 4e B and not 6e A, got {sorted(names['eleve'])}")
    if not {"4e B", "6e A"} <= names["parent"]:
        contract.mismatch(f"classes as parent: expected 4e B and 6e A, got {sorted(names['parent'])}")
    taught = {t.get("className") for t in demo.me["prof"].get("teachings", [])}
    if names["prof"] != taught:
        contract.mismatch(f"classes as prof: expected the taught classes {sorted(taught)}, got {sorted(names['prof'])}")
    if len(names["direction"]) < 24:
        contract.mismatch(f"classes as direction: staff should see every class, got {len(names['direction'])}")
    call(contract, None, "GET", "/api/v1/classes", "classes, anonymous", 401)
    contract.finish("today and classes")
    COMPLETED.add("today")


def test_notebook_entries(contract, demo):
    eleve, parent, prof, staff = demo["eleve"], demo["parent"], demo["prof"], demo["direction"]
    today_text = (body(call(contract, eleve, "GET", "/api/v1/today", "today as eleve", 200)) or {}).get("today")
    today = dt.date.fromisoformat(today_text) if today_text else dt.date.today()
    every_class = (body(call(contract, staff, "GET", "/api/v1/classes", "classes as direction", 200)) or {}).get("classes", [])
    four_b, six_a = class_named(every_class, "4e B"), class_named(every_class, "6e A")
    assert four_b and six_a, "the demo school should have 4e B and 6e A"
    maths = {t["classId"] for t in demo.me["prof"].get("teachings", []) if t.get("subject") == "Mathématiques"}
    other_maths = six_a["id"] if six_a["id"] in maths else next(iter(sorted(maths - {four_b["id"]})), None)
    taught = {t["classId"] for t in demo.me["prof"].get("teachings", [])}
    not_taught = next(c["id"] for c in every_class if c["id"] not in taught)

    # Listing.
    entries_path = f"/api/v1/classes/{four_b['id']}/entries"
    week = body(call(contract, eleve, "GET", entries_path, "entries of 4e B this week", 200)) or {}
    if any(entry.get("classId") != four_b["id"] for entry in week.get("entries", [])):
        contract.mismatch("entries of 4e B: every entry should belong to 4e B")
    start, end = today - dt.timedelta(days=14), today
    ranged = body(call(contract, parent, "GET", entries_path, "entries of 4e B over two weeks", 200,
                       params={"from": start.isoformat(), "to": end.isoformat()})) or {}
    if not ranged.get("entries"):
        contract.mismatch("entries of 4e B over two weeks: the demo notebook should not be empty")
    if any(not start.isoformat() <= entry.get("sessionDate", "") <= end.isoformat() for entry in ranged.get("entries", [])):
        contract.mismatch("entries of 4e B over two weeks: a session date is outside the range")
    call(contract, staff, "GET", entries_path, "entries of 4e B as staff", 200, params={"from": today.isoformat()})
    bad = call(contract, eleve, "GET", entries_path, "entries, invalid from", 422, params={"from": "2025-02-30"})
    expect_fields(contract, bad, "entries, invalid from", "from")
    bad = call(contract, eleve, "GET", entries_path, "entries, to before from", 422,
               params={"from": today.isoformat(), "to": (today - dt.timedelta(days=1)).isoformat()})
    expect_fields(contract, bad, "entries, to before from", "to")
    call(contract, eleve, "GET", entries_path, "entries, range over 62 days", 422,
         params={"from": today.isoformat(), "to": (today + dt.timedelta(days=63)).isoformat()})
    call(contract, eleve, "GET", f"/api/v1/classes/{six_a['id']}/entries", "entries of another class as eleve", 404)
    call(contract, prof, "GET", f"/api/v1/classes/{not_taught}/entries", "entries of a class not taught", 404)
    call(contract, eleve, "GET", f"/api/v1/classes/{uuid.uuid4()}/entries", "entries of an unknown class", 404)
    call(contract, None, "GET", entries_path, "entries, anonymous", 401)

    created: list[str] = []
    try:
        # Creation.
        due = today + dt.timedelta(days=2)
        entry = {
            "subject": "Mathématiques", "sessionDate": today.isoformat(), "done": "Théorème de Pythagore.",
            "work": "Exercices 3 et 4 page 112.", "dueDate": due.isoformat(), "estimatedMinutes": 20,
            "links": [{"title": "", "url": "https://example.org/pythagore"}],
        }
        response = call(contract, prof, "POST", entries_path, "create entry", 201, json=entry)
        new_entries = (body(response) or {}).get("entries", [])
        created += [item["id"] for item in new_entries if "id" in item]
        if response.status_code == 201:
            if len(new_entries) != 1:
                contract.mismatch(f"create entry: expected one entry, got {len(new_entries)}")
            elif new_entries[0].get("links") != [{"title": "example.org", "url": "https://example.org/pythagore"}]:
                contract.mismatch(f"create entry: a link without title should be titled by its host, got {new_entries[0].get('links')}")
        entry_id = created[0] if created else str(uuid.uuid4())

        done_only = {"subject": "Mathématiques", "sessionDate": today.isoformat(), "done": "Correction du contrôle."}
        if other_maths:
            response = call(contract, prof, "POST", entries_path, "create entry for two classes", 201,
                            json={**done_only, "otherClassIds": [other_maths, four_b["id"]]})
            two = (body(response) or {}).get("entries", [])
            created += [item["id"] for item in two if "id" in item]
            if response.status_code == 201:
                if sorted(item.get("classId") for item in two) != sorted([four_b["id"], other_maths]):
                    contract.mismatch(f"create entry for two classes: expected one entry per class, got {two}")
                if any("dueDate" in item or "estimatedMinutes" in item for item in two):
                    contract.mismatch("create entry for two classes: absent optionals must be omitted, not null")
        foreign_entry = next((item["id"] for item in (two if other_maths else []) if item.get("classId") == other_maths), None)

        invalid = call(contract, prof, "POST", entries_path, "create entry, due before session", 422,
                       json={**entry, "dueDate": (today - dt.timedelta(days=1)).isoformat()})
        expect_fields(contract, invalid, "create entry, due before session", "dueDate")
        empty = call(contract, prof, "POST", entries_path, "create entry, empty", 422, json={})
        expect_fields(contract, empty, "create entry, empty", "subject", "sessionDate", "done")
        many = call(contract, prof, "POST", entries_path, "create entry, many problems", 422,
                    json={**entry, "sessionDate": "demain", "estimatedMinutes": 0, "links": [{"url": "ftp://example.org"}]})
        expect_fields(contract, many, "create entry, many problems", "sessionDate", "estimatedMinutes", "links")
        untaught = call(contract, prof, "POST", entries_path, "create entry, subject not taught", 422, json={**entry, "subject": "Français"})
        expect_fields(contract, untaught, "create entry, subject not taught", "subject")
        call(contract, prof, "POST", f"/api/v1/classes/{not_taught}/entries", "create entry in a class not taught", 404, json=entry)
        call(contract, prof, "POST", f"/api/v1/classes/{uuid.uuid4()}/entries", "create entry in an unknown class", 404, json=entry)
        call(contract, prof, "POST", entries_path, "create entry, unknown other class", 404,
             json={**entry, "otherClassIds": [str(uuid.uuid4())]})
        # The spelling before the API had one casing is still read (a client written then must not post to one class only).
        call(contract, prof, "POST", entries_path, "create entry, unknown other class in the former otherClassIDs", 404,
             json={**entry, "otherClassIDs": [str(uuid.uuid4())]})
        call(contract, eleve, "POST", entries_path, "create entry as pupil", 404, json=entry)
        call(contract, staff, "POST", entries_path, "create entry as staff", 404, json=entry)
        call(contract, prof, "POST", entries_path, "create entry, invalid JSON", 400,
             data='{"subject": "Mathématiques",', headers={"Content-Type": "application/json"})
        call(contract, prof, "POST", entries_path, "create entry, wrong JSON type", 400, json={**entry, "estimatedMinutes": "20"})
        call(contract, prof, "POST", entries_path, "create entry, text/plain", 403,
             data=json.dumps(entry), headers={"Content-Type": "text/plain"})
        call(contract, prof, "POST", entries_path, "create entry, foreign Origin", 403, json=entry, headers={"Origin": FOREIGN_ORIGIN})
        call(contract, prof, "POST", entries_path, "create entry, body over 256 KiB", 413, json={**entry, "done": "x" * (300 * 1024)})
        call(contract, None, "POST", entries_path, "create entry, anonymous", 401, json=entry)

        # The new work shows in the pupil's days.
        days = (body(call(contract, eleve, "GET", "/api/v1/today", "today as eleve after posting", 200)) or {}).get("days", [])
        if created and not any(item.get("id") == created[0] for day in days for item in day.get("entries", [])):
            contract.mismatch("today as eleve after posting: the new work due in two days is missing")

        # Reading one entry.
        entry_path = f"/api/v1/entries/{entry_id}"
        for login in ("prof", "eleve", "parent", "direction"):
            call(contract, demo[login], "GET", entry_path, f"read entry as {login}", 200)
        if foreign_entry:
            call(contract, eleve, "GET", f"/api/v1/entries/{foreign_entry}", "read an entry of another class", 404)
            call(contract, parent, "GET", f"/api/v1/entries/{foreign_entry}", "read an entry of Hugo's class as parent", 200)
        call(contract, eleve, "GET", f"/api/v1/entries/{uuid.uuid4()}", "read an unknown entry", 404)
        call(contract, eleve, "GET", "/api/v1/entries/42", "read a malformed entry id", 404)
        call(contract, None, "GET", entry_path, "read entry, anonymous", 401)

        # Replacing.
        changed = {**entry, "work": "Exercices 3, 4 et 5 page 112.", "estimatedMinutes": 30, "links": []}
        updated = body(call(contract, prof, "PUT", entry_path, "update entry", 200, json=changed)) or {}
        if updated and (updated.get("work") != changed["work"] or updated.get("estimatedMinutes") != 30 or updated.get("links") != []):
            contract.mismatch(f"update entry: the content was not replaced: {updated}")
        if updated and updated.get("updatedAt", "") < updated.get("createdAt", ""):
            contract.mismatch("update entry: updatedAt is before createdAt")
        cleared = body(call(contract, prof, "PUT", entry_path, "update entry, no more work", 200,
                            json={"subject": "Mathématiques", "sessionDate": today.isoformat(), "done": "Cours."})) or {}
        if cleared and ("dueDate" in cleared or "estimatedMinutes" in cleared or cleared.get("work") != ""):
            contract.mismatch(f"update entry, no more work: dueDate and estimatedMinutes should be absent, work empty: {cleared}")
        invalid = call(contract, prof, "PUT", entry_path, "update entry, due before session", 422,
                       json={**entry, "dueDate": (today - dt.timedelta(days=3)).isoformat()})
        expect_fields(contract, invalid, "update entry, due before session", "dueDate")
        call(contract, prof, "PUT", entry_path, "update entry, subject not taught", 422, json={**entry, "subject": "Français"})
        call(contract, eleve, "PUT", entry_path, "update entry as pupil", 404, json=entry)
        call(contract, prof, "PUT", f"/api/v1/entries/{uuid.uuid4()}", "update an unknown entry", 404, json=entry)
        call(contract, prof, "PUT", entry_path, "update entry, invalid JSON", 400, data="nope", headers={"Content-Type": "application/json"})
        call(contract, prof, "PUT", entry_path, "update entry, text/plain", 403, data=json.dumps(entry), headers={"Content-Type": "text/plain"})
        call(contract, prof, "PUT", entry_path, "update entry, body over 256 KiB", 413, json={**entry, "work": "x" * (300 * 1024)})
        call(contract, None, "PUT", entry_path, "update entry, anonymous", 401, json=entry)

        # Deleting.
        call(contract, eleve, "DELETE", entry_path, "delete entry as pupil", 404)
        call(contract, staff, "DELETE", entry_path, "delete entry as staff", 404)
        call(contract, None, "DELETE", entry_path, "delete entry, anonymous", 401)
        call(contract, prof, "DELETE", entry_path, "delete entry, foreign Origin", 403, headers={"Origin": FOREIGN_ORIGIN})
        deleted = call(contract, prof, "DELETE", entry_path, "delete entry", 204)
        if deleted.status_code == 204:
            created.remove(entry_id)
        call(contract, prof, "DELETE", entry_path, "delete entry again", 404)
        call(contract, prof, "GET", entry_path, "read a deleted entry", 404)
        for other in list(created):
            if call(contract, prof, "DELETE", f"/api/v1/entries/{other}", "delete the other entries", 204).status_code == 204:
                created.remove(other)
    finally:
        for leftover in created:
            prof.delete(url(f"/api/v1/entries/{leftover}"), timeout=TIMEOUT)
    contract.finish("notebook entries")
    COMPLETED.add("entries")


# ---------------------------------------------------------------------------------------------
# Work to hand in and documents
# ---------------------------------------------------------------------------------------------

OCTET_STREAM = {"Content-Type": "application/octet-stream"}
# A 1×1 PNG, a minimal PDF, and two kinds the server must refuse whatever their name.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4f80000000049454e44ae426082")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(50) + b"This program cannot be run in DOS mode."
WEB_PAGE = b"<html><body><script>alert(document.cookie)</script></body></html>"
SCHOOL_ZONE = "Europe/Paris"  # the demo school's time zone
MAX_FILE_BYTES = int(os.environ.get("CARTABLE_MAX_FILE_MB", "20")) * 1024 * 1024


class School:
    """What the work and documents tests need to know about the demo school, read through the API."""

    def __init__(self, contract: Contract, demo: Demo):
        today = body(call(contract, demo["eleve"], "GET", "/api/v1/today", "today as eleve (work)", 200)) or {}
        self.today = dt.date.fromisoformat(today["today"]) if today.get("today") else dt.date.today()
        self.eleve_id = demo.me["eleve"].get("user", {}).get("id", "")
        maths = {t["className"]: t["classId"] for t in demo.me["prof"].get("teachings", []) if t.get("subject") == "Mathématiques"}
        self.four_b = maths.get("4e B", "")
        children = {c.get("pupil", {}).get("firstName"): c for c in demo.me["parent"].get("children", [])}
        self.hugo_id = children.get("Hugo", {}).get("pupil", {}).get("id", "")
        hugo_classes = {c.get("id") for c in children.get("Hugo", {}).get("classes", [])}
        # Another class where prof teaches mathematics, preferably Hugo's (so that the guardian may read it).
        others = sorted(set(maths.values()) - {self.four_b}, key=lambda class_id: class_id not in hugo_classes)
        self.other_class = others[0] if others else ""
        self.other_class_is_hugos = self.other_class in hugo_classes
        if not (self.eleve_id and self.four_b and self.other_class and self.hugo_id):
            pytest.fail("the demo school should have eleve in 4e B, Hugo, and prof teaching mathematics in 4e B and another class")


@pytest.fixture(scope="module")
def school(contract, demo) -> School:
    return School(contract, demo)


class Outsiders:
    """A pupil who is not in 4e B and a teacher who does not teach it (every demo account has the demo password)."""

    def __init__(self):
        self.pupil: requests.Session | None = None
        self.teacher: requests.Session | None = None


@pytest.fixture(scope="module")
def outsiders(contract, demo, school) -> Outsiders:
    found = Outsiders()
    known = {school.eleve_id, school.hugo_id, demo.me["prof"].get("user", {}).get("id")}
    for role in ("pupil", "teacher"):
        users = (body(call(contract, demo["direction"], "GET", "/api/v1/accounts", f"list {role}s", 200,
                           params={"role": role, "limit": 30})) or {}).get("users", [])
        for user in [u for u in users if u.get("id") not in known][:6]:
            session, response = sign_in(contract, user["login"], label=f"sign in as a {role}")
            if response.status_code != 201:
                continue
            me = body(call(contract, session, "GET", "/api/v1/me", f"me as a {role}", 200)) or {}
            classes = {c.get("id") for c in me.get("classes", [])} | {t.get("classId") for t in me.get("teachings", [])}
            if school.four_b not in classes and classes:
                setattr(found, role, session)
                break
            session.delete(url("/api/v1/sessions/current"), timeout=TIMEOUT)
    if found.pupil is None or found.teacher is None:
        pytest.fail("no pupil outside 4e B or no teacher outside 4e B among the first demo accounts")
    yield found
    for session in (found.pupil, found.teacher):
        try:
            session.delete(url("/api/v1/sessions/current"), timeout=TIMEOUT)
        except requests.RequestException:
            pass


def error_code(response: requests.Response) -> str | None:
    return ((body(response) or {}).get("error") or {}).get("code")


def expect_code(contract: Contract, response: requests.Response, label: str, code: str) -> None:
    if error_code(response) != code:
        contract.mismatch(f"{label}: expected error code {code!r}, got {error_code(response)!r}")


def post_work(contract: Contract, prof: requests.Session, class_id: str, today: dt.date, label: str,
              with_work: bool = True) -> str:
    """Posts a mathematics entry (with work due in four days, unless `with_work` is false); returns its id."""
    entry = {"subject": "Mathématiques", "sessionDate": today.isoformat(), "done": f"Contrat OpenAPI {uuid.uuid4().hex[:10]}."}
    if with_work:
        entry.update(work=f"Exercice de contrat {uuid.uuid4().hex[:10]}.", dueDate=(today + dt.timedelta(days=4)).isoformat())
    response = call(contract, prof, "POST", f"/api/v1/classes/{class_id}/entries", label, 201, json=entry)
    entries = (body(response) or {}).get("entries") or [{}]
    if response.status_code != 201 or "id" not in entries[0]:
        contract.finish(label)
    return entries[0]["id"]


def make_assignment(contract: Contract, prof: requests.Session, entry_id: str, settings: dict, label: str) -> dict:
    response = call(contract, prof, "PUT", f"/api/v1/entries/{entry_id}/assignment", label, 200, json=settings)
    assignment = body(response) or {}
    if response.status_code != 200 or "id" not in assignment:
        contract.finish(label)
    return assignment


def upload(contract: Contract, session: requests.Session | None, path: str, label: str, expect: int | None, content: bytes,
           name: str | None = None, headers: dict | None = None, **params) -> requests.Response:
    query = {key: value for key, value in {"name": name, **params}.items() if value is not None}
    return call(contract, session, "POST", path, label, expect, params=query, data=content,
                headers=OCTET_STREAM if headers is None else headers)


def download(session: requests.Session, href: str) -> requests.Response:
    """A file's `href` is a page, not an API operation: fetched outside the contract."""
    return session.get(url(href), timeout=TIMEOUT, allow_redirects=False)


def delete_entries(prof: requests.Session, entry_ids: list[str]) -> None:
    for entry_id in entry_ids:
        try:
            prof.delete(url(f"/api/v1/entries/{entry_id}"), timeout=TIMEOUT)
        except requests.RequestException:
            pass


def test_assignment_settings_and_reading(contract, demo, school, outsiders):
    """Setting an assignment on an entry, reading it as each role, and what its answer kinds refuse."""
    eleve, parent, prof, staff = demo["eleve"], demo["parent"], demo["prof"], demo["direction"]
    today = school.today
    created: list[str] = []
    try:
        entry_id = post_work(contract, prof, school.four_b, today, "entry for an assignment")
        created.append(entry_id)
        path = f"/api/v1/entries/{entry_id}/assignment"
        due = today + dt.timedelta(days=5)
        settings = {"instructions": "Rédigez la démonstration.", "dueDate": due.isoformat(), "dueTime": "17:30",
                    "answerKinds": "files", "allowsLate": False}
        assignment = make_assignment(contract, prof, entry_id, settings, "set assignment")
        expected = {"entryId": entry_id, "classId": school.four_b, "className": "4e B", "subject": "Mathématiques",
                    "instructions": settings["instructions"], "dueDate": due.isoformat(), "dueTime": "17:30",
                    "answerKinds": "files", "allowsLate": False}
        wrong = {key: assignment.get(key) for key, value in expected.items() if assignment.get(key) != value}
        if wrong:
            contract.mismatch(f"set assignment: unexpected values {wrong}")
        try:
            due_at = dt.datetime.fromisoformat(assignment.get("dueAt", "").replace("Z", "+00:00")).astimezone(ZoneInfo(SCHOOL_ZONE))
            if (due_at.date(), due_at.hour, due_at.minute) != (due, 17, 30):
                contract.mismatch(f"set assignment: dueAt {assignment.get('dueAt')} is not {due} 17:30 in {SCHOOL_ZONE}")
        except ValueError:
            pass  # the schema check reports a malformed dueAt
        assignment_id = assignment["id"]

        # Changing it keeps its id; absent fields take their defaults.
        changed = body(call(contract, prof, "PUT", path, "change assignment", 200,
                            json={"dueDate": due.isoformat(), "answerKinds": "files"})) or {}
        if changed.get("id") != assignment_id:
            contract.mismatch(f"change assignment: the id changed from {assignment_id} to {changed.get('id')}")
        if (changed.get("dueTime"), changed.get("allowsLate"), changed.get("instructions")) != ("18:00", True, ""):
            contract.mismatch(f"change assignment: expected the defaults 18:00, allowsLate and no instructions, got {changed}")

        # Refused settings.
        many = call(contract, prof, "PUT", path, "set assignment, many problems", 422,
                    json={"instructions": "x" * 10001, "dueDate": "2025-02-30", "dueTime": "25:00", "answerKinds": "video"})
        expect_fields(contract, many, "set assignment, many problems", "instructions", "dueDate", "dueTime", "answerKinds")
        expect_fields(contract, call(contract, prof, "PUT", path, "set assignment, no due date", 422, json={}),
                      "set assignment, no due date", "dueDate")
        expect_fields(contract, call(contract, prof, "PUT", path, "set assignment, due yesterday", 422,
                                     json={"dueDate": (today - dt.timedelta(days=1)).isoformat()}),
                      "set assignment, due yesterday", "dueDate")
        expect_fields(contract, call(contract, prof, "PUT", path, "set assignment, due in over a year", 422,
                                     json={"dueDate": (today + dt.timedelta(days=400)).isoformat()}),
                      "set assignment, due in over a year", "dueDate")
        call(contract, prof, "PUT", path, "set assignment, wrong JSON type", 400, json={**settings, "allowsLate": "yes"})
        call(contract, prof, "PUT", path, "set assignment, invalid JSON", 400, data="{", headers={"Content-Type": "application/json"})
        call(contract, prof, "PUT", path, "set assignment, text/plain", 403, data=json.dumps(settings),
             headers={"Content-Type": "text/plain"})
        call(contract, prof, "PUT", path, "set assignment, foreign Origin", 403, json=settings, headers={"Origin": FOREIGN_ORIGIN})
        call(contract, prof, "PUT", path, "set assignment, body over 256 KiB", 413, json={**settings, "instructions": "x" * (300 * 1024)})
        call(contract, None, "PUT", path, "set assignment, anonymous", 401, json=settings)
        call(contract, eleve, "PUT", path, "set assignment as pupil", 404, json=settings)
        call(contract, staff, "PUT", path, "set assignment as staff", 404, json=settings)
        call(contract, outsiders.teacher, "PUT", path, "set assignment as a teacher of other classes", 404, json=settings)
        call(contract, prof, "PUT", f"/api/v1/entries/{uuid.uuid4()}/assignment", "set assignment, unknown entry", 404, json=settings)
        call(contract, prof, "PUT", "/api/v1/entries/42/assignment", "set assignment, malformed entry id", 404, json=settings)
        no_work = post_work(contract, prof, school.four_b, today, "entry without work", with_work=False)
        created.append(no_work)
        call(contract, prof, "PUT", f"/api/v1/entries/{no_work}/assignment", "set assignment on an entry without work", 404, json=settings)

        # Reading: only a pupil of the class gets their own work with it.
        assignment_path = f"/api/v1/assignments/{assignment_id}"
        for login, session in (("prof", prof), ("parent", parent), ("direction", staff)):
            detail = body(call(contract, session, "GET", assignment_path, f"read assignment as {login}", 200)) or {}
            if detail.get("assignment", {}).get("id") != assignment_id or "submission" in detail:
                contract.mismatch(f"read assignment as {login}: expected the assignment without a submission, got {detail}")
        mine = body(call(contract, eleve, "GET", assignment_path, "read assignment as eleve", 200)) or {}
        submission = mine.get("submission") or {}
        if (submission.get("pupilId"), submission.get("state"), submission.get("revision"), submission.get("text"),
                submission.get("files")) != (school.eleve_id, "not_started", 0, "", []) or "savedAt" in submission:
            contract.mismatch(f"read assignment as eleve: expected eleve's work, not started, got {submission}")
        call(contract, outsiders.pupil, "GET", assignment_path, "read assignment as a pupil of another class", 404)
        call(contract, outsiders.teacher, "GET", assignment_path, "read assignment as a teacher of other classes", 404)
        call(contract, eleve, "GET", f"/api/v1/assignments/{uuid.uuid4()}", "read an unknown assignment", 404)
        call(contract, eleve, "GET", "/api/v1/assignments/42", "read a malformed assignment id", 404)
        call(contract, None, "GET", assignment_path, "read assignment, anonymous", 401)

        # Work of another class: eleve may neither read nor do it; the guardian of a pupil there may read it.
        other_entry = post_work(contract, prof, school.other_class, today, "entry in another class")
        created.append(other_entry)
        other = make_assignment(contract, prof, other_entry, {"dueDate": due.isoformat()}, "set assignment in another class")
        other_path = f"/api/v1/assignments/{other['id']}"
        call(contract, eleve, "GET", other_path, "read another class's assignment as eleve", 404)
        if school.other_class_is_hugos:
            call(contract, parent, "GET", other_path, "read Hugo's class's assignment as parent", 200)
        call(contract, eleve, "PUT", f"{other_path}/draft", "draft for another class", 404, json={"text": "Non.", "revision": 1})
        upload(contract, eleve, f"{other_path}/files", "file for another class", 404, PDF, "copie.pdf")
        call(contract, eleve, "POST", f"{other_path}/hand-in", "hand in for another class", 404, json={"handInId": str(uuid.uuid4())})

        # What the answer kinds refuse (nothing is written).
        draft = call(contract, eleve, "PUT", f"{assignment_path}/draft", "draft for files-only work", 422,
                     json={"text": "Ma réponse.", "revision": 1})
        expect_fields(contract, draft, "draft for files-only work", "text")
        make_assignment(contract, prof, entry_id, {"dueDate": due.isoformat(), "answerKinds": "text"}, "make it text-only")
        refused = upload(contract, eleve, f"{assignment_path}/files", "file for text-only work", 422, PDF, "copie.pdf")
        expect_fields(contract, refused, "file for text-only work", "file")
        empty = call(contract, eleve, "POST", f"{assignment_path}/hand-in", "hand in nothing", 422, json={"handInId": str(uuid.uuid4())})
        expect_fields(contract, empty, "hand in nothing", "text")
        after = (body(call(contract, eleve, "GET", assignment_path, "read assignment after refusals", 200)) or {}).get("submission", {})
        if after.get("state") != "not_started" or after.get("handInId"):
            contract.mismatch(f"read assignment after refusals: nothing should have been saved, got {after}")

        # Refused requests wrote nothing, so the entries can still be deleted (with their assignment).
        for entry in list(created):
            deleted = call(contract, prof, "DELETE", f"/api/v1/entries/{entry}", "delete an entry whose work nobody started", 204)
            if deleted.status_code == 204:
                created.remove(entry)
        call(contract, eleve, "GET", assignment_path, "read the assignment of a deleted entry", 404)
    finally:
        delete_entries(prof, created)
    contract.finish("assignment settings and reading")
    COMPLETED.add("assignments")


def test_drafts_files_hand_in_and_return(contract, demo, school, outsiders):
    """A pupil's work from the first draft to the teacher's return, with every refusal on the way."""
    eleve, parent, prof, staff = demo["eleve"], demo["parent"], demo["prof"], demo["direction"]
    entry_id = post_work(contract, prof, school.four_b, school.today, "entry for work to hand in")
    assignment = make_assignment(contract, prof, entry_id, {
        "instructions": "Rédigez ou joignez une photo.", "dueDate": (school.today + dt.timedelta(days=3)).isoformat(),
        "dueTime": "18:00", "answerKinds": "both", "allowsLate": False}, "set assignment for work")
    base = f"/api/v1/assignments/{assignment['id']}"
    draft_path, files_path, hand_in_path = f"{base}/draft", f"{base}/files", f"{base}/hand-in"
    mine_path = f"{base}/submissions/{school.eleve_id}"

    # Drafts: a revision only ever moves forward.
    saved = body(call(contract, eleve, "PUT", draft_path, "save draft", 200, json={"text": "Premier jet.", "revision": 1})) or {}
    if (saved.get("revision"), saved.get("state")) != (1, "draft"):
        contract.mismatch(f"save draft: expected revision 1 in state draft, got {saved}")
    call(contract, eleve, "PUT", draft_path, "save draft again (a retry)", 200, json={"text": "Premier jet.", "revision": 1})
    clash = call(contract, eleve, "PUT", draft_path, "save another text with the same revision", 409,
                 json={"text": "Autre.", "revision": 1})
    expect_code(contract, clash, "save another text with the same revision", "stale_revision")
    if (body(clash) or {}).get("error", {}).get("currentRevision") != 1:
        contract.mismatch(f"save another text with the same revision: currentRevision should be 1, got {clash.text[:200]}")
    call(contract, eleve, "PUT", draft_path, "save a newer draft", 200, json={"text": "  Deuxième jet.\n", "revision": 5})
    stale = call(contract, eleve, "PUT", draft_path, "save an older draft", 409, json={"text": "Vieux.", "revision": 3})
    expect_code(contract, stale, "save an older draft", "stale_revision")
    if (body(stale) or {}).get("error", {}).get("currentRevision") != 5:
        contract.mismatch(f"save an older draft: currentRevision should be 5, got {stale.text[:200]}")
    mine = (body(call(contract, eleve, "GET", base, "read own draft", 200)) or {}).get("submission", {})
    if (mine.get("text"), mine.get("revision"), mine.get("state")) != ("  Deuxième jet.\n", 5, "draft") or "savedAt" not in mine:
        contract.mismatch(f"read own draft: expected the revision 5 text as sent (not trimmed), got {mine}")
    expect_fields(contract, call(contract, eleve, "PUT", draft_path, "save draft, revision 0", 422, json={"text": "x", "revision": 0}),
                  "save draft, revision 0", "revision")
    expect_fields(contract, call(contract, eleve, "PUT", draft_path, "save draft, no revision", 422, json={"text": "x"}),
                  "save draft, no revision", "revision")
    expect_fields(contract, call(contract, eleve, "PUT", draft_path, "save draft, text too long", 422,
                                 json={"text": "x" * 100_001, "revision": 9}), "save draft, text too long", "text")
    call(contract, eleve, "PUT", draft_path, "save draft, wrong JSON type", 400, json={"text": "x", "revision": "9"})
    call(contract, eleve, "PUT", draft_path, "save draft, invalid JSON", 400, data='{"text": ',
         headers={"Content-Type": "application/json"})
    call(contract, eleve, "PUT", draft_path, "save draft, text/plain", 403, data='{"text": "x", "revision": 9}',
         headers={"Content-Type": "text/plain"})
    call(contract, eleve, "PUT", draft_path, "save draft, foreign Origin", 403, json={"text": "x", "revision": 9},
         headers={"Origin": FOREIGN_ORIGIN})
    call(contract, eleve, "PUT", draft_path, "save draft, body over 256 KiB", 413, json={"text": "x" * (300 * 1024), "revision": 9})
    call(contract, None, "PUT", draft_path, "save draft, anonymous", 401, json={"text": "x", "revision": 9})
    for login, session in (("prof", prof), ("parent", parent), ("a pupil of another class", outsiders.pupil)):
        call(contract, session, "PUT", draft_path, f"save draft as {login}", 404, json={"text": "x", "revision": 9})
    call(contract, eleve, "PUT", f"/api/v1/assignments/{uuid.uuid4()}/draft", "save draft, unknown assignment", 404,
         json={"text": "x", "revision": 9})

    # Files: the type comes from the content, never from the name.
    added = body(upload(contract, eleve, files_path, "attach a photo", 201, PNG, "photo de ma copie.png")) or {}
    photo = (added.get("files") or [{}])[-1]
    if (photo.get("name"), photo.get("contentType"), photo.get("size")) != ("photo de ma copie.png", "image/png", len(PNG)):
        contract.mismatch(f"attach a photo: unexpected file {photo}")
    if added.get("text") != "  Deuxième jet.\n" or added.get("pupilId") != school.eleve_id:
        contract.mismatch(f"attach a photo: the answer should come back with the draft, got {added}")
    if photo.get("href") and download(eleve, photo["href"]).content != PNG:
        contract.mismatch(f"attach a photo: {photo['href']} does not give back the file")
    pdf = (body(upload(contract, eleve, files_path, "attach a PDF named without extension", 201, PDF, "copie")) or {}).get("files") or [{}]
    if (pdf[-1].get("name"), pdf[-1].get("contentType"), len(pdf)) != ("copie.pdf", "application/pdf", 2):
        contract.mismatch(f"attach a PDF named without extension: expected a second file copie.pdf, got {pdf}")
    for label, content, name in (("attach a program", EXECUTABLE, "devoir.pdf"), ("attach a web page", WEB_PAGE, "devoir.txt"),
                                 ("attach an empty file", b"", "vide.pdf")):
        expect_fields(contract, upload(contract, eleve, files_path, label, 422, content, name), label, "file")
    too_big = upload(contract, eleve, files_path, "attach a file over the size limit", 413,
                     b"%PDF-1.4\n" + bytes(MAX_FILE_BYTES), "gros.pdf")
    expect_code(contract, too_big, "attach a file over the size limit", "file_too_large")
    upload(contract, eleve, files_path, "attach without Content-Type", 403, PDF, "copie.pdf", headers={})
    upload(contract, eleve, files_path, "attach as a form", 403, PDF, "copie.pdf",
           headers={"Content-Type": "multipart/form-data; boundary=x"})
    upload(contract, eleve, files_path, "attach, foreign Origin", 403, PDF, "copie.pdf", headers={**OCTET_STREAM, "Origin": FOREIGN_ORIGIN})
    upload(contract, None, files_path, "attach, anonymous", 401, PDF, "copie.pdf")
    upload(contract, prof, files_path, "attach as prof", 404, PDF, "copie.pdf")
    upload(contract, outsiders.pupil, files_path, "attach as a pupil of another class", 404, PDF, "copie.pdf")
    upload(contract, eleve, f"/api/v1/assignments/{uuid.uuid4()}/files", "attach to an unknown assignment", 404, PDF, "copie.pdf")

    # Removing a file.
    if len(pdf) == 2 and "id" in pdf[-1]:
        pdf_path = f"{files_path}/{pdf[-1]['id']}"
        call(contract, prof, "DELETE", pdf_path, "remove a file as prof", 404)
        call(contract, outsiders.pupil, "DELETE", pdf_path, "remove a file as a pupil of another class", 404)
        call(contract, None, "DELETE", pdf_path, "remove a file, anonymous", 401)
        call(contract, eleve, "DELETE", pdf_path, "remove a file, foreign Origin", 403, headers={"Origin": FOREIGN_ORIGIN})
        call(contract, eleve, "DELETE", pdf_path, "remove a file", 204)
        call(contract, eleve, "DELETE", pdf_path, "remove a file again", 404)
    call(contract, eleve, "DELETE", f"{files_path}/{uuid.uuid4()}", "remove an unknown file", 404)
    call(contract, eleve, "DELETE", f"{files_path}/42", "remove a malformed file id", 404)

    # Before the hand-in, the teacher sees where the work stands but not the work.
    early = body(call(contract, prof, "GET", mine_path, "read a draft as prof", 200)) or {}
    if (early.get("state"), early.get("text"), early.get("files")) != ("draft", "", []):
        contract.mismatch(f"read a draft as prof: expected state draft with no text or files shown, got {early}")
    early_return = call(contract, prof, "POST", f"{mine_path}/return", "return work not handed in", 409, json={"feedback": "Trop tôt."})
    expect_code(contract, early_return, "return work not handed in", "not_handed_in")

    # Handing in.
    hand_in_id = str(uuid.uuid4())
    final = {"handInId": hand_in_id, "text": "Version finale.", "revision": 6}
    expect_fields(contract, call(contract, eleve, "POST", hand_in_path, "hand in without id", 422, json={"text": "x", "revision": 6}),
                  "hand in without id", "handInId")
    expect_fields(contract, call(contract, eleve, "POST", hand_in_path, "hand in, malformed id", 422, json={"handInId": "demain"}),
                  "hand in, malformed id", "handInId")
    expect_fields(contract, call(contract, eleve, "POST", hand_in_path, "hand in, text without revision", 422,
                                 json={"handInId": hand_in_id, "text": "x"}), "hand in, text without revision", "revision")
    call(contract, eleve, "POST", hand_in_path, "hand in, wrong JSON type", 400, json={**final, "revision": "6"})
    call(contract, eleve, "POST", hand_in_path, "hand in, invalid JSON", 400, data="[", headers={"Content-Type": "application/json"})
    call(contract, eleve, "POST", hand_in_path, "hand in, text/plain", 403, data=json.dumps(final), headers={"Content-Type": "text/plain"})
    call(contract, eleve, "POST", hand_in_path, "hand in, foreign Origin", 403, json=final, headers={"Origin": FOREIGN_ORIGIN})
    call(contract, eleve, "POST", hand_in_path, "hand in, body over 256 KiB", 413, json={**final, "text": "x" * (300 * 1024)})
    call(contract, None, "POST", hand_in_path, "hand in, anonymous", 401, json=final)
    call(contract, prof, "POST", hand_in_path, "hand in as prof", 404, json=final)
    call(contract, parent, "POST", hand_in_path, "hand in as parent", 404, json=final)
    handed = body(call(contract, eleve, "POST", hand_in_path, "hand in", 200, json=final)) or {}
    handed_files = [f.get("name") for f in handed.get("files", [])]
    if (handed.get("state"), handed.get("handInId"), handed.get("text"), handed.get("revision"), handed.get("isLate"),
            handed_files) != ("handed_in", hand_in_id, "Version finale.", 6, False, ["photo de ma copie.png"]):
        contract.mismatch(f"hand in: unexpected work {handed}")
    if not handed.get("handedInAt"):
        contract.mismatch("hand in: handedInAt is missing")
    again = body(call(contract, eleve, "POST", hand_in_path, "hand in again with the same id", 200, json={"handInId": hand_in_id})) or {}
    if (again.get("handedInAt"), again.get("handInId"), again.get("text")) != (handed.get("handedInAt"), hand_in_id, "Version finale."):
        contract.mismatch(f"hand in again with the same id: expected the same hand-in, got {again}")
    second = call(contract, eleve, "POST", hand_in_path, "hand in with another id", 409, json={"handInId": str(uuid.uuid4())})
    expect_code(contract, second, "hand in with another id", "already_handed_in")
    late_draft = call(contract, eleve, "PUT", draft_path, "save draft after the hand-in", 409, json={"text": "Oubli.", "revision": 7})
    expect_code(contract, late_draft, "save draft after the hand-in", "already_handed_in")
    expect_code(contract, upload(contract, eleve, files_path, "attach after the hand-in", 409, PDF, "oubli.pdf"),
                "attach after the hand-in", "already_handed_in")
    if photo.get("id"):
        expect_code(contract, call(contract, eleve, "DELETE", f"{files_path}/{photo['id']}", "remove a file after the hand-in", 409),
                    "remove a file after the hand-in", "already_handed_in")

    # The class's work, as its teacher and as staff.
    listing = body(call(contract, prof, "GET", f"{base}/submissions", "list submissions", 200)) or {}
    rows = listing.get("submissions", [])
    if listing.get("assignment", {}).get("id") != assignment["id"] or len(rows) < 10:
        contract.mismatch(f"list submissions: expected the assignment and every pupil of 4e B, got {len(rows)} rows")
    own = [row for row in rows if row.get("pupil", {}).get("id") == school.eleve_id]
    if len(own) != 1 or own[0].get("submission", {}).get("state") != "handed_in" or own[0]["submission"].get("text") != "Version finale.":
        contract.mismatch(f"list submissions: eleve's handed-in work should be listed with its text, got {own}")
    if any(row.get("submission", {}).get("pupilId") != row.get("pupil", {}).get("id") for row in rows):
        contract.mismatch("list submissions: each submission's pupilId should be its pupil's id")
    classmate = next((row["pupil"]["id"] for row in rows if row.get("pupil", {}).get("id") != school.eleve_id), str(uuid.uuid4()))
    call(contract, staff, "GET", f"{base}/submissions", "list submissions as staff", 200)
    for login, session in (("eleve", eleve), ("parent", parent), ("a teacher of other classes", outsiders.teacher)):
        call(contract, session, "GET", f"{base}/submissions", f"list submissions as {login}", 404)
    call(contract, prof, "GET", f"/api/v1/assignments/{uuid.uuid4()}/submissions", "list submissions, unknown assignment", 404)
    call(contract, None, "GET", f"{base}/submissions", "list submissions, anonymous", 401)

    # One pupil's work.
    for login, session in (("prof", prof), ("eleve", eleve), ("parent", parent), ("direction", staff)):
        seen = body(call(contract, session, "GET", mine_path, f"read handed-in work as {login}", 200)) or {}
        if (seen.get("state"), seen.get("text"), len(seen.get("files", []))) != ("handed_in", "Version finale.", 1):
            contract.mismatch(f"read handed-in work as {login}: expected the handed-in text and file, got {seen}")
    call(contract, eleve, "GET", f"{base}/submissions/{classmate}", "read a classmate's work as eleve", 404)
    call(contract, parent, "GET", f"{base}/submissions/{classmate}", "read a classmate's work as parent", 404)
    call(contract, prof, "GET", f"{base}/submissions/{school.hugo_id}", "read the work of a pupil not in the class", 404)
    call(contract, outsiders.teacher, "GET", mine_path, "read work as a teacher of other classes", 404)
    call(contract, prof, "GET", f"{base}/submissions/{uuid.uuid4()}", "read the work of an unknown pupil", 404)
    call(contract, None, "GET", mine_path, "read work, anonymous", 401)

    # Returning it.
    return_path = f"{mine_path}/return"
    feedback = {"feedback": "Bonne démonstration, soignez la rédaction.", "mark": "15/20"}
    expect_fields(contract, call(contract, prof, "POST", return_path, "return without feedback", 422, json={"feedback": "  "}),
                  "return without feedback", "feedback")
    expect_fields(contract, call(contract, prof, "POST", return_path, "return, mark too long", 422,
                                 json={"feedback": "Bien.", "mark": "x" * 21}), "return, mark too long", "mark")
    call(contract, prof, "POST", return_path, "return, wrong JSON type", 400, json={"feedback": "Bien.", "mark": 15})
    call(contract, prof, "POST", return_path, "return, invalid JSON", 400, data="feedback", headers={"Content-Type": "application/json"})
    call(contract, prof, "POST", return_path, "return, text/plain", 403, data=json.dumps(feedback), headers={"Content-Type": "text/plain"})
    call(contract, prof, "POST", return_path, "return, foreign Origin", 403, json=feedback, headers={"Origin": FOREIGN_ORIGIN})
    call(contract, prof, "POST", return_path, "return, body over 256 KiB", 413, json={"feedback": "x" * (300 * 1024)})
    call(contract, None, "POST", return_path, "return, anonymous", 401, json=feedback)
    for login, session in (("eleve", eleve), ("direction", staff), ("a teacher of other classes", outsiders.teacher)):
        call(contract, session, "POST", return_path, f"return as {login}", 404, json=feedback)
    call(contract, prof, "POST", f"{base}/submissions/{school.hugo_id}/return", "return the work of a pupil not in the class", 404,
         json=feedback)
    not_started = call(contract, prof, "POST", f"{base}/submissions/{classmate}/return", "return a classmate's work not started", 409,
                       json=feedback)
    expect_code(contract, not_started, "return a classmate's work not started", "not_handed_in")
    returned = body(call(contract, prof, "POST", return_path, "return work", 200, json=feedback)) or {}
    if (returned.get("state"), returned.get("feedback"), returned.get("mark"), returned.get("text")) != (
            "returned", feedback["feedback"], "15/20", "Version finale.") or not returned.get("returnedAt"):
        contract.mismatch(f"return work: unexpected work {returned}")
    seen = (body(call(contract, eleve, "GET", base, "read returned work as eleve", 200)) or {}).get("submission", {})
    if (seen.get("state"), seen.get("feedback"), seen.get("mark")) != ("returned", feedback["feedback"], "15/20"):
        contract.mismatch(f"read returned work as eleve: the feedback should be shown, got {seen}")

    # Work has started: the entry can no longer be deleted (it stays in the demo school).
    expect_code(contract, call(contract, prof, "DELETE", f"/api/v1/entries/{entry_id}", "delete an entry whose work was handed in", 409),
                "delete an entry whose work was handed in", "work_started")
    contract.finish("drafts, files, hand-in and return")
    COMPLETED.add("work")


def test_class_documents(contract, demo, school, outsiders):
    eleve, parent, prof, staff = demo["eleve"], demo["parent"], demo["prof"], demo["direction"]
    documents_path = f"/api/v1/classes/{school.four_b}/documents"
    added: list[str] = []
    created: list[str] = []
    try:
        # Listing.
        for login, session in (("eleve", eleve), ("parent", parent), ("prof", prof), ("direction", staff)):
            listed = (body(call(contract, session, "GET", documents_path, f"list documents as {login}", 200)) or {}).get("documents", [])
            if not listed or any(item.get("classId") != school.four_b for item in listed):
                contract.mismatch(f"list documents as {login}: expected the demo documents of 4e B only, got {len(listed)}")
        call(contract, eleve, "GET", f"/api/v1/classes/{school.other_class}/documents", "list another class's documents as eleve", 404)
        call(contract, outsiders.teacher, "GET", documents_path, "list documents as a teacher of other classes", 404)
        call(contract, eleve, "GET", f"/api/v1/classes/{uuid.uuid4()}/documents", "list documents of an unknown class", 404)
        call(contract, None, "GET", documents_path, "list documents, anonymous", 401)

        # Adding to a folder.
        folder_name = f"Contrat/{uuid.uuid4().hex[:8]}"
        response = upload(contract, prof, documents_path, "add a document", 201, PDF, "Fiche de révision.pdf", folder=folder_name)
        document = body(response) or {}
        added += [document["id"]] if "id" in document else []
        expected = {"classId": school.four_b, "folder": folder_name.replace("/", "-"), "name": "Fiche de révision.pdf",
                    "contentType": "application/pdf", "size": len(PDF)}
        wrong = {key: document.get(key) for key, value in expected.items() if document.get(key) != value}
        if wrong or "entryId" in document:
            contract.mismatch(f"add a document: unexpected values {wrong} (entryId: {document.get('entryId')})")
        listed = (body(call(contract, eleve, "GET", documents_path, "list documents after adding", 200)) or {}).get("documents", [])
        if document.get("id") and document not in listed:
            contract.mismatch("list documents after adding: the new document is missing or different")
        if document.get("href") and download(eleve, document["href"]).content != PDF:
            contract.mismatch(f"add a document: {document['href']} does not give back the file to a pupil of the class")

        # Attaching to an entry (the folder is then ignored).
        entry_id = post_work(contract, prof, school.four_b, school.today, "entry for a document")
        created.append(entry_id)
        attached = body(upload(contract, prof, documents_path, "attach a document to an entry", 201, PNG, "schéma.png",
                               entryId=entry_id, folder="ignoré")) or {}
        added += [attached["id"]] if "id" in attached else []
        if (attached.get("entryId"), attached.get("folder"), attached.get("contentType")) != (entry_id, "", "image/png"):
            contract.mismatch(f"attach a document to an entry: unexpected document {attached}")

        # Refusals.
        for label, content in (("add a program", EXECUTABLE), ("add a web page", WEB_PAGE), ("add an empty file", b"")):
            expect_fields(contract, upload(contract, prof, documents_path, label, 422, content, "fiche.pdf"), label, "file")
        expect_fields(contract, upload(contract, prof, documents_path, "add a document, folder name too long", 422, PDF, "fiche.pdf",
                                       folder="d" * 81), "add a document, folder name too long", "folder")
        too_big = upload(contract, prof, documents_path, "add a document over the size limit", 413,
                         b"%PDF-1.4\n" + bytes(MAX_FILE_BYTES), "gros.pdf")
        expect_code(contract, too_big, "add a document over the size limit", "file_too_large")
        other_entry = post_work(contract, prof, school.other_class, school.today, "entry of another class for a document")
        created.append(other_entry)
        upload(contract, prof, documents_path, "attach to an entry of another class", 404, PDF, "fiche.pdf", entryId=other_entry)
        upload(contract, prof, documents_path, "attach to an unknown entry", 404, PDF, "fiche.pdf", entryId=str(uuid.uuid4()))
        upload(contract, prof, documents_path, "add a document without Content-Type", 403, PDF, "fiche.pdf", headers={})
        upload(contract, prof, documents_path, "add a document as a form", 403, PDF, "fiche.pdf",
               headers={"Content-Type": "application/x-www-form-urlencoded"})
        upload(contract, prof, documents_path, "add a document, foreign Origin", 403, PDF, "fiche.pdf",
               headers={**OCTET_STREAM, "Origin": FOREIGN_ORIGIN})
        upload(contract, None, documents_path, "add a document, anonymous", 401, PDF, "fiche.pdf")
        for login, session in (("eleve", eleve), ("direction", staff), ("a teacher of other classes", outsiders.teacher)):
            upload(contract, session, documents_path, f"add a document as {login}", 404, PDF, "fiche.pdf")
        upload(contract, prof, f"/api/v1/classes/{uuid.uuid4()}/documents", "add a document to an unknown class", 404, PDF, "fiche.pdf")

        # Deleting.
        for document_id in list(added):
            document_path = f"/api/v1/documents/{document_id}"
            for login, session in (("eleve", eleve), ("direction", staff), ("a teacher of other classes", outsiders.teacher)):
                call(contract, session, "DELETE", document_path, f"delete a document as {login}", 404)
            call(contract, None, "DELETE", document_path, "delete a document, anonymous", 401)
            call(contract, prof, "DELETE", document_path, "delete a document, foreign Origin", 403, headers={"Origin": FOREIGN_ORIGIN})
            if call(contract, prof, "DELETE", document_path, "delete a document", 204).status_code == 204:
                added.remove(document_id)
            call(contract, prof, "DELETE", document_path, "delete a document again", 404)
        if document.get("href") and download(eleve, document["href"]).status_code != 404:
            contract.mismatch("delete a document: its download should be gone (404)")
        call(contract, prof, "DELETE", "/api/v1/documents/42", "delete a malformed document id", 404)
    finally:
        for document_id in added:
            prof.delete(url(f"/api/v1/documents/{document_id}"), timeout=TIMEOUT)
        delete_entries(prof, created)
    contract.finish("class documents")
    COMPLETED.add("documents")


def test_timetable(contract, demo):
    eleve, parent, prof, staff = demo["eleve"], demo["parent"], demo["prof"], demo["direction"]
    today_text = (body(call(contract, eleve, "GET", "/api/v1/today", "today as eleve", 200)) or {}).get("today")
    today = dt.date.fromisoformat(today_text) if today_text else dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    every_class = (body(call(contract, staff, "GET", "/api/v1/classes", "classes as direction", 200)) or {}).get("classes", [])
    four_b, six_a = class_named(every_class, "4e B"), class_named(every_class, "6e A")
    assert four_b and six_a, "the demo school should have 4e B and 6e A"

    # The pupil's own week: this week by default, Monday to Friday (and a weekend day only with courses).
    this_week = body(call(contract, eleve, "GET", "/api/v1/timetable", "timetable as eleve", 200)) or {}
    if this_week.get("weekStart") != monday.isoformat():
        contract.mismatch(f"timetable as eleve: weekStart should be {monday}, got {this_week.get('weekStart')}")
    dates = [day.get("date") for day in this_week.get("days", [])]
    if dates[:5] != [(monday + dt.timedelta(days=n)).isoformat() for n in range(5)]:
        contract.mismatch(f"timetable as eleve: the days should start Monday to Friday, got {dates}")
    # The first week from now with courses (the demo has holidays), asked by any day of it.
    week, courses = None, []
    for weeks in range(0, 6):
        day = monday + dt.timedelta(weeks=weeks, days=2)
        answer = body(call(contract, eleve, "GET", "/api/v1/timetable", f"timetable as eleve, week of {day}", 200,
                           params={"week": day.isoformat()})) or {}
        courses = [course for d in answer.get("days", []) for course in d.get("courses", [])]
        if courses:
            week = day - dt.timedelta(days=day.weekday())
            break
    if not courses:
        contract.mismatch("timetable as eleve: no course in the next six weeks")
    for course in courses:
        if course.get("status") == "planned" and course.get("changes"):
            contract.mismatch(f"timetable as eleve: a planned course lists changes {course.get('changes')}")
        if "joinUrl" in course and not course.get("online"):
            contract.mismatch("timetable as eleve: a join path for a course in its room")
    week_param = {"week": (week or monday).isoformat()}

    # A guardian's children, chosen by `pupil`; nobody else's.
    children = {c.get("pupil", {}).get("firstName"): c.get("pupil", {}).get("id") for c in demo.me["parent"].get("children", [])}
    call(contract, parent, "GET", "/api/v1/timetable", "timetable as parent", 200, params=week_param)
    call(contract, parent, "GET", "/api/v1/timetable", "timetable as parent for Hugo", 200, params={**week_param, "pupil": children.get("Hugo", "")})
    pupils = body(call(contract, staff, "GET", "/api/v1/accounts", "list pupils", 200, params={"role": "pupil", "limit": 20})) or {}
    stranger = next((u["id"] for u in pupils.get("users", []) if u.get("id") not in children.values()), str(uuid.uuid4()))
    call(contract, parent, "GET", "/api/v1/timetable", "timetable as parent for another pupil", 404, params={"pupil": stranger})
    call(contract, eleve, "GET", "/api/v1/timetable", "timetable as eleve for another pupil", 404, params={"pupil": stranger})
    prof_id = demo.me["prof"].get("user", {}).get("id")
    own = body(call(contract, prof, "GET", "/api/v1/timetable", "timetable as prof", 200, params=week_param)) or {}
    if any(prof_id not in [t.get("id") for t in course.get("teachers", []) + course.get("replacedTeachers", [])]
           for d in own.get("days", []) for course in d.get("courses", [])):
        contract.mismatch("timetable as prof: a course they neither teach nor were planned to teach")
    call(contract, staff, "GET", "/api/v1/timetable", "timetable as staff", 404)
    bad = call(contract, eleve, "GET", "/api/v1/timetable", "timetable, invalid week", 422, params={"week": "2025-02-30"})
    expect_fields(contract, bad, "timetable, invalid week", "week")
    call(contract, None, "GET", "/api/v1/timetable", "timetable, anonymous", 401)

    # One class's week, for the readers of its page.
    class_path = f"/api/v1/classes/{four_b['id']}/timetable"
    listed = body(call(contract, staff, "GET", class_path, "timetable of 4e B as staff", 200, params=week_param)) or {}
    class_courses = [course for d in listed.get("days", []) for course in d.get("courses", [])]
    if any(course.get("classId") != four_b["id"] for course in class_courses):
        contract.mismatch("timetable of 4e B: every course should be 4e B's")
    pupil_courses = {(course.get("courseId"), course.get("plannedDate")) for course in courses}
    if week and not {(course.get("courseId"), course.get("plannedDate")) for course in class_courses} <= pupil_courses:
        contract.mismatch("timetable of 4e B: its courses should all be in the week of its pupil eleve")
    call(contract, eleve, "GET", class_path, "timetable of 4e B as eleve", 200, params=week_param)
    call(contract, eleve, "GET", f"/api/v1/classes/{six_a['id']}/timetable", "timetable of another class as eleve", 404)
    call(contract, eleve, "GET", f"/api/v1/classes/{uuid.uuid4()}/timetable", "timetable of an unknown class", 404)
    bad = call(contract, staff, "GET", class_path, "class timetable, invalid week", 422, params={"week": "lundi"})
    expect_fields(contract, bad, "class timetable, invalid week", "week")
    call(contract, None, "GET", class_path, "class timetable, anonymous", 401)
    contract.finish("timetable")
    COMPLETED.add("timetable")


# ---------------------------------------------------------------------------------------------
# Coverage
# ---------------------------------------------------------------------------------------------


def test_every_operation_was_exercised(contract):
    """Every documented operation got a success, and a client error when it documents any besides 429 (429 and 503 are not caused here)."""
    needed = {"document", "served", "sessions", "me", "accounts", "today", "entries", "assignments", "work", "documents", "timetable"}
    if not needed <= COMPLETED:
        pytest.skip(f"needs every other test to pass first (missing: {', '.join(sorted(needed - COMPLETED))})")
    problems = []
    for operation in contract.operations:
        seen = contract.outcomes.get(operation.id, set())
        documents_errors = any(code.startswith("4") and code != "429" for code in operation.node.get("responses", {}))
        if "success" not in seen:
            problems.append(f"{operation.id}: never called with a successful outcome")
        if documents_errors and "error" not in seen:
            problems.append(f"{operation.id}: never called with an error outcome")
    assert not problems, "\n".join(problems)
