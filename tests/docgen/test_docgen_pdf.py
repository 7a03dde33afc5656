"""PDF writer: valid structure, correct xref, readable by a real parser when installed."""

import io
import re
import zlib

import pytest

from roomserver.docgen import pdf_document


def _check_structure(data: bytes) -> int:
    """Check header, xref offsets and startxref; return the object count."""
    assert data.startswith(b"%PDF-1.4\n")
    assert data.rstrip().endswith(b"%%EOF")
    startxref = int(re.search(rb"startxref\n(\d+)\n%%EOF", data).group(1))
    assert data[startxref:startxref + 5] == b"xref\n"
    header = re.match(rb"xref\n0 (\d+)\n", data[startxref:])
    count = int(header.group(1))
    table = data[startxref + header.end():]
    entries = [table[i * 20:(i + 1) * 20] for i in range(count)]
    assert entries[0] == b"0000000000 65535 f \n"
    for number, entry in enumerate(entries[1:], start=1):
        assert len(entry) == 20 and entry.endswith(b" 00000 n \n")
        offset = int(entry[:10])
        assert data[offset:].startswith(b"%d 0 obj\n" % number), number
    trailer = table[count * 20:]
    assert trailer.startswith(b"trailer\n") and b"/Size %d" % count in trailer
    return count


def _texts(data: bytes) -> str:
    chunks = []
    for stream in re.findall(rb"stream\n(.*?)\nendstream", data, re.DOTALL):
        try:
            stream = zlib.decompress(stream)
        except zlib.error:
            pass
        chunks.extend(re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", stream))
    return "\n".join(re.sub(rb"\\(.)", rb"\1", c).decode("cp1252") for c in chunks)


def test_structure_and_text_compressed_and_plain():
    pages = [["# Titre été", "Texte (entre parenthèses) \\ œ €"], ["Deuxième page"]]
    for compress in (True, False):
        data = pdf_document(pages, title="Essai", author="Moi", compress=compress)
        _check_structure(data)
        assert (b"/FlateDecode" in data) is compress
        assert (b"Deuxi" in data) is not compress
        text = _texts(data)
        assert "Texte (entre parenthèses) \\ œ €" in text and "Deuxième page" in text
        assert data.count(b"/Type /Page ") == 2


def test_long_page_spills_over_and_long_lines_wrap():
    lines = [f"Ligne numéro {i} " + "mot " * 40 for i in range(80)]
    data = pdf_document([lines])
    _check_structure(data)
    assert data.count(b"/Type /Page ") > 2
    assert "Ligne numéro 79" in _texts(data)


def test_deterministic():
    assert pdf_document([["a"]], title="t") == pdf_document([["a"]], title="t")
    assert pdf_document([["a"]], title="t") != pdf_document([["b"]], title="t")


def test_pypdf_reads_text_and_metadata():
    pypdf = pytest.importorskip("pypdf")
    data = pdf_document([["# Règlement", "Trois livres au plus."], ["Page deux"]], title="Règlement du CDI", author="Lycée")
    reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
    assert len(reader.pages) == 2
    assert reader.metadata.title == "Règlement du CDI"
    assert reader.metadata.author == "Lycée"
    assert "Trois livres au plus." in reader.pages[0].extract_text()
    assert "Page deux" in reader.pages[1].extract_text()
