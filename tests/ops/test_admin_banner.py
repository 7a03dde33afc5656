"""The admin pages show the server's health warnings, read-only, in French, from the login on."""

from __future__ import annotations

import pytest
from opskit import OpsServer, call

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_admin_page_shows_the_server_s_warnings(tmp_path, page):
    gone = tmp_path / "cle-usb-retiree"  # the mirror's folder is absent: a warning the server must raise
    server = OpsServer(tmp_path / "data", env={"ROOMSERVER_MIRROR_DIR": str(gone)}).start()
    try:
        page.goto(server.url + "/admin")
        banner = page.locator("#server-health")
        banner.get_by_text("La copie de secours est impossible").wait_for(timeout=10000)
        assert banner.get_attribute("role") == "status"
        assert "Le serveur de salle signale\u00a0:" in banner.inner_text()
    finally:
        server.stop()


def test_without_warnings_the_banner_stays_empty(tmp_path, page):
    server = OpsServer(tmp_path / "data").start()
    try:
        warnings = call(server.url + "/api/v1/health")[1]["warnings"]
        page.goto(server.url + "/admin")
        page.wait_for_load_state("networkidle")
        text = page.locator("#server-health").inner_text()
        assert text == "" if not warnings else warnings[0]["message"] in text
    finally:
        server.stop()
