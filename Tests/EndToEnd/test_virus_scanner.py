"""Uploads go through a real ClamAV daemon: a file it knows is refused and nothing is kept; a clean file is
kept; when the daemon cannot be reached the upload is refused calmly (or kept unscanned, if so chosen).

./scripts/test starts the daemon (CARTABLE_TEST_CLAMD=127.0.0.1:PORT). Without internet it has no official
signatures: its only one is the SHA-256 of the test file CARTABLE_TEST_CLAMD_SIGNED_FILE, which it must
refuse. Each test starts demo nodes of its own (fresh database and blob folder) pointed at the daemon, or at
a port where nothing listens.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import time
import uuid
from html import unescape
from pathlib import Path

import pytest

from cartable_e2e import HTTP_TIMEOUT, DemoNode

VIRUS = "Ce fichier contient un virus : il a été refusé."
SCANNER_AWAY = "L'antivirus ne répond pas"
CLEAN = "Bonjour, voici mon devoir de mathématiques.\n".encode("utf-8")
ANSWER_WITHIN = 5.0  # seconds: an upload must not hang when the daemon is away
OCTET_STREAM = {"Content-Type": "application/octet-stream"}


def required_env(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        pytest.fail(f"{name} is not set: run the suite with ./scripts/test --only-browser", pytrace=False)
    return value


@pytest.fixture(scope="module")
def clamd() -> str:
    """host:port of the test daemon."""
    return required_env("CARTABLE_TEST_CLAMD")


@pytest.fixture(scope="module")
def signed_file() -> tuple[str, bytes]:
    """(name, content) of the file the test daemon has a signature for."""
    path = Path(required_env("CARTABLE_TEST_CLAMD_SIGNED_FILE"))
    return path.name, path.read_bytes()


@pytest.fixture
def nothing_listens():
    """host:port where nothing listens: the port is held (bound, never listening) for the whole test."""
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    try:
        yield f"127.0.0.1:{holder.getsockname()[1]}"
    finally:
        holder.close()


class School:
    """The teacher's 4e B, and a piece of work of 4e B that takes files, with the pupil's work on it."""

    def __init__(self, node: DemoNode):
        self.node = node
        self.prof = node.api("prof")
        self.eleve = node.api("eleve")
        self.class_id = {t["className"]: t["classId"] for t in self.prof.get_json("/me")["teachings"]}["4e B"]
        today = dt.date.fromisoformat(self.eleve.get_json("/today")["today"])
        due = (today + dt.timedelta(days=4)).isoformat()
        posted = self.prof.request("POST", f"/classes/{self.class_id}/entries", json={
            "subject": "Mathématiques", "sessionDate": today.isoformat(), "done": f"Fractions ({uuid.uuid4().hex[:8]}).",
            "work": "Joindre la photo de l'exercice 3.", "dueDate": due})
        assert posted.status_code == 201, posted.text
        entry_id = posted.json()["entries"][0]["id"]
        assignment = self.prof.request("PUT", f"/entries/{entry_id}/assignment", json={"dueDate": due, "answerKinds": "files"})
        assert assignment.status_code == 200, assignment.text
        self.assignment_id = assignment.json()["id"]

    def documents(self) -> list[dict]:
        return self.prof.get_json(f"/classes/{self.class_id}/documents")["documents"]

    def submission_files(self) -> list[dict]:
        return self.eleve.get_json(f"/assignments/{self.assignment_id}")["submission"]["files"]

    def share(self, content: bytes, name: str):
        """The teacher shares a file with 4e B (API)."""
        return self.prof.request("POST", f"/classes/{self.class_id}/documents", params={"name": name, "folder": "Cours"},
                                 data=content, headers=OCTET_STREAM)

    def attach(self, content: bytes, name: str):
        """The pupil attaches a file to their work (API)."""
        return self.eleve.request("POST", f"/assignments/{self.assignment_id}/files", params={"name": name},
                                  data=content, headers=OCTET_STREAM)

    def attach_with_form(self, content: bytes, name: str):
        """The pupil attaches a file with the work page's form (multipart; the CSRF token is in the form's address)."""
        page = self.eleve.http.get(f"{self.node.base_url}/work/{self.assignment_id}", timeout=HTTP_TIMEOUT)
        assert page.status_code == 200, page.status_code
        action = re.search(r'<form[^>]*action="([^"]*/files[^"]*)"', page.text)
        assert action, "no file form on the work page"
        return self.eleve.http.post(f"{self.node.base_url}{unescape(action.group(1))}", files={"file": (name, content)},
                                    allow_redirects=False, timeout=HTTP_TIMEOUT)

    def close(self) -> None:
        for client in (self.prof, self.eleve):
            client.close()


def field_messages(response) -> list[tuple[str, str]]:
    error = response.json()["error"]
    return [(field["field"], field["message"]) for field in error.get("fields", [])]


def test_a_known_file_is_refused_and_nothing_is_kept_a_clean_one_is(new_node, clamd, signed_file):
    node = new_node("--clamd", clamd)
    school = School(node)
    name, content = signed_file
    try:
        documents, work_files, stored = school.documents(), school.submission_files(), node.stored_files()

        # The teacher's document, the pupil's file (API and form): refused in French, nothing kept anywhere.
        shared = school.share(content, name)
        assert shared.status_code == 422, shared.text
        assert field_messages(shared) == [("file", VIRUS)], shared.text
        attached = school.attach(content, name)
        assert attached.status_code == 422, attached.text
        assert field_messages(attached) == [("file", VIRUS)], attached.text
        form = school.attach_with_form(content, name)
        assert form.status_code == 422 and VIRUS in unescape(form.text), (form.status_code, form.text[-2000:])
        assert school.documents() == documents
        assert school.submission_files() == work_files == []
        assert node.stored_files() == stored, "a refused file was kept in the blob folder"

        # A clean file passes the same daemon, both ways, and is kept.
        shared = school.share(CLEAN, "consignes.txt")
        assert shared.status_code == 201, shared.text
        attached = school.attach(CLEAN, "devoir.txt")
        assert attached.status_code == 201, attached.text
        assert [f["name"] for f in attached.json()["files"]] == ["devoir.txt"]
        assert len(school.documents()) == len(documents) + 1
        added = node.stored_files() - stored
        assert len(added) == 1 and not any(path.startswith("tmp/") for path in added), added  # one blob: same bytes
    finally:
        school.close()


def seeded_without_scanner(new_node) -> DemoNode:
    """A stopped node whose demo school is made (the demo's own files are stored when it is first made)."""
    node = new_node()
    node.stop()
    return node


def test_scanner_away_refuses_calmly_by_default(new_node, nothing_listens):
    node = new_node("--clamd", nothing_listens, like=seeded_without_scanner(new_node))
    school = School(node)
    try:
        documents, stored = school.documents(), node.stored_files()
        for label, upload in (("document", school.share), ("pupil's file", school.attach)):
            started = time.monotonic()
            response = upload(CLEAN, "devoir.txt")
            elapsed = time.monotonic() - started
            assert response.status_code == 503, f"{label}: {response.status_code} {response.text}"
            assert elapsed < ANSWER_WITHIN, f"{label}: the refusal took {elapsed:.1f}s"
            assert int(response.headers["Retry-After"]) > 0, f"{label}: {response.headers}"
            error = response.json()["error"]
            assert error["code"] == "scanner_unavailable" and SCANNER_AWAY in error["message"], f"{label}: {error}"
        form = school.attach_with_form(CLEAN, "devoir.txt")
        assert form.status_code == 503 and "Retry-After" in form.headers, (form.status_code, form.headers)
        assert SCANNER_AWAY in unescape(form.text), form.text[-2000:]
        assert school.documents() == documents
        assert school.submission_files() == []
        assert node.stored_files() == stored, "an unscanned file was kept"
        # The rest of the site is not affected.
        assert school.eleve.get_json("/today")
    finally:
        school.close()


def test_scanner_away_with_fallback_accept_keeps_the_file_unscanned(new_node, nothing_listens):
    node = new_node("--clamd", nothing_listens, "--clamd-fallback", "accept", like=seeded_without_scanner(new_node))
    school = School(node)
    try:
        documents, stored = school.documents(), node.stored_files()
        shared = school.share(CLEAN, "consignes.txt")
        assert shared.status_code == 201, shared.text
        attached = school.attach(CLEAN, "devoir.txt")
        assert attached.status_code == 201, attached.text
        assert len(school.documents()) == len(documents) + 1
        assert [f["name"] for f in school.submission_files()] == ["devoir.txt"]
        assert len(node.stored_files() - stored) == 1
        assert "without a virus scan" in node.log(), "storing a file unscanned should be logged as a warning"
    finally:
        school.close()
