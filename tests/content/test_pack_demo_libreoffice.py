"""The demo's office files opened by a real LibreOffice show the expected answers.

The spreadsheets store no cached results, so this is where the answers are really computed;
the text documents, slides and drawing are checked for the facts their questions ask about.
"""

import csv
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from pypdf import PdfReader

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


def first_answer(pack, cid: str) -> str:
    (answers,) = pack.challenges[cid].solution.accepted.values()
    return answers[0]


def answer(pack, cid: str) -> Decimal:
    return Decimal(first_answer(pack, cid).replace(",", "."))


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


def convert(tmp_path, sources, target: str) -> dict[str, object]:
    """Convert files in one headless LibreOffice run; return source name -> output path."""
    out = tmp_path / "out"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", target, "--outdir", str(out), *map(str, sources)],
        check=True, capture_output=True, timeout=180,
    )
    return {source.name: out / (source.stem + "." + target.split(":")[0]) for source in sources}


def test_documents_slides_and_drawing_show_their_answers(tmp_path):
    pack = load_pack(DEMO_PACK_DIR)
    texts = convert(tmp_path, [pack.attachment_file("texte-document-4-a", "charte-numerique.odt"),
                               pack.attachment_file("collab-compte-rendu-4-a", "compte-rendu-cvl.docx")],
                    "txt:Text (encoded):UTF8")
    charter = texts["charte-numerique.odt"].read_text(encoding="utf-8-sig")
    assert f"quota de {answer(pack, 'texte-document-4-a')} pages par trimestre" in charter
    report = texts["compte-rendu-cvl.docx"].read_text(encoding="utf-8-sig")
    voted = report.split("Projets votés")[1].split("Projet reporté")[0]
    assert len([line for line in voted.splitlines() if line.strip()]) == answer(pack, "collab-compte-rendu-4-b")
    pdfs = convert(tmp_path, [pack.attachment_file("adapter-presentation-6-a", "expose-energie.odp"),
                              pack.attachment_file("env-reseau-4-b", "plan-reseau-b12.odg")], "pdf")
    slides = PdfReader(pdfs["expose-energie.odp"]).pages
    assert slides[3].extract_text().splitlines()[0].strip() == first_answer(pack, "adapter-presentation-6-a")
    assert "kWh" not in slides[2].extract_text()  # the figure is in the speaker notes only
    drawing = " ".join(PdfReader(pdfs["plan-reseau-b12.odg"]).pages[0].extract_text().split())
    assert f"Imprimante {first_answer(pack, 'env-reseau-4-b')}" in drawing
