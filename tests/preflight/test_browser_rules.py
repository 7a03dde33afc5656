"""Browser identification, version age (today is a parameter), and the page's facts turned into verdicts."""

from __future__ import annotations

from datetime import date

import pytest

from preflight.browser_facts import (clock_check, download_checks, evaluate, latency_check, pointer_check, screen_check,
                                     storage_checks, throughput_check)
from preflight.browsers import browser_check, identify, release_table

TODAY = date(2026, 11, 21)
CHROMIUM_156 = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36")
UA = {
    "chrome": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "edge": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.3240.64",
    "opera": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 OPR/{v}.0.0.0",
    "firefox": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0",
    "safari": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{v} Safari/605.1.15",
}


@pytest.mark.parametrize("family, version", [("chrome", "131"), ("edge", "131"), ("opera", "124"), ("firefox", "145"),
                                             ("safari", "18.4")])
def test_tokens_are_read_in_the_right_order(family, version):
    browser = identify(UA[family].format(v=version))
    assert browser.family == family and browser.version.startswith(version)


def test_client_hints_brands_win_over_the_user_agent():
    brands = [{"brand": "Not)A;Brand", "version": "8"}, {"brand": "Chromium", "version": "156"},
              {"brand": "Microsoft Edge", "version": "156"}]
    assert identify(CHROMIUM_156, brands).family == "edge"


def test_chromium_156_is_known_and_recent():
    table = release_table()
    assert "156" in table["chrome"]
    check = browser_check(CHROMIUM_156, None, TODAY)
    assert check.status == "pass" and "156" in check.detail


def test_table_covers_2019_to_late_2026_for_every_family():
    table = release_table()
    for family in ("chrome", "edge", "firefox", "opera", "safari"):
        dates = sorted(table[family].values())
        assert dates[0] <= "2020-01-31" and dates[-1] >= "2026-09-01", family


@pytest.mark.parametrize("family, version, today, status", [
    ("chrome", "132", TODAY, "pass"),            # Jan 2025
    ("chrome", "131", TODAY, "warn"),            # 12 Nov 2024: just over 2 years
    ("chrome", "120", TODAY, "warn"),            # Dec 2023: under 3 years
    ("chrome", "109", TODAY, "fail"),            # Jan 2023
    ("chrome", "60", TODAY, "fail"),             # older than the table
    ("chrome", "190", TODAY, "pass"),            # newer than the table
    ("edge", "120", TODAY, "warn"),
    ("opera", "100", TODAY, "fail"),
    ("opera", "120", TODAY, "pass"),
    ("safari", "17.4", TODAY, "warn"),
    ("safari", "26.2", TODAY, "pass"),
    ("safari", "15.6", TODAY, "fail"),
    ("firefox", "133", TODAY, "pass"),
    ("firefox", "121", TODAY, "warn"),
    ("chrome", "120", date(2024, 6, 1), "pass"),  # the same version was fine two years earlier
])
def test_age_rules(family, version, today, status):
    assert browser_check(UA[family].format(v=version), None, today).status == status


def test_boundaries_are_two_and_three_years():
    released = date(2024, 11, 12)  # Chrome 131
    ua = UA["chrome"].format(v="131")
    assert browser_check(ua, None, date(2026, 11, 12)).status == "pass"  # 730 days
    assert browser_check(ua, None, date(2026, 11, 13)).status == "warn"
    assert browser_check(ua, None, date(2027, 11, 12)).status == "warn"  # 1095 days
    assert browser_check(ua, None, date(2027, 11, 13)).status == "fail"
    assert (date(2026, 11, 12) - released).days == 730


def test_firefox_esr_has_an_old_major_but_is_maintained():
    esr = browser_check(UA["firefox"].format(v="140"), None, date(2026, 8, 1))
    assert esr.status == "pass" and "ESR" in esr.detail
    # A plain release of the same age would be judged on its date alone: 115 is from July 2023.
    assert browser_check(UA["firefox"].format(v="116"), None, date(2026, 3, 1)).status == "warn"
    assert browser_check(UA["firefox"].format(v="115"), None, date(2026, 3, 1)).status == "pass"
    # Once its support has ended, an ESR is no longer a pass.
    ended = browser_check(UA["firefox"].format(v="102"), None, TODAY)
    assert ended.status == "fail" and "plus maintenue" in ended.detail
    assert browser_check(UA["firefox"].format(v="140"), None, TODAY).status == "warn"


