"""Shared plumbing of the Office Open XML writers (DOCX, XLSX): package parts and properties."""

from __future__ import annotations

from typing import Mapping

from .archive import zip_archive
from .textblocks import xml_escape

FIXED_OOXML_DATE = "2026-09-01T08:00:00Z"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = {
    "core": "application/vnd.openxmlformats-package.core-properties+xml",
    "app": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
}


def relationships(rels: list[tuple[str, str]]) -> str:
    """Return a .rels part from (type URL, target) pairs, numbered rId1, rId2, ..."""
    items = "".join(
        f'<Relationship Id="rId{i}" Type="{kind}" Target="{xml_escape(target)}"/>'
        for i, (kind, target) in enumerate(rels, start=1)
    )
    return f'{XML_HEAD}<Relationships xmlns="{REL_NS}">{items}</Relationships>'


def content_types(overrides: Mapping[str, str]) -> str:
    """Return [Content_Types].xml with the given part name -> content type overrides."""
    items = "".join(
        f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in sorted(overrides.items())
    )
    return (
        f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        f"{items}</Types>"
    )


def core_properties(title: str, author: str = "", date: str = FIXED_OOXML_DATE) -> str:
    """Return docProps/core.xml with fixed dates."""
    creator = f"<dc:creator>{xml_escape(author)}</dc:creator>" if author else ""
    return (
        f"{XML_HEAD}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{xml_escape(title)}</dc:title>{creator}"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def app_properties() -> str:
    """Return docProps/app.xml naming the generator."""
    return (
        f'{XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>roomserver-docgen</Application></Properties>"
    )


def ooxml_package(
    main_part: str, main_type: str, parts: Mapping[str, str], overrides: Mapping[str, str],
    title: str, author: str = "",
) -> bytes:
    """Zip an OOXML package: content types, root rels, properties, and the given XML parts."""
    files = {name: xml.encode("utf-8") for name, xml in parts.items()}
    files["docProps/core.xml"] = core_properties(title, author).encode("utf-8")
    files["docProps/app.xml"] = app_properties().encode("utf-8")
    files["_rels/.rels"] = relationships([
        (f"{OFFICE_REL}/officeDocument", main_part),
        (f"{REL_NS}/metadata/core-properties", "docProps/core.xml"),
        (f"{OFFICE_REL}/extended-properties", "docProps/app.xml"),
    ]).encode("utf-8")
    all_overrides = {
        f"/{main_part}": main_type,
        "/docProps/core.xml": CONTENT_TYPES["core"],
        "/docProps/app.xml": CONTENT_TYPES["app"],
        **overrides,
    }
    files["[Content_Types].xml"] = content_types(all_overrides).encode("utf-8")
    return zip_archive(files, first=["[Content_Types].xml"])
