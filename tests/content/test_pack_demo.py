"""The bundled French demo pack: rich enough for a full test, and every answer checked.

Answers that depend on an attachment are recomputed here from the generated file itself
(formulas evaluated, archive listed, layers counted...), never copied from the pack.
"""

import contextlib
import csv
import io
import re
import textwrap
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from docx import Document
from odf import dc, draw, meta, presentation, table, teletype, text
from odf.opendocument import load as load_odf
from openpyxl import load_workbook
from PIL import Image, ImageChops, ImageDraw
from pypdf import PdfReader

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


def picture(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()  # decodes every byte: a truncated or corrupt file fails here
    return image


def content_of(name: str, data: bytes):
    """What a file says, independent of how a library version lays out its bytes."""
    suffix = Path(name).suffix
    if suffix == ".pdf":
        reader = PdfReader(io.BytesIO(data))
        return reader.metadata.title, reader.metadata.author, [page.extract_text() for page in reader.pages]
    if suffix == ".png":
        image = picture(data)
        return image.format, image.mode, image.size, image.tobytes()
    if suffix == ".docx":
        return [(p.style.name, p.text) for p in Document(io.BytesIO(data)).paragraphs]
    if suffix == ".xlsx":
        return [[c.value for c in row] for row in load_workbook(io.BytesIO(data)).active.iter_rows()]
    if suffix in (".odt", ".ods", ".odp", ".odg"):
        doc = load_odf(io.BytesIO(data))
        return doc.mimetype, [teletype.extractText(p) for p in doc.body.getElementsByType(text.P)], \
            [(c.getAttribute("formula"), c.getAttribute("value")) for c in doc.body.getElementsByType(table.TableCell)]
    if suffix in (".zip", ".ora"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {n: content_of(n, archive.read(n)) for n in archive.namelist() if not n.endswith("thumbnail.png")}
    return data  # CSV, MLT, XML, text: the bytes are the content


def test_committed_attachments_and_pack_are_what_the_builder_makes(tmp_path):
    assert build_demo.main(tmp_path) == 0
    built = tmp_path / "attachments"
    assert {p.name for p in built.iterdir()} == {p.name for p in ATTACHMENTS.iterdir()}
    for path in ATTACHMENTS.iterdir():
        assert content_of(path.name, (built / path.name).read_bytes()) == content_of(path.name, path.read_bytes()), \
            path.name
    # pack.json is rebuilt byte for byte: calibration, tubes and generated questions are not hand-edited
    assert (tmp_path / "pack.json").read_text(encoding="utf-8") == (DEMO_PACK_DIR / "pack.json").read_text(encoding="utf-8")


def test_attachments_are_real_files_of_their_type(pack):
    for path in ATTACHMENTS.iterdir():
        data = path.read_bytes()
        if path.suffix == ".png":
            image = picture(data)
            assert image.format == "PNG" and image.mode in ("RGB", "RGBA"), path.name
        elif path.suffix in (".zip", ".ora", ".odt", ".ods", ".odp", ".odg", ".docx", ".xlsx"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                assert archive.testzip() is None, path.name
        elif path.suffix == ".pdf":
            assert len(PdfReader(io.BytesIO(data), strict=True).pages) >= 1


SCRIPT_LABELS = ["Quand le drapeau est cliqué", "Mettre score à 0", "Répéter 4 fois", "Ajouter 3 à score",
                 "Fin de la boucle", "Dire score"]


def test_block_script_carries_its_accented_labels(pack):
    """Each block of the Scratch-like script shows its label in DejaVu Sans, accents included."""
    image = picture(attached(pack, "prog-sequence-1-a", "programme-blocs.png")).convert("RGB")
    assert [label for *_, label, _ in build_demo.SCRIPT] == SCRIPT_LABELS
    for x, y, w, label, color in build_demo.SCRIPT:
        region = image.crop((x, y, x + w, y + 38))
        plain = _unaccented(label)
        for shown, must_match in ((label, True), (label.upper(), False), (plain, plain == label)):
            drawn = Image.new("RGB", region.size, color)
            ImageDraw.Draw(drawn).text((12, 19), shown, font=build_demo.font(build_demo.BLOCK_FONT_SIZE, bold=True),
                                       fill=(255, 255, 255), anchor="lm")
            same = ImageChops.difference(region, drawn).getbbox() is None
            assert same is must_match, (label, shown)


def _unaccented(label: str) -> str:
    return label.translate(str.maketrans("éèêàç", "eeeac"))


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
    """Read the first table of an ODS back with odfpy into rows of numbers, texts and formulas."""
    sheet = load_odf(io.BytesIO(data)).spreadsheet.getElementsByType(table.Table)[0]
    rows = []
    for row in sheet.getElementsByType(table.TableRow):
        out = []
        for c in row.getElementsByType(table.TableCell):
            formula, value = c.getAttribute("formula"), c.getAttribute("value")
            if formula:
                assert value is None and teletype.extractText(c) == ""  # no cached result
                body = formula.removeprefix("of:=").replace(";", ",")
                out.append("=" + re.sub(r"\[\.([A-Z]+\d+)(?::\.([A-Z]+\d+))?\]",
                                        lambda m: m.group(1) + (":" + m.group(2) if m.group(2) else ""), body))
            elif value is not None:
                out.append(float(value))
            else:
                out.append(teletype.extractText(c) or None)
        rows.append(out)
    return rows


def xlsx_cells(data: bytes) -> list[list]:
    """Read the first sheet of an XLSX back with openpyxl into rows (formulas as "=...")."""
    cached = load_workbook(io.BytesIO(data), data_only=True).active
    rows = []
    for row in load_workbook(io.BytesIO(data)).active.iter_rows():
        out = []
        for c in row:
            if isinstance(c.value, str) and c.value.startswith("="):
                assert cached[c.coordinate].value is None  # no cached result
            out.append(float(c.value) if isinstance(c.value, (int, float)) else c.value)
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


def test_cdi_rules_pdf_answers(pack):
    reader = PdfReader(io.BytesIO(attached(pack, "rech-document-2-a", "reglement-cdi.pdf")))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())  # lines wrap anywhere
    assert f"jusqu'à {accepted(pack, 'rech-document-2-a')[0]} livres à la fois" in text
    assert f"prolongé une seule fois, de {accepted(pack, 'rech-document-2-b')[0]} jours" in text
    both = pack.challenges["rech-document-2-d"].solution.accepted
    assert f"pour une durée de {both['duree'][0]} jours" in text
    assert f"Les {both['ordinateurs'][0]} ordinateurs du CDI" in text
    title = reader.metadata.title
    assert accepted(pack, "adapter-proprietes-3-b") == (title,)
    assert title not in text  # only the document properties show it


def test_charter_odt_answers(pack):
    doc = load_odf(io.BytesIO(attached(pack, "texte-styles-2-b", "charte-numerique.odt")))
    level_2 = [h for h in doc.text.getElementsByType(text.H) if h.getAttribute("outlinelevel") == "2"]
    assert len(level_2) == int(accepted(pack, "texte-styles-2-b")[0])
    paragraphs = [teletype.extractText(p) for p in doc.text.getElementsByType(text.P)]
    assert any(f"quota de {accepted(pack, 'texte-document-4-a')[0]} pages par trimestre" in p for p in paragraphs)
    (creator,) = [teletype.extractText(e) for e in doc.meta.getElementsByType(meta.InitialCreator)]
    assert accepted(pack, "adapter-proprietes-3-a")[0] == creator
    assert [teletype.extractText(e) for e in doc.meta.getElementsByType(dc.Title)] == ["Charte d'usage du numérique"]


def test_meeting_docx_answers(pack):
    paragraphs = Document(io.BytesIO(attached(pack, "collab-compte-rendu-4-a", "compte-rendu-cvl.docx"))).paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == "Projets votés") + 1
    end = next(i for i in range(start, len(paragraphs)) if paragraphs[i].style.name.startswith("Heading"))
    voted = int(accepted(pack, "collab-compte-rendu-4-b")[0])
    assert [p.style.name for p in paragraphs[start:end]] == ["List Bullet"] * voted
    assert any("en salle polyvalente" in p.text for p in paragraphs)
    assert "salle polyvalente" in accepted(pack, "collab-compte-rendu-4-a")


def test_presentation_answers(pack):
    doc = load_odf(io.BytesIO(attached(pack, "adapter-presentation-6-a", "expose-energie.odp")))
    pages = doc.presentation.getElementsByType(draw.Page)
    title = teletype.extractText(pages[3].getElementsByType(draw.Frame)[0])
    assert accepted(pack, "adapter-presentation-6-a") == (title,)
    (notes,) = pages[2].getElementsByType(presentation.Notes)
    assert f"{accepted(pack, 'adapter-presentation-6-b')[0]} kWh" in teletype.extractText(notes)
    on_slide = "".join(teletype.extractText(f) for f in pages[2].getElementsByType(draw.Frame)
                       if f.parentNode is pages[2])
    assert "kWh" not in on_slide  # the figure is only in the presenter's notes


def test_layered_image_answers(pack):
    archive = zipfile.ZipFile(io.BytesIO(attached(pack, "media-calques-3-a", "logo-club-photo.ora")))
    layers = ET.fromstring(archive.read("stack.xml")).findall("stack/layer")
    assert accepted(pack, "media-calques-3-b") == (str(len(layers)),)
    hidden = [layer for layer in layers if layer.get("visibility") == "hidden"]
    assert len(hidden) == 1
    assert accepted(pack, "media-calques-3-a") == (build_demo.HIDDEN_WORD,)
    # The hidden layer really carries ink, and the merged image does not show it.
    secret = picture(archive.read(hidden[0].get("src")))
    merged = picture(archive.read("mergedimage.png"))
    assert secret.mode == merged.mode == "RGBA" and secret.size == merged.size == (480, 270)
    inked = [xy for xy in ((x, y) for x in range(secret.width) for y in range(secret.height))
             if secret.getpixel(xy)[3] == 255]
    assert len(inked) > 100
    assert all(merged.getpixel(xy)[:3] != secret.getpixel(xy)[:3] for xy in inked)


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
    image = picture(attached(pack, "media-dimensions-2-a", "affiche-expo-photo.png"))
    assert image.format == "PNG"
    width, height = image.size
    assert pack.challenges["media-dimensions-2-a"].solution.accepted == {"largeur": (str(width),), "hauteur": (str(height),)}


def test_network_drawing_answers(pack):
    doc = load_odf(io.BytesIO(attached(pack, "env-reseau-4-b", "plan-reseau-b12.odg")))
    boxes = [teletype.extractText(p) for p in doc.body.getElementsByType(text.P)]
    assert f"Imprimante {accepted(pack, 'env-reseau-4-b')[0]}" in boxes
    count = int(accepted(pack, "env-reseau-4-c")[0])
    assert f"Postes élèves PC-B12-01 à PC-B12-{count:02d}" in boxes


def test_illustration_answers(pack):
    survey = dict(build_demo.SURVEY)
    assert accepted(pack, "traiter-graphique-1-b") == (str(sum(survey.values())),)
    assert accepted(pack, "traiter-graphique-1-a") == (max(survey, key=survey.get),)
    assert {g[0] for g in pack.challenges["traiter-graphique-1-c"].solution.groups} == {k for k, v in survey.items() if v < 6}
    assert pack.challenges["traiter-graphique-1-a"].illustration.name == "sondage-transport.png"


def test_every_illustration_of_the_demo_says_what_it_shows(pack):
    illustrated = [c for c in pack.challenges.values() if c.illustration is not None]
    assert len(illustrated) >= 5
    for c in illustrated:
        description = pack.illustration_descriptions[c.id]
        assert c.illustration.description == description  # what the pupil's page receives
        assert len(description) > 40 and "Illustration" not in description, c.id
    # A screen-reader user can answer from the words alone: the figures and the program are in them.
    survey = pack.illustration_descriptions["traiter-graphique-1-a"]
    assert all(f"{label}, {value}" in survey for label, value in build_demo.SURVEY)
    assert "Ajouter 3 à score" in pack.illustration_descriptions["prog-sequence-1-a"]


PYTHON = re.compile(r"Voici un programme Python[ \u00a0]:\n\n(.*)\n\nQu", re.DOTALL)


def test_python_reading_answers_match_a_real_run(pack):
    checked = 0
    for c in pack.challenges.values():
        match = PYTHON.search(c.instruction)
        if not match:
            continue
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(textwrap.dedent(match.group(1)), {})  # a code block: every line indented by four spaces
        printed = out.getvalue().split()
        if c.type is ChallengeType.QROC:
            assert printed == [accepted(pack, c.id)[0]], c.id
        elif c.type is ChallengeType.QROCM_DEP:
            assert sorted(printed) == sorted(g[0] for g in c.solution.groups), c.id
        elif c.type is ChallengeType.QROCM_IND:
            assert printed == [c.solution.accepted[f.id][0] for f in c.fields], c.id
        checked += 1
    assert checked >= 6
