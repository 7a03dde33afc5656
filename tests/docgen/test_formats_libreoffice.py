"""Open the generated office files with a real LibreOffice (headless), when one is installed.

LibreOffice computes the formulas (no cached values are stored), so this is the end-to-end
proof that a candidate's spreadsheet shows the expected result, and that a real office suite
reads what the libraries wrote: text, lists, slides, drawings.
"""

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from preflight.formats import (
    Slide, TextBox, docx_document, odg_drawing, odp_presentation, ods_spreadsheet, odt_document, xlsx_workbook,
)

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not on PATH")

ROWS = [["Poste", "Qté", "Prix", "Total"], ["Car", 1, 780, "=B2*C2"], ["Goûter", 28, 2.25, "=B3*C3"],
        ["Total", None, None, "=SUM(D2:D3)"], ["Par élève", None, None, "=ROUND(D4/28,2)"]]
TEXT = ["# Titre", "Paragraphe accentué : « été »", "- première puce", "- seconde puce"]


def convert(tmp_path: Path, files: dict[str, bytes], target: str) -> dict[str, Path]:
    """Convert files headless in one LibreOffice run, with a private profile; return name -> output."""
    sources = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        sources.append(str(tmp_path / name))
    out = tmp_path / "out"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", target, "--outdir", str(out), *sources],
        check=True, capture_output=True, timeout=180,
    )
    suffix = target.split(":")[0]
    return {name: out / (Path(name).stem + "." + suffix) for name in files}


def test_spreadsheet_formulas_are_computed(tmp_path):
    files = {"b.ods": ods_spreadsheet({"Budget": ROWS}), "c.xlsx": xlsx_workbook({"Budget": ROWS})}
    for name, csv in convert(tmp_path, files, "csv:Text - txt - csv (StarCalc):44,34,76").items():
        lines = csv.read_text(encoding="utf-8").strip().splitlines()
        assert lines[0] == "Poste,Qté,Prix,Total", name
        assert lines[1].endswith(",780") and lines[2].endswith(",63"), name
        assert lines[3].endswith(",843"), name
        assert lines[4].endswith(",30.11"), name


def test_text_documents_open_with_their_lists(tmp_path):
    files = {"t.odt": odt_document(TEXT), "u.docx": docx_document(TEXT)}
    for name, out in convert(tmp_path, files, "txt:Text (encoded):UTF8").items():
        lines = [line.strip() for line in out.read_text(encoding="utf-8-sig").splitlines() if line.strip()]
        assert lines[0] == "Titre" and lines[1] == "Paragraphe accentué : « été »", name
        # Both are real lists: LibreOffice writes their bullet before the text.
        assert lines[2].endswith("première puce") and lines[2] != "première puce", (name, lines)
        assert lines[3].endswith("seconde puce"), name


def test_presentation_and_drawing_open(tmp_path):
    files = {
        "p.odp": odp_presentation([Slide("Diapo un", ["a"]), Slide("Diapo deux", ["b"], ["notes"])]),
        "d.odg": odg_drawing([[TextBox(2, 2, 10, 3, "Code à saisir : K7M3P")]]),
    }
    pdfs = convert(tmp_path, files, "pdf")
    slides = PdfReader(pdfs["p.odp"]).pages
    assert len(slides) == 2 and "Diapo deux" in slides[1].extract_text()
    assert "notes" not in slides[1].extract_text()  # speaker notes stay off the slide
    (drawing,) = PdfReader(pdfs["d.odg"]).pages
    assert "Code à saisir : K7M3P" in drawing.extract_text()
