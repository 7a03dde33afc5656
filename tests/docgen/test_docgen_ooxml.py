"""Office Open XML writers: DOCX paragraphs and XLSX formulas recalculated on load."""

import io
import xml.etree.ElementTree as ET
import zipfile

from roomserver.docgen import column_letter, docx_document, xlsx_workbook

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
R = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def open_package(data: bytes) -> dict[str, ET.Element]:
    """Check the parts every OOXML package needs and return them parsed."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    assert archive.namelist()[0] == "[Content_Types].xml"
    parts = {n: ET.fromstring(archive.read(n)) for n in archive.namelist()}
    overrides = {o.get("PartName") for o in parts["[Content_Types].xml"].iter(f"{CT}Override")}
    for name in parts:
        if name.endswith(".xml") and name != "[Content_Types].xml":
            assert "/" + name in overrides, name
    for rels_name, rels in parts.items():
        if rels_name.endswith(".rels"):
            base = rels_name.split("_rels/")[0].rstrip("/")  # "word/_rels/x.rels" -> "word"
            for rel in rels.iter(f"{R}Relationship"):
                target = f"{base}/{rel.get('Target')}" if base else rel.get("Target")
                assert target in parts, (rels_name, target)
    return parts


def test_docx_paragraph_styles_and_text():
    data = docx_document(["# Compte rendu", "Texte & suite", "- un", "## Fin", ""], "CR", author="CVL")
    parts = open_package(data)
    paragraphs = parts["word/document.xml"].findall(f".//{W}body/{W}p")
    styles = [(p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") if p.find(f"{W}pPr/{W}pStyle") is not None else None)
              for p in paragraphs]
    texts = ["".join(t.text for t in p.iter(f"{W}t")) for p in paragraphs]
    assert styles == ["Heading1", None, "ListBullet", "Heading2", None]
    assert texts == ["Compte rendu", "Texte & suite", "•\u00a0un", "Fin", ""]
    defined = {s.get(f"{W}styleId") for s in parts["word/styles.xml"].iter(f"{W}style")}
    assert {"Heading1", "Heading2", "ListBullet", "Normal"} <= defined
    core = parts["docProps/core.xml"]
    assert core.find("{http://purl.org/dc/elements/1.1/}creator").text == "CVL"


def test_xlsx_numbers_inline_strings_and_uncached_formulas():
    data = xlsx_workbook({"Notes": [["Élève", "Maths"], ["Léa", 17.5], ["Moyenne", "=AVERAGE(B2:B2)"]], "Deux": [[1]]})
    parts = open_package(data)
    workbook = parts["xl/workbook.xml"]
    assert [s.get("name") for s in workbook.iter(f"{S}sheet")] == ["Notes", "Deux"]
    assert workbook.find(f"{S}calcPr").get("fullCalcOnLoad") == "1"
    cells = {c.get("r"): c for c in parts["xl/worksheets/sheet1.xml"].iter(f"{S}c")}
    assert cells["A2"].get("t") == "inlineStr" and cells["A2"].find(f"{S}is/{S}t").text == "Léa"
    assert cells["B2"].find(f"{S}v").text == "17.5"
    assert cells["B3"].find(f"{S}f").text == "AVERAGE(B2:B2)"
    assert cells["B3"].find(f"{S}v") is None


def test_column_letters():
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 701, 702)] == ["A", "B", "Z", "AA", "AB", "ZZ", "AAA"]


def test_deterministic():
    assert docx_document(["a"]) == docx_document(["a"])
    assert xlsx_workbook({"A": [[1, "=A1"]]}) == xlsx_workbook({"A": [[1, "=A1"]]})
