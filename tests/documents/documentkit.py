"""Test kit for the printed documents: sessions built with the core (real events, folded), and
PDF reading with pypdf.

The sessions come from ``tests/core/corekit.py`` (the core's own test kit: a Room that runs
commands the way the store does); its folder is put on ``sys.path`` here, as pytest does for it.
"""

from __future__ import annotations

import io
import re
import sys
import unicodedata
from pathlib import Path

from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))

from corekit import ACCESS_CODE, PASSWORD, Room, invigilated_room  # noqa: E402,F401  (re-exported)

URL = "http://salle-b12.local:8000/"
INVIGILATORS = ("Mme Łucja Kowalska", "M. Văn An Phạm")  # no candidate shares a name with them

# Names a Windows-1252 font could not print, and the usual French traps.
INTERNATIONAL = [
    ("Ayşe", "Şahin", "2011-04-02"),
    ("Thị Lan", "Nguyễn", "2010-11-19"),
    ("Łukasz", "Wiśniewski", "2011-01-07"),
    ("Hans", "Ørsted", "2011-08-30"),
    ("Søren", "Ærøe", "2011-02-14"),
    ("Anne", "d'Hervé", "2011-06-21"),
    ("Đức", "Trần", "2010-12-31"),
    ("Zoë", "Œuvrard", "2011-09-09"),
]

_LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
         "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
         "Morel", "Girard", "André", "Mercier", "Dupont-Moreau", "Lambert", "Bonnet", "François", "Écuyer",
         "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "N'Diaye"]
_FIRST = ["Élodie", "Inès", "Noah", "Léa", "Hugo", "Chloé", "Adam", "Jade", "Louis", "Manon", "Gabriel",
          "Camille", "Raphaël", "Zoé", "Arthur", "Lina", "Jules", "Rose", "Maël", "Anna", "Lucas", "Emma",
          "Nathan", "Alice", "Timéo", "Mila", "Sacha", "Lou", "Éthan", "Nina", "Tom", "Ambre", "Paul", "Iris",
          "Marius", "Agathe", "Axel", "Héloïse"]


def people(count: int) -> list[tuple[str, str, str]]:
    """``count`` candidates (first, last, birthdate), every name unique, the international ones first."""
    found = list(INTERNATIONAL)
    for i, (first, last) in enumerate(zip(_FIRST, _LAST)):
        found.append((first, last, f"2011-{1 + i % 12:02d}-{1 + i % 28:02d}"))
    assert count <= len(found)
    return found[:count]


def enrolled_room(count: int, *, extra_every: int = 5) -> Room:
    """A prepared session with ``count`` candidates (ids c1..cN), some with extra time and a birthplace."""
    room = Room()
    room.record([("session_edited", {"details": {"invigilators": list(INVIGILATORS)}})])
    for i, (first, last, born) in enumerate(people(count), start=1):
        details = {"birth_city": "Lyon", "birth_postal_code": "69003"} if i % 3 == 0 else {}
        if i % 7 == 0:
            details = {"birth_city": "Dakar", "birth_country": "Sénégal"}
        room.enrol(f"c{i}", first, last, born, extra_time_pct=33 if i % extra_every == 0 else 0, details=details)
    return room


# -- reading PDFs ----------------------------------------------------------------------------

def reader(data: bytes) -> PdfReader:
    assert data[:5] == b"%PDF-", "not a PDF"
    return PdfReader(io.BytesIO(data))


def squash(text: str) -> str:
    """NFC, every kind of white space (no-break spaces included) as one plain space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u202f", " "))


def pages_text(data: bytes) -> list[str]:
    return [squash(page.extract_text()) for page in reader(data).pages]


def all_text(data: bytes) -> str:
    return " ".join(pages_text(data))


def occurrences(name: str, text: str) -> int:
    """How many times ``name`` appears as a whole (not inside a longer word)."""
    pattern = rf"(?<![\w'’-]){re.escape(squash(name))}(?![\w'’-])"
    return len(re.findall(pattern, text))


def assert_a4(data: bytes) -> None:
    for page in reader(data).pages:
        width, height = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        assert abs(width - 595) <= 1 and abs(height - 842) <= 1, (width, height)


def assert_embedded_font(data: bytes) -> None:
    """The text is set in the embedded DejaVu Sans, never in a core (non-embedded) font."""
    assert b"/FontFile2" in data
    for page in reader(data).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert "DejaVuSans" in font["/BaseFont"], font["/BaseFont"]
            assert font["/Subtype"] == "/Type0"  # a CID TrueType font: the whole of Unicode


# -- a whole session with international names ------------------------------------------------------


def international_room() -> Room:
    """A session of the eight INTERNATIONAL candidates (c1..c8) with two invigilators (s1, s2), an
    incident of each kind, time added, two fraud cases and a comment. c1..c4 sat the test."""
    from roomserver.core import commands, invigilation as inv

    room = Room()
    room.record([("session_edited", {"details": {"invigilators": list(INVIGILATORS)}})])
    for i, token in enumerate(("inv-a", "inv-b")):
        room.run(commands.invigilator_login, token, INVIGILATORS[i])
    for i, (first, last, born) in enumerate(INTERNATIONAL, start=1):
        room.ready(f"c{i}", first, last, born, extra_time_pct=33 if i == 2 else 0)
    room.run(inv.record_incident, "c6", "C1", "Nom à corriger : d'Hervé-Lacroix", "s1", "inc-c1")
    room.tick(600)
    room.start_session()
    for cid in ("c1", "c2", "c3", "c4"):
        room.start_test(cid)
    room.tick(300)
    room.run(inv.record_incident, "c2", "E1", "L'image de la question ne s'affiche pas chez Nguyễn", "s2",
             "inc-e1", 1)
    room.tick(60)
    room.run(inv.record_incident, None, "C7", "Coupure du Wi-Fi pendant 3 minutes", "s1", "inc-c7")
    room.run(inv.add_time, ["c4"], 10, "Poste de Ørsted redémarré", "s2", "add-1")
    room.tick(120)
    room.run(inv.report_fraud, ["c1", "c2"], "10:42", "Şahin montrait son écran à Nguyễn",
             "Candidats séparés, avertissement oral", "s1", "fr-1")
    room.tick(900)
    room.run(inv.report_fraud, ["c3"], "11:05", "Łukasz utilisait une messagerie", "Téléphone confisqué",
             "s2", "fr-2")
    room.run(inv.set_comment, "Une coupure du Wi-Fi ; rien d'autre à signaler.", "s1")
    return room
