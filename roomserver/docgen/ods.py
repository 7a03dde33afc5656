"""ODS spreadsheets (LibreOffice Calc): text, numbers and formulas left for Calc to compute."""

from __future__ import annotations

import re
from typing import Mapping, Sequence

from .odf import document_content, document_meta, document_styles, odf_package
from .textblocks import xml_escape

Cell = str | int | float | None
Sheets = Mapping[str, Sequence[Sequence[Cell]]]

_REF = r"\$?[A-Z]{1,3}\$?[0-9]+"
_TOKEN = re.compile(
    r'(?P<string>"[^"]*")'
    r"|(?<![\w.$])(?P<ref>(?:(?P<sheet>'[^']+'|[A-Za-z_][\w]*)!)?(?P<a>" + _REF + r")(?::(?P<b>" + _REF + r"))?)(?![\w(])"
    r"|(?P<comma>,)"
    r"|(?P<other>.)",
    re.DOTALL,
)


def odf_formula(formula: str) -> str:
    """Translate a spreadsheet formula ("=B2*C2", "=SUM(D2:D5)") into OpenFormula ("of:=[.B2]*[.C2]").

    Cell references, ranges and ``Sheet!A1`` references are bracketed, commas become the
    OpenFormula argument separator ``;``; text inside double quotes is left untouched.
    """
    if not formula.startswith("="):
        raise ValueError(f"a formula starts with '=': {formula!r}")
    out = []
    for match in _TOKEN.finditer(formula[1:]):
        if match.group("ref"):
            sheet = match.group("sheet")
            prefix = "$" + sheet if sheet else ""
            ref = f"{prefix}.{match.group('a')}"
            if match.group("b"):
                ref += f":.{match.group('b')}"
            out.append(f"[{ref}]")
        elif match.group("comma"):
            out.append(";")
        else:
            out.append(match.group(0))
    return "of:=" + "".join(out)


def number_text(value: int | float) -> str:
    """Return the shortest exact text of a number: ``12`` for 12.0, ``12.5`` for 12.5."""
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def _cell(value: Cell) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, bool):
        raise TypeError("booleans are not supported, write 1/0 or text")
    if isinstance(value, (int, float)):
        shown = number_text(value)
        return (
            f'<table:table-cell office:value-type="float" office:value="{shown}">'
            f"<text:p>{shown}</text:p></table:table-cell>"
        )
    if value.startswith("="):
        # No office:value and no text: only a real spreadsheet shows the result.
        return f'<table:table-cell table:formula="{xml_escape(odf_formula(value))}"/>'
    return f'<table:table-cell office:value-type="string"><text:p>{xml_escape(value)}</text:p></table:table-cell>'


def ods_spreadsheet(
    sheets: Sheets, title: str = "Classeur", *, author: str = "", column_width_cm: float = 3.5
) -> bytes:
    """Return an ODS with one table per sheet (name -> rows of cells).

    A cell is text, an int or float (a number cell), ``None`` (empty) or a string starting
    with ``=`` (a formula such as ``"=B2*C2"``, stored with no cached value).
    """
    if not sheets:
        raise ValueError("a spreadsheet needs at least one sheet")
    tables = []
    for name, rows in sheets.items():
        width = max((len(r) for r in rows), default=1) or 1
        xml_rows = "".join(
            "<table:table-row>" + "".join(_cell(c) for c in row) + "</table:table-row>" for row in rows
        ) or "<table:table-row><table:table-cell/></table:table-row>"
        tables.append(
            f'<table:table table:name="{xml_escape(name)}">'
            f'<table:table-column table:style-name="co1" table:number-columns-repeated="{width}"/>'
            f"{xml_rows}</table:table>"
        )
    automatic = (
        f'<style:style style:name="co1" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{column_width_cm}cm"/></style:style>'
    )
    body = "<office:spreadsheet>" + "".join(tables) + "</office:spreadsheet>"
    styles = document_styles(
        '<style:default-style style:family="table-cell"><style:text-properties fo:language="fr" fo:country="FR"/></style:default-style>'
    )
    return odf_package("ods", document_content(body, automatic), styles, document_meta(title, author))
