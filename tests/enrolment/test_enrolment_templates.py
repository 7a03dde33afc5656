"""The downloadable templates: what they hold, and that a filled template parses back."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from enrolkit import assert_french, parse
from odf.opendocument import load as load_ods
from odf.table import Table, TableCell, TableRow
from odf.text import P

from roomserver.enrolment import csv_template, header_titles, ods_template, xlsx_template
from roomserver.enrolment.templates import HOW_TO

TITLES = ["* Nom de naissance", "* Prénom", "* Date de naissance (format\u00a0: JJ/MM/AAAA)", "* Temps majoré (en %)",
          "Sexe (M ou F)", "Commune de naissance", "Code postal de naissance", "Code INSEE de naissance",
          "Pays de naissance", "E-mail de convocation", "Identifiant externe", "Aménagement d'accessibilité (oui ou non)"]
CANDIDATES = [
    {"last_name": "DUPONT", "first_name": "Élodie", "birthdate": "2011-03-14", "extra_time_pct": 0, "details": {}},
    {"last_name": "Nguyễn; Şahin", "first_name": "Łukasz \"Luk\"", "birthdate": "2010-01-09", "extra_time_pct": 33,
     "details": {"sex": "M", "birth_city": "Bourg-en-Bresse", "birth_postal_code": "01000", "birth_insee_code": "2A004",
                 "birth_country": "France", "email": "luk@example.fr", "external_id": "007",
                 "accessibility": True}},
]


def without_lines(rows):
    return [{k: v for k, v in r.items() if k != "line"} for r in rows]


def test_the_header_titles():
    assert header_titles() == TITLES


def test_csv_template_is_utf8_with_bom_semicolons_and_the_header_only():
    data = csv_template()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:].decode("utf-8") == ";".join(TITLES) + "\r\n"
    assert [e["message"] for e in parse(data).errors] == ["Le fichier ne contient aucun candidat sous la ligne de titres."]


def test_csv_template_filled_in_a_text_editor_parses_back():
    data = csv_template() + "Lefèvre;Élodie;14/03/2011;33 %;F;;01000;;;;\r\nMartin;Paul;02/01/2011;;;;;;;;\r\n".encode()
    result = parse(data)
    assert result.ok and [(r["last_name"], r["extra_time_pct"], r["details"]) for r in result.rows] == [
        ("Lefèvre", 33, {"sex": "F", "birth_postal_code": "01000"}), ("Martin", 0, {})]


@pytest.mark.parametrize("build, name", [(csv_template, "l.csv"), (ods_template, "l.ods"), (xlsx_template, "l.xlsx")])
def test_an_exported_list_parses_back_equal(build, name):
    result = parse(build(CANDIDATES), name)
    assert result.ok, result.errors
    assert without_lines(result.rows) == CANDIDATES and [r["line"] for r in result.rows] == [2, 3]


def test_xlsx_template_layout_and_a_user_filling_it_in_excel():
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx_template()))
    assert book.sheetnames == ["Candidats", "Mode d'emploi"]
    sheet = book["Candidats"]
    assert [c.value for c in sheet[1]] == TITLES
    assert all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["B"].width
    assert sheet.column_dimensions["C"].number_format == "@" and sheet.column_dimensions["G"].number_format == "@"
    assert [v.formula1 for v in sheet.data_validations.dataValidation] == ['"M,F"']
    sheet.append(["Lefèvre", "Élodie", "14/03/2011", 33, "F", None, "01000"])
    sheet.append(["Martin", "Paul", dt.datetime(2011, 1, 2), 0.5])  # a real date cell, 50 % as a fraction
    sheet.cell(3, 4).number_format = "0%"
    out = io.BytesIO()
    book.save(out)
    result = parse(out.getvalue(), "rempli.xlsx")
    assert result.ok, result.errors
    assert [(r["birthdate"], r["extra_time_pct"], r["details"]) for r in result.rows] == [
        ("2011-03-14", 33, {"sex": "F", "birth_postal_code": "01000"}), ("2011-01-02", 50, {})]


def test_ods_template_layout_and_a_user_filling_it_in_calc():
    data = ods_template()
    content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml").decode()
    assert 'fo:font-weight="bold"' in content and 'style:column-width="7.5cm"' in content
    assert 'table:default-cell-style-name="text-cell"' in content and "<number:text-style" in content
    doc = load_ods(io.BytesIO(data))
    tables = doc.spreadsheet.getElementsByType(Table)
    assert [t.getAttribute("name") for t in tables] == ["Candidats", "Mode d'emploi"]
    for values in (["Lefèvre", "Élodie", "14/03/2011", "33 %", "F", "", "01000"],
                   ["Martin", "Paul", dt.date(2011, 1, 2), 0.5]):
        row = TableRow()
        for value in values:
            if isinstance(value, dt.date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
            elif isinstance(value, float):
                cell = TableCell(valuetype="percentage", value=str(value))
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            row.addElement(cell)
        tables[0].addElement(row)
    out = io.BytesIO()
    doc.write(out)
    result = parse(out.getvalue(), "rempli.ods")
    assert result.ok, result.errors
    assert [(r["birthdate"], r["extra_time_pct"], r["details"]) for r in result.rows] == [
        ("2011-03-14", 33, {"sex": "F", "birth_postal_code": "01000"}), ("2011-01-02", 50, {})]


def test_templates_hold_no_candidate_by_default():
    for build, name in ((ods_template, "t.ods"), (xlsx_template, "t.xlsx")):
        assert [e["message"] for e in parse(build(), name).errors] == [
            "Le fichier ne contient aucun candidat sous la ligne de titres."]


def test_the_how_to_sheet_is_french_and_matches_the_importer():
    from openpyxl import load_workbook

    lines = [row[0].value for row in load_workbook(io.BytesIO(xlsx_template()))["Mode d'emploi"].iter_rows()]
    assert lines == list(HOW_TO)
    for line in lines:
        assert_french(line)
    assert any("tout ou rien" in line for line in lines)
