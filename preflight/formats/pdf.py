"""PDF documents on fpdf2: A4 pages of headings, paragraphs and bullet items, streams compressed."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF

from .blocks import parse_blocks

FIXED_PDF_DATE = datetime(2026, 9, 1, 8, 0, tzinfo=timezone.utc)
_HEADING_SCALE = {1: 1.5, 2: 1.2, 3: 1.1}


def pdf_document(
    pages: list[list[str]],
    title: str = "Document",
    *,
    author: str = "",
    subject: str = "",
    font_size: float = 11,
    fonts: tuple[str | Path, str | Path] | None = None,
    date: datetime = FIXED_PDF_DATE,
) -> bytes:
    """Return an A4 PDF starting a new page for each list of lines (``textblocks`` convention).

    ``fonts`` is a (regular, bold) pair of TrueType files, embedded so any Unicode text prints;
    without it the PDF uses the standard Helvetica, which only knows Windows-1252 characters.
    Page streams are deflated, so the text cannot be read without a PDF reader.
    """
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_creation_date(date)
    pdf.set_lang("fr-FR")
    pdf.set_title(title)
    pdf.set_creator("roomserver")
    if author:
        pdf.set_author(author)
    if subject:
        pdf.set_subject(subject)
    if fonts:
        pdf.add_font("body", "", str(fonts[0]))
        pdf.add_font("body", "B", str(fonts[1]))
        family = "body"
    else:
        pdf.core_fonts_encoding = "windows-1252"  # French quotes, œ, € and bullets, not only Latin-1
        family = "helvetica"
    line_height = font_size * 0.5  # mm, about 1.4 times the font size in points
    for page in pages or [[]]:
        pdf.add_page()
        for block in parse_blocks(page):
            if block.kind == "heading":
                size = font_size * _HEADING_SCALE[block.level]
                pdf.set_font(family, "B", size)
                pdf.multi_cell(0, size * 0.5, block.text, align="L", new_x="LMARGIN", new_y="NEXT")
                pdf.ln(1)
            elif block.kind == "bullet":
                pdf.set_font(family, "", font_size)
                pdf.cell(6, line_height, "•")
                pdf.multi_cell(0, line_height, block.text, align="L", new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.set_font(family, "", font_size)
                pdf.multi_cell(0, line_height, block.text, align="L", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
