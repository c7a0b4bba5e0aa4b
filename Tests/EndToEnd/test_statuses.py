"""The HTTP statuses behind what the journeys show: refusals must not look like successes to programs."""

from __future__ import annotations

import datetime as dt
import uuid

import requests

from cartable_e2e import HTTP_TIMEOUT, csrf_token, signed_in_form_session

SIGN_IN_FAILED = "Identifiant ou mot de passe incorrect. Vérifiez les deux et réessayez."


def test_wrong_credentials_answer_401_with_the_same_message(base_url):
    for login in ("eleve", f"inconnu-{uuid.uuid4().hex[:8]}"):
        http = requests.Session()
        page = http.get(f"{base_url}/signin", timeout=HTTP_TIMEOUT)
        response = http.post(
            f"{base_url}/signin",
            data={"_csrf": csrf_token(page.text), "login": login, "password": "pas-le-bon-mot-de-passe"},
            allow_redirects=False,
            timeout=HTTP_TIMEOUT,
        )
        assert response.status_code == 401, f"{login}: {response.status_code}"
        assert SIGN_IN_FAILED in response.text.replace("&#39;", "'")


def test_invalid_entry_form_answers_422_and_saves_nothing(base_url, demo):
    http = signed_in_form_session(base_url, "prof")
    class_id = demo.class_id("4e B")
    form = http.get(f"{base_url}/entries/new", params={"class": class_id}, timeout=HTTP_TIMEOUT)
    work = f"Travail refusé (essai {uuid.uuid4().hex[:8]})"
    response = http.post(
        f"{base_url}/entries",
        data={
            "_csrf": csrf_token(form.text),
            "classID": class_id,
            "subject": "Mathématiques",
            "sessionDate": demo.today.isoformat(),
            "work": work,
            "dueDate": (demo.today - dt.timedelta(days=1)).isoformat(),
        },
        allow_redirects=False,
        timeout=HTTP_TIMEOUT,
    )
    assert response.status_code == 422
    text = response.text.replace("&#39;", "'")
    assert "Certaines informations sont à corriger. Rien n'a été enregistré." in text
    assert "La date à rendre ne peut pas être avant la séance." in text


def test_another_familys_pupil_answers_404(base_url, demo):
    http = signed_in_form_session(base_url, "parent")
    response = http.get(f"{base_url}/today", params={"pupil": demo.other_pupil_id}, timeout=HTTP_TIMEOUT)
    assert response.status_code == 404
    assert "Page introuvable" in response.text
