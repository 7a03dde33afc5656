"""The downloadable candidate list templates: CSV, ODS (odfpy) and XLSX (openpyxl).

Each holds the header row the importer expects ('* ' on the mandatory columns, a format
hint in brackets) and, when given, rows of clean candidates: the same functions export an
enrolled list in a form the importer reads back.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any, Iterable

from odf.number import Text as NumberText
from odf.number import TextStyle
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableCellProperties, TableColumnProperties, TextProperties
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import P

from .fields import DETAIL_FIELDS, FIELDS, NBSP, french_date

TEXT_COLUMNS = ("birthdate", "birth_postal_code", "birth_insee_code")  # keep leading zeros and typed dates
_WIDTHS_CM = {"last_name": 5.0, "first_name": 4.5, "birthdate": 7.5, "extra_time_pct": 4.0, "sex": 3.2,
              "birth_city": 5.0, "birth_postal_code": 5.0, "birth_insee_code": 5.0, "birth_country": 4.5,
              "email": 6.5, "external_id": 4.5, "accessibility": 5.5}
HOW_TO = (
    "Une ligne par candidat, à partir de la ligne 2. Gardez la ligne de titres telle quelle "
    "(l'ordre des colonnes est libre).",
    f"Les colonnes marquées d'une étoile sont obligatoires. Date de naissance{NBSP}: JJ/MM/AAAA, "
    "par exemple 14/03/2011.",
    f"Temps majoré{NBSP}: un pourcentage entier de 0 à 200 (33 pour un tiers temps){NBSP}; vide ou 0 si aucun.",
    f"Sexe{NBSP}: M ou F. Code postal{NBSP}: 5 chiffres. Code INSEE{NBSP}: 5 caractères (2A ou 2B pour la Corse). "
    f"Les autres colonnes facultatives peuvent rester vides. Aménagement d'accessibilité{NBSP}: oui pour un "
    "candidat qui en a besoin (le test adaptatif ne lui pose alors que des questions accessibles).",
    "L'import est tout ou rien\u00a0: s'il y a une erreur, aucun candidat n'est inscrit et toutes les "
    "erreurs sont listées avec leur ligne. Corrigez le fichier puis importez-le de nouveau.",
    f"Formats acceptés{NBSP}: .ods, .xlsx, ou .csv (séparateur point-virgule, UTF-8 ou Windows-1252). "
    "Seule la première feuille est lue.",
)


def header_titles() -> list[str]:
    """'* Nom de naissance', …, '* Date de naissance (format : JJ/MM/AAAA)', 'Sexe (M ou F)', …"""
    titles = []
    for f in FIELDS:
        title = ("* " if f.required else "") + f.label
        titles.append(f"{title} ({f.hint})" if f.hint else title)
    return titles


def row_cells(candidate: dict) -> list[Any]:
    """A clean candidate (validate_candidate's shape) as template cells, in column order."""
    details = candidate.get("details", {})
    cells: list[Any] = []
    for f in FIELDS:
        if f.name == "birthdate":
            cells.append(french_date(dt.date.fromisoformat(candidate["birthdate"])))
        elif f.name in DETAIL_FIELDS:
            value = details.get(f.name, "")
            cells.append(("oui" if value else "non") if isinstance(value, bool) else value)
        else:
            cells.append(candidate[f.name])
    return cells


def csv_template(rows: Iterable[dict] = ()) -> bytes:
    """UTF-8 with BOM (Excel then reads the accents right), ';' separated, CRLF lines."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header_titles())
    for row in rows:
        writer.writerow([str(c) for c in row_cells(row)])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def xlsx_template(rows: Iterable[dict] = ()) -> bytes:
    """The Excel template: bold frozen header, widths, text columns, a M/F list, a how-to sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "Candidats"
    sheet.append(header_titles())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8EEF4")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    sheet.freeze_panes = "A2"
    for i, f in enumerate(FIELDS, start=1):
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = round(_WIDTHS_CM[f.name] * 4.4, 1)  # ~4.4 characters per cm
        if f.name in TEXT_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"
        if f.name == "sex":
            choice = DataValidation(type="list", formula1='"M,F"', allow_blank=True)
            choice.error, choice.errorTitle = "Indiquez M ou F.", "Sexe"
            sheet.add_data_validation(choice)
            choice.add(f"{letter}2:{letter}1001")
    for number, row in enumerate(rows, start=2):
        for i, (f, value) in enumerate(zip(FIELDS, row_cells(row)), start=1):
            cell = sheet.cell(number, i, value if value != "" else None)
            if f.name in TEXT_COLUMNS:
                cell.number_format = "@"
    how_to = book.create_sheet("Mode d'emploi")
    how_to.column_dimensions["A"].width = 120
    for line in HOW_TO:
        how_to.append([line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ods_template(rows: Iterable[dict] = ()) -> bytes:
    """The LibreOffice template: bold header, column widths, text columns, a how-to sheet."""
    doc = OpenDocumentSpreadsheet()
    as_text = TextStyle(name="as-text")
    as_text.addElement(NumberText())  # '@': what is typed stays text (14/03/2011, 01000)
    doc.automaticstyles.addElement(as_text)
    header = Style(name="header", family="table-cell")
    header.addElement(TextProperties(fontweight="bold", fontweightasian="bold", fontweightcomplex="bold"))
    header.addElement(TableCellProperties(backgroundcolor="#e8eef4", wrapoption="wrap"))
    doc.automaticstyles.addElement(header)
    text_cell = Style(name="text-cell", family="table-cell", datastylename="as-text")
    doc.automaticstyles.addElement(text_cell)
    table = Table(name="Candidats")
    for f in FIELDS:
        width = Style(name=f"width-{f.name}", family="table-column")
        width.addElement(TableColumnProperties(columnwidth=f"{_WIDTHS_CM[f.name]}cm"))
        doc.automaticstyles.addElement(width)
        if f.name in TEXT_COLUMNS:
            table.addElement(TableColumn(stylename=width, defaultcellstylename=text_cell))
        else:
            table.addElement(TableColumn(stylename=width))
    table.addElement(_ods_row([(t, "string") for t in header_titles()], header))
    for row in rows:
        table.addElement(_ods_row([(value, "float" if f.name == "extra_time_pct" else "string")
                                   for f, value in zip(FIELDS, row_cells(row))]))
    doc.spreadsheet.addElement(table)
    how_to = Table(name="Mode d'emploi")
    wide = Style(name="width-how-to", family="table-column")
    wide.addElement(TableColumnProperties(columnwidth="26cm"))
    doc.automaticstyles.addElement(wide)
    how_to.addElement(TableColumn(stylename=wide))
    for line in HOW_TO:
        how_to.addElement(_ods_row([(line, "string")]))
    doc.spreadsheet.addElement(how_to)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


def _ods_row(cells: list[tuple[Any, str]], style: Style | None = None) -> TableRow:
    row = TableRow()
    for value, kind in cells:
        if value == "" or value is None:
            row.addElement(TableCell())
            continue
        attributes = {"valuetype": kind}
        if kind == "float":
            attributes["value"] = str(value)
        if style is not None:
            attributes["stylename"] = style
        cell = TableCell(**attributes)
        cell.addElement(P(text=str(value)))
        row.addElement(cell)
    return row
