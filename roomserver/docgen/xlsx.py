"""XLSX workbooks (Excel): inline strings, numbers and formulas recalculated on load."""

from __future__ import annotations

from typing import Mapping, Sequence

from .ods import Cell, number_text
from .ooxml import OFFICE_REL, XML_HEAD, ooxml_package, relationships
from .textblocks import xml_escape

S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"

_STYLES_XML = (
    f'{XML_HEAD}<styleSheet xmlns="{S_NS}">'
    '<fonts count="1"><font><sz val="11"/><name val="Liberation Sans"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def column_letter(index: int) -> str:
    """Return the spreadsheet column name of a 0-based index: 0 -> A, 26 -> AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _cell(ref: str, value: Cell) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        raise TypeError("booleans are not supported, write 1/0 or text")
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{number_text(value)}</v></c>'
    if value.startswith("="):
        # No <v>: there is no cached result, fullCalcOnLoad makes the program compute it.
        return f'<c r="{ref}"><f>{xml_escape(value[1:])}</f></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{xml_escape(value)}</t></is></c>'


def _sheet_xml(rows: Sequence[Sequence[Cell]], column_width: float) -> str:
    width = max((len(r) for r in rows), default=1) or 1
    xml_rows = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{column_letter(c)}{r}", v) for c, v in enumerate(row))
        xml_rows.append(f'<row r="{r}">{cells}</row>')
    return (
        f'{XML_HEAD}<worksheet xmlns="{S_NS}">'
        f'<cols><col min="1" max="{width}" width="{column_width}" customWidth="1"/></cols>'
        f'<sheetData>{"".join(xml_rows)}</sheetData></worksheet>'
    )


def xlsx_workbook(
    sheets: Mapping[str, Sequence[Sequence[Cell]]], title: str = "Classeur", *, author: str = "",
    column_width: float = 18,
) -> bytes:
    """Return an XLSX with one worksheet per sheet (name -> rows), same cell rules as ``ods_spreadsheet``.

    Formulas use the spreadsheet syntax (``"=SUM(D2:D5)"``), are stored without a cached value,
    and the workbook asks for a full recalculation on load.
    """
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    parts: dict[str, str] = {}
    overrides = {"/xl/styles.xml": _STYLES}
    entries, rels = [], []
    for i, (name, rows) in enumerate(sheets.items(), start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = _sheet_xml(rows, column_width)
        overrides[f"/xl/worksheets/sheet{i}.xml"] = _SHEET
        entries.append(f'<sheet name="{xml_escape(name)}" sheetId="{i}" r:id="rId{i}"/>')
        rels.append((f"{OFFICE_REL}/worksheet", f"worksheets/sheet{i}.xml"))
    rels.append((f"{OFFICE_REL}/styles", "styles.xml"))
    parts["xl/workbook.xml"] = (
        f'{XML_HEAD}<workbook xmlns="{S_NS}" xmlns:r="{OFFICE_REL}">'
        f'<sheets>{"".join(entries)}</sheets><calcPr calcId="0" fullCalcOnLoad="1"/></workbook>'
    )
    parts["xl/_rels/workbook.xml.rels"] = relationships(rels)
    parts["xl/styles.xml"] = _STYLES_XML
    return ooxml_package("xl/workbook.xml", _MAIN, parts, overrides, title, author)
