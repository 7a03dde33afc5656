"""Office Open XML writers: DOCX read back by python-docx, XLSX by openpyxl and python-calamine."""

import io
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from preflight.formats import docx_document, xlsx_workbook


def test_docx_paragraph_styles_text_and_properties():
    data = docx_document(["# Compte rendu", "Texte & suite", "- un", "- deux", "## Fin", ""], "CR", author="CVL")
    doc = Document(io.BytesIO(data))
    assert [(p.style.name, p.text) for p in doc.paragraphs] == [
        ("Heading 1", "Compte rendu"), ("Normal", "Texte & suite"), ("List Bullet", "un"), ("List Bullet", "deux"),
        ("Heading 2", "Fin"), ("Normal", "")]
    # "List Bullet" is a real Word list: the style is numbered by a bullet definition.
    bullet = doc.styles["List Bullet"].element.pPr.numPr
    assert bullet is not None and bullet.numId.val >= 1
    assert (doc.core_properties.title, doc.core_properties.author) == ("CR", "CVL")
    section = doc.sections[0]
    assert (round(section.page_width / Cm(1), 1), round(section.page_height / Cm(1), 1)) == (21.0, 29.7)
    language = doc.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert language.get(qn("w:val")) == "fr-FR"


def test_xlsx_numbers_text_and_uncached_formulas():
    sheets = {"Notes": [["Élève", "Maths"], ["Léa", 17.5], ["Moyenne", "=AVERAGE(B2:B2)"], [None, 3]], "Deux": [[1]]}
    data = xlsx_workbook(sheets, "Notes", author="Prof")
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Notes", "Deux"]
    notes = workbook["Notes"]
    assert [[c.value for c in row] for row in notes.iter_rows()] == [
        ["Élève", "Maths"], ["Léa", 17.5], ["Moyenne", "=AVERAGE(B2:B2)"], [None, 3]]
    assert workbook.calculation.fullCalcOnLoad is True
    assert (workbook.properties.title, workbook.properties.creator) == ("Notes", "Prof")
    assert notes.column_dimensions["B"].width == 18
    # No cached result anywhere: a reader that does not compute sees an empty cell.
    assert load_workbook(io.BytesIO(data), data_only=True)["Notes"]["B3"].value is None
    assert CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("Notes").to_python()[2][1] in ("", None)
    with pytest.raises(TypeError):
        xlsx_workbook({"A": [[True]]})


def test_deterministic():
    assert docx_document(["a"]) == docx_document(["a"])
    assert xlsx_workbook({"A": [[1, "=A1"]]}) == xlsx_workbook({"A": [[1, "=A1"]]})
    for data in (docx_document(["a"]), xlsx_workbook({"A": [[1]]})):
        assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(data)).infolist()} == {(1980, 1, 1, 0, 0, 0)}
