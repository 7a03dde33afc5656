"""Text-only PDF documents (Helvetica, A4) with a correct cross-reference table."""

from __future__ import annotations

import textwrap
import zlib

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 56  # about 2 cm
FIXED_PDF_DATE = "D:20260901080000Z"


def _pdf_string(text: str) -> bytes:
    """Encode ``text`` as a PDF literal string in WinAnsiEncoding (cp1252)."""
    raw = text.encode("cp1252", errors="replace")
    raw = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + raw + b")"


def _layout(pages: list[list[str]], font_size: float, wrap: int) -> list[list[tuple[str, float, str]]]:
    """Turn input pages into laid-out pages of (font, size, text), spilling over when full."""
    room = PAGE_HEIGHT - 2 * MARGIN
    out: list[list[tuple[str, float, str]]] = []
    for page in pages:
        current: list[tuple[str, float, str]] = []
        used = 0.0
        for line in page:
            if line.startswith("# "):
                pieces = [("F2", font_size * 1.5, part) for part in textwrap.wrap(line[2:], wrap * 2 // 3) or [""]]
            elif line.startswith("## "):
                pieces = [("F2", font_size * 1.2, part) for part in textwrap.wrap(line[3:], wrap * 5 // 6) or [""]]
            else:
                pieces = [("F1", font_size, part) for part in textwrap.wrap(line, wrap) or [""]]
            for piece in pieces:
                height = piece[1] * 1.45
                if current and used + height > room:
                    out.append(current)
                    current, used = [], 0.0
                current.append(piece)
                used += height
        out.append(current)
    return out


def _content_stream(lines: list[tuple[str, float, str]]) -> bytes:
    parts = []
    y = PAGE_HEIGHT - MARGIN
    for font, size, text in lines:
        y -= size * 1.45
        if text:
            parts.append(b"BT /%s %g Tf %d %.2f Td %s Tj ET" % (font.encode(), size, MARGIN, y, _pdf_string(text)))
    return b"\n".join(parts) + b"\n"


def pdf_document(
    pages: list[list[str]],
    title: str = "Document",
    *,
    author: str = "",
    subject: str = "",
    font_size: float = 11,
    compress: bool = True,
    date: str = FIXED_PDF_DATE,
) -> bytes:
    """Return an A4 PDF with one page per list of lines ("# " / "## " start bold headings).

    Long lines are wrapped; a page too long for A4 spills onto extra pages. With ``compress``
    the page streams are deflated, so the text cannot be read without a PDF reader.
    """
    if not pages:
        pages = [[]]
    wrap = int((PAGE_WIDTH - 2 * MARGIN) / (font_size * 0.5))
    laid = _layout(pages, font_size, wrap)
    objects: list[bytes] = []  # object n is objects[n - 1]
    n_pages = len(laid)
    page_ids = [6 + 2 * i for i in range(n_pages)]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(b"%d 0 R" % pid for pid in page_ids)
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n_pages))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    info = b"<< /Title %s /Producer (roomserver docgen) /CreationDate (%s) /ModDate (%s)" % (
        _pdf_string(title), date.encode(), date.encode())
    if author:
        info += b" /Author " + _pdf_string(author)
    if subject:
        info += b" /Subject " + _pdf_string(subject)
    objects.append(info + b" >>")
    for i, lines in enumerate(laid):
        stream = _content_stream(lines)
        page = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>"
            % (PAGE_WIDTH, PAGE_HEIGHT, page_ids[i] + 1)
        )
        if compress:
            stream = zlib.compress(stream, 9)
            head = b"<< /Length %d /Filter /FlateDecode >>" % len(stream)
        else:
            head = b"<< /Length %d >>" % len(stream)
        objects.append(page)
        objects.append(head + b"\nstream\n" + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref_at)
    return bytes(out)
