"""Shared plumbing of the OpenDocument writers: package layout, manifest, meta, namespaces."""

from __future__ import annotations

from typing import Mapping

from .archive import zip_archive
from .textblocks import xml_escape

GENERATOR = "roomserver-docgen/1"
FIXED_ODF_DATE = "2026-09-01T08:00:00"

MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "odg": "application/vnd.oasis.opendocument.graphics",
}

NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" '
    'office:version="1.2"'
)

XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def document_content(body: str, automatic_styles: str = "") -> str:
    """Wrap an ``office:body`` payload into a complete content.xml."""
    return (
        f"{XML_HEAD}<office:document-content {NAMESPACES}>"
        f"<office:automatic-styles>{automatic_styles}</office:automatic-styles>"
        f"<office:body>{body}</office:body></office:document-content>"
    )


def document_styles(styles: str = "", automatic: str = "", master: str = "") -> str:
    """Return a styles.xml with the given common, automatic and master styles."""
    return (
        f"{XML_HEAD}<office:document-styles {NAMESPACES}>"
        f"<office:styles>{styles}</office:styles>"
        f"<office:automatic-styles>{automatic}</office:automatic-styles>"
        f"<office:master-styles>{master}</office:master-styles></office:document-styles>"
    )


def document_meta(title: str, author: str = "", date: str = FIXED_ODF_DATE) -> str:
    """Return a meta.xml with a fixed generator and dates, and the given title and author."""
    who = ""
    if author:
        who = f"<meta:initial-creator>{xml_escape(author)}</meta:initial-creator><dc:creator>{xml_escape(author)}</dc:creator>"
    return (
        f"{XML_HEAD}<office:document-meta {NAMESPACES}><office:meta>"
        f"<meta:generator>{GENERATOR}</meta:generator>"
        f"<dc:title>{xml_escape(title)}</dc:title>{who}"
        f"<meta:creation-date>{date}</meta:creation-date><dc:date>{date}</dc:date>"
        f"</office:meta></office:document-meta>"
    )


def _manifest(mimetype: str, names: list[str]) -> str:
    media = {"xml": "text/xml", "png": "image/png"}
    entries = [
        f'<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="{mimetype}"/>'
    ]
    for name in sorted(names):
        kind = media.get(name.rsplit(".", 1)[-1], "application/octet-stream")
        entries.append(f'<manifest:file-entry manifest:full-path="{xml_escape(name)}" manifest:media-type="{kind}"/>')
    return (
        f'{XML_HEAD}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        f'manifest:version="1.2">{"".join(entries)}</manifest:manifest>'
    )


def odf_package(
    kind: str, content: str, styles: str, meta: str, extra: Mapping[str, bytes] | None = None
) -> bytes:
    """Zip an OpenDocument package: ``mimetype`` first and stored, then the XML parts and ``extra`` files."""
    mimetype = MIMETYPES[kind]
    files = {
        "content.xml": content.encode("utf-8"),
        "styles.xml": styles.encode("utf-8"),
        "meta.xml": meta.encode("utf-8"),
        **(extra or {}),
    }
    files["META-INF/manifest.xml"] = _manifest(mimetype, list(files)).encode("utf-8")
    files["mimetype"] = mimetype.encode("ascii")
    return zip_archive(files, first=["mimetype"], stored=["mimetype"])
