"""ODP presentations (LibreOffice Impress): slides with a title, bullet lines and speaker notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from .odf import document_content, document_meta, document_styles, odf_package
from .textblocks import xml_escape


@dataclass(frozen=True)
class Slide:
    """One slide: a title, bullet lines, and notes seen only in the presenter's view."""

    title: str
    bullets: Sequence[str] = ()
    notes: Sequence[str] = field(default_factory=tuple)


_AUTOMATIC = (
    '<style:style style:name="pr1" style:family="presentation"><style:graphic-properties draw:fill="none" draw:stroke="none"/>'
    '<style:text-properties fo:font-size="36pt" fo:font-weight="bold"/></style:style>'
    '<style:style style:name="pr2" style:family="presentation"><style:graphic-properties draw:fill="none" draw:stroke="none"/>'
    '<style:text-properties fo:font-size="24pt"/></style:style>'
    '<style:style style:name="pr3" style:family="presentation"><style:text-properties fo:font-size="14pt"/></style:style>'
    '<text:list-style style:name="L1"><text:list-level-style-bullet text:level="1" text:bullet-char="•">'
    '<style:list-level-properties text:space-before="0.3cm" text:min-label-width="0.9cm"/></text:list-level-style-bullet></text:list-style>'
)

_STYLES = dict(
    styles='<style:default-style style:family="graphic"><style:text-properties fo:language="fr" fo:country="FR"/></style:default-style>',
    automatic=(
        '<style:page-layout style:name="PM1"><style:page-layout-properties fo:margin-top="0cm" fo:margin-bottom="0cm" '
        'fo:margin-left="0cm" fo:margin-right="0cm" fo:page-width="28cm" fo:page-height="15.75cm" '
        'style:print-orientation="landscape"/></style:page-layout>'
    ),
    master='<style:master-page style:name="Default" style:page-layout-name="PM1"/>',
)


def _frame(kind: str, style: str, x: float, y: float, w: float, h: float, inner: str) -> str:
    return (
        f'<draw:frame presentation:style-name="{style}" presentation:class="{kind}" '
        f'svg:x="{x}cm" svg:y="{y}cm" svg:width="{w}cm" svg:height="{h}cm">'
        f"<draw:text-box>{inner}</draw:text-box></draw:frame>"
    )


def odp_presentation(
    slides: Sequence[Slide | tuple], title: str = "Présentation", *, author: str = ""
) -> bytes:
    """Return an ODP, one page per slide; a slide may be given as ``(title, bullets[, notes])``."""
    pages = []
    for number, raw in enumerate(slides, start=1):
        slide = raw if isinstance(raw, Slide) else Slide(*raw)
        items = "".join(
            f"<text:list-item><text:p>{xml_escape(b)}</text:p></text:list-item>" for b in slide.bullets
        )
        content = _frame("title", "pr1", 1.5, 0.8, 25, 2.6, f"<text:p>{xml_escape(slide.title)}</text:p>")
        if items:
            content += _frame("outline", "pr2", 1.5, 4, 25, 10.5, f'<text:list text:style-name="L1">{items}</text:list>')
        if slide.notes:
            paragraphs = "".join(f"<text:p>{xml_escape(n)}</text:p>" for n in slide.notes)
            content += (
                "<presentation:notes>"
                + _frame("notes", "pr3", 2, 14, 17, 12, paragraphs)
                + "</presentation:notes>"
            )
        pages.append(
            f'<draw:page draw:name="page{number}" draw:master-page-name="Default">{content}</draw:page>'
        )
    body = "<office:presentation>" + "".join(pages) + "</office:presentation>"
    return odf_package(
        "odp", document_content(body, _AUTOMATIC), document_styles(**_STYLES), document_meta(title, author)
    )
