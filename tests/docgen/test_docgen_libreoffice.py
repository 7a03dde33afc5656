"""Open the generated office files with a real LibreOffice, when one is installed.

LibreOffice computes the formulas (no cached values are stored), so this is the end-to-end
proof that a candidate's spreadsheet shows the expected result.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

from roomserver.docgen import docx_document, odp_presentation, ods_spreadsheet, odt_document, xlsx_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not on PATH")

ROWS = [["Poste", "Qté", "Prix", "Total"], ["Car", 1, 780, "=B2*C2"], ["Goûter", 28, 2.25, "=B3*C3"],
        ["Total", None, None, "=SUM(D2:D3)"], ["Par élève", None, None, "=ROUND(D4/28,2)"]]


def convert(tmp_path: Path, name: str, data: bytes, target: str) -> str:
    """Convert one file headless, with a private profile, and return the output text."""
    source = tmp_path / name
    source.write_bytes(data)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    out = tmp_path / (source.stem + "." + target.split(":")[0])
    return out.read_bytes().decode("utf-8-sig", errors="replace")


@pytest.mark.parametrize("name, writer", [("b.ods", ods_spreadsheet), ("b.xlsx", xlsx_workbook)])
def test_spreadsheet_formulas_are_computed(tmp_path, name, writer):
    csv = convert(tmp_path, name, writer({"Budget": ROWS}), "csv:Text - txt - csv (StarCalc):44,34,76")
    lines = csv.strip().splitlines()
    assert lines[1].endswith(",780") and lines[2].endswith(",63")
    assert lines[3].endswith(",843")
    assert lines[4].endswith(",30.11")


@pytest.mark.parametrize("name, writer", [("t.odt", odt_document), ("t.docx", docx_document)])
def test_text_documents_open(tmp_path, name, writer):
    text = convert(tmp_path, name, writer(["# Titre", "Paragraphe accentué", "- puce"]), "txt:Text (encoded):UTF8")
    assert "Titre" in text and "Paragraphe accentué" in text and "puce" in text


def test_presentation_opens(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    convert(tmp_path, "p.odp", odp_presentation([("Diapo un", ["a"]), ("Diapo deux", ["b"])]), "pdf")
    reader = pypdf.PdfReader(tmp_path / "p.pdf")
    assert len(reader.pages) == 2
    assert "Diapo deux" in reader.pages[1].extract_text()
