"""Helpers for the enrolment tests: real CSV bytes, real ODS (odfpy) and XLSX (openpyxl) files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

from roomserver.enrolment import parse_candidate_file

TODAY = dt.date(2026, 6, 1)
HEADER = ["Nom de naissance", "Prénom", "Date de naissance", "Temps majoré"]
PLATFORM_HEADER = ["* Nom de naissance", "* Prénom", "* Date de naissance (format : JJ/MM/AAAA)",
                   "Temps majoré (%)"]
_BAD_TYPOGRAPHY = re.compile(r"(?<![\u00a0\u202f])[:;!?»]|«(?!\u00a0)| [:;!?»]")


def assert_french(text: str) -> None:
    """French typography: a non-breaking space before : ; ! ? » and after «."""
    found = _BAD_TYPOGRAPHY.search(text)
    assert not found, f"typography at {found.start()}: {text!r}"


def csv_bytes(rows, *, header=HEADER, sep=";", encoding="utf-8", bom=False, newline="\r\n") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator=newline)
    if header is not None:
        writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode(encoding)


def parse(data: bytes, name: str = "candidats.csv", today: dt.date = TODAY):
    result = parse_candidate_file(data, name, today=today)
    for e in result.errors:
        assert set(e) == {"line", "column", "message"}
        assert_french(e["message"])
    if result.errors:
        assert result.rows == []  # all or nothing
    return result


def messages(result) -> list[str]:
    return [e["message"] for e in result.errors]


class Pct(float):
    """A number shown as a percentage in the sheet (ODS value-type percentage, XLSX '0%')."""


def ods_bytes(rows) -> bytes:
    """A real ODS file: str -> string cell, int/float -> float, Pct -> percentage, date -> date."""
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Feuille1")
    for cells in rows:
        tr = TableRow()
        for value in cells:
            if value is None or value == "":
                tr.addElement(TableCell())
                continue
            if isinstance(value, bool):
                cell = TableCell(valuetype="boolean", booleanvalue=str(value).lower())
                shown = "VRAI" if value else "FAUX"
            elif isinstance(value, Pct):
                cell = TableCell(valuetype="percentage", value=str(float(value)))
                shown = f"{float(value) * 100:g} %"
            elif isinstance(value, dt.date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
                shown = value.strftime("%d/%m/%Y")
            elif isinstance(value, (int, float)):
                cell = TableCell(valuetype="float", value=str(value))
                shown = str(value)
            else:
                cell = TableCell(valuetype="string")
                shown = value
            cell.addElement(P(text=shown))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


def xlsx_bytes(rows) -> bytes:
    """A real XLSX file: the same cell kinds; dates get a dd/mm/yyyy format, Pct a 0% format."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for r, cells in enumerate(rows, start=1):
        for c, value in enumerate(cells, start=1):
            if value is None or value == "":
                continue
            cell = sheet.cell(r, c, float(value) if isinstance(value, Pct) else value)
            if isinstance(value, Pct):
                cell.number_format = "0%"
            elif isinstance(value, dt.date):
                cell.number_format = "dd/mm/yyyy"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
