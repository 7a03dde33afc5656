"""The bundled French demo pack: rich enough for a full test, and every answer checked.

Answers that depend on an attachment are recomputed here from the generated file itself
(formulas evaluated, archive listed, layers counted...), never copied from the pack.
"""

import contextlib
import csv
import io
import re
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from roomserver.content import DEMO_PACK_DIR, FRAMEWORK_COMPETENCES, load_pack
from roomserver.content import build_demo
from roomserver.core.content import ChallengeType, InputKind, public_question

ATTACHMENTS = DEMO_PACK_DIR / "attachments"
REFERENCE_TITLES = {
    "1.1": "Mener une recherche et une veille d'information", "1.2": "Gérer des données",
    "1.3": "Traiter des données", "2.1": "Interagir", "2.2": "Partager et publier", "2.3": "Collaborer",
    "2.4": "S'insérer dans le monde numérique", "3.1": "Développer des documents textuels",
    "3.2": "Développer des documents multimédia", "3.3": "Adapter les documents à leur finalité",
    "3.4": "Programmer", "4.1": "Sécuriser l'environnement numérique",
    "4.2": "Protéger les données personnelles et la vie privée",
    "4.3": "Protéger la santé, le bien-être et l'environnement",
    "5.1": "Résoudre des problèmes techniques", "5.2": "Construire un environnement numérique",
}


@pytest.fixture(scope="module")
def pack():
    return load_pack(DEMO_PACK_DIR)


