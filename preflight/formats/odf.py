"""OpenDocument writers on odfpy: text (ODT), spreadsheet (ODS), presentation (ODP), drawing (ODG).

odfpy builds the package (mimetype first and stored, manifest, namespaces, escaping); this
module only says what goes in. Formulas are written in OpenFormula by ``formula.odf_formula``
and stored without a cached value, so only a real spreadsheet shows their result.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

from odf import dc, draw, meta, presentation, style, table, text
from odf.element import Element
from odf.namespaces import (
    CHARTNS, DCNS, DRAWNS, FONS, MANIFESTNS, METANS, NUMBERNS, OFFICENS, PRESENTATIONNS, STYLENS, SVGNS, TABLENS,
    TEXTNS, XLINKNS, nsdict,
)
from odf.opendocument import (
    OpenDocument, OpenDocumentDrawing, OpenDocumentPresentation, OpenDocumentSpreadsheet, OpenDocumentText,
)

from .archive import repack
from .blocks import parse_blocks
from .formula import Cell, check_cell, number_text, odf_formula

FIXED_ODF_DATE = "2026-09-01T08:00:00"
_HEADING_SIZES = {1: "18pt", 2: "15pt", 3: "13pt"}


@dataclass(frozen=True)
class Slide:
    """One slide: a title, bullet lines, and notes seen only in the presenter's view."""

    title: str
    bullets: Sequence[str] = ()
    notes: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class TextBox:
    """A rectangle at (x, y) cm of size w x h cm holding text; ``fill`` is "#rrggbb" or None."""

    x: float
    y: float
    w: float
    h: float
    text: str
    fill: str | None = "#dee6ef"
    font_size_pt: int = 14


def _new(factory: Callable[[], OpenDocument], family: str, title: str, author: str) -> OpenDocument:
    """Start a document in French (default style of ``family``) with a title, an author and fixed dates."""
    doc = factory()
    doc.meta.addElement(dc.Title(text=title))
    if author:
        doc.meta.addElement(meta.InitialCreator(text=author))
        doc.meta.addElement(dc.Creator(text=author))
    doc.meta.addElement(meta.CreationDate(text=FIXED_ODF_DATE))
    doc.meta.addElement(dc.Date(text=FIXED_ODF_DATE))
    doc.meta.addElement(dc.Language(text="fr-FR"))
    default = style.DefaultStyle(family=family)
    default.addElement(style.TextProperties(language="fr", country="FR"))
    doc.styles.addElement(default)
    return doc


def _page(doc: OpenDocument, master_name: str, width_cm: float, height_cm: float,
          margin_cm: float) -> style.MasterPage:
    """Add the page size every page of ``doc`` uses and return its master page."""
    layout = style.PageLayout(name="PM1")
    layout.addElement(style.PageLayoutProperties(
        pagewidth=f"{width_cm}cm", pageheight=f"{height_cm}cm", margintop=f"{margin_cm}cm",
        marginbottom=f"{margin_cm}cm", marginleft=f"{margin_cm}cm", marginright=f"{margin_cm}cm",
        printorientation="landscape" if width_cm > height_cm else "portrait"))
    doc.automaticstyles.addElement(layout)
    master = style.MasterPage(name=master_name, pagelayoutname=layout)
    doc.masterstyles.addElement(master)
    return master


# odfpy declares on each root element every namespace any document of this process has used so
# far (a class-level dict that only grows): declare these writers' namespaces up front, in a fixed
# order, so a document's bytes never depend on what was built before it.
_NAMESPACES = (CHARTNS, DCNS, DRAWNS, FONS, MANIFESTNS, METANS, NUMBERNS, OFFICENS, PRESENTATIONNS, STYLENS,
               SVGNS, TABLENS, TEXTNS, XLINKNS)


def _save(doc: OpenDocument) -> bytes:
    known = {**Element.namespaces, **{uri: nsdict[uri] for uri in _NAMESPACES}}
    Element.namespaces.clear()
    Element.namespaces.update(sorted(known.items(), key=lambda item: item[1]))
    buffer = io.BytesIO()
    doc.write(buffer)
    return repack(buffer.getvalue())


