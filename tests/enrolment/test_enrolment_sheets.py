"""The candidate list import from real ODS (odfpy) and XLSX (openpyxl) files, read with calamine."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from enrolkit import HEADER, PLATFORM_HEADER, Pct, messages, ods_bytes, parse, xlsx_bytes

BUILDERS = {"ods": ods_bytes, "xlsx": xlsx_bytes}
FULL_HEADER = [*PLATFORM_HEADER, "Sexe", "Code postal de naissance", "Code INSEE de naissance", "Identifiant externe"]


@pytest.fixture(params=["ods", "xlsx"])
def kind(request):
    return request.param


def sheet(kind, rows):
    return BUILDERS[kind](rows), f"candidats.{kind}"


def test_a_good_sheet_with_real_date_cells_percentages_and_numbers(kind):
    rows = [FULL_HEADER,
            ["Lefèvre", "Élodie", dt.date(2011, 3, 14), Pct(0.33), "F", 1000, 2004, 123456],
            ["Şahin", "Ayşe", "14/03/2011", 33, "M", "75001", "2A004", "INE-7"],
            ["Nguyễn", "Łukasz", dt.date(2010, 12, 1), Pct(1.0), "", 25000.0, 97411, ""],
            ["Ørsted", "Søren", "2010-12-02", "33 %", "", None, None, None],
            ["Martin", "Paul", dt.date(2010, 12, 3), None, "", None, None, None]]
    data, name = sheet(kind, rows)
    result = parse(data, name)
    assert result.ok, result.errors
    assert result.format == kind and result.encoding is None and result.delimiter is None
    assert [(r["line"], r["last_name"], r["first_name"], r["birthdate"], r["extra_time_pct"]) for r in result.rows] == [
        (2, "Lefèvre", "Élodie", "2011-03-14", 33), (3, "Şahin", "Ayşe", "2011-03-14", 33),
        (4, "Nguyễn", "Łukasz", "2010-12-01", 100), (5, "Ørsted", "Søren", "2010-12-02", 33),
        (6, "Martin", "Paul", "2010-12-03", 0)]
    assert result.rows[0]["details"] == {"sex": "F", "birth_postal_code": "01000", "birth_insee_code": "02004",
                                         "external_id": "123456"}
    assert result.rows[2]["details"] == {"birth_postal_code": "25000", "birth_insee_code": "97411"}


def test_the_format_comes_from_the_content_not_the_name(kind):
    data, _ = sheet(kind, [HEADER, ["Dupont", "Jean", dt.date(2011, 1, 2), 0]])
    for hint in ("liste.csv", "application/octet-stream", ""):
        result = parse(data, hint)
        assert result.ok and result.format == kind


@pytest.mark.parametrize("value, pct", [(Pct(0.33), 33), (Pct(0.3333), 33), (Pct(0.5), 50), (Pct(1.0), 100),
                                        (Pct(2.0), 200), (0.25, 25), (33.0, 33), (120, 120), (0, 0), (200.0, 200)])
def test_extra_time_cells(kind, value, pct):
    data, name = sheet(kind, [HEADER, ["Dupont", "Jean", dt.date(2011, 1, 2), value]])
    assert parse(data, name).rows[0]["extra_time_pct"] == pct


def test_bad_cells_name_their_line_and_column(kind):
    rows = [HEADER,
            ["Dupont", "Jean", dt.date(2011, 1, 2), 33.5],
            ["Dupont", "Paul", 40616, 0],
            ["Dupont", "Marc", "31/02/2011", Pct(2.5)],
            ["Dupont", "Léo", dt.date(2030, 1, 1), -5],
            [None, None, None, None],
            ["", "Luc", dt.date(2011, 1, 2), 0]]
    data, name = sheet(kind, rows)
    assert messages(parse(data, name)) == [
        "Ligne 2, colonne «\u00a0Temps majoré\u00a0»\u00a0: «\u00a033,5\u00a0» n'est pas un pourcentage entier. "
        "Indiquez par exemple 33 ou 33\u00a0%.",
        "Ligne 3, colonne «\u00a0Date de naissance\u00a0»\u00a0: la date «\u00a040616\u00a0» n'est pas au format JJ/MM/AAAA.",
        "Ligne 4, colonne «\u00a0Date de naissance\u00a0»\u00a0: le 31/02/2011 n'existe pas.",
        # 250 % in a percentage cell is 2.5: above 2, so not read as a fraction (docs/candidate-import.md)
        "Ligne 4, colonne «\u00a0Temps majoré\u00a0»\u00a0: «\u00a02,5\u00a0» n'est pas un pourcentage entier. "
        "Indiquez par exemple 33 ou 33\u00a0%.",
        "Ligne 5, colonne «\u00a0Date de naissance\u00a0»\u00a0: le 01/01/2030 est dans le futur.",
        "Ligne 5, colonne «\u00a0Temps majoré\u00a0»\u00a0: «\u00a0-5\u00a0» est négatif. Indiquez un pourcentage de 0 à 200.",
        "Ligne 7, colonne «\u00a0Nom de naissance\u00a0»\u00a0: le nom de naissance est obligatoire.",
    ]


def test_rows_above_the_header_and_empty_first_columns_keep_the_sheet_numbering(kind):
    rows = [[], [None, "Liste de la 3e1"], [], [None, *HEADER], [None, "Dupont", "Jean", "31/02/2011", 0]]
    data, name = sheet(kind, rows)
    result = parse(data, name)
    # 'Liste de la 3e1' is the first non-blank row: it is taken as the header and refused
    assert result.errors[0]["line"] == 2
    data, name = sheet(kind, [[], [None, *HEADER], [], [None, "Dupont", "Jean", "31/02/2011", 0]])
    assert messages(parse(data, name)) == [
        "Ligne 4, colonne «\u00a0Date de naissance\u00a0»\u00a0: le 31/02/2011 n'existe pas."]


def test_a_boolean_or_date_cell_in_a_text_column_is_text(kind):
    rows = [[*HEADER, "Sexe", "Commune de naissance"],
            ["Dupont", "Jean", dt.date(2011, 1, 2), 0, True, dt.date(2011, 1, 2)]]
    data, name = sheet(kind, rows)
    result = parse(data, name)
    assert messages(result) == ["Ligne 2, colonne «\u00a0Sexe\u00a0»\u00a0: «\u00a0VRAI\u00a0» n'est pas reconnu. "
                                "Indiquez M ou F."]


def test_unknown_columns_in_a_sheet(kind):
    data, name = sheet(kind, [["Classe", *HEADER], ["3e1", "Dupont", "Jean", dt.date(2011, 1, 2), 0]])
    assert "la colonne «\u00a0Classe\u00a0» (colonne A) n'est pas reconnue" in messages(parse(data, name))[0]


def test_only_the_first_sheet_is_read():
    from openpyxl import Workbook
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(["Dupont", "Jean", "14/03/2011", "0"])
    other = book.create_sheet("Autre")
    other.append(["n'importe quoi"])
    out = io.BytesIO()
    book.save(out)
    assert len(parse(out.getvalue(), "l.xlsx").rows) == 1


def test_the_sheet_line_limit():
    rows = [HEADER] + [[f"Nom{i}", "Jean", "14/03/2011", 0] for i in range(1001)]
    data, name = sheet("xlsx", rows)  # the limit is shared code; odfpy is slow to build 1000 rows
    assert messages(parse(data, name)) == ["Le fichier contient 1\u202f001 lignes de candidats\u00a0: 1\u202f000 au "
                                           "plus par fichier. Découpez-le en plusieurs fichiers."]


def test_a_broken_or_foreign_zip_is_refused_calmly(kind):
    data, name = sheet(kind, [HEADER, ["Dupont", "Jean", "14/03/2011", 0]])
    assert messages(parse(data[:len(data) // 2], name)) == ["Ce classeur est abîmé ou incomplet et ne peut pas être lu."]
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert messages(parse(other.getvalue(), "lettre.docx")) == [
        "Ce fichier n'est pas un classeur .ods ou .xlsx (ni un fichier .csv)."]


def test_a_zip_bomb_is_refused_before_reading(monkeypatch):
    from roomserver.enrolment import tables

    monkeypatch.setattr(tables, "MAX_UNPACKED", 4 * 1024 * 1024)  # the real limit is 64 MB: same code, faster test
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (5 * 1024 * 1024))
    data = bomb.getvalue()
    assert len(data) < 64 * 1024
    assert messages(parse(data, "l.xlsx")) == [
        "Ce classeur est beaucoup trop volumineux une fois décompressé pour une liste de candidats."]
