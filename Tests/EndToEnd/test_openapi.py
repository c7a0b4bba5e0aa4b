"""Contract test: the OpenAPI document against the running server.

Self-contained (no fixture from conftest.py). Point it at a server holding the demo school:

    cartable demo --port 8390 --database sqlite:/tmp/openapi-demo/demo.sqlite --password-cost 10
    CARTABLE_BASE_URL=http://127.0.0.1:8390 python -m pytest Tests/EndToEnd/test_openapi.py -v

It checks that the document is valid OpenAPI 3.1, that the server serves this very file, and then
calls every documented operation, as each demo account, with a successful outcome and with
documented error outcomes. Every response must have a documented status code and a body that
validates against the documented schema (JSON Schema 2020-12); every mismatch is listed.
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
            if "requestBody" in operation and not {"400", "413"} <= set(operation["responses"]):
                problems.append(f"{name}: an operation with a body must document 400 and 413")
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
    maths = {t["classID"] for t in demo.me["prof"].get("teachings", []) if t.get("subject") == "Mathématiques"}
    other_maths = six_a["id"] if six_a["id"] in maths else next(iter(sorted(maths - {four_b["id"]})), None)
    taught = {t["classID"] for t in demo.me["prof"].get("teachings", [])}
    not_taught = next(c["id"] for c in every_class if c["id"] not in taught)

    # Listing.
    entries_path = f"/api/v1/classes/{four_b['id']}/entries"
    week = body(call(contract, eleve, "GET", entries_path, "entries of 4e B this week", 200)) or {}
    if any(entry.get("classID") != four_b["id"] for entry in week.get("entries", [])):
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
                            json={**done_only, "otherClassIDs": [other_maths, four_b["id"]]})
            two = (body(response) or {}).get("entries", [])
            created += [item["id"] for item in two if "id" in item]
            if response.status_code == 201:
                if sorted(item.get("classID") for item in two) != sorted([four_b["id"], other_maths]):
                    contract.mismatch(f"create entry for two classes: expected one entry per class, got {two}")
                if any("dueDate" in item or "estimatedMinutes" in item for item in two):
                    contract.mismatch("create entry for two classes: absent optionals must be omitted, not null")
        foreign_entry = next((item["id"] for item in (two if other_maths else []) if item.get("classID") == other_maths), None)

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
# Coverage
# ---------------------------------------------------------------------------------------------


def test_every_operation_was_exercised(contract):
    """Every documented operation got a success, and a client error when it documents any (503 cannot be caused here)."""
    needed = {"document", "served", "sessions", "me", "accounts", "today", "entries"}
    if not needed <= COMPLETED:
        pytest.skip(f"needs every other test to pass first (missing: {', '.join(sorted(needed - COMPLETED))})")
    problems = []
    for operation in contract.operations:
        seen = contract.outcomes.get(operation.id, set())
        documents_errors = any(code.startswith("4") for code in operation.node.get("responses", {}))
        if "success" not in seen:
            problems.append(f"{operation.id}: never called with a successful outcome")
        if documents_errors and "error" not in seen:
            problems.append(f"{operation.id}: never called with an error outcome")
    assert not problems, "\n".join(problems)