def number(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def accepted(pack, cid: str) -> tuple[str, ...]:
    (answers,) = pack.challenges[cid].solution.accepted.values()
    return answers


def attached(pack, cid: str, name: str) -> bytes:
    return pack.attachment_file(cid, name).read_bytes()


# --- Size and variety ---------------------------------------------------------------------

def test_framework_is_complete(pack):
    assert tuple(pack.competences) == FRAMEWORK_COMPETENCES
    assert {c.id: c.title for c in pack.competences.values()} == REFERENCE_TITLES
    assert pack.id == "demo-fr" and pack.title


def test_skills_spread_over_levels_1_to_6(pack):
    all_levels = set()
    for cid in pack.competences:
        skills = pack.skills_of(cid)
        levels = [s.level for s in skills]
        assert len(skills) >= 4, cid
        assert len(set(levels)) >= 4, cid  # several levels, so positioning profiles vary
        assert all(1 <= level <= 6 for level in levels), cid
        assert 1 in levels, cid
        all_levels |= set(levels)
    assert all_levels == {1, 2, 3, 4, 5, 6}


def test_every_skill_has_variants(pack):
    for skill in pack.skills.values():
        assert len(skill.challenge_ids) >= 2, skill.id
    assert len(pack.challenges) >= 130


def test_every_type_and_input_kind_is_well_represented(pack):
    types = Counter(c.type for c in pack.challenges.values())
    assert types[ChallengeType.QCU] >= 30 and types[ChallengeType.QCM] >= 15
    assert types[ChallengeType.QROC] >= 30
    assert types[ChallengeType.QROCM_IND] >= 5 and types[ChallengeType.QROCM_DEP] >= 5
    qroc_inputs = Counter(c.fields[0].input for c in pack.challenges.values() if c.type is ChallengeType.QROC)
    assert all(qroc_inputs[kind] >= 5 for kind in InputKind), qroc_inputs


def test_attachments_cover_every_program(pack):
    with_files = [c for c in pack.challenges.values() if c.attachments]
    assert len(with_files) >= 12
    kinds = Counter(Path(a.path).suffix for c in with_files for a in c.attachments)
    for suffix in (".pdf", ".odt", ".docx", ".ods", ".xlsx", ".png", ".odp", ".zip", ".ora", ".mlt"):
        assert kinds[suffix] >= 1, suffix
    illustrated = [c for c in pack.challenges.values() if c.illustration]
    assert len(illustrated) >= 3


def test_every_file_is_used_and_every_generated_file_is_committed(pack):
    used = {a.path for c in pack.challenges.values() for a in c.attachments}
    used |= {c.illustration.path for c in pack.challenges.values() if c.illustration}
    on_disk = {f"attachments/{p.name}" for p in ATTACHMENTS.iterdir()}
    generated = {f"attachments/{name}" for name in build_demo.build_attachments()}
    assert used == on_disk == generated


def test_timed_and_focused_challenges(pack):
    timers = [c.timer_s for c in pack.challenges.values() if c.timer_s is not None]
    assert len(timers) >= 5 and all(60 <= t <= 180 for t in timers)
    assert sum(c.focused for c in pack.challenges.values()) >= 5
    # Opening an attachment means leaving the browser window: never on a focused challenge.
    assert not [c.id for c in pack.challenges.values() if c.focused and c.attachments]


def test_choices_are_sound(pack):
    for c in pack.challenges.values():
        if c.type in (ChallengeType.QCU, ChallengeType.QCM):
            texts = [p.text for p in c.proposals]
            assert len(texts) >= 4 and len(set(texts)) == len(texts), c.id
            assert len(c.solution.choices) < len(texts), c.id
        if c.type is ChallengeType.QROCM_DEP:
            assert len(c.solution.groups) == len(c.fields), c.id  # exactly as many answers as boxes
        assert "solution" not in public_question(c, 1)


def test_pack_json_is_readable(pack):
    text = (DEMO_PACK_DIR / "pack.json").read_text(encoding="utf-8")
    assert text.startswith('{\n  "format": 1,') and "\\u00" not in text and "é" in text


def test_attachments_regenerate_byte_identical(tmp_path):
    assert build_demo.main(tmp_path) == 0
    for path in ATTACHMENTS.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
    assert {p.name for p in tmp_path.iterdir()} == {p.name for p in ATTACHMENTS.iterdir()}


# --- Answers recomputed from the files ----------------------------------------------------

def evaluate(rows: list[list]) -> dict[str, Decimal]:
    """Evaluate a small spreadsheet (SUM, AVERAGE, ROUND, COUNTIF, + - * /) the way Calc does."""
    values: dict[str, object] = {}
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            values[f"{chr(65 + c)}{r}"] = value
    done: dict[str, object] = {}

    def cell(ref):
        if ref not in done:
            raw = values.get(ref)
            if isinstance(raw, str) and raw.startswith("="):
                done[ref] = compute(raw[1:])
            elif isinstance(raw, (int, float)):
                done[ref] = Decimal(str(raw))
            else:
                done[ref] = raw
        return done[ref]

    def cells(a, b):
        col_a, row_a, col_b, row_b = a[0], int(a[1:]), b[0], int(b[1:])
        return [cell(f"{chr(col)}{row}") for col in range(ord(col_a), ord(col_b) + 1) for row in range(row_a, row_b + 1)]

    def numbers(items):
        return [v for v in items if isinstance(v, Decimal)]

    def countif(items, test):
        op, limit = re.fullmatch(r"(>=|<=|<>|=|>|<)(-?[\d.]+)", test).groups()
        limit = Decimal(limit)
        compare = {">=": limit.__le__, "<=": limit.__ge__, ">": limit.__lt__, "<": limit.__gt__,
                   "=": limit.__eq__, "<>": limit.__ne__}[op]
        return Decimal(sum(1 for v in numbers(items) if compare(v)))

    env = {
        "SUM": lambda items: sum(numbers(items), Decimal(0)),
        "AVERAGE": lambda items: sum(numbers(items), Decimal(0)) / len(numbers(items)),
        "ROUND": lambda v, n: Decimal(v).quantize(Decimal(1).scaleb(-int(n)), rounding=ROUND_HALF_UP),
        "COUNTIF": countif, "cell": cell, "cells": cells, "Decimal": Decimal,
    }
    token = re.compile(r'(?P<string>"[^"]*")|(?P<range>[A-Z]\d+:[A-Z]\d+)|(?P<ref>[A-Z]\d+)(?![\w(])'
                       r"|(?P<number>\d+(?:\.\d+)?)|(?P<other>.)")

    def compute(formula):
        parts = []
        for m in token.finditer(formula):
            if m.group("range"):
                a, b = m.group("range").split(":")
                parts.append(f'cells("{a}","{b}")')
            elif m.group("ref"):
                parts.append(f'cell("{m.group("ref")}")')
            elif m.group("number"):
                parts.append(f'Decimal("{m.group("number")}")')
            else:
                parts.append(m.group(0))
        return eval("".join(parts), dict(env))

    return {ref: cell(ref) for ref in values}


def ods_cells(data: bytes) -> list[list]:
    """Read the first table of an ODS back into rows of numbers, texts and formulas."""
    ns = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
          "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
          "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
    root = ET.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("content.xml"))
    rows = []
    for row in root.find(".//table:table", ns).findall("table:table-row", ns):
        out = []
        for c in row.findall("table:table-cell", ns):
            formula = c.get(f"{{{ns['table']}}}formula")
            value = c.get(f"{{{ns['office']}}}value")
            if formula:
                assert value is None
                body = formula.removeprefix("of:=").replace(";", ",")
                out.append("=" + re.sub(r"\[\.([A-Z]+\d+)(?::\.([A-Z]+\d+))?\]",
                                        lambda m: m.group(1) + (":" + m.group(2) if m.group(2) else ""), body))
            elif value is not None:
                out.append(float(value))
            else:
                p = c.find("text:p", ns)
                out.append(p.text if p is not None else None)
        rows.append(out)
    return rows


