"""The /preflight page and the room board in a real Chromium, against a real server process."""

from __future__ import annotations

import hashlib
import json
import time
import urllib.request

import pytest

from boardkit import admin_get

pytestmark = pytest.mark.browser
CHECK_TIMEOUT_MS = 30_000


def _checks(page) -> dict[str, str]:
    return {li.get_attribute("data-check"): li.get_attribute("data-status")
            for li in page.locator("#browser-checks li").all()}


def _open_preflight(browser, live_server, width: int):
    context = browser.new_context(viewport={"width": width, "height": 800}, accept_downloads=True)
    page = context.new_page()
    started = time.monotonic()
    page.goto(live_server.url + "/preflight")
    page.wait_for_selector("body[data-state=done]", timeout=CHECK_TIMEOUT_MS)
    return context, page, time.monotonic() - started


def _samples(live_server) -> dict[str, str]:
    with urllib.request.urlopen(live_server.url + "/api/v1/preflight/samples", timeout=5) as response:
        return {s["kind"]: s["sha256"] for s in json.load(response)["samples"]}


def test_page_at_1280_passes_width_and_verifies_every_download(browser, live_server):
    context, page, seconds = _open_preflight(browser, live_server, 1280)
    try:
        checks = _checks(page)
        assert checks["screen"] == "pass"
        assert checks["browser"] == "pass", page.locator("[data-check=browser]").inner_text()
        assert checks["pointer"] == "pass"
        assert checks["local_storage"] == checks["indexed_db"] == "pass"
        expected = _samples(live_server)
        assert {k: v for k, v in checks.items() if k.startswith("download.")} == {f"download.{k}": "pass" for k in expected}
        # The hashes the page computed are the server's: nothing was altered on the way.
        facts = page.evaluate("window.__preflight.facts")
        assert {d["kind"]: d["sha256"] for d in facts["downloads"]} == expected
        assert checks["latency"] == "pass" and checks["clock"] == "pass"
        assert page.locator("#browser-checks li .badge").first.inner_text().strip() in ("✔ Réussi", "⚠ À surveiller", "✖ Échec")
        print(f"\npage checks at 1280 px: {seconds:.2f} s (in-page {page.evaluate('window.__preflight.ms')} ms)")
        # The practical tasks are listed with their files, and no code was sent to the page.
        assert page.locator("#tasks li").count() == 10
        html = page.content()
        board = admin_get(live_server, "/api/v1/preflight/room")
        assert board["pcs"] and all(c["source"] in ("browser", "tasks") for c in board["pcs"][0]["checks"])
        assert "Code correct" not in html
    finally:
        context.close()


def test_page_at_700_fails_the_width_check(browser, live_server):
    context, page, _ = _open_preflight(browser, live_server, 700)
    try:
        assert _checks(page)["screen"] == "fail"
        item = page.locator("[data-check=screen]")
        assert "Échec" in item.inner_text() and "800" in item.inner_text()
    finally:
        context.close()


def test_download_of_a_task_file_and_answer(browser, live_server):
    context, page, _ = _open_preflight(browser, live_server, 1280)
    try:
        with page.expect_download() as info:
            page.locator("[data-task=zip] a").click()
        download = info.value
        assert download.suggested_filename == "crash-test-archive.zip"
        import zipfile
        with zipfile.ZipFile(download.path()) as archive:
            code = archive.read("crash-test/code/code.txt").decode().split(":")[1].strip()
        page.fill("#code-zip", f"  {code.lower()} ")
        page.locator("[data-task=zip] button[type=submit]").click()
        page.wait_for_selector("#result-zip .badge.pass")
        assert page.locator("#result-zip").inner_text().strip() == "✔ Réussi Code correct."  # never "…correct.null"
        page.fill("#code-pdf", "FAUX1")
        page.press("#code-pdf", "Enter")  # keyboard only
        page.wait_for_selector("#result-pdf .badge.fail")
        assert "lecteur PDF" in page.locator("#result-pdf").inner_text()
        assert "null" not in page.locator("#result-pdf").inner_text()
    finally:
        context.close()


def test_sha256_fallback_matches_hashlib(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(live_server.url + "/preflight/salle")
        data = bytes(range(256)) * 5 + b"abc"
        for chunk in (b"", b"abc", data):
            got = page.evaluate("""async (bytes) => {
                const { sha256Fallback } = await import('/static/preflight/sha256.js');
                return sha256Fallback(new Uint8Array(bytes)); }""", list(chunk))
            assert got == hashlib.sha256(chunk).hexdigest()
    finally:
        context.close()


def test_jpeg_sample_decodes_in_the_browser(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(live_server.url + "/preflight/salle")
        size = page.evaluate("""async () => { const img = new Image(); img.src = '/api/v1/preflight/samples/jpg';
            await img.decode(); return [img.naturalWidth, img.naturalHeight]; }""")
        assert size == [64, 48]
    finally:
        context.close()


def test_board_lists_the_pc_and_renames_it(browser, live_server):
    context, page, _ = _open_preflight(browser, live_server, 1280)
    try:
        pc_id = page.locator("#pc-code").inner_text().strip()
        page.goto(live_server.url + "/preflight/salle")
        # The board asks for the administrator's password first.
        page.locator("#admin-password").fill(live_server.demo()["admin_password"])
        page.locator("#admin-password").press("Enter")
        page.wait_for_selector("body[data-state=done]")
        row = page.locator(f"tr[data-pc=\"{pc_id}\"]")
        assert row.count() == 1
        row.get_by_label(f"Nom du poste {pc_id}").fill("poste 12")
        row.get_by_label(f"Nom du poste {pc_id}").press("Enter")
        row.get_by_text("Enregistré.").wait_for()
        board = admin_get(live_server, "/api/v1/preflight/room")
        assert [p["label"] for p in board["pcs"] if p["pc_id"] == pc_id] == ["poste 12"]
        assert "Salle" in page.locator("#verdict").inner_text()
    finally:
        context.close()


def test_page_names_os_scaling_when_it_makes_the_screen_too_narrow(browser, live_server):
    # 800 device px at 125 % scaling: the page sees 640 CSS px.
    context = browser.new_context(viewport={"width": 640, "height": 600}, device_scale_factor=1.25)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/preflight")
        page.wait_for_selector("body[data-state=done]", timeout=CHECK_TIMEOUT_MS)
        item = page.locator("[data-check=screen]")
        assert item.get_attribute("data-status") == "fail"
        assert "mise à l'échelle" in item.inner_text() and "800 px physiques" in item.inner_text()
    finally:
        context.close()
