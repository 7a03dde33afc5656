"""The demo pack speaks to pupils with « vous », like every page of the product (issue 15).

Every text a pupil reads in the demo pack (instructions, proposals, field labels, list options,
illustration descriptions, text attachments) is checked, the generated bank included: it is
loaded through the real loader from the committed pack.json, and pack.json is checked to be
what ``build_demo`` makes of the templates today. Code (inline `backticks` and paragraphs
indented by four spaces, content-pack.md) is left out: an identifier may be called ``ta``.
"""

from __future__ import annotations

import json
import re

import pytest

from roomserver.content import DEMO_PACK_DIR, load_pack
from roomserver.content.demo_bank.assemble import build_pack

# A word of the « tu » form: tu, te, t', toi, ton, ta, tes, tien(ne)(s), also in « fais-tu » or
# « aide-toi ». Not a piece of a longer word, a file name (« tes.odt »), an address, a path.
_BEFORE = r"(?<![\w'’./@_\\])"
_AFTER = r"(?![\w'’@/_\\-])(?!\.\w)"
TU_WORD = re.compile(
    rf"{_BEFORE}(?:tu|te|toi|ton|ta|tes|tiens?|tiennes?){_AFTER}"
    rf"|{_BEFORE}(?<!-)t['’](?=\w)", re.IGNORECASE)
# The imperatives of « tu » a question starts with; « Observez » passes (word boundary).
IMPERATIVES = (
    "Observe", "Choisis", "Coche", "Clique", "Indique", "Ouvre", "Regarde", "Lis", "Écris", "Trouve",
    "Sélectionne", "Complète", "Range", "Associe", "Donne", "Calcule", "Repère", "Vérifie", "Imagine",
    "Utilise", "Fais", "Dis", "Relie", "Place", "Classe", "Compare", "Recopie", "Arrondis", "Télécharge",
    "Saisis", "Tape", "Cite", "Mets", "Prends", "Remets", "Réponds", "Lance", "Extrais", "Colle", "Entoure",
    "Souligne", "Réfléchis", "Convertis", "Déduis", "Viens",
)
SENTENCE_START = re.compile(
    rf"(?:^|(?<=[.!?…])\s+)({'|'.join(IMPERATIVES)})(?![\w-])|(?:^|(?<=[.!?…])\s+)(\w+)-(?:le|la|les|lui|moi)\b",
    re.MULTILINE)
# Imperatives after a comma (« Parmi ces adresses, choisis les deux vraies »), only those that
# cannot be another person's verb there (« …, recopie » could be « il recopie »).
UNAMBIGUOUS = re.compile(r"(?:[,;]|\bpuis)\s+(?:choisis|écris|lis|dis|fais|saisis|arrondis|convertis|extrais|réfléchis|"
                         r"mets|prends|remets|réponds|déduis)(?![\w'’])")
CODE_SPAN = re.compile(r"`[^`]*`")


def prose(text: str) -> str:
    """The text without its code: inline code spans and lines indented by four spaces."""
    kept = [line for line in text.split("\n") if not line.startswith("    ")]
    return CODE_SPAN.sub(" ", "\n".join(kept))


def offences(text: str) -> list[str]:
    """Every « tu » form of a text a pupil reads (its code left out)."""
    text = prose(text)
    found = [m.group(0) for m in TU_WORD.finditer(text)]
    found += [m.group(0).strip() for m in SENTENCE_START.finditer(text)
              if m.group(1) or (m.group(2) and m.group(2).lower() in {i.lower() for i in IMPERATIVES})]
    found += [m.group(0) for m in UNAMBIGUOUS.finditer(text)]
    return found


def pupil_texts(pack) -> list[tuple[str, str]]:
    """(where, text) for every text of the pack a pupil reads."""
    out = []
    for c in pack.challenges.values():
        out.append((f"{c.id} consigne", c.instruction))
        out += [(f"{c.id} proposition {p.id}", p.text) for p in c.proposals]
        for f in c.fields:
            out.append((f"{c.id} champ {f.id}", f.label))
            out += [(f"{c.id} option de {f.id}", o) for o in f.options]
        if c.illustration is not None:
            out.append((f"{c.id} description de l'illustration", c.illustration.description))
        for a in c.attachments:
            if a.media_type.startswith("text/"):
                out.append((f"{c.id} pièce jointe {a.name}", pack.attachment_file(c.id, a.name).read_text("utf-8")))
    return out


@pytest.fixture(scope="module")
def pack():
    return load_pack(DEMO_PACK_DIR)


def test_the_checker_catches_tu_and_spares_vous_and_code():
    for text in ("Observe ce programme en blocs.", "Quel format choisis-tu ?", "Tu as reçu un message.",
                 "Ton fichier est trop lourd.", "Une amie t'a écrit.", "Que peux-tu faire ?", "Aide-toi du tableau.",
                 "Il vous demande tes codes.", "Le tien est plus récent.", "Voici un texte.\n\nIndique le mot.",
                 "Parmi ces adresses, choisis les deux vraies.", "Ouvre-la dans un logiciel de retouche.",
                 "Compare les deux fichiers.", "ta pointure"):
        assert offences(text), text
    for text in ("Observez ce programme en blocs.", "Quel format choisissez-vous ?", "Vous avez reçu un message.",
                 "Votre fichier est trop lourd.", "Qu'est-ce qu'un tableur ?", "Peut-être, a-t-il dit.",
                 "Ouvrez le fichier notes.csv.", "La tarte et la tête.", "Le fichier tes.odt", "Copiez `ta = 3`.",
                 "Voici un programme :\n\n    ta = 0\n    print(ta)\n\nQu'affiche-t-il ?",
                 "La colonne « Classe » vaut « 2de3 ».", "Il annote la copie et note une remarque.",
                 "Note sur le contrôle.", "Ouvrez-la dans un logiciel.", "C:\\Users\\lea\\te"):
        assert not offences(text), (text, offences(text))


def test_no_demo_text_says_tu(pack):
    texts = pupil_texts(pack)
    assert len(texts) > 3000  # the whole pack, generated bank included
    found = [f"{where} : {offences(text)} — {text[:100]!r}" for where, text in texts if offences(text)]
    assert not found, "\n".join(found)


def test_the_generated_questions_are_covered(pack):
    # The checked pack.json is what the templates of demo_bank make today: a template edited
    # without rebuilding the pack would escape the check above.
    current = json.loads((DEMO_PACK_DIR / "pack.json").read_text(encoding="utf-8"))
    assert build_pack(current) == current
    assert sum(1 for c in pack.challenges if c.endswith(("-a", "-b"))) >= 576


def test_the_pupil_reads_french_typography_whatever_the_pack_wrote(pack):
    """The pack's prose gets a non-breaking space before : ; ! ? » and after « at load (the demo
    was written with ordinary spaces); code is kept exactly as written."""
    prose_texts = [(where, text) for where, text in pupil_texts(pack)
                   if "option de" not in where and "pièce jointe" not in where]
    found = [f"{where} : {text[:100]!r}" for where, text in prose_texts
             if any(" " + mark in prose(text) for mark in ":;!?»") or "« " in prose(text)]
    assert not found, "\n".join(found[:20])
    assert any("\u00a0?" in text for _, text in prose_texts)
