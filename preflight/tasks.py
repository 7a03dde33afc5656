"""The practical tasks of the Crash-test: files whose code only the right program shows.

Each task has a file built from a seed: the same seed always gives the same file and
the same code, so the server stores ``{seed, code}`` per PC and run, rebuilds the file
on download, and checks the typed code itself (the code never travels to the browser
except inside the file). A build is re-rolled until the code does not appear in the
file's bytes (nor, for spreadsheets, in any part of the package: only a spreadsheet
that computes the formula can show it).

Server-side only (the writers in ``preflight.formats`` need fpdf2, odfpy, python-docx, openpyxl and
Pillow); the host agent never imports this. Nothing here imports ``roomserver``.
"""

from __future__ import annotations

import random
import re
import unicodedata
import zipfile
import io
from dataclasses import dataclass
from typing import Callable

CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"  # no 0/O, 1/I/L, 2/Z, 5/S, 8/B: nothing to misread
CODE_LENGTH = 5


@dataclass(frozen=True)
class Task:
    id: str
    label: str  # what kind of program it proves
    filename: str
    mimetype: str
    instructions: str
    remedy: str

    def to_public(self) -> dict:
        """What the page may see: never the code."""
        return {"id": self.id, "label": self.label, "filename": self.filename, "instructions": self.instructions}


TASKS: tuple[Task, ...] = (
    Task("pdf", "Lecteur PDF", "crash-test.pdf", "application/pdf",
         "Ouvrez le fichier PDF avec le lecteur PDF du poste et saisissez le code écrit dans le document.",
         "Installez un lecteur PDF (ou vérifiez que le navigateur ouvre les PDF), puis recommencez."),
    Task("odt", "Traitement de texte (.odt)", "crash-test.odt", "application/vnd.oasis.opendocument.text",
         "Ouvrez le document avec le traitement de texte et saisissez le code écrit dans le document.",
         "Installez LibreOffice Writer (ou un traitement de texte qui ouvre les fichiers .odt), puis recommencez."),
    Task("docx", "Traitement de texte (.docx)", "crash-test.docx",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "Ouvrez le document avec le traitement de texte et saisissez le code écrit dans le document.",
         "Installez LibreOffice Writer ou Microsoft Word (qui ouvrent les fichiers .docx), puis recommencez."),
    Task("ods", "Tableur (.ods)", "crash-test.ods", "application/vnd.oasis.opendocument.spreadsheet",
         "Ouvrez le classeur avec le tableur : le code est le nombre calculé dans la case « Code à saisir » (B6).",
         "Installez LibreOffice Calc (un tableur qui calcule les formules des fichiers .ods), puis recommencez."),
    Task("xlsx", "Tableur (.xlsx)", "crash-test.xlsx",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "Ouvrez le classeur avec le tableur : le code est le nombre calculé dans la case « Code à saisir » (B6).",
         "Installez LibreOffice Calc ou Microsoft Excel (un tableur qui calcule les formules des .xlsx), puis recommencez."),
    Task("odp", "Présentation", "crash-test.odp", "application/vnd.oasis.opendocument.presentation",
         "Ouvrez la présentation : le code est le titre de la diapositive 2.",
         "Installez LibreOffice Impress (ou un logiciel de présentation qui ouvre les .odp), puis recommencez."),
    Task("odg", "Dessin", "crash-test.odg", "application/vnd.oasis.opendocument.graphics",
         "Ouvrez le dessin avec le logiciel de dessin et saisissez le code écrit dans le cadre.",
         "Installez LibreOffice Draw (qui ouvre les dessins .odg), puis recommencez."),
    Task("ora", "Retouche d'image à calques", "crash-test.ora", "image/openraster",
         "Ouvrez l'image avec GIMP (ou Krita) : le code est le nom du calque placé entre « Fond » et « Cadre ».",
         "Installez GIMP (ou Krita, qui ouvrent les images à calques .ora), puis recommencez."),
    Task("mlt", "Montage vidéo", "crash-test-montage.zip", "application/zip",
         "Extrayez l'archive, puis ouvrez « montage.mlt » avec Shotcut : le code est le titre du second plan de la "
         "piste vidéo.",
         "Installez Shotcut (ou un logiciel de montage qui ouvre les projets .mlt, comme Kdenlive), puis recommencez."),
    Task("zip", "Archive et stockage", "crash-test-archive.zip", "application/zip",
         "Enregistrez l'archive dans l'espace de stockage des candidats, extrayez-la, puis ouvrez "
         "« crash-test/code/code.txt » : saisissez le code qu'il contient.",
         "Vérifiez que l'espace de stockage des candidats accepte l'enregistrement et l'extraction (droits, quota), "
         "installez un outil d'archives (7-Zip) si besoin, puis recommencez."),
)
BY_ID = {t.id: t for t in TASKS}


