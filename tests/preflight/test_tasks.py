"""The practical task files, opened with real parsers: the code is there for the right program only."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile

import pytest

from preflight.samples import samples
from preflight.tasks import BY_ID, TASKS, build, matches, normalise

SEED = 424242
NS = {"office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
      "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
      "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
      "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
      "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
      "s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def all_text(xml: bytes) -> str:
    return " ".join(ET.fromstring(xml).itertext())


@pytest.mark.parametrize("task", [t.id for t in TASKS])
def test_build_is_deterministic_and_hides_the_code(task):
    code, data = build(task, SEED)
    assert build(task, SEED) == (code, data)
    assert build(task, SEED + 1)[0] != code or task in ("ods", "xlsx")
    assert code.encode() not in data  # nothing to read without the program (or an unzipper)


def test_pdf_code_needs_a_pdf_reader():
    pypdf = pytest.importorskip("pypdf", reason="pypdf absent: pip install pypdf")
    code, data = build("pdf", SEED)
    text = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert f"Code à saisir : {code}" in text
    assert b"/FlateDecode" in data


@pytest.mark.parametrize("task, part", [("odt", "content.xml"), ("docx", "word/document.xml")])
def test_word_processor_documents(task, part):
    code, data = build(task, SEED)
    parts = unzip(data)
    assert f"Code à saisir : {code}" in all_text(parts[part])
    if task == "odt":
        assert parts["mimetype"] == b"application/vnd.oasis.opendocument.text"


def _formula_operands(rows: list[list[str | int]]) -> int:
    """Compute =B2*C2+B3*C3+B4*C4 the way a spreadsheet would."""
    return sum(int(rows[r][1]) * int(rows[r][2]) for r in (1, 2, 3))


def test_ods_code_is_a_formula_result_nowhere_in_the_file():
    code, data = build("ods", SEED)
    parts = unzip(data)
    assert not any(code.encode() in body for body in parts.values())
    table = ET.fromstring(parts["content.xml"]).find(".//table:table", NS)
    rows = []
    for row in table.findall("table:table-row", NS):
        cells = []
        for cell in row.findall("table:table-cell", NS):
            cells.append(cell.get(f"{{{NS['office']}}}value") or cell.get(f"{{{NS['table']}}}formula")
                         or "".join(cell.itertext()))
        rows.append(cells)
    assert rows[5][0] == "Code à saisir"
    assert rows[5][1] == "of:=[.B2]*[.C2]+[.B3]*[.C3]+[.B4]*[.C4]"
    assert str(_formula_operands(rows)) == code


def test_xlsx_code_is_a_formula_result_nowhere_in_the_file():
    code, data = build("xlsx", SEED)
    parts = unzip(data)
    assert not any(code.encode() in body for body in parts.values())
    sheet = ET.fromstring(parts["xl/worksheets/sheet1.xml"])
    cells = {c.get("r"): c for c in sheet.iter(f"{{{NS['s']}}}c")}
    formula = cells["B6"].find("s:f", NS).text
    assert formula == "B2*C2+B3*C3+B4*C4" and cells["B6"].find("s:v", NS) is None  # no cached value
    value = lambda ref: int(cells[ref].find("s:v", NS).text)  # noqa: E731
    assert str(sum(value(f"B{r}") * value(f"C{r}") for r in (2, 3, 4))) == code
    assert b'fullCalcOnLoad="1"' in parts["xl/workbook.xml"]


def test_presentation_slide_2_title():
    code, data = build("odp", SEED)
    pages = ET.fromstring(unzip(data)["content.xml"]).findall(".//draw:page", NS)
    titles = [next(f for f in p.findall("draw:frame", NS)
                   if f.get("{urn:oasis:names:tc:opendocument:xmlns:presentation:1.0}class") == "title") for p in pages]
    assert "".join(titles[1].itertext()) == code and len(pages) == 3


def test_drawing_text_box():
    code, data = build("odg", SEED)
    assert f"Code à saisir : {code}" in all_text(unzip(data)["content.xml"])


def test_layered_image_layer_name():
    code, data = build("ora", SEED)
    parts = unzip(data)
    assert parts["mimetype"] == b"image/openraster" and list(parts)[0] == "mimetype"
    layers = ET.fromstring(parts["stack.xml"]).findall(".//layer")
    assert [l.get("name") for l in layers] == ["Cadre", code, "Fond"]  # top first
    for layer in layers:
        assert parts[layer.get("src")].startswith(b"\x89PNG\r\n\x1a\n")


def test_video_project_second_clip_title():
    code, data = build("mlt", SEED)
    parts = unzip(data)
    project = ET.fromstring(parts["montage.mlt"])
    producers = {p.get("id"): p for p in project.findall("producer")}
    entries = project.find("playlist[@id='playlist0']").findall("entry")
    second = producers[entries[1].get("producer")]
    props = {p.get("name"): p.text for p in second.findall("property")}
    assert props["shotcut:caption"] == code
    for producer in producers.values():  # every file the project references is in the archive
        resource = {p.get("name"): p.text for p in producer.findall("property")}.get("resource", "")
        if "." in resource and not resource.startswith("#"):
            assert resource in parts


def test_archive_code_file(tmp_path):
    code, data = build("zip", SEED)
    (tmp_path / "a.zip").write_bytes(data)
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        archive.extractall(tmp_path / "out")
    assert (tmp_path / "out/crash-test/code/code.txt").read_text(encoding="utf-8").strip() == f"Code à saisir : {code}"


@pytest.mark.parametrize("expected, typed, ok", [
    ("K7M3P", " k7m 3p ", True), ("K7M3P", "K7M3P\n", True), ("K7M3P", "K7M3Q", False),
    ("13937", "13 937", True), ("13937", "13937,00", True), ("13937", "13.937", True), ("13937", "1393", False),
    ("13937", "13\u202f937", True), ("K7M3P", "", False),
])
def test_lenient_comparison(expected, typed, ok):
    assert matches(expected, typed) is ok
    assert normalise("é a") == "EA"


def test_task_table_is_complete():
    assert set(BY_ID) == {"pdf", "odt", "docx", "ods", "xlsx", "odp", "odg", "ora", "mlt", "zip"}
    assert all(t.remedy and t.instructions for t in TASKS)
    assert set(samples()) == {"pdf", "odt", "docx", "ods", "xlsx", "odp", "png", "jpg", "zip", "mlt"}


SOFFICE = shutil.which("libreoffice") or shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice absent du PATH : le calcul réel des formules n'est pas vérifié")
def test_libreoffice_computes_the_spreadsheet_codes(tmp_path):
    codes = {}
    for task in ("ods", "xlsx"):
        codes[task], data = build(task, SEED)
        (tmp_path / f"crash-test-{task}.{task}").write_bytes(data)
    profile = (tmp_path / "profile").as_uri()
    result = subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                             "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path / "csv"),
                             str(tmp_path / "crash-test-ods.ods"), str(tmp_path / "crash-test-xlsx.xlsx")],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    for task, code in codes.items():
        rows = list(csv.reader((tmp_path / f"csv/crash-test-{task}.csv").read_text(encoding="utf-8").splitlines()))
        assert rows[5][0] == "Code à saisir"
        assert re.sub(r"\D", "", rows[5][1]) == code, (task, rows[5])
