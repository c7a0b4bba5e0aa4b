"""A real school's first day, end to end in Chromium (phone-sized): staff import the school's SIECLE and STS-web
exports, print a class's letters, and a pupil activates her account with the code from her letter.

The exports are made by ``cartable import sample`` for the demo school's UAI (56 pupils, their guardians and
teachers). Staff (Jean Dupont) open *École*, *Importer l'école*, drop the four files at once and click *Voir
l'aperçu*: the preview counts 56 pupils to add and changes nothing yet; *Importer* applies it and the history lists
it. In *Lettres de première connexion* they print the pupils' letters of 6A: one letter per pupil, each with a login
and an 8-character code. The first pupil, on her own phone, opens *Première connexion*, types the login and the code
as printed, accepts the charter, chooses a password (a too common one is refused first) and lands on *Aujourd'hui*,
signed in. The same code then no longer works.

The node is the test's own (``new_node``): the import changes the whole school.
"""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET

from selenium.webdriver.common.by import By

from cartable_e2e import click_and_wait, click_button, click_link, heading, main_text, path_of, wait_for_text
from test_live_class_journey import sign_in

DEMO_UAI = "0759999Z"


def pupils_in_division(files: list[str], division: str) -> int:
    """The pupils of the SIECLE pupils file in ``division`` that the import keeps (no leaving date, a national id)."""
    root = ET.parse(next(f for f in files if f.endswith("ElevesSansAdresses.xml"))).getroot()
    kept = {
        e.get("ELEVE_ID") for e in root.iter("ELEVE")
        if not (e.findtext("DATE_SORTIE") or "").strip() and (e.findtext("ID_NATIONAL") or "").strip()
    }
    return sum(
        1 for s in root.iter("STRUCTURES_ELEVE")
        if s.get("ELEVE_ID") in kept and any(
            st.findtext("TYPE_STRUCTURE") == "D" and st.findtext("CODE_STRUCTURE") == division
            for st in s.findall("STRUCTURE"))
    )
PASSWORD = "Cerf-volant-rouge-7"


def test_staff_import_the_school_print_letters_and_a_pupil_activates(binary, tmp_path, new_browser, new_node):
    exports = tmp_path / "exports"
    made = subprocess.run(
        [binary, "import", "sample", "--uai", DEMO_UAI, "--pupils", "56", "--output", str(exports)],
        capture_output=True, text=True, timeout=120, check=True,
    )
    files = [line for line in made.stdout.splitlines() if line.strip()]
    assert len(files) == 4 and any("ElevesSansAdresses.xml" in f for f in files), made.stdout
    node = new_node()
    base = node.base_url

    staff = new_browser()
    sign_in(staff, base, "direction")
    click_and_wait(staff, staff.find_element(By.CSS_SELECTOR, "nav.main a[href='/school']"))
    click_link(staff, "Importer l'école")
    assert heading(staff) == "Importer l'école"
    staff.find_element(By.ID, "files").send_keys("\n".join(files))
    click_button(staff, "Voir l'aperçu")
    assert heading(staff) == "Aperçu de l'import", main_text(staff)
    preview = main_text(staff)
    assert "56 élève(s) à ajouter" in preview and "erreur" not in preview, preview
    assert "1 élève(s) de la division « Inactifs » ignorés" in preview, preview
    click_button(staff, "Importer")
    wait_for_text(staff, "Import terminé.")
    assert "ElevesSansAdresses.xml" in main_text(staff)

    staff.get(f"{base}/school/letters")
    assert heading(staff) == "Lettres de première connexion"
    row = next(r for r in staff.find_elements(By.CSS_SELECTOR, "main tbody tr") if r.find_element(By.TAG_NAME, "td").text == "6A")
    click_and_wait(staff, row.find_element(By.XPATH, ".//button[normalize-space()='Lettres des élèves']"))
    letters = staff.find_elements(By.CSS_SELECTOR, "main article.letter")
    assert len(letters) == pupils_in_division(files, "6A") > 0, len(letters)
    first = letters[0]
    login, code = [dd.text for dd in first.find_elements(By.CSS_SELECTOR, "dd.code")]
    assert len(code) == 9 and code[4] == "-", code
    assert f"{base}/activate" in first.text, first.text
    name = first.find_element(By.TAG_NAME, "h2").text

    pupil = new_browser()
    pupil.get(f"{base}/activate")
    assert heading(pupil) == "Première connexion"
    pupil.find_element(By.ID, "login").send_keys(login)
    pupil.find_element(By.ID, "code").send_keys(code)
    click_button(pupil, "Continuer")
    assert heading(pupil).startswith("Bienvenue"), main_text(pupil)
    assert "Charte d'utilisation" in main_text(pupil)
    pupil.find_element(By.NAME, "charter").click()
    pupil.find_element(By.ID, "password").send_keys("azerty123")
    pupil.find_element(By.ID, "confirmation").send_keys("azerty123")
    click_button(pupil, "J'accepte et je me connecte")
    assert "trop courant" in main_text(pupil), main_text(pupil)
    pupil.find_element(By.NAME, "charter").click()
    pupil.find_element(By.ID, "password").send_keys(PASSWORD)
    pupil.find_element(By.ID, "confirmation").send_keys(PASSWORD)
    click_button(pupil, "J'accepte et je me connecte")
    assert path_of(pupil) == "/today", (path_of(pupil), main_text(pupil))
    assert heading(pupil) == "Aujourd'hui"
    assert name.split()[0] in pupil.find_element(By.TAG_NAME, "header").text

    # The code worked once.
    other = new_browser()
    other.get(f"{base}/activate")
    other.find_element(By.ID, "login").send_keys(login)
    other.find_element(By.ID, "code").send_keys(code)
    click_button(other, "Continuer")
    assert "Identifiant ou code incorrect" in main_text(other)
