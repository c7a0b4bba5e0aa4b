"""Fuzzing the JSON API from its OpenAPI document, with Schemathesis.

Every operation of ``Sources/CartableWeb/Resources/openapi.json`` gets generated requests (the
document's examples, boundary values, then random valid and invalid ones) as each demo account and
anonymously. Every response must be no 5xx, have a documented status and content type, and a body
matching the documented schema for its status; a dropped connection fails too.

Fuzzing writes (it signs out, revokes sessions, disables accounts, posts entries), so the test starts
a node of its own: ``$CARTABLE_BINARY demo`` on a free port and a temporary SQLite database, with the
rate limits raised out of the way. ``./scripts/test`` runs it as its own stage; by hand:

    CARTABLE_BINARY=.build/debug/cartable .venv/bin/python -m pytest Tests/EndToEnd/test_fuzz.py -p no:cacheprovider

Environment:

* ``CARTABLE_FUZZ_EXAMPLES``  random examples per operation and account (default 30; the examples and
  boundary cases come on top); 0 skips the test;
* ``CARTABLE_FUZZ_SEED``      the seed, to replay a run (a failure prints the one it used).

Path ids (and the ``pupil`` and ``entryId`` query parameters) are either generated or, half of the
time, real ids of the demo school (an entry with work to hand in, its assignment, a pupil's file, a
document, spare sessions, a spare account), so requests reach past "not found". Accounts and sessions
to reset, disable or revoke are never those the fuzzer signs in with, and signing out (``DELETE
/api/v1/sessions/current``) is sent with a throwaway session each time.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

import pytest
import requests
import schemathesis
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance, status_code_conformance

from cartable_e2e import DEMO_PASSWORD as PASSWORD
from cartable_e2e import DemoNode

DOCUMENT_PATH = Path(__file__).resolve().parents[2] / "Sources" / "CartableWeb" / "Resources" / "openapi.json"
ROLES = ("anonymous", "eleve", "parent", "prof", "direction")
EXAMPLES = int(os.environ.get("CARTABLE_FUZZ_EXAMPLES", "30") or "30")
TIMEOUT = 30
SIGN_OUT = ("DELETE", "/api/v1/sessions/current")
SIGN_IN = ("POST", "/api/v1/sessions")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

settings: dict = {
    "generation": {"max-examples": max(EXAMPLES, 1)},
    # Each example is one request: no stateful phase (it would follow links between operations).
    "phases": {"stateful": {"enabled": False}},
    "request-timeout": TIMEOUT,
}
if os.environ.get("CARTABLE_FUZZ_SEED", "").strip():
    settings["seed"] = int(os.environ["CARTABLE_FUZZ_SEED"])
CONFIG = schemathesis.Config.from_dict(settings)
schema = schemathesis.openapi.from_path(DOCUMENT_PATH, config=CONFIG)


# ---------------------------------------------------------------------------------------------
# Real ids of the fuzzing node's demo school, offered half of the time for path parameters
# ---------------------------------------------------------------------------------------------

KNOWN: dict[str, list[str]] = {}


def known_path_parameters(names: list[str]) -> st.SearchStrategy:
    """For each path parameter with known ids, one of them (read when drawn: the node fills KNOWN)."""
    return st.fixed_dictionaries(
        {name: st.integers(min_value=0, max_value=10_000).map(lambda i, name=name: pick(name, i)) for name in names})


def pick(name: str, index: int) -> str:
    values = KNOWN.get(name) or [str(uuid.UUID(int=index))]
    return values[index % len(values)]


@schema.hook
def before_generate_path_parameters(context, strategy):
    operation = context.operation
    names = [parameter.name for parameter in operation.path_parameters] if operation is not None else []
    if not names:
        return strategy
    return st.one_of(strategy, known_path_parameters(names))


QUERY_IDS = {"pupil": "pupilID", "entryId": "entryID"}  # query parameters holding ids: which ids they take


@schema.hook
def before_generate_query(context, strategy):
    """Half of the time, the id query parameters that were generated hold a known id instead."""

    def with_known_ids(drawn):
        query, index = drawn
        if not isinstance(query, dict):
            return query
        return {key: pick(QUERY_IDS[key], index) if key in QUERY_IDS else value for key, value in query.items()}

    operation = context.operation
    if operation is None or not any(parameter.name in QUERY_IDS for parameter in operation.query):
        return strategy
    return st.one_of(strategy, st.tuples(strategy, st.integers(min_value=0, max_value=10_000)).map(with_known_ids))


# ---------------------------------------------------------------------------------------------
# The node of its own
# ---------------------------------------------------------------------------------------------


def sign_in(base_url: str, login: str, password: str = PASSWORD) -> requests.Session:
    http = requests.Session()
    response = http.post(f"{base_url}/api/v1/sessions", json={"login": login, "password": password, "rememberDevice": False},
                         timeout=TIMEOUT)
    assert response.status_code == 201, f"API sign-in as {login}: {response.status_code} {response.text[:500]}"
    return http


def expect(response: requests.Response, status: int) -> dict:
    assert response.status_code == status, (
        f"{response.request.method} {response.request.path_url}: {response.status_code} {response.text[:500]}")
    return response.json() if response.content else {}


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4f80000000049454e44ae426082")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def gather_known_ids(base_url: str, sessions: dict[str, requests.Session]) -> None:
    """Makes what the fuzzer needs in the demo school (entries, an assignment, a file...) and lists the ids."""
    api = f"{base_url}/api/v1"
    eleve, prof, staff = sessions["eleve"], sessions["prof"], sessions["direction"]
    me = {login: expect(sessions[login].get(f"{api}/me", timeout=TIMEOUT), 200) for login in ("eleve", "parent", "prof")}
    today = dt.date.fromisoformat(expect(eleve.get(f"{api}/today", timeout=TIMEOUT), 200)["today"])
    pupil_class = next(c["id"] for c in me["eleve"]["classes"] if c["name"] == "4e B")
    taught = [t["classId"] for t in me["prof"]["teachings"]]
    every_class = [c["id"] for c in expect(staff.get(f"{api}/classes", timeout=TIMEOUT), 200)["classes"]]
    untaught = next(c for c in every_class if c not in taught)
    children = [child["pupil"]["id"] for child in me["parent"]["children"]]
    pupils = expect(staff.get(f"{api}/accounts", params={"role": "pupil", "limit": 50}, timeout=TIMEOUT), 200)["users"]
    stranger = next(p["id"] for p in pupils if p["id"] not in children)

    # Two entries with work in 4e B (one becomes work to hand in) and one without.
    entries = []
    for work in (True, True, False):
        entry = {"subject": "Mathématiques", "sessionDate": today.isoformat(), "done": f"Fuzz {uuid.uuid4().hex[:8]}."}
        if work:
            entry.update(work="Exercices du fuzz.", dueDate=(today + dt.timedelta(days=4)).isoformat())
        created = expect(prof.post(f"{api}/classes/{pupil_class}/entries", json=entry, timeout=TIMEOUT), 201)
        entries.append(created["entries"][0]["id"])
    assignment = expect(prof.put(f"{api}/entries/{entries[0]}/assignment", timeout=TIMEOUT, json={
        "dueDate": (today + dt.timedelta(days=4)).isoformat(), "answerKinds": "both", "allowsLate": True}), 200)
    work = expect(eleve.post(f"{api}/assignments/{assignment['id']}/files", params={"name": "copie.png"}, data=PNG,
                             headers={"Content-Type": "application/octet-stream"}, timeout=TIMEOUT), 201)
    document = expect(prof.post(f"{api}/classes/{pupil_class}/documents", params={"name": "fiche.pdf"}, data=PDF,
                                headers={"Content-Type": "application/octet-stream"}, timeout=TIMEOUT), 201)
    # An account staff may reset and disable: never one the fuzzer signs in with.
    spare = expect(staff.post(f"{api}/accounts", timeout=TIMEOUT, json={
        "login": f"fuzz.{uuid.uuid4().hex[:8]}", "firstName": "Spare", "lastName": "Fuzz", "role": "pupil",
        "password": "spare-account-password"}), 201)
    # Sessions the fuzzer may revoke: a spare one per account, never the one it signs in with.
    spare_sessions = []
    for login in ("eleve", "parent", "prof", "direction"):
        extra = sign_in(base_url, login)
        listed = expect(extra.get(f"{api}/sessions", timeout=TIMEOUT), 200)["sessions"]
        spare_sessions += [s["id"] for s in listed if s["isCurrent"]]
        extra.close()

    KNOWN.update({
        "classID": [pupil_class, *taught[:2], untaught],
        "entryID": entries,
        "assignmentID": [assignment["id"]],
        "fileID": [file["id"] for file in work["files"]],
        "pupilID": [*children, stranger],
        "userID": [spare["id"]],
        "sessionID": spare_sessions,
        "documentID": [document["id"]],
    })


@pytest.fixture(scope="module")
def node(binary, tmp_path_factory):
    """The fuzzer's own demo node, rate limits out of the way (its bursts of requests are not a flood to refuse)."""
    if EXAMPLES <= 0:
        pytest.skip("CARTABLE_FUZZ_EXAMPLES=0")
    started = DemoNode(binary, tmp_path_factory.mktemp("fuzz-node"),
                       ["--rate-per-address", "1000000", "--rate-per-account", "1000000"]).start()
    print(f"\nFuzzing node at {started.base_url} (log {started.log_path}); "
          f"{EXAMPLES} examples per operation and account; seed {CONFIG.seed} (CARTABLE_FUZZ_SEED)")
    yield started
    started.stop()


