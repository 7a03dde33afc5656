"""Office Open XML writers: DOCX on python-docx, XLSX on openpyxl.

The libraries write the package (content types, relationships, styles, numbering, shared
parts); this module only says what goes in, and fixes the dates so a rebuild is identical.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Mapping, Sequence

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from .archive import repack
from .blocks import parse_blocks
from .formula import Cell, check_cell

FIXED_OOXML_DATE = datetime(2026, 9, 1, 8, 0)


def docx_document(lines: list[str], title: str = "Document", *, author: str = "") -> bytes:
    """Return a DOCX whose body follows the line convention of ``blocks`` (# heading, - bullet).

    Headings use Word's "Heading 1..3" styles, bullet items its "List Bullet" style (a real
    Word list, numbered by the template's bullet definition).
    """
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2)
    # French spelling and hyphenation: python-docx has no property for the language, so set w:lang.
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "fr-FR")
    doc.styles["Normal"].element.get_or_add_rPr().append(language)
    properties = doc.core_properties
    properties.title, properties.author, properties.comments = title, author, ""
    properties.last_modified_by, properties.revision = author, 1
    properties.created = properties.modified = FIXED_OOXML_DATE
    for block in parse_blocks(lines):
        if block.kind == "heading":
            doc.add_heading(block.text, block.level)
        elif block.kind == "bullet":
            doc.add_paragraph(block.text, style="List Bullet")
        else:
            doc.add_paragraph(block.text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return repack(buffer.getvalue())


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
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                check_cell(value)
                if value is not None and value != "":
                    sheet.cell(row=r, column=c, value=value)  # a text starting with "=" is a formula
        for c in range(1, max((len(r) for r in rows), default=1) + 1):
            sheet.column_dimensions[get_column_letter(c)].width = column_width
    workbook.calculation.fullCalcOnLoad = True
    workbook.properties.title, workbook.properties.creator = title, author or None
    workbook.properties.created = workbook.properties.modified = FIXED_OOXML_DATE
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save, which stamps "modified" with the current time.
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return repack(buffer.getvalue())