def test_old_engines_fail_and_unknown_browsers_warn():
    assert browser_check("Mozilla/5.0 (Windows NT 10.0; Trident/7.0; rv:11.0) like Gecko", None, TODAY).status == "fail"
    assert browser_check(UA["chrome"].format(v="70") + " Edge/18.17763", None, TODAY).status == "fail"
    assert browser_check("curl/8.0", None, TODAY).status == "warn"


@pytest.mark.parametrize("css, scale, status, note", [
    (1536, 125, "pass", False),   # 1920 device px at 125 %
    (819, 125, "pass", False),    # 1024 device px at 125 %
    (640, 125, "fail", True),     # 800 device px at 125 %: scaling is the cause
    (1280, 100, "pass", False),
    (700, 100, "fail", False),
    (800, 100, "pass", False),
])
def test_screen_width_and_scaling(css, scale, status, note):
    check = screen_check(css, scale)
    assert check.status == status
    assert ("mise à l'échelle de l'affichage" in check.detail) is note
    if note:
        assert "800 px physiques deviennent 640 px" in check.detail and "100 %" in check.remedy


def test_narrow_window_on_a_wide_screen_is_a_warning():
    assert screen_check(1920, 100, inner_width=700).status == "warn"


def test_touch_only_fails_mouse_passes():
    assert pointer_check({"fine": False, "any_fine": False, "coarse": True}).status == "fail"
    assert pointer_check({"fine": True, "any_fine": True, "hover": True}).status == "pass"
    assert pointer_check({"fine": False, "any_fine": True, "coarse": True, "any_hover": True}).status == "pass"


def test_storage_features():
    checks = {c.id: c for c in storage_checks({"cookies": True, "local_storage": True, "indexed_db": False,
                                                "websocket": True, "service_worker": False, "secure_context": False})}
    assert checks["indexed_db"].status == "fail" and checks["local_storage"].status == "pass"
    assert checks["service_worker"].status == "warn" and "non sécurisée" in checks["service_worker"].detail


def test_network_thresholds():
    assert clock_check(2_000).status == "pass"
    assert clock_check(-90_000).status == "warn" and "en retard" in clock_check(-90_000).detail
    assert clock_check(3_600_000).status == "fail"
    assert latency_check(20).status == "pass" and latency_check(300).status == "warn"
    assert latency_check(5, errors=2).status == "fail"
    assert throughput_check(90_000).status == "pass" and throughput_check(500).status == "fail"


def test_downloads_by_hash_catch_a_proxy_block_page():
    expected = {"pdf": "a" * 64, "zip": "b" * 64, "png": "c" * 64}
    checks = {c.id: c for c in download_checks([
        {"kind": "pdf", "sha256": "a" * 64, "size": 10},
        {"kind": "zip", "sha256": "d" * 64, "size": 900, "html": True},
    ], expected)}
    assert checks["download.pdf"].status == "pass"
    assert checks["download.zip"].status == "fail" and "page HTML" in checks["download.zip"].detail
    assert checks["download.png"].status == "fail"


def test_evaluate_gives_one_check_per_point():
    facts = {"user_agent": CHROMIUM_156, "screen": {"css_width": 1280, "scale_pct": 100},
             "pointer": {"fine": True, "any_fine": True, "hover": True},
             "storage": {"cookies": True, "local_storage": True, "indexed_db": True, "websocket": True},
             "clock": {"offset_ms": 10}, "network": {"latency_ms": 3, "throughput_kbps": 500_000},
             "downloads": [{"kind": "pdf", "sha256": "a" * 64}], "pdf_viewer": True}
    checks = evaluate(facts, {"pdf": "a" * 64}, TODAY)
    ids = [c.id for c in checks]
    assert len(ids) == len(set(ids))
    assert {c.id: c.status for c in checks}["download.pdf"] == "pass"
    assert {"browser", "screen", "pointer", "cookies", "local_storage", "indexed_db", "websocket", "service_worker",
            "clock", "latency", "throughput", "pdf_viewer"} <= set(ids)
