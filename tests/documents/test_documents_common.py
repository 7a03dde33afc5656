"""What every printed document shares: A4, the embedded Unicode font, the session header and
the footer on every page, the generation date in French, names outside Windows-1252 exact."""

import datetime as dt

import pytest
from documentkit import (
    INTERNATIONAL,
    URL,
    all_text,
    assert_a4,
    assert_embedded_font,
    international_room,
    occurrences,
    pages_text,
    reader,
)

from roomserver.documents import (
    attendance_sheet,
    candidate_notice,
    fraud_reports,
    incident_report,
    invigilator_kit,
    results_sheet,
)

NOW = dt.datetime(2026, 11, 30, 17, 56)
HASH = "9f" * 32


def _results(state):
    return [{"candidate_id": cid, "status": "validated", "reasons": [], "pix": 40, "reproducibility_rate": 80,
             "competences": [{"code": "1.1", "title": "Mener une recherche", "level": 1, "pix": 8}]}
            for cid in state.candidates]


DOCUMENTS = {
    "attendance": lambda s: attendance_sheet(s, now=NOW),
    "kit": lambda s: invigilator_kit(s, URL, now=NOW),
    "incidents": lambda s: incident_report(s, now=NOW),
    "incidents_blank": lambda s: incident_report(s, blank=True, now=NOW),
    "frauds": lambda s: fraud_reports(s, now=NOW),
    "notice": lambda s: candidate_notice(s, URL, now=NOW),
    "results": lambda s: results_sheet(s, _results(s), HASH, now=NOW),
}
TITLES = {"attendance": "Feuille d'émargement", "kit": "Fiche du surveillant",
          "incidents": "Procès-verbal d'incident",
          "incidents_blank": "Procès-verbal d'incident", "frauds": "Procès-verbal de fraude",
          "notice": "Convocation à la certification", "results": "Résultats provisoires"}
# The documents that name every candidate (the incident report and fraud reports name those concerned).
LISTS_EVERYONE = ("attendance", "notice", "results")


@pytest.fixture(scope="module")
def pdfs():
    state = international_room().state
    return {name: make(state) for name, make in DOCUMENTS.items()}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_a4_with_the_embedded_unicode_font_only(pdfs, name):
    assert_a4(pdfs[name])
    assert_embedded_font(pdfs[name])
    for core_font in (b"/Helvetica", b"/Times-Roman", b"/Courier"):
        assert core_font not in pdfs[name]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_page_has_the_session_header_and_the_footer(pdfs, name):
    pages = pages_text(pdfs[name])
    for number, text in enumerate(pages, start=1):
        assert TITLES[name] in text
        assert "Session n° 4821" in text
        assert "mardi 12 mai 2026, 09 h 00 · Collège Jean Moulin, salle B12" in text
        assert "Document généré le lundi 30 novembre 2026 à 17 h 56 (heures locales du serveur)" in text
        assert f"page {number} / {len(pages)}" in text


@pytest.mark.parametrize("name", LISTS_EVERYONE)
def test_names_outside_windows_1252_print_exactly(pdfs, name):
    text = all_text(pdfs[name])
    for first, last, _ in INTERNATIONAL:
        assert occurrences(last, text) >= 1 and occurrences(first, text) >= 1, (first, last)
    for needle in ("Şahin", "Nguyễn", "Łukasz", "Ørsted", "Ærøe", "d'Hervé", "Thị Lan", "Trần", "Đức",
                   "Œuvrard"):
        assert occurrences(needle, text) >= 1, needle


def test_same_session_same_date_same_bytes(pdfs):
    """A fixed generation date gives byte-identical documents (reprinting changes nothing)."""
    assert DOCUMENTS["frauds"](international_room().state) == pdfs["frauds"]


def test_metadata_names_the_document(pdfs):
    meta = reader(pdfs["frauds"]).metadata
    assert meta.title == "Procès-verbal de fraude – session n° 4821"