@pytest.fixture(scope="module")
def accounts(node):
    """One signed-in client per demo account, and a client without a session."""
    sessions = {login: sign_in(node.base_url, login) for login in ROLES if login != "anonymous"}
    sessions["anonymous"] = requests.Session()
    gather_known_ids(node.base_url, sessions)
    yield sessions
    for http in sessions.values():
        http.close()


# ---------------------------------------------------------------------------------------------
# The fuzzing
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("login", ROLES)
@schema.parametrize()
def test_fuzz(case, login, node, accounts, request):
    signed_in = login != "anonymous"
    operation = (case.method.upper(), case.path)
    http = accounts[login]
    throwaway = None
    if signed_in and operation == SIGN_OUT:
        throwaway = http = sign_in(node.base_url, login)  # never the session the other examples use
    elif signed_in and operation == SIGN_IN:
        # The same cookie, in a jar of its own: a new session it would set stays out of the account's jar.
        throwaway = http = requests.Session()
        http.cookies.update(accounts[login].cookies)
    try:
        response = case.call_and_validate(base_url=node.base_url, session=http, checks=CHECKS)
    except BaseException:  # the checks raise a FailureGroup, a BaseExceptionGroup
        if not getattr(request.node, "fuzz_note_printed", False):  # once, however many examples fail
            request.node.fuzz_note_printed = True
            if signed_in:
                print(f"Sent as {login}: for the cookie the reproduction filters out, sign in with\n"
                      f"    curl -si -H 'Content-Type: application/json' "
                      f"-d '{{\"login\": \"{login}\", \"password\": \"{PASSWORD}\"}}' {node.base_url}/api/v1/sessions\n"
                      f"and send its cartable_session cookie (-H 'Cookie: cartable_session=...').")
            print(f"Replay this run with CARTABLE_FUZZ_SEED={CONFIG.seed}; the node's log: {node.log_path}")
        raise
    finally:
        if throwaway is not None:
            throwaway.close()
    if signed_in and response.status_code == 401 and throwaway is None:
        # A 401 is right when the example sent a cookie of its own; but if the account's session is gone,
        # the fuzzer signed itself out and the rest of its run would only see 401s.
        still = accounts[login].get(f"{node.base_url}/api/v1/me", timeout=TIMEOUT)
        if still.status_code == 401:
            accounts[login] = sign_in(node.base_url, login)
            pytest.fail(f"the session of {login} was signed out (by this request or an earlier one); signed in again")
