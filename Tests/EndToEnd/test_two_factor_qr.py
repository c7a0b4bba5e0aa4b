"""Two-step sign-in set up the way a teacher does it: the phone's camera reads the QR code on the screen.

A headless Chromium shows the enrolment on *Sécurité*; a screenshot of the QR code is read by zbar's
`zbarimg` (./scripts/test installs zbar-tools), as an authenticator app's camera would; the code computed
from the key it yields (RFC 6238, here in a few lines) turns two-step sign-in on. The test runs on a demo
node of its own, so that the shared demo's teacher still signs in with a password alone.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import shutil
import struct
import subprocess
import time
from urllib.parse import parse_qs, urlparse

from selenium.webdriver.common.by import By

from cartable_e2e import click_button, main_text, sign_in_with_form


def totp(secret: str, at: float) -> str:
    """RFC 6238 with SHA-1, 6 digits, 30-second steps (what the link asks for)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", int(at) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def test_a_teacher_turns_on_two_step_sign_in_by_scanning_the_qr_code(new_node, new_browser, tmp_path):
    zbarimg = os.environ.get("CARTABLE_TEST_ZBARIMG") or shutil.which("zbarimg")
    assert zbarimg and os.path.exists(zbarimg), "zbarimg not found: install zbar-tools, or run ./scripts/test"
    node = new_node()
    browser = new_browser()
    sign_in_with_form(browser, node.base_url, "prof")
    browser.get(f"{node.base_url}/account/security")
    click_button(browser, "Activer la double authentification")

    figure = browser.find_element(By.CSS_SELECTOR, "p.qr svg")
    assert figure.get_attribute("aria-label"), "the QR code is labelled for screen readers"
    size = figure.size
    assert size["width"] >= 150 and size["width"] <= browser.execute_script("return window.innerWidth"), f"fits a phone: {size}"
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", figure)
    picture = tmp_path / "qr.png"
    figure.screenshot(str(picture))
    read = subprocess.run([zbarimg, "--raw", "-q", str(picture)], capture_output=True, text=True, timeout=30)
    assert read.returncode == 0, f"zbarimg read nothing in the screenshot ({read.returncode}): {read.stderr}"
    link = read.stdout.strip()
    assert link == browser.find_element(By.LINK_TEXT, "Ouvrir dans l'application").get_attribute("href")
    parsed = urlparse(link)
    assert parsed.scheme == "otpauth" and parsed.netloc == "totp"
    secret = parse_qs(parsed.query)["secret"][0]
    assert secret.replace(" ", "") == browser.find_element(By.CSS_SELECTOR, "main code").text.replace(" ", "")

    browser.find_element(By.ID, "code").send_keys(totp(secret, time.time()))
    click_button(browser, "Valider")
    assert "Codes de secours" in main_text(browser), main_text(browser)
