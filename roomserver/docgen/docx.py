"""DOCX text documents (Word): headings, paragraphs and bullet items."""

from __future__ import annotations

from .ooxml import OFFICE_REL, XML_HEAD, ooxml_package, relationships
from .textblocks import parse_blocks, xml_escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_STYLES = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
_HEADING_SIZES = {1: 36, 2: 30, 3: 26}  # half-points


def _styles_xml() -> str:
    styles = [
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        '<w:pPr><w:spacing w:after="120"/></w:pPr></w:style>',
        '<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/>'
        '<w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:style>',
    ]
    for level, size in _HEADING_SIZES.items():
        styles.append(
            f'<w:style w:type="paragraph" w:styleId="Heading{level}"><w:name w:val="heading {level}"/>'
            f'<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>'
            f'<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="{level - 1}"/></w:pPr>'
            f'<w:rPr><w:b/><w:sz w:val="{size}"/></w:rPr></w:style>'
        )
    return (
        f'{XML_HEAD}<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>'
        '<w:rFonts w:ascii="Liberation Sans" w:hAnsi="Liberation Sans" w:cs="Liberation Sans"/>'
        '<w:sz w:val="22"/><w:lang w:val="fr-FR"/></w:rPr></w:rPrDefault></w:docDefaults>'
        + "".join(styles) + "</w:styles>"
    )


def _paragraph(text: str, style: str | None = None) -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    run = f'<w:r><w:t xml:space="preserve">{xml_escape(text)}</w:t></w:r>' if text else ""
    return f"<w:p>{props}{run}</w:p>"


def docx_document(lines: list[str], title: str = "Document", *, author: str = "") -> bytes:
    """Return a DOCX whose body follows the line convention of ``textblocks`` (# heading, - bullet)."""
    paragraphs = []
    for block in parse_blocks(lines):
        if block.kind == "heading":
            paragraphs.append(_paragraph(block.text, f"Heading{block.level}"))
        elif block.kind == "bullet":
            paragraphs.append(_paragraph("•\u00a0" + block.text, "ListBullet"))
        else:
            paragraphs.append(_paragraph(block.text))
    document = (
        f'{XML_HEAD}<w:document xmlns:w="{W_NS}"><w:body>{"".join(paragraphs)}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" '
        'w:bottom="1134" w:left="1134" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>'
        "</w:body></w:document>"
    )
    parts = {
        "word/document.xml": document,
        "word/styles.xml": _styles_xml(),
        "word/_rels/document.xml.rels": relationships([(f"{OFFICE_REL}/styles", "styles.xml")]),
    }
    return ooxml_package(
        "word/document.xml", _MAIN, parts, {"/word/styles.xml": _STYLES}, title, author
    )