def xlsx_cells(data: bytes) -> list[list]:
    """Read the first sheet of an XLSX back into rows (formulas as "=...")."""
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    root = ET.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in root.iter(f"{ns}row"):
        out: list = []
        for c in row.findall(f"{ns}c"):
            col = ord(c.get("r")[0]) - 65
            out.extend([None] * (col - len(out)))
            if c.find(f"{ns}f") is not None:
                assert c.find(f"{ns}v") is None
                out.append("=" + c.find(f"{ns}f").text)
            elif c.find(f"{ns}v") is not None:
                out.append(float(c.find(f"{ns}v").text))
            else:
                out.append(c.find(f"{ns}is/{ns}t").text)
        rows.append(out)
    return rows


def test_budget_spreadsheet_answers(pack):
    rows = ods_cells(attached(pack, "traiter-formules-2-c", "budget-sortie.ods"))
    values = evaluate(rows)
    labels = {row[0]: r for r, row in enumerate(rows, start=1)}
    assert number(accepted(pack, "traiter-formules-2-c")[0]) == values[f"D{labels['Total']}"]
    assert number(accepted(pack, "traiter-tableur-3-a")[0]) == values[f"D{labels['Coût par élève (€)']}"]
    posts = sorted(((values[f"D{r}"], rows[r - 1][0]) for r in range(2, labels["Total"])), reverse=True)
    groups = pack.challenges["traiter-tableur-3-c"].solution.groups
    assert {g[0] for g in groups} == {posts[0][1], posts[1][1]} and posts[1][0] > posts[2][0]


def test_grades_workbook_answers(pack):
    rows = xlsx_cells(attached(pack, "traiter-tableur-3-b", "notes-2de3.xlsx"))
    values = evaluate(rows)
    labels = {row[0]: r for r, row in enumerate(rows, start=1)}
    assert rows[0][3] == "SVT"
    assert number(accepted(pack, "traiter-tableur-3-b")[0]) == values[f"D{labels['Moyenne de la classe']}"]
    averages = {rows[r - 1][0]: values[f"E{r}"] for r in range(2, labels["Moyenne de la classe"])}
    best = max(averages.values())
    assert [n for n, v in averages.items() if v == best] == list(accepted(pack, "traiter-filtrer-4-b"))
    assert number(accepted(pack, "traiter-references-5-c")[0]) == values[f"E{labels['Nombre de moyennes ≥ 12']}"]
    assert sum(1 for v in averages.values() if v >= 12) == values[f"E{labels['Nombre de moyennes ≥ 12']}"]


