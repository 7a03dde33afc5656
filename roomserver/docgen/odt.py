"""ODT text documents (LibreOffice Writer): headings, paragraphs and bullet lists."""

from __future__ import annotations

from .odf import document_content, document_meta, document_styles, odf_package
from .textblocks import parse_blocks, xml_escape

_HEADING_SIZES = {1: "18pt", 2: "15pt", 3: "13pt"}


def _styles() -> str:
    common = (
        '<style:default-style style:family="paragraph">'
        '<style:paragraph-properties fo:margin-bottom="0.2cm"/>'
        '<style:text-properties fo:font-family="\'Liberation Sans\'" fo:font-size="11pt" '
        'fo:language="fr" fo:country="FR"/></style:default-style>'
        '<style:style style:name="Standard" style:family="paragraph" style:class="text"/>'
        '<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" '
        'style:parent-style-name="Standard" style:class="text">'
        '<style:paragraph-properties fo:margin-bottom="0.25cm"/></style:style>'
        '<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" '
        'style:next-style-name="Text_20_body" style:class="text">'
        '<style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"/>'
        '<style:text-properties fo:font-weight="bold"/></style:style>'
    )
    for level, size in _HEADING_SIZES.items():
        common += (
            f'<style:style style:name="Heading_20_{level}" style:display-name="Heading {level}" '
            f'style:family="paragraph" style:parent-style-name="Heading" style:next-style-name="Text_20_body" '
            f'style:default-outline-level="{level}" style:class="text">'
            f'<style:text-properties fo:font-size="{size}" fo:font-weight="bold"/></style:style>'
        )
    automatic = (
        '<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" '
        'fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" '
        'fo:margin-right="2cm"/></style:page-layout>'
    )
    master = '<style:master-page style:name="Standard" style:page-layout-name="pm1"/>'
    return document_styles(common, automatic, master)


_LIST_STYLE = (
    '<text:list-style style:name="L1"><text:list-level-style-bullet text:level="1" text:bullet-char="•">'
    '<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">'
    '<style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.5cm" fo:margin-left="1cm"/>'
    "</style:list-level-properties></text:list-level-style-bullet></text:list-style>"
)


def odt_document(lines: list[str], title: str = "Document", *, author: str = "") -> bytes:
    """Return an ODT whose body follows the line convention of ``textblocks`` (# heading, - bullet)."""
    parts: list[str] = []
    in_list = False
    for block in parse_blocks(lines):
        if block.kind == "bullet":
            if not in_list:
                parts.append('<text:list text:style-name="L1">')
                in_list = True
            parts.append(f'<text:list-item><text:p text:style-name="Text_20_body">{xml_escape(block.text)}</text:p></text:list-item>')
            continue
        if in_list:
            parts.append("</text:list>")
            in_list = False
        if block.kind == "heading":
            parts.append(
                f'<text:h text:style-name="Heading_20_{block.level}" text:outline-level="{block.level}">{xml_escape(block.text)}</text:h>'
            )
        else:
            parts.append(f'<text:p text:style-name="Text_20_body">{xml_escape(block.text)}</text:p>')
    if in_list:
        parts.append("</text:list>")
    body = "<office:text>" + "".join(parts) + "</office:text>"
    return odf_package(
        "odt", document_content(body, _LIST_STYLE), _styles(), document_meta(title, author)
    )
