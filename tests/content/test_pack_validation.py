"""The pack loader: a valid small pack loads; each kind of mistake is refused in French."""

import copy
import json
from pathlib import Path

import pytest

from roomserver.content import ContentPack, PackError, load_pack
from roomserver.core.content import ChallengeType, InputKind, Tolerance


def base_pack() -> dict:
    """A small valid pack: two competences, two skills, one challenge of each type."""
    return {
        "format": 1, "id": "mini", "version": "1", "title": "Mini", "language": "fr",
        "competences": [
            {"id": "3.4", "area": 3, "title": "Programmer"},
            {"id": "1.1", "area": 1, "title": "Mener une recherche et une veille d'information"},
        ],
        "skills": [
            {"id": "rech-1", "competence": "1.1", "level": 1, "name": "Chercher"},
            {"id": "prog-2", "competence": "3.4", "level": 2, "name": "Boucles"},
        ],
        "challenges": [
            {"id": "qcu", "skill": "rech-1", "type": "QCU", "instruction": "Choisissez.",
             "proposals": [{"id": "a", "text": "Oui"}, {"id": "b", "text": "Non"}], "solution": "a",
             "attachments": [{"file": "attachments/doc.pdf", "name": "doc.pdf"}],
             "illustration": {"file": "attachments/img.png", "name": "img.png",
                              "description": "Un carré bleu sur fond blanc."}, "timer_s": 60, "focused": True},
            {"id": "qcm", "skill": "rech-1", "type": "QCM", "instruction": "Coche.",
             "proposals": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}, {"id": "c", "text": "C"}],
             "solution": ["a", "c"]},
            {"id": "qroc", "skill": "prog-2", "type": "QROC", "instruction": "Écris.",
             "fields": [{"id": "f1", "label": "Nombre", "input": "number"}], "solution": ["12,5", "12.5"],
             "tolerances": ["T1"]},
            {"id": "qroc-select", "skill": "prog-2", "type": "QROC", "instruction": "Choisissez.",
             "fields": [{"id": "f1", "input": "select", "options": ["x", "y"]}], "solution": ["y"]},
            {"id": "ind", "skill": "prog-2", "type": "QROCM-ind", "instruction": "Remplis.",
             "fields": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
             "solution": {"a": ["un"], "b": ["deux", "2"]}},
            {"id": "dep", "skill": "prog-2", "type": "QROCM-dep", "instruction": "Cite.",
             "fields": [{"id": "f1"}, {"id": "f2"}], "solution": [["rouge"], ["vert"], ["bleu"]]},
        ],
    }


