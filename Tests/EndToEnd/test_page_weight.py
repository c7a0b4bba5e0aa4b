"""Aujourd'hui must stay light for pupils on a phone with a poor connection."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from cartable_e2e import HTTP_TIMEOUT, signed_in_form_session

BUDGET = 30 * 1024  # bytes: the page's HTML plus its stylesheet and script


def test_aujourdhui_with_its_stylesheet_and_script_weighs_under_30_kb(base_url):
    http = signed_in_form_session(base_url, "eleve")

    page = http.get(f"{base_url}/today", timeout=HTTP_TIMEOUT)
    assert page.status_code == 200
    assert "Aujourd&#39;hui" in page.text or "Aujourd'hui" in page.text
    links = [tag for tag in re.findall(r"<link\b[^>]*>", page.text) if 'rel="stylesheet"' in tag]
    stylesheets = [re.search(r'href="([^"]+)"', tag).group(1) for tag in links]
    assert len(stylesheets) == 1, f"expected one stylesheet, found {stylesheets}"
    stylesheet = http.get(urljoin(f"{base_url}/", stylesheets[0]), timeout=HTTP_TIMEOUT)
    assert stylesheet.status_code == 200
    scripts = re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', page.text)
    assert len(scripts) <= 1, f"expected at most one script, found {scripts}"
    script_size = 0
    for src in scripts:
        script = http.get(urljoin(f"{base_url}/", src), timeout=HTTP_TIMEOUT)
        assert script.status_code == 200
        script_size += len(script.content)

    # Bytes as decoded by the client (uncompressed), the stricter measure.
    html_size, css_size = len(page.content), len(stylesheet.content)
    total = html_size + css_size + script_size
    print(
        f"Aujourd'hui: HTML {html_size} B + stylesheet {css_size} B + script {script_size} B = {total} B (budget {BUDGET} B)"
    )
    assert total < BUDGET, f"Aujourd'hui weighs {total} bytes, over the {BUDGET}-byte budget"
