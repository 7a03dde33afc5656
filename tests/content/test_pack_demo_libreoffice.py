"""The demo spreadsheets opened by a real LibreOffice show the expected answers."""

import csv
import io
import shutil
import subprocess
from decimal import Decimal

import pytest

from roomserver.content import DEMO_PACK_DIR, load_pack

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not on PATH")


def computed_rows(tmp_path, source) -> dict[str, list[str]]:
    """Convert a spreadsheet to CSV with LibreOffice; return rows keyed by their first cell."""
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "csv:Text - txt - csv (StarCalc):59,34,76", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    text = (tmp_path / (source.stem + ".csv")).read_text(encoding="utf-8")
    return {row[0]: row for row in csv.reader(io.StringIO(text), delimiter=";") if row}


def answer(pack, cid: str) -> Decimal:
    (answers,) = pack.challenges[cid].solution.accepted.values()
    return Decimal(answers[0].replace(",", "."))


def test_budget_answers_match_libreoffice(tmp_path):
    pack = load_pack(DEMO_PACK_DIR)
    rows = computed_rows(tmp_path, pack.attachment_file("traiter-formules-2-c", "budget-sortie.ods"))
    assert Decimal(rows["Total"][3]) == answer(pack, "traiter-formules-2-c")
    assert Decimal(rows["Coût par élève (€)"][3]) == answer(pack, "traiter-tableur-3-a")


def test_grades_answers_match_libreoffice(tmp_path):
    pack = load_pack(DEMO_PACK_DIR)
    rows = computed_rows(tmp_path, pack.attachment_file("traiter-tableur-3-b", "notes-2de3.xlsx"))
    assert Decimal(rows["Moyenne de la classe"][3]) == answer(pack, "traiter-tableur-3-b")
    assert Decimal(rows["Nombre de moyennes ≥ 12"][4]) == answer(pack, "traiter-references-5-c")
    averages = {name: Decimal(row[4]) for name, row in rows.items() if name not in ("Élève", "Moyenne de la classe", "Nombre de moyennes ≥ 12")}
    (best,) = pack.challenges["traiter-filtrer-4-b"].solution.accepted["f1"]
    assert max(averages, key=averages.get) == best