def _paragraphs(lines: Sequence[str]) -> list[text.P]:
    return [text.P(text=line) for line in lines]


def odt_document(lines: list[str], title: str = "Document", *, author: str = "") -> bytes:
    """Return an ODT whose body follows the line convention of ``blocks`` (# heading, - bullet)."""
    doc = _new(OpenDocumentText, "paragraph", title, author)
    body = style.Style(name="Text_20_body", displayname="Text body", family="paragraph")
    body.addElement(style.ParagraphProperties(marginbottom="0.25cm"))
    body.addElement(style.TextProperties(fontsize="11pt"))
    doc.styles.addElement(body)
    headings = {}
    for level, size in _HEADING_SIZES.items():
        heading = style.Style(name=f"Heading_20_{level}", displayname=f"Heading {level}", family="paragraph",
                              nextstylename=body, defaultoutlinelevel=str(level))
        heading.addElement(style.ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm", keepwithnext="always"))
        heading.addElement(style.TextProperties(fontsize=size, fontweight="bold"))
        doc.styles.addElement(heading)
        headings[level] = heading
    bullets = text.ListStyle(name="L1")
    level_style = text.ListLevelStyleBullet(level=1, bulletchar="•")
    properties = style.ListLevelProperties(listlevelpositionandspacemode="label-alignment")
    properties.addElement(style.ListLevelLabelAlignment(labelfollowedby="listtab", textindent="-0.5cm",
                                                        marginleft="1cm"))
    level_style.addElement(properties)
    bullets.addElement(level_style)
    doc.automaticstyles.addElement(bullets)
    _page(doc, "Standard", 21, 29.7, 2)
    current_list = None
    for block in parse_blocks(lines):
        if block.kind == "bullet":
            if current_list is None:
                current_list = text.List(stylename=bullets)
                doc.text.addElement(current_list)
            item = text.ListItem()
            item.addElement(text.P(text=block.text, stylename=body))
            current_list.addElement(item)
            continue
        current_list = None
        if block.kind == "heading":
            doc.text.addElement(text.H(outlinelevel=block.level, stylename=headings[block.level], text=block.text))
        else:
            doc.text.addElement(text.P(text=block.text, stylename=body))
    return _save(doc)


def ods_spreadsheet(
    sheets: Mapping[str, Sequence[Sequence[Cell]]], title: str = "Classeur", *, author: str = "",
    column_width_cm: float = 3.5,
) -> bytes:
    """Return an ODS with one table per sheet (name -> rows of cells).

    A cell is text, an int or float (a number cell), ``None`` (empty) or a string starting
    with ``=`` (a formula such as ``"=B2*C2"``, stored with no cached value).
    """
    if not sheets:
        raise ValueError("a spreadsheet needs at least one sheet")
    doc = _new(OpenDocumentSpreadsheet, "table-cell", title, author)
    column = style.Style(name="co1", family="table-column")
    column.addElement(style.TableColumnProperties(columnwidth=f"{column_width_cm}cm"))
    doc.automaticstyles.addElement(column)
    for name, rows in sheets.items():
        sheet = table.Table(name=name)
        width = max((len(r) for r in rows), default=1) or 1
        sheet.addElement(table.TableColumn(stylename=column, numbercolumnsrepeated=width))
        for row in rows or [[]]:
            xml_row = table.TableRow()
            for value in row or [None]:  # a row holds at least one cell, even an empty one
                xml_row.addElement(_ods_cell(value))
            sheet.addElement(xml_row)
        doc.spreadsheet.addElement(sheet)
    return _save(doc)


def _ods_cell(value: Cell) -> table.TableCell:
    check_cell(value)
    if value is None or value == "":
        return table.TableCell()
    if isinstance(value, (int, float)):
        cell = table.TableCell(valuetype="float", value=number_text(value))
        cell.addElement(text.P(text=number_text(value)))
        return cell
    if value.startswith("="):
        # No office:value and no text: only a real spreadsheet shows the result.
        return table.TableCell(formula=odf_formula(value))
    cell = table.TableCell(valuetype="string")
    cell.addElement(text.P(text=value))
    return cell


def _frame(parent, kind: str, frame_style: style.Style, x: float, y: float, w: float, h: float, inner) -> None:
    frame = draw.Frame(stylename=frame_style, x=f"{x}cm", y=f"{y}cm", width=f"{w}cm", height=f"{h}cm")
    frame.setAttrNS(PRESENTATIONNS, "class", kind)  # odfpy has no keyword for presentation:class
    box = draw.TextBox()
    for element in inner:
        box.addElement(element)
    frame.addElement(box)
    parent.addElement(frame)


def odp_presentation(slides: Sequence[Slide | tuple], title: str = "Présentation", *, author: str = "") -> bytes:
    """Return an ODP, one page per slide; a slide may be given as ``(title, bullets[, notes])``."""
    doc = _new(OpenDocumentPresentation, "graphic", title, author)
    master = _page(doc, "Default", 28, 15.75, 0)
    styles = {}
    for name, size, bold in (("pr1", "36pt", True), ("pr2", "24pt", False), ("pr3", "14pt", False)):
        styles[name] = style.Style(name=name, family="presentation")
        styles[name].addElement(style.GraphicProperties(fill="none", stroke="none"))
        styles[name].addElement(style.TextProperties(fontsize=size, **({"fontweight": "bold"} if bold else {})))
        doc.automaticstyles.addElement(styles[name])
    bullets = text.ListStyle(name="L1")
    level_style = text.ListLevelStyleBullet(level=1, bulletchar="•")
    level_style.addElement(style.ListLevelProperties(spacebefore="0.3cm", minlabelwidth="0.9cm"))
    bullets.addElement(level_style)
    doc.automaticstyles.addElement(bullets)
    for number, raw in enumerate(slides, start=1):
        slide = raw if isinstance(raw, Slide) else Slide(*raw)
        page = draw.Page(name=f"page{number}", masterpagename=master)
        _frame(page, "title", styles["pr1"], 1.5, 0.8, 25, 2.6, [text.P(text=slide.title)])
        if slide.bullets:
            items = text.List(stylename=bullets)
            for line in slide.bullets:
                item = text.ListItem()
                item.addElement(text.P(text=line))
                items.addElement(item)
            _frame(page, "outline", styles["pr2"], 1.5, 4, 25, 10.5, [items])
        if slide.notes:
            notes = presentation.Notes()
            _frame(notes, "notes", styles["pr3"], 2, 14, 17, 12, _paragraphs(slide.notes))
            page.addElement(notes)
        doc.presentation.addElement(page)
    return _save(doc)


def odg_drawing(
    pages: Sequence[Sequence[TextBox]], title: str = "Dessin", *, author: str = "",
    page_width_cm: float = 29.7, page_height_cm: float = 21.0,
) -> bytes:
    """Return an ODG with one drawing page per list of boxes (later boxes are drawn on top)."""
    doc = _new(OpenDocumentDrawing, "graphic", title, author)
    master = _page(doc, "Default", page_width_cm, page_height_cm, 1)
    styles: dict[tuple, style.Style] = {}
    for number, boxes in enumerate(pages, start=1):
        page = draw.Page(name=f"page{number}", masterpagename=master)
        for box in boxes:
            key = (box.fill, box.font_size_pt)
            if key not in styles:
                styles[key] = _box_style(f"gr{len(styles) + 1}", box.fill, box.font_size_pt)
                doc.automaticstyles.addElement(styles[key])
            rect = draw.Rect(stylename=styles[key], x=f"{box.x}cm", y=f"{box.y}cm", width=f"{box.w}cm",
                             height=f"{box.h}cm")
            for paragraph in _paragraphs(box.text.split("\n")):
                rect.addElement(paragraph)
            page.addElement(rect)
        doc.drawing.addElement(page)
    return _save(doc)


def _box_style(name: str, fill: str | None, size: int) -> style.Style:
    box = style.Style(name=name, family="graphic")
    filling = {"fill": "solid", "fillcolor": fill} if fill else {"fill": "none"}
    box.addElement(style.GraphicProperties(stroke="solid", strokecolor="#3465a4", textareahorizontalalign="center",
                                           textareaverticalalign="middle", **filling))
    box.addElement(style.TextProperties(fontsize=f"{size}pt", color="#000000"))
    return box