def write_pack(root: Path, data: dict) -> Path:
    (root / "attachments").mkdir(parents=True, exist_ok=True)
    (root / "attachments" / "doc.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "attachments" / "img.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "pack.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return root


def refused(tmp_path: Path, change, *words: str) -> str:
    """Apply ``change`` to a copy of the base pack, expect a PackError naming ``words``."""
    data = copy.deepcopy(base_pack())
    change(data)
    write_pack(tmp_path / "pack", data)
    with pytest.raises(PackError) as error:
        load_pack(tmp_path / "pack")
    message = str(error.value)
    for word in words:
        assert word in message, message
    return message


def challenge(data: dict, cid: str) -> dict:
    return next(c for c in data["challenges"] if c["id"] == cid)


def test_valid_pack_loads(tmp_path):
    root = write_pack(tmp_path / "pack", base_pack())
    pack = load_pack(root)
    assert isinstance(pack, ContentPack)
    assert (pack.id, pack.version, pack.title, pack.root) == ("mini", "1", "Mini", root.resolve())
    assert len(pack.digest) == 64
    assert list(pack.competences) == ["1.1", "3.4"]  # framework order, not file order
    assert pack.skills["rech-1"].challenge_ids == ("qcu", "qcm")
    assert [s.id for s in pack.skills_of("3.4")] == ["prog-2"]
    assert pack.skills_of("5.2") == []
    qcu = pack.challenges["qcu"]
    assert qcu.type is ChallengeType.QCU and qcu.solution.choices == frozenset({"a"})
    assert (qcu.competence_id, qcu.level, qcu.timer_s, qcu.focused) == ("1.1", 1, 60, True)
    assert qcu.attachments[0].media_type == "application/pdf"
    assert qcu.illustration.media_type == "image/png"
    assert qcu.tolerances == frozenset(Tolerance)
    assert pack.challenges["qcm"].solution.choices == frozenset({"a", "c"})
    qroc = pack.challenges["qroc"]
    assert qroc.fields[0].input is InputKind.NUMBER
    assert qroc.solution.accepted == {"f1": ("12,5", "12.5")}
    assert qroc.tolerances == frozenset({Tolerance.T1})
    assert pack.challenges["qroc-select"].fields[0].options == ("x", "y")
    assert pack.challenges["ind"].solution.accepted == {"a": ("un",), "b": ("deux", "2")}
    assert pack.challenges["dep"].solution.groups == (("rouge",), ("vert",), ("bleu",))


def test_digest_follows_the_file(tmp_path):
    first = load_pack(write_pack(tmp_path / "one", base_pack())).digest
    data = base_pack()
    data["version"] = "2"
    assert load_pack(write_pack(tmp_path / "two", data)).digest != first


def test_attachment_file_is_limited_to_the_challenge_and_the_root(tmp_path):
    pack = load_pack(write_pack(tmp_path / "pack", base_pack()))
    assert pack.attachment_file("qcu", "doc.pdf") == (tmp_path / "pack" / "attachments" / "doc.pdf").resolve()
    assert pack.attachment_file("qcu", "img.png").name == "img.png"
    for cid, name in [("qcu", "pack.json"), ("qcu", "../pack.json"), ("qcm", "doc.pdf"), ("nope", "doc.pdf")]:
        with pytest.raises(KeyError):
            pack.attachment_file(cid, name)


def test_missing_folder_and_bad_json(tmp_path):
    with pytest.raises(PackError, match="Impossible de lire"):
        load_pack(tmp_path / "absent")
    (tmp_path / "pack.json").write_text("{ pas du json", encoding="utf-8")
    with pytest.raises(PackError, match="JSON"):
        load_pack(tmp_path)




REFUSALS = [
    ("unknown format", lambda d: d.update(format=2), ["format", "2"]),
    ("unknown top-level key", lambda d: d.update(extra=1), ["extra"]),
    ("unknown competence", lambda d: d["competences"].append({"id": "6.1", "area": 6, "title": "X"}), ["6.1"]),
    ("duplicate competence", lambda d: d["competences"].append(dict(d["competences"][0])), ["3.4", "double"]),
    ("wrong area", lambda d: d["competences"][0].update(area=2), ["3.4", "domaine"]),
    ("duplicate skill", lambda d: d["skills"].append(dict(d["skills"][0])), ["rech-1", "double"]),
    ("skill on unknown competence", lambda d: d["skills"][0].update(competence="2.1"), ["rech-1", "2.1"]),
    ("level 0", lambda d: d["skills"][0].update(level=0), ["rech-1", "niveau"]),
    ("level 9", lambda d: d["skills"][0].update(level=9), ["rech-1", "niveau"]),
    ("skill without challenges", lambda d: d["skills"].append({"id": "vide-3", "competence": "1.1", "level": 3, "name": "Vide"}), ["vide-3"]),
    ("duplicate challenge", lambda d: d["challenges"].append(dict(d["challenges"][1])), ["qcm", "double"]),
    ("challenge on unknown skill", lambda d: challenge(d, "qcm").update(skill="inconnu"), ["qcm", "inconnu"]),
    ("unknown type", lambda d: challenge(d, "qcm").update(type="QCX"), ["qcm", "QCX"]),
    ("unknown challenge key", lambda d: challenge(d, "qcm").update(timer=30), ["qcm", "timer"]),
    ("empty instruction", lambda d: challenge(d, "qcm").update(instruction=" "), ["qcm", "instruction"]),
    ("QCU solution not a proposal", lambda d: challenge(d, "qcu").update(solution="z"), ["qcu", "'z'"]),
    ("QCU with two solutions", lambda d: challenge(d, "qcu").update(solution=["a", "b"]), ["qcu", "QCU"]),
    ("QCM solution not a proposal", lambda d: challenge(d, "qcm").update(solution=["a", "z"]), ["qcm", "'z'"]),
    ("QCM empty solution", lambda d: challenge(d, "qcm").update(solution=[]), ["qcm"]),
    ("duplicate proposal", lambda d: challenge(d, "qcm")["proposals"].append({"id": "a", "text": "bis"}), ["qcm", "« a »"]),
    ("QROC with two fields", lambda d: challenge(d, "qroc")["fields"].append({"id": "f2"}), ["qroc", "QROC"]),
    ("QROCM with one field", lambda d: challenge(d, "ind")["fields"].pop(), ["ind", "deux champs"]),
    ("select solution not an option", lambda d: challenge(d, "qroc-select").update(solution=["z"]), ["qroc-select", "'z'"]),
    ("select without options", lambda d: challenge(d, "qroc-select")["fields"][0].update(options=[]), ["qroc-select", "options"]),
    ("options on a text field", lambda d: challenge(d, "ind")["fields"][0].update(options=["x", "y"]), ["ind", "select"]),
    ("number solution not a number", lambda d: challenge(d, "qroc").update(solution=["douze"]), ["qroc", "douze"]),
    ("QROCM-ind keys differ", lambda d: challenge(d, "ind").update(solution={"a": ["un"], "c": ["x"]}), ["ind", "clés"]),
    ("QROCM-dep too few groups", lambda d: challenge(d, "dep").update(solution=[["rouge"]]), ["dep", "groupe"]),
    ("QROCM-dep empty group", lambda d: challenge(d, "dep").update(solution=[["rouge"], []]), ["dep"]),
    ("unknown tolerance", lambda d: challenge(d, "qroc").update(tolerances=["T4"]), ["qroc", "T4"]),
    ("missing attachment", lambda d: challenge(d, "qcm").update(attachments=[{"file": "attachments/absent.ods", "name": "absent.ods"}]), ["qcm", "attachments/absent.ods"]),
    ("attachment escaping the root", lambda d: challenge(d, "qcm").update(attachments=[{"file": "../secret.pdf", "name": "secret.pdf"}]), ["qcm", "../secret.pdf"]),
    ("absolute attachment path", lambda d: challenge(d, "qcm").update(attachments=[{"file": "/etc/passwd.txt", "name": "p.txt"}]), ["qcm", "/etc/passwd.txt"]),
    ("attachment name with a folder", lambda d: challenge(d, "qcm").update(attachments=[{"file": "attachments/doc.pdf", "name": "../doc.pdf"}]), ["qcm", "nom"]),
    ("unsupported extension", lambda d: challenge(d, "qcu").update(illustration={"file": "pack.json", "name": "p.json"}), ["qcu"]),
    ("illustration not an image", lambda d: challenge(d, "qcu").update(illustration={"file": "attachments/doc.pdf", "name": "d.pdf"}), ["qcu", "image"]),
    ("zero timer", lambda d: challenge(d, "qcu").update(timer_s=0), ["qcu", "timer_s"]),
    ("negative timer", lambda d: challenge(d, "qcu").update(timer_s=-5), ["qcu", "timer_s"]),
    ("text timer", lambda d: challenge(d, "qcu").update(timer_s="60"), ["qcu", "timer_s"]),
    ("focused not a boolean", lambda d: challenge(d, "qcu").update(focused="oui"), ["qcu", "focused"]),
    ("keep_order not a boolean", lambda d: challenge(d, "qcu").update(keep_order="oui"), ["qcu", "keep_order"]),
    ("illustration without a description", lambda d: challenge(d, "qcu")["illustration"].pop("description"),
     ["qcu", "description"]),
    ("illustration with an empty description", lambda d: challenge(d, "qcu")["illustration"].update(description="  "),
     ["qcu", "description"]),
    ("illustration with an unknown key", lambda d: challenge(d, "qcu")["illustration"].update(alt="x"),
     ["qcu", "alt"]),
    ("odd backtick in an instruction", lambda d: challenge(d, "qcu").update(instruction="Que vaut `x * 2 ?"),
     ["qcu", "consigne", "accents graves"]),
    ("odd backtick in a proposal", lambda d: challenge(d, "qcm")["proposals"][0].update(text="`=SOMME(A1"),
     ["qcm", "proposition", "accents graves"]),
]


@pytest.mark.parametrize("change, words", [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
def test_refusals(tmp_path, change, words):
    refused(tmp_path, change, *words)


def test_attachment_through_a_symlink_out_of_the_root_is_refused(tmp_path):
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(b"%PDF")
    data = base_pack()
    challenge(data, "qcm")["attachments"] = [{"file": "attachments/lien.pdf", "name": "lien.pdf"}]
    root = write_pack(tmp_path / "pack", data)
    (root / "attachments" / "lien.pdf").symlink_to(outside)
    with pytest.raises(PackError, match="sort du dossier"):
        load_pack(root)
