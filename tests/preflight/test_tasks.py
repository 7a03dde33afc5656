"""The practical task files, opened with real parsers: the code is there for the right program only."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import wave
import xml.etree.ElementTree as ET
import zipfile

import pytest
from docx import Document
from odf import draw, table, teletype, text
from odf.namespaces import PRESENTATIONNS
from odf.opendocument import load
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from preflight.samples import samples
from preflight.tasks import BY_ID, TASKS, build, matches, normalise

SEED = 424242


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def odf(data: bytes):
    return load(io.BytesIO(data))


@pytest.mark.parametrize("task", [t.id for t in TASKS])
def test_build_is_deterministic_and_hides_the_code(task):
    code, data = build(task, SEED)
    assert build(task, SEED) == (code, data)
    assert build(task, SEED + 1)[0] != code or task in ("ods", "xlsx")
    assert code.encode() not in data  # nothing to read without the program (or an unzipper)


def test_pdf_code_needs_a_pdf_reader():
    code, data = build("pdf", SEED)
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert f"Code à saisir : {code}" in text
    assert b"/FlateDecode" in data


def test_word_processor_documents():
    code, data = build("odt", SEED)
    doc = odf(data)
    assert doc.mimetype == "application/vnd.oasis.opendocument.text"
    assert f"Code à saisir : {code}" in [teletype.extractText(p) for p in doc.text.getElementsByType(text.P)]
    code, data = build("docx", SEED)
    assert f"Code à saisir : {code}" in [p.text for p in Document(io.BytesIO(data)).paragraphs]


def _formula_operands(rows: list[list]) -> int:
    """Compute =B2*C2+B3*C3+B4*C4 the way a spreadsheet would."""
    return sum(int(rows[r][1]) * int(rows[r][2]) for r in (1, 2, 3))


def test_ods_code_is_a_formula_result_nowhere_in_the_file():
    code, data = build("ods", SEED)
    assert not any(code.encode() in body for body in unzip(data).values())
    sheet = odf(data).spreadsheet.getElementsByType(table.Table)[0]
    rows = []
    for row in sheet.getElementsByType(table.TableRow):
        rows.append([cell.getAttribute("value") or cell.getAttribute("formula") or teletype.extractText(cell)
                     for cell in row.getElementsByType(table.TableCell)])
    assert rows[5][0] == "Code à saisir"
    assert rows[5][1] == "of:=[.B2]*[.C2]+[.B3]*[.C3]+[.B4]*[.C4]"
    assert str(_formula_operands(rows)) == code


def test_xlsx_code_is_a_formula_result_nowhere_in_the_file():
    code, data = build("xlsx", SEED)
    assert not any(code.encode() in body for body in unzip(data).values())
    workbook = load_workbook(io.BytesIO(data))
    rows = [[c.value for c in row] for row in workbook["Crash-test"].iter_rows()]
    assert rows[5][:2] == ["Code à saisir", "=B2*C2+B3*C3+B4*C4"]
    assert load_workbook(io.BytesIO(data), data_only=True)["Crash-test"]["B6"].value is None  # no cached value
    assert str(_formula_operands(rows)) == code
    assert workbook.calculation.fullCalcOnLoad is True


def test_presentation_slide_2_title():
    code, data = build("odp", SEED)
    pages = odf(data).presentation.getElementsByType(draw.Page)
    titles = [next(f for f in p.getElementsByType(draw.Frame) if f.getAttrNS(PRESENTATIONNS, "class") == "title")
              for p in pages]
    assert teletype.extractText(titles[1]) == code and len(pages) == 3


def test_drawing_text_box():
    code, data = build("odg", SEED)
    boxes = [teletype.extractText(p) for p in odf(data).body.getElementsByType(text.P)]
    assert f"Code à saisir : {code}" in boxes


def test_layered_image_layer_name():
    code, data = build("ora", SEED)
    parts = unzip(data)
    assert parts["mimetype"] == b"image/openraster" and list(parts)[0] == "mimetype"
    layers = ET.fromstring(parts["stack.xml"]).findall(".//layer")
    assert [layer.get("name") for layer in layers] == ["Cadre", code, "Fond"]  # top first
    for layer in layers:
        picture = Image.open(io.BytesIO(parts[layer.get("src")]))
        assert (picture.format, picture.mode, picture.size) == ("PNG", "RGBA", (240, 140))
    assert Image.open(io.BytesIO(parts["mergedimage.png"])).size == (240, 140)


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
    assert Image.open(io.BytesIO(parts["plan2.png"])).size == (320, 180)
    with wave.open(io.BytesIO(parts["son.wav"])) as sound:
        assert sound.getnframes() == sound.getframerate()  # one second


def test_archive_code_file(tmp_path):
    code, data = build("zip", SEED)
    (tmp_path / "a.zip").write_bytes(data)
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        archive.extractall(tmp_path / "out")
    assert (tmp_path / "out/crash-test/code/code.txt").read_text(encoding="utf-8").strip() == f"Code à saisir : {code}"


def test_samples_open_with_their_programs():
    files = {kind: sample.data for kind, sample in samples().items()}
    assert "Téléchargé" in PdfReader(io.BytesIO(files["pdf"])).pages[0].extract_text()
    assert odf(files["odt"]).mimetype.endswith(".text")
    assert [p.style.name for p in Document(io.BytesIO(files["docx"])).paragraphs] == ["Heading 1", "Normal"]
    assert odf(files["ods"]).spreadsheet.getElementsByType(table.Table)[0].getAttribute("name") == "Essai"
    assert load_workbook(io.BytesIO(files["xlsx"]))["Essai"]["B2"].value == "=A2*2"
    assert len(odf(files["odp"]).presentation.getElementsByType(draw.Page)) == 1
    assert Image.open(io.BytesIO(files["png"])).format == "PNG"
    jpeg = Image.open(io.BytesIO(files["jpg"]))
    assert (jpeg.format, jpeg.size) == ("JPEG", (64, 48))
    assert unzip(files["zip"]) == {"essai/lisezmoi.txt": b"Essai\n"}
    assert ET.fromstring(files["mlt"]).tag == "mlt"
    assert samples() is samples()  # built once: the hashes the page checks never change under it


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


def libreoffice(tmp_path, tasks: tuple[str, ...], target: str) -> dict[str, tuple[str, object]]:
    """Build the tasks' files, convert them in one headless LibreOffice run; task -> (code, output path)."""
    built = {}
    for task in tasks:
        code, data = build(task, SEED)
        source = tmp_path / f"crash-test-{task}.{task}"
        source.write_bytes(data)
        built[task] = code, source
    profile = (tmp_path / "profile").as_uri()
    result = subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                             "--convert-to", target, "--outdir", str(tmp_path / "out"),
                             *[str(source) for _, source in built.values()]],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    suffix = target.split(":")[0]
    return {task: (code, tmp_path / "out" / f"{source.stem}.{suffix}") for task, (code, source) in built.items()}


needs_libreoffice = pytest.mark.skipif(SOFFICE is None,
                                       reason="LibreOffice absent du PATH : l'ouverture réelle n'est pas vérifiée")


@needs_libreoffice
def test_libreoffice_computes_the_spreadsheet_codes(tmp_path):
    for task, (code, out) in libreoffice(tmp_path, ("ods", "xlsx"), "csv:Text - txt - csv (StarCalc):44,34,76").items():
        rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
        assert rows[5][0] == "Code à saisir"
        assert re.sub(r"\D", "", rows[5][1]) == code, (task, rows[5])


@needs_libreoffice
def test_libreoffice_shows_the_codes_of_the_other_office_files(tmp_path):
    for task, (code, out) in libreoffice(tmp_path, ("odt", "docx"), "txt:Text (encoded):UTF8").items():
        assert f"Code à saisir : {code}" in out.read_text(encoding="utf-8-sig"), task
    shown = libreoffice(tmp_path, ("odp", "odg"), "pdf")
    code, out = shown["odp"]
    slides = PdfReader(out).pages
    assert len(slides) == 3 and slides[1].extract_text().splitlines()[0].strip() == code
    code, out = shown["odg"]
    assert f"Code à saisir : {code}" in PdfReader(out).pages[0].extract_text()