def test_signups_csv_answers(pack):
    data = attached(pack, "traiter-filtrer-4-a", "inscriptions-ateliers.csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    header, records = rows[0], rows[1:]
    clubs = Counter(r[3] for r in records)
    assert accepted(pack, "traiter-filtrer-4-a") == (str(clubs["Robotique"]),)
    assert pack.challenges["donnees-structure-6-b"].solution.accepted == {"lignes": (str(len(records)),), "colonnes": (str(len(header)),)}
    theatre = pack.challenges["traiter-filtrer-4-d"].solution.accepted
    assert theatre == {"theatre": (str(clubs["Théâtre"]),), "chorale": (str(clubs["Chorale"]),)}
    assert accepted(pack, "donnees-formats-2-a") == ("le point-virgule (;)",)


def pdf_text(data: bytes) -> str:
    chunks = []
    for stream in re.findall(rb"stream\n(.*?)\nendstream", data, re.DOTALL):
        chunks.extend(re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", zlib.decompress(stream)))
    return "\n".join(re.sub(rb"\\(.)", rb"\1", c).decode("cp1252") for c in chunks)


def test_cdi_rules_pdf_answers(pack):
    data = attached(pack, "rech-document-2-a", "reglement-cdi.pdf")
    text = pdf_text(data)
    assert f"jusqu'à {accepted(pack, 'rech-document-2-a')[0]} livres à la fois" in text
    assert f"prolongé une seule fois, de {accepted(pack, 'rech-document-2-b')[0]} jours" in text
    both = pack.challenges["rech-document-2-d"].solution.accepted
    assert f"pour une durée de {both['duree'][0]} jours" in text
    assert f"Les {both['ordinateurs'][0]} ordinateurs du CDI" in text
    title = re.search(rb"/Title \(([^)]*)\)", data).group(1).decode("cp1252")
    assert accepted(pack, "adapter-proprietes-3-b") == (title,)
    assert title not in text  # only the document properties show it


def test_charter_odt_answers(pack):
    archive = zipfile.ZipFile(io.BytesIO(attached(pack, "texte-styles-2-b", "charte-numerique.odt")))
    content = archive.read("content.xml").decode()
    assert content.count('text:outline-level="2"') == int(accepted(pack, "texte-styles-2-b")[0])
    assert f"quota de {accepted(pack, 'texte-document-4-a')[0]} pages par trimestre" in content
    creator = re.search(r"<meta:initial-creator>(.*?)</", archive.read("meta.xml").decode()).group(1)
    assert accepted(pack, "adapter-proprietes-3-a")[0] == creator


def test_meeting_docx_answers(pack):
    archive = zipfile.ZipFile(io.BytesIO(attached(pack, "collab-compte-rendu-4-a", "compte-rendu-cvl.docx")))
    document = archive.read("word/document.xml").decode()
    voted = document.split("Projets votés")[1].split("Heading2")[0]
    assert voted.count('w:val="ListBullet"') == int(accepted(pack, "collab-compte-rendu-4-b")[0])
    assert "en salle polyvalente" in document
    assert "salle polyvalente" in accepted(pack, "collab-compte-rendu-4-a")


def test_presentation_answers(pack):
    ns = {"draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
          "presentation": "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0",
          "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
    data = attached(pack, "adapter-presentation-6-a", "expose-energie.odp")
    pages = ET.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("content.xml")).findall(".//draw:page", ns)
    title = pages[3].find("draw:frame/draw:text-box/text:p", ns).text
    assert accepted(pack, "adapter-presentation-6-a") == (title,)
    notes = "".join(pages[2].find("presentation:notes", ns).itertext())
    assert f"{accepted(pack, 'adapter-presentation-6-b')[0]} kWh" in notes
    slide_text = "".join(pages[2].find("draw:frame", ns).itertext()) + "".join(
        "".join(f.itertext()) for f in pages[2].findall("draw:frame", ns))
    assert "kWh" not in slide_text  # the figure is only in the presenter's notes


def test_layered_image_answers(pack):
    archive = zipfile.ZipFile(io.BytesIO(attached(pack, "media-calques-3-a", "logo-club-photo.ora")))
    layers = ET.fromstring(archive.read("stack.xml")).findall("stack/layer")
    assert accepted(pack, "media-calques-3-b") == (str(len(layers)),)
    hidden = [layer for layer in layers if layer.get("visibility") == "hidden"]
    assert len(hidden) == 1
    assert accepted(pack, "media-calques-3-a") == (build_demo.HIDDEN_WORD,)
    # The hidden layer really carries ink, and the merged image does not show it.
    width, secret = png_pixels(archive.read(hidden[0].get("src")))
    _, merged = png_pixels(archive.read("mergedimage.png"))
    inked = [i for i in range(0, len(secret), 4) if secret[i + 3] == 255]
    assert len(inked) > 100
    assert all(merged[i:i + 3] != secret[i:i + 3] for i in inked)


def png_pixels(data: bytes) -> tuple[int, bytes]:
    """Decode a docgen RGBA PNG (filter 0 rows) into its width and raw RGBA bytes."""
    width, height, _, color = struct.unpack(">IIBB", data[16:26])
    assert color == 6
    raw, pos = b"", 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        if data[pos + 4:pos + 8] == b"IDAT":
            raw += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    rows = zlib.decompress(raw)
    stride = width * 4 + 1
    return width, b"".join(rows[r * stride + 1:(r + 1) * stride] for r in range(height))


def test_video_project_answers(pack):
    root = ET.fromstring(attached(pack, "media-video-4-a", "reportage-fete-science.mlt"))
    fps = int(root.find("profile").get("frame_rate_num"))
    producers = {p.get("id"): {q.get("name"): q.text for q in p.findall("property")} for p in root.findall("producer")}
    entries = root.find("playlist[@id='playlist0']").findall("entry")
    captions = [producers[e.get("producer")]["shotcut:caption"] for e in entries]
    assert accepted(pack, "media-video-4-a") == (captions[2],)
    frames = sum(int(e.get("out")) - int(e.get("in")) + 1 for e in entries)
    assert number(accepted(pack, "media-video-4-b")[0]) == Decimal(frames) / fps


def test_archive_answers(pack):
    archive = zipfile.ZipFile(io.BytesIO(attached(pack, "env-archives-3-a", "projet-expo.zip")))
    names = archive.namelist()
    in_data = [n for n in names if n.startswith("projet-expo/donnees/")]
    assert accepted(pack, "env-archives-3-b") == (str(len(in_data)),)
    contacts = [n for n in names if n.startswith("projet-expo/contacts/")]
    assert len(contacts) == 1
    assert f"Mme Nadia {accepted(pack, 'env-archives-3-a')[0]} " in archive.read(contacts[0]).decode()


def test_poster_png_answers(pack):
    data = attached(pack, "media-dimensions-2-a", "affiche-expo-photo.png")
    width, height = struct.unpack(">II", data[16:24])
    assert pack.challenges["media-dimensions-2-a"].solution.accepted == {"largeur": (str(width),), "hauteur": (str(height),)}


def test_network_drawing_answers(pack):
    data = attached(pack, "env-reseau-4-b", "plan-reseau-b12.odg")
    content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml").decode()
    assert f"Imprimante {accepted(pack, 'env-reseau-4-b')[0]}<" in content
    count = int(accepted(pack, "env-reseau-4-c")[0])
    assert f"PC-B12-01 à PC-B12-{count:02d}" in content


def test_illustration_answers(pack):
    survey = dict(build_demo.SURVEY)
    assert accepted(pack, "traiter-graphique-1-b") == (str(sum(survey.values())),)
    assert accepted(pack, "traiter-graphique-1-a") == (max(survey, key=survey.get),)
    assert {g[0] for g in pack.challenges["traiter-graphique-1-c"].solution.groups} == {k for k, v in survey.items() if v < 6}
    assert pack.challenges["traiter-graphique-1-a"].illustration.name == "sondage-transport.png"


PYTHON = re.compile(r"Voici un programme Python :\n\n(.*)\n\nQu", re.DOTALL)


def test_python_reading_answers_match_a_real_run(pack):
    checked = 0
    for c in pack.challenges.values():
        match = PYTHON.search(c.instruction)
        if not match:
            continue
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(match.group(1), {})
        printed = out.getvalue().split()
        if c.type is ChallengeType.QROC:
            assert printed == [accepted(pack, c.id)[0]], c.id
        elif c.type is ChallengeType.QROCM_DEP:
            assert sorted(printed) == sorted(g[0] for g in c.solution.groups), c.id
        elif c.type is ChallengeType.QROCM_IND:
            assert printed == [c.solution.accepted[f.id][0] for f in c.fields], c.id
        checked += 1
    assert checked >= 6
