"""OpenDocument writers on odfpy: packages read back by odfpy, formulas without cached values."""

import io
import xml.etree.ElementTree as ET
import zipfile

import pytest
from odf import dc, draw, meta, presentation, table, teletype, text
from odf.namespaces import PRESENTATIONNS
from odf.opendocument import load

from preflight.formats import (
    Slide, TextBox, odf_formula, odg_drawing, odp_presentation, ods_spreadsheet, odt_document,
)

MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"


def open_package(data: bytes, mimetype: str):
    """Check the package rules a sniffer relies on, then load the document with odfpy."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    first = archive.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert data[30:38] == b"mimetype" and data[38:38 + len(mimetype)] == mimetype.encode()
    manifest = ET.fromstring(archive.read("META-INF/manifest.xml"))
    listed = {e.get(f"{{{MANIFEST}}}full-path"): e.get(f"{{{MANIFEST}}}media-type")
              for e in manifest.iter(f"{{{MANIFEST}}}file-entry")}
    assert listed["/"] == mimetype
    for name in archive.namelist():
        if name not in ("mimetype", "META-INF/manifest.xml"):
            assert name in listed, name
    doc = load(io.BytesIO(data))
    assert doc.mimetype == mimetype
    return doc


def texts(elements) -> list[str]:
    return [teletype.extractText(e) for e in elements]


def test_odt_headings_paragraphs_lists_and_meta():
    data = odt_document(["# Titre", "Un & deux <trois>", "## Partie", "- un", "- deux", "fin"], "Essai", author="Léa")
    doc = open_package(data, "application/vnd.oasis.opendocument.text")
    headings = doc.text.getElementsByType(text.H)
    assert [(h.getAttribute("outlinelevel"), teletype.extractText(h)) for h in headings] == [("1", "Titre"),
                                                                                            ("2", "Partie")]
    (bullets,) = doc.text.getElementsByType(text.List)
    assert texts(bullets.getElementsByType(text.P)) == ["un", "deux"]
    assert "Un & deux <trois>" in texts(doc.text.getElementsByType(text.P))
    assert texts(doc.meta.getElementsByType(dc.Title)) == ["Essai"]
    assert texts(doc.meta.getElementsByType(meta.InitialCreator)) == ["Léa"]
    styles = {s.getAttribute("name") for s in doc.styles.childNodes if s.qname[1] == "style"}
    assert {"Heading_20_1", "Heading_20_2", "Text_20_body"} <= styles


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
    doc = open_package(data, "application/vnd.oasis.opendocument.spreadsheet")
    sheets = doc.spreadsheet.getElementsByType(table.Table)
    assert [t.getAttribute("name") for t in sheets] == ["Budget", "Vide"]
    rows = [r.getElementsByType(table.TableCell) for r in sheets[0].getElementsByType(table.TableRow)]
    assert teletype.extractText(rows[2][0]) == "Goûter"
    price = rows[2][1]
    assert (price.getAttribute("valuetype"), price.getAttribute("value")) == ("float", "2.25")
    total = rows[3][1]
    assert total.getAttribute("formula") == "of:=SUM([.B2:.B3])"
    assert total.getAttribute("value") is None and total.getAttribute("valuetype") is None
    assert teletype.extractText(total) == ""  # no cached result: only a spreadsheet shows it
    with pytest.raises(TypeError):
        ods_spreadsheet({"A": [[True]]})


def frames_of(page, kind: str):
    return [f for f in page.getElementsByType(draw.Frame) if f.getAttrNS(PRESENTATIONNS, "class") == kind]


def test_odp_slides_titles_bullets_notes():
    data = odp_presentation([Slide("Un", ["a", "b"], ["note secrète"]), ("Deux", ["c"])], "Présentation")
    doc = open_package(data, "application/vnd.oasis.opendocument.presentation")
    pages = doc.presentation.getElementsByType(draw.Page)
    assert len(pages) == 2
    assert [teletype.extractText(frames_of(p, "title")[0]) for p in pages] == ["Un", "Deux"]
    assert texts(frames_of(pages[0], "outline")[0].getElementsByType(text.P)) == ["a", "b"]
    (notes,) = pages[0].getElementsByType(presentation.Notes)
    assert texts(notes.getElementsByType(text.P)) == ["note secrète"]
    assert pages[1].getElementsByType(presentation.Notes) == []


def test_odg_boxes():
    data = odg_drawing([[TextBox(1, 1, 5, 2, "Box\ninternet"), TextBox(1, 4, 5, 2, "PC", fill=None)]], "Plan")
    doc = open_package(data, "application/vnd.oasis.opendocument.graphics")
    rects = doc.body.getElementsByType(draw.Rect)  # odfpy's loader names no .drawing attribute
    assert [texts(r.getElementsByType(text.P)) for r in rects] == [["Box", "internet"], ["PC"]]
    assert [(r.getAttribute("x"), r.getAttribute("width")) for r in rects] == [("1cm", "5cm"), ("1cm", "5cm")]


def test_writers_are_deterministic_whatever_was_built_before():
    # odfpy keeps the namespaces it has seen in a class attribute; the writers neutralise that.
    first = odt_document(["# a"])
    ods_spreadsheet({"A": [[1, "=A1*2"]]})
    odp_presentation([("t", ["b"])])
    odg_drawing([[TextBox(0, 0, 1, 1, "x")]])
    assert odt_document(["# a"]) == first
    assert ods_spreadsheet({"A": [[1, "=A1*2"]]}) == ods_spreadsheet({"A": [[1, "=A1*2"]]})
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {(1980, 1, 1, 0, 0, 0)}
