"""OpenDocument writers: package layout, well-formed XML, formulas without cached values."""

import io
import xml.etree.ElementTree as ET
import zipfile

import pytest

from roomserver.docgen import (
    Slide, TextBox, odf_formula, odg_drawing, odp_presentation, ods_spreadsheet, odt_document,
)

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "presentation": "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}


def open_package(data: bytes, mimetype: str) -> dict[str, ET.Element]:
    """Check the ODF package rules and return every XML part parsed."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    first = archive.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert archive.read("mimetype") == mimetype.encode()
    assert data[30:38] == b"mimetype" and data[38:38 + len(mimetype)] == mimetype.encode()
    parts = {n: ET.fromstring(archive.read(n)) for n in archive.namelist() if n.endswith(".xml")}
    manifest = parts["META-INF/manifest.xml"]
    listed = {e.get(f"{{{NS['manifest']}}}full-path"): e.get(f"{{{NS['manifest']}}}media-type")
              for e in manifest.findall("manifest:file-entry", NS)}
    assert listed["/"] == mimetype
    for name in archive.namelist():
        if name not in ("mimetype", "META-INF/manifest.xml"):
            assert name in listed, name
    return parts


def test_odt_headings_paragraphs_lists_and_meta():
    data = odt_document(["# Titre", "Un & deux <trois>", "## Partie", "- un", "- deux", "fin"], "Essai", author="Léa")
    parts = open_package(data, "application/vnd.oasis.opendocument.text")
    body = parts["content.xml"].find("office:body/office:text", NS)
    headings = [(h.get(f"{{{NS['text']}}}outline-level"), h.text) for h in body.iter(f"{{{NS['text']}}}h")]
    assert headings == [("1", "Titre"), ("2", "Partie")]
    assert [p.text for p in body.findall("text:list/text:list-item/text:p", NS)] == ["un", "deux"]
    assert "Un & deux <trois>" in [p.text for p in body.findall("text:p", NS)]
    meta = parts["meta.xml"]
    assert meta.find(".//dc:title", NS).text == "Essai"
    assert meta.find(".//meta:initial-creator", NS).text == "Léa"


@pytest.mark.parametrize("formula, expected", [
    ("=B2*C2", "of:=[.B2]*[.C2]"),
    ("=SUM(D2:D5)", "of:=SUM([.D2:.D5])"),
    ("=ROUND(D6/B7,2)", "of:=ROUND([.D6]/[.B7];2)"),
    ('=COUNTIF(E2:E11,">=12")', 'of:=COUNTIF([.E2:.E11];">=12")'),
    ("=$A$1+Feuille2!B3", "of:=[.$A$1]+[$Feuille2.B3]"),
    ('=IF(A1>0,"a,b",LOG10(A2))', 'of:=IF([.A1]>0;"a,b";LOG10([.A2]))'),
])
def test_odf_formula(formula, expected):
    assert odf_formula(formula) == expected


def test_ods_cells_numbers_text_and_uncached_formulas():
    data = ods_spreadsheet({"Budget": [["Poste", "Prix"], ["Car", 780], ["Goûter", 2.25], ["Total", "=SUM(B2:B3)"]],
                            "Vide": []}, "Essai")
    parts = open_package(data, "application/vnd.oasis.opendocument.spreadsheet")
    tables = parts["content.xml"].findall(".//table:table", NS)
    assert [t.get(f"{{{NS['table']}}}name") for t in tables] == ["Budget", "Vide"]
    rows = tables[0].findall("table:table-row", NS)
    price = rows[2].findall("table:table-cell", NS)[1]
    assert price.get(f"{{{NS['office']}}}value-type") == "float"
    assert price.get(f"{{{NS['office']}}}value") == "2.25"
    total = rows[3].findall("table:table-cell", NS)[1]
    assert total.get(f"{{{NS['table']}}}formula") == "of:=SUM([.B2:.B3])"
    assert total.get(f"{{{NS['office']}}}value") is None
    assert total.get(f"{{{NS['office']}}}value-type") is None
    assert total.find("text:p", NS) is None


def test_odp_slides_titles_bullets_notes():
    data = odp_presentation([Slide("Un", ["a", "b"], ["note secrète"]), ("Deux", ["c"])], "Présentation")
    parts = open_package(data, "application/vnd.oasis.opendocument.presentation")
    pages = parts["content.xml"].findall(".//draw:page", NS)
    assert len(pages) == 2
    cls = f"{{{NS['presentation']}}}class"
    titles = [f.find(".//text:p", NS).text for p in pages for f in p.findall("draw:frame", NS) if f.get(cls) == "title"]
    assert titles == ["Un", "Deux"]
    notes = pages[0].find("presentation:notes", NS)
    assert notes.find(".//text:p", NS).text == "note secrète"
    assert pages[1].find("presentation:notes", NS) is None


def test_odg_boxes():
    data = odg_drawing([[TextBox(1, 1, 5, 2, "Box\ninternet"), TextBox(1, 4, 5, 2, "PC", fill=None)]], "Plan")
    parts = open_package(data, "application/vnd.oasis.opendocument.graphics")
    rects = parts["content.xml"].findall(".//draw:page/draw:rect", NS)
    assert [[p.text for p in r.findall("text:p", NS)] for r in rects] == [["Box", "internet"], ["PC"]]


def test_writers_are_deterministic():
    assert odt_document(["# a"]) == odt_document(["# a"])
    assert ods_spreadsheet({"A": [[1, "=A1*2"]]}) == ods_spreadsheet({"A": [[1, "=A1*2"]]})
    assert odp_presentation([("t", ["b"])]) == odp_presentation([("t", ["b"])])
    assert odg_drawing([[TextBox(0, 0, 1, 1, "x")]]) == odg_drawing([[TextBox(0, 0, 1, 1, "x")]])
