"""ODG drawings (LibreOffice Draw): pages of labelled boxes placed in centimetres."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .odf import document_content, document_meta, document_styles, odf_package
from .textblocks import xml_escape


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


def odg_drawing(
    pages: Sequence[Sequence[TextBox]], title: str = "Dessin", *, author: str = "",
    page_width_cm: float = 29.7, page_height_cm: float = 21.0,
) -> bytes:
    """Return an ODG with one drawing page per list of boxes (later boxes are drawn on top)."""
    styles: dict[tuple, str] = {}
    xml_pages = []
    for number, boxes in enumerate(pages, start=1):
        shapes = []
        for box in boxes:
            key = (box.fill, box.font_size_pt)
            if key not in styles:
                styles[key] = f"gr{len(styles) + 1}"
            lines = "".join(f"<text:p>{xml_escape(line)}</text:p>" for line in box.text.split("\n"))
            shapes.append(
                f'<draw:rect draw:style-name="{styles[key]}" svg:x="{box.x}cm" svg:y="{box.y}cm" '
                f'svg:width="{box.w}cm" svg:height="{box.h}cm">{lines}</draw:rect>'
            )
        xml_pages.append(
            f'<draw:page draw:name="page{number}" draw:master-page-name="Default">{"".join(shapes)}</draw:page>'
        )
    automatic = ""
    for (fill, size), name in styles.items():
        fill_xml = f'draw:fill="solid" draw:fill-color="{fill}"' if fill else 'draw:fill="none"'
        automatic += (
            f'<style:style style:name="{name}" style:family="graphic"><style:graphic-properties {fill_xml} '
            f'draw:stroke="solid" svg:stroke-color="#3465a4" draw:textarea-horizontal-align="center" '
            f'draw:textarea-vertical-align="middle"/><style:text-properties fo:font-size="{size}pt" fo:color="#000000"/></style:style>'
        )
    body = "<office:drawing>" + "".join(xml_pages) + "</office:drawing>"
    page_styles = dict(
        styles='<style:default-style style:family="graphic"><style:text-properties fo:language="fr" fo:country="FR"/></style:default-style>',
        automatic=(
            f'<style:page-layout style:name="PM1"><style:page-layout-properties fo:margin-top="1cm" fo:margin-bottom="1cm" '
            f'fo:margin-left="1cm" fo:margin-right="1cm" fo:page-width="{page_width_cm}cm" fo:page-height="{page_height_cm}cm"/></style:page-layout>'
        ),
        master='<style:master-page style:name="Default" style:page-layout-name="PM1"/>',
    )
    return odf_package(
        "odg", document_content(body, automatic), document_styles(**page_styles), document_meta(title, author)
    )