def letter_code(rng: random.Random) -> str:
    return "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise(text: str) -> str:
    """Upper case, no accents, no spaces of any kind: "  k7m 3p " -> "K7M3P"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", "", text).upper()


def matches(expected: str, typed: str) -> bool:
    """Lenient comparison: case and spaces ignored; for numbers, "12 345,00" equals "12345"."""
    got = normalise(typed)
    if expected.isdigit():
        got = re.sub(r"[.,]0+$", "", got)
        got = re.sub(r"[.,'’]", "", got)
        got = got.lstrip("0") or "0"
    return got == normalise(expected)


# -- file builders: each takes a random generator and returns (code, bytes) --------------------
# The writers come from ``preflight.formats`` (fpdf2, odfpy, python-docx, openpyxl, Pillow), imported
# on first use so that importing the task table stays cheap. Texts are Windows-1252 at most: the
# PDF uses the standard Helvetica and the pictures Pillow's default font, no font file needed.

def _pdf(rng):
    from .formats import pdf_document
    code = letter_code(rng)
    return code, pdf_document([["# Crash-test : lecteur PDF",
                                 "Ce document vérifie que ce poste ouvre les fichiers PDF.",
                                 "", f"Code à saisir : {code}"]], title="Crash-test PDF")


def _text_lines(code):
    return ["# Crash-test : traitement de texte", "Ce document vérifie que ce poste ouvre les documents texte.",
            "", f"Code à saisir : {code}"]


def _odt(rng):
    from .formats import odt_document
    code = letter_code(rng)
    return code, odt_document(_text_lines(code), title="Crash-test")


def _docx(rng):
    from .formats import docx_document
    code = letter_code(rng)
    return code, docx_document(_text_lines(code), title="Crash-test")


def _sheet(rng):
    """Rows whose formula result is the code: quantities and prices between 11 and 99."""
    items = [(name, rng.randint(11, 99), rng.randint(11, 99)) for name in ("Cahiers", "Stylos", "Classeurs")]
    total = sum(q * p for _, q, p in items)
    rows = [["Article", "Quantité", "Prix unitaire"], *[[n, q, p] for n, q, p in items], [],
            ["Code à saisir", "=B2*C2+B3*C3+B4*C4"]]
    return str(total), {"Crash-test": rows}


def _ods(rng):
    from .formats import ods_spreadsheet
    code, sheets = _sheet(rng)
    return code, ods_spreadsheet(sheets, title="Crash-test")


def _xlsx(rng):
    from .formats import xlsx_workbook
    code, sheets = _sheet(rng)
    return code, xlsx_workbook(sheets, title="Crash-test")


def _odp(rng):
    from .formats import Slide, odp_presentation
    code = letter_code(rng)
    return code, odp_presentation([Slide("Crash-test", ["Ce fichier vérifie le logiciel de présentation."]),
                                   Slide(code, ["Le titre de cette diapositive est le code à saisir."]),
                                   Slide("Fin", ["Merci !"])], title="Crash-test")


def _odg(rng):
    from .formats import TextBox, odg_drawing
    code = letter_code(rng)
    return code, odg_drawing([[TextBox(2, 2, 16, 2.5, "Crash-test : logiciel de dessin", fill=None, font_size_pt=20),
                               TextBox(5, 7, 10, 3, f"Code à saisir : {code}", fill="#ffe08a")]], title="Crash-test")


def _ora(rng):
    from PIL import Image, ImageDraw

    from .formats import Layer, load_font, ora_image
    code = letter_code(rng)
    size = (240, 140)
    background = Image.new("RGBA", size, (255, 255, 255, 255))
    ImageDraw.Draw(background).text((20, 16), "Calques", font=load_font(28), fill=(40, 40, 40))
    middle = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(middle).ellipse((135, 45, 205, 115), fill=(31, 95, 191, 255))
    frame = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(frame).rectangle((4, 4, 235, 135), outline=(200, 40, 40, 255), width=4)
    return code, ora_image(*size, [Layer("Fond", background), Layer(code, middle), Layer("Cadre", frame)])


def _mlt(rng):
    from PIL import Image, ImageDraw

    from .formats import Clip, load_font, png_bytes, video_project_zip, wav_tone
    code = letter_code(rng)
    shots = {}
    for name, color in (("plan1.png", (31, 63, 95)), ("plan2.png", (95, 63, 31))):
        still = Image.new("RGB", (320, 180), color)
        ImageDraw.Draw(still).text((20, 16), "Crash-test", font=load_font(32), fill=(255, 255, 255))
        shots[name] = png_bytes(still)
    return code, video_project_zip([Clip("Introduction", 2, "plan1.png"), Clip(code, 2, "plan2.png")],
                                   {**shots, "son.wav": wav_tone(1.0)}, project_name="montage.mlt",
                                   title="Crash-test", soundtrack="son.wav")


def _zip(rng):
    from .formats import zip_archive
    code = letter_code(rng)
    return code, zip_archive({
        "crash-test/LISEZMOI.txt": "Archive du Crash-test : le code est dans le dossier « code ».\n".encode("utf-8"),
        "crash-test/code/code.txt": f"Code à saisir : {code}\n".encode("utf-8"),
    })


BUILDERS: dict[str, Callable[[random.Random], tuple[str, bytes]]] = {
    "pdf": _pdf, "odt": _odt, "docx": _docx, "ods": _ods, "xlsx": _xlsx, "odp": _odp, "odg": _odg,
    "ora": _ora, "mlt": _mlt, "zip": _zip,
}


def visible_without_program(code: str, data: bytes, task_id: str) -> bool:
    """True when the code can be read without the right program (the build is then re-rolled)."""
    if code.encode("utf-8") in data:
        return True
    if task_id in ("ods", "xlsx"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(code.encode() in archive.read(name) for name in archive.namelist())
    return False


def build(task_id: str, seed: int) -> tuple[str, bytes]:
    """The (code, file bytes) of a task for this seed: deterministic, never readable in plain."""
    rng = random.Random(f"{task_id}:{seed}")
    for _ in range(50):
        code, data = BUILDERS[task_id](rng)
        if not visible_without_program(code, data, task_id):
            return code, data
    raise RuntimeError(f"could not hide the code of task {task_id}")  # pragma: no cover


def new_seed() -> int:
    return random.SystemRandom().randrange(1, 2**53)
