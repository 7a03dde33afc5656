"""PDF writer on fpdf2: read back with pypdf (text, pages, metadata), compressed, Unicode with a TrueType font."""

import io

import pytest
from fpdf.errors import FPDFUnicodeEncodingException
from pypdf import PdfReader

from preflight.formats import pdf_document
from roomserver.fonts import BOLD, REGULAR


def read(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data), strict=True)


def test_pages_text_and_metadata():
    data = pdf_document([["# Règlement", "Trois livres au plus.", "- un", "## Partie"], ["Page deux"]],
                        title="Règlement du CDI", author="Lycée", subject="CDI")
    reader = read(data)
    assert len(reader.pages) == 2
    assert (reader.metadata.title, reader.metadata.author, reader.metadata.subject) == ("Règlement du CDI", "Lycée",
                                                                                         "CDI")
    first = reader.pages[0].extract_text()
    assert "Règlement" in first and "Trois livres au plus." in first and "un" in first
    assert "Page deux" in reader.pages[1].extract_text()
    assert "Règlement du CDI" not in first  # the title lives in the properties only


def test_streams_are_compressed():
    data = pdf_document([["Code à saisir : K7M3P"]])
    assert b"/FlateDecode" in data and b"K7M3P" not in data
    assert "K7M3P" in read(data).pages[0].extract_text()


def test_core_font_knows_windows_1252_only():
    text = "Œuvre « citée » : 12 € – l’été"
    assert text in read(pdf_document([[text]])).pages[0].extract_text()
    with pytest.raises(FPDFUnicodeEncodingException):
        pdf_document([["Nguyễn"]])


def test_truetype_font_prints_any_name():
    names = "Şahin, Nguyễn, Łukasz, Ørsted"
    data = pdf_document([["# Élèves", names]], fonts=(REGULAR, BOLD))
    assert b"/FontFile2" in data  # the font is embedded: the PC needs no font installed
    assert names in read(data).pages[0].extract_text()


def test_long_page_spills_over_and_long_lines_wrap():
    lines = [f"Ligne numéro {i} " + "mot " * 40 for i in range(80)]
    reader = read(pdf_document([lines]))
    assert len(reader.pages) > 2
    assert "Ligne numéro 79" in reader.pages[-1].extract_text()


def test_deterministic():
    assert pdf_document([["a"]], title="t") == pdf_document([["a"]], title="t")
    assert pdf_document([["a"]], title="t") != pdf_document([["b"]], title="t")
    assert pdf_document([["é"]], fonts=(REGULAR, BOLD)) == pdf_document([["é"]], fonts=(REGULAR, BOLD))
