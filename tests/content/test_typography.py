"""French typography in every string a person reads (issue 15): the pages of client_static/ (JS
string literals and HTML text), the printed documents (the text each PDF draws, captured as
fpdf2 receives it), the command-line messages. No ordinary space (or none) before : ; ? ! »,
none after «, no "(s)" plural, no "de ${name}" (d'Élodie, never de Élodie).

Files of other owners that still break a rule are in PENDING, each checked to still break one:
once fixed, the test says to move it out of the list, so nothing is skipped silently.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from typography import elision_offences, html_strings, js_strings, offences, python_strings

ROOT = Path(__file__).resolve().parents[2]

# Others' files with offences today (see the helper's report): to scan once fixed. Empty now that the
# admin pages and the CLI are fixed; a file added here must still break a rule (checked below).
PENDING: set[str] = set()


def page_files() -> list[str]:
    return [p.relative_to(ROOT).as_posix() for p in sorted((ROOT / "client_static").rglob("*"))
            if p.suffix in (".js", ".html") and "vendor" not in p.parts]


def cli_files() -> list[str]:
    """What a person reads in a terminal: the commands and the demo's announcement."""
    files = sorted((ROOT / "roomserver" / "cli").rglob("*.py")) + [ROOT / "roomserver" / "demo.py"]
    return [p.relative_to(ROOT).as_posix() for p in files]


def broken(path: str) -> list[str]:
    """'file:line: rules — string' for every string of a source file that breaks a rule."""
    source = (ROOT / path).read_text(encoding="utf-8")
    if path.endswith(".js"):
        items = js_strings(source)
    elif path.endswith(".html"):
        items = [(line, text, text) for line, text in html_strings(source)]
    else:
        items = python_strings(source)
    lines = source.splitlines()
    return [f"{path}:{line}: {', '.join(rules)} — {raw[:120]!r}" for line, text, raw in items
            if (rules := offences(text) + elision_offences(raw, lines[line - 1]))]


SCANNED = [p for p in page_files() + cli_files() if p not in PENDING]


def test_the_rules_catch_what_they_must_and_spare_code():
    assert offences("Temps restant : 1 h") and offences("Passer cette question ?") and offences("« poste 12 »")
    assert offences("Salle prête: 3 postes") and offences("2 candidat(s) présents")
    assert elision_offences("Présence de ${fullName(row)} confirmée") and elision_offences("le test de {name}")
    assert not offences("Temps restant\u00a0: 1\u00a0h") and not offences("«\u00a0poste 12\u00a0»")
    assert not offences("button.seat[data-row]") and not offences("http://localhost:8000/preflight")
    assert not elision_offences("la place de ${row.total} questions")
    helper = "return VOWEL_START.test(name) ? `d'${name}` : `de ${name}`;"
    assert not elision_offences("`de ${name}`", helper) and elision_offences("`de ${name}`", "return `de ${name}`;")
    js = 'const a = ok ? "oui" : "non"; const r = /[:;?]/g; // un commentaire : ignoré\nconst t = `Reste ${n} : fin`;'
    assert [text for _, text, _ in js_strings(js)] == ["oui", "non", "Reste \u2063 : fin"]
    assert offences(js_strings(js)[2][1])


@pytest.mark.parametrize("path", SCANNED)
def test_every_page_and_cli_string_follows_french_typography(path):
    assert broken(path) == []


def test_files_waiting_for_their_owner_still_need_the_fix():
    for path in sorted(PENDING):
        assert (ROOT / path).exists(), f"{path} is gone: remove it from PENDING"
        assert broken(path), f"{path} follows the rules now: remove it from PENDING so it stays checked"


def test_every_text_drawn_in_the_printed_documents(monkeypatch):
    """The documents (roomserver/documents) put the spaces right when they draw (french.typo): what
    counts is the text fpdf2 receives, captured here for every document of a varied session."""
    import fpdf

    sys.path.insert(0, str(ROOT / "tests" / "documents"))
    from documentkit import URL, international_room

    from roomserver.documents import (
        attendance_sheet, candidate_notice, fraud_reports, incident_report, invigilator_kit, results_sheet,
    )

    drawn: list[str] = []
    for method in ("cell", "multi_cell", "text", "write"):
        original = getattr(fpdf.FPDF, method)

        def spy(self, *args, __original=original, **kwargs):
            text = kwargs.get("text", kwargs.get("txt"))
            if text is None:
                text = next((a for a in args if isinstance(a, str)), None)
            if text:
                drawn.append(text)
            return __original(self, *args, **kwargs)

        monkeypatch.setattr(fpdf.FPDF, method, spy)
    state = international_room().state
    now = dt.datetime(2026, 11, 30, 17, 56)
    results = [{"candidate_id": cid, "status": "validated", "reasons": [], "pix": 40, "reproducibility_rate": 80,
                "competences": [{"code": "1.1", "title": "Mener une recherche", "level": 1, "pix": 8}]}
               for cid in state.candidates]
    for make in (lambda: attendance_sheet(state, now=now), lambda: invigilator_kit(state, URL, now=now),
                 lambda: incident_report(state, now=now), lambda: incident_report(state, blank=True, now=now),
                 lambda: fraud_reports(state, now=now), lambda: candidate_notice(state, URL, now=now),
                 lambda: results_sheet(state, results, "9f" * 32, now=now)):
        make()
    assert len(drawn) > 200
    bad = sorted({f"{', '.join(rules)} — {text[:120]!r}" for text in drawn if (rules := offences(text))})
    assert bad == []
