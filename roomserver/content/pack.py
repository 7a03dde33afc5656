"""Load and validate a content pack (a folder: ``pack.json`` + ``attachments/``).

The format is documented for content authors in ``docs/content-pack.md``. Every refusal
raises ``PackError`` with a French message that names the offending id or path.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any

from roomserver.core.content import (
    Attachment,
    Challenge,
    ChallengeType,
    Competence,
    Field,
    InputKind,
    Proposal,
    Skill,
    Solution,
    Tolerance,
)
from roomserver.core.adaptive import Bank, Calibration, CertificationVersion, Tube
from roomserver.core.french import prose_typo

from . import calibration as adaptive
from .errors import PackError, require as _require, text as _text

PACK_FORMAT = 1
DEMO_PACK_DIR = Path(__file__).resolve().parent / "demo"

# The 16 competences of the framework, in order (REFERENCE.md).
FRAMEWORK_COMPETENCES = (
    "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4",
    "4.1", "4.2", "4.3", "5.1", "5.2",
)

MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".odg": "application/vnd.oasis.opendocument.graphics",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".ora": "image/openraster",
    ".mlt": "application/xml",  # Shotcut / MLT project: no registered type
    ".zip": "application/zip",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".wav": "audio/wav",
    ".mp3": "audio/mpeg",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
}
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg")

_TOP_KEYS = {"format", "id", "version", "title", "language", "description", "license",
             "competences", "tubes", "skills", "challenges", "certification_versions"}
_SKILL_KEYS = {"id", "competence", "level", "name", "tube"}
_CHALLENGE_KEYS = {"id", "skill", "type", "instruction", "proposals", "fields", "solution",
                   "tolerances", "attachments", "illustration", "timer_s", "focused",
                   "calibration", "accessible", "keep_order"}


DESCRIPTION_MAX = 1000


def _code_marks(text: str, where: str) -> str:
    """Backticks come in pairs (inline code, content-pack.md): an odd one would turn the rest into code.
    The prose gets French typography (a pack written with ordinary spaces before ``?`` reads right);
    the code is kept exactly."""
    _require(text.count("`") % 2 == 0, f"{where} : nombre impair d'accents graves (`) ; le code en ligne "
                                        "s'écrit entre deux accents graves")
    return prose_typo(text)


@dataclass(frozen=True)
class ContentPack:
    """A loaded, validated content pack."""

    id: str
    version: str
    title: str
    root: Path
    digest: str  # sha256 hex of the pack.json bytes
    competences: "MappingProxyType[str, Competence]"
    skills: "MappingProxyType[str, Skill]"
    challenges: "MappingProxyType[str, Challenge]"
    language: str = "fr"
    # The adaptive certification's secrets and settings, kept beside the challenges (never on
    # them, so no candidate payload built from a challenge can carry them).
    tubes: "MappingProxyType[str, Tube]" = field(default_factory=lambda: MappingProxyType({}))
    skill_tubes: "MappingProxyType[str, str]" = field(default_factory=lambda: MappingProxyType({}))
    calibration: "MappingProxyType[str, Calibration]" = field(default_factory=lambda: MappingProxyType({}))
    accessible: frozenset[str] = frozenset()
    certification_versions: "MappingProxyType[str, CertificationVersion]" = field(
        default_factory=lambda: MappingProxyType({}))
    # What each illustration shows, in words (the image's text alternative), by challenge id: the
    # same text as the illustration's own ``description``, for whoever reads the pack without a challenge.
    illustration_descriptions: "MappingProxyType[str, str]" = field(default_factory=lambda: MappingProxyType({}))

    @cached_property
    def bank(self) -> Bank:
        """The calibrated challenges, for the adaptive algorithm (empty for a classic-only pack)."""
        return Bank.from_catalogue(self)

    @cached_property
    def _skills_by_competence(self) -> dict[str, tuple[Skill, ...]]:
        """The skills of each competence, in file order (built once: a start asks 16 times)."""
        index: dict[str, list[Skill]] = {}
        for skill in self.skills.values():
            index.setdefault(skill.competence_id, []).append(skill)
        return {cid: tuple(skills) for cid, skills in index.items()}

    def skills_of(self, competence_id: str) -> list[Skill]:
        """Return the skills of one competence, in file order."""
        return list(self._skills_by_competence.get(competence_id, ()))

    def attachment_file(self, challenge_id: str, name: str) -> Path:
        """Return the file of attachment (or illustration) ``name`` of a challenge.

        Raises KeyError when the challenge does not offer that name, and never returns a
        path outside the pack root.
        """
        challenge = self.challenges[challenge_id]
        offered = list(challenge.attachments)
        if challenge.illustration is not None:
            offered.append(challenge.illustration)
        for item in offered:
            if item.name == name:
                path = (self.root / item.path).resolve()
                if not path.is_relative_to(self.root.resolve()):
                    raise KeyError(name)
                return path
        raise KeyError(name)


def load_pack(path: str | Path) -> ContentPack:
    """Read ``path/pack.json``, validate everything, and return the pack."""
    root = Path(path)
    source = root / "pack.json"
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise PackError(f"Impossible de lire {source} : {exc.strerror or exc}") from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackError(f"{source} n'est pas un JSON UTF-8 valide : {exc}") from exc
    return _Loader(root, data, hashlib.sha256(raw).hexdigest()).pack()


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text.strip().replace(",", ".").replace("\u00a0", "").replace(" ", "")))
    except ValueError:
        return False


class _Loader:
    """One validation pass over the parsed JSON of a pack."""

    def __init__(self, root: Path, data: Any, digest: str):
        self.root = root
        self.data = data
        self.digest = digest
        self.calibration: dict[str, Calibration] = {}
        self.accessible: set[str] = set()
        self.descriptions: dict[str, str] = {}

    def pack(self) -> ContentPack:
        data = self.data
        _require(isinstance(data, dict), "pack.json : un objet JSON est attendu")
        _require(data.get("format") == PACK_FORMAT,
                 f"pack.json : format {data.get('format')!r} inconnu (format attendu : {PACK_FORMAT})")
        unknown = set(data) - _TOP_KEYS
        _require(not unknown, f"pack.json : {'champ inconnu' if len(unknown) == 1 else 'champs inconnus'} : {', '.join(sorted(unknown))}")
        for key in ("id", "version", "title"):
            _text(data, key, "pack.json")
        competences = self._competences(data.get("competences"))
        tubes = adaptive.tubes(data.get("tubes"), competences)
        skills, skill_tubes = self._skills(data.get("skills"), competences, tubes)
        challenges = self._challenges(data.get("challenges"), skills)
        variants: dict[str, list[str]] = {}
        for c in challenges.values():
            variants.setdefault(c.skill_id, []).append(c.id)
        for skill_id, skill in list(skills.items()):
            ids = tuple(variants.get(skill_id, ()))
            _require(bool(ids), f"acquis « {skill_id} » : aucune épreuve ne s'y rattache")
            skills[skill_id] = Skill(skill.id, skill.competence_id, skill.level, skill.name, ids)
        for chid in self.calibration:
            skill_id = challenges[chid].skill_id
            _require(skill_id in skill_tubes, f"épreuve « {chid} » : calibrée, mais son acquis « {skill_id} » n'a pas de tube")
        versions = adaptive.versions(data.get("certification_versions"), tuple(competences), skill_tubes,
                                     [challenges[c] for c in self.calibration])
        return ContentPack(
            id=data["id"], version=data["version"], title=data["title"], root=self.root.resolve(),
            digest=self.digest, competences=MappingProxyType(competences),
            skills=MappingProxyType(skills), challenges=MappingProxyType(challenges),
            language=data.get("language", "fr"), tubes=MappingProxyType(tubes),
            skill_tubes=MappingProxyType(skill_tubes), calibration=MappingProxyType(self.calibration),
            accessible=frozenset(self.accessible), certification_versions=MappingProxyType(versions),
            illustration_descriptions=MappingProxyType(self.descriptions),
        )

    def _list(self, value: Any, what: str) -> list:
        _require(isinstance(value, list) and bool(value), f"pack.json : « {what} » doit être une liste non vide")
        for i, item in enumerate(value):
            _require(isinstance(item, dict), f"pack.json : {what}[{i}] doit être un objet")
        return value

    def _competences(self, value: Any) -> dict[str, Competence]:
        found: dict[str, Competence] = {}
        for item in self._list(value, "competences"):
            cid = _text(item, "id", "compétence")
            where = f"compétence « {cid} »"
            _require(cid in FRAMEWORK_COMPETENCES, f"{where} : inconnue du référentiel (1.1 à 5.2)")
            _require(cid not in found, f"{where} : identifiant en double")
            area = item.get("area")
            _require(area == int(cid.split(".")[0]), f"{where} : domaine {area!r} incorrect")
            found[cid] = Competence(cid, area, _text(item, "title", where))
        return {cid: found[cid] for cid in FRAMEWORK_COMPETENCES if cid in found}

    def _skills(self, value: Any, competences: dict[str, Competence],
                tubes: dict[str, Tube]) -> tuple[dict[str, Skill], dict[str, str]]:
        found: dict[str, Skill] = {}
        skill_tubes: dict[str, str] = {}
        levels: dict[str, dict[int, str]] = {}
        for item in self._list(value, "skills"):
            sid = _text(item, "id", "acquis")
            where = f"acquis « {sid} »"
            _require(sid not in found, f"{where} : identifiant en double")
            unknown = set(item) - _SKILL_KEYS
            _require(not unknown, f"{where} : {'champ inconnu' if len(unknown) == 1 else 'champs inconnus'} : {', '.join(sorted(unknown))}")
            cid = item.get("competence")
            _require(cid in competences, f"{where} : compétence {cid!r} inconnue")
            level = item.get("level")
            _require(isinstance(level, int) and not isinstance(level, bool) and 1 <= level <= 8,
                     f"{where} : niveau {level!r} hors de 1 à 8")
            if "tube" in item:
                skill_tubes[sid] = adaptive.skill_tube(item["tube"], sid, cid, level, tubes, levels)
            found[sid] = Skill(sid, cid, level, _text(item, "name", where))
        return found, skill_tubes

    def _challenges(self, value: Any, skills: dict[str, Skill]) -> dict[str, Challenge]:
        found: dict[str, Challenge] = {}
        for item in self._list(value, "challenges"):
            chid = _text(item, "id", "épreuve")
            where = f"épreuve « {chid} »"
            _require(chid not in found, f"{where} : identifiant en double")
            found[chid] = self._challenge(item, chid, where, skills)
        return found

    def _challenge(self, item: dict, chid: str, where: str, skills: dict[str, Skill]) -> Challenge:
        unknown = set(item) - _CHALLENGE_KEYS
        _require(not unknown, f"{where} : {'champ inconnu' if len(unknown) == 1 else 'champs inconnus'} : {', '.join(sorted(unknown))}")
        skill = skills.get(item.get("skill"))
        _require(skill is not None, f"{where} : acquis {item.get('skill')!r} inconnu")
        try:
            ctype = ChallengeType(item.get("type"))
        except ValueError:
            raise PackError(f"{where} : type {item.get('type')!r} inconnu") from None
        instruction = _code_marks(_text(item, "instruction", where), f"{where}, consigne")
        proposals: tuple[Proposal, ...] = ()
        fields: tuple[Field, ...] = ()
        if ctype in (ChallengeType.QCU, ChallengeType.QCM):
            _require("fields" not in item, f"{where} : un {ctype} n'a pas de « fields »")
            proposals = self._proposals(item.get("proposals"), where)
            solution = self._choice_solution(ctype, item.get("solution"), proposals, where)
        else:
            _require("proposals" not in item, f"{where} : un {ctype} n'a pas de « proposals »")
            fields = self._fields(item.get("fields"), where)
            if ctype == ChallengeType.QROC:
                _require(len(fields) == 1, f"{where} : un QROC a exactement un champ ({len(fields)} donnés)")
            else:
                _require(len(fields) >= 2, f"{where} : un {ctype} a au moins deux champs")
            solution = self._free_solution(ctype, item.get("solution"), fields, where)
        tolerances = item.get("tolerances", [t.value for t in Tolerance])
        _require(isinstance(tolerances, list), f"{where} : « tolerances » doit être une liste")
        for t in tolerances:
            _require(t in {x.value for x in Tolerance}, f"{where} : tolérance {t!r} inconnue (T1, T2, T3)")
        attachments = item.get("attachments", [])
        _require(isinstance(attachments, list), f"{where} : « attachments » doit être une liste")
        files = tuple(self._attachment(a, where) for a in attachments)
        names = [a.name for a in files]
        _require(len(set(names)) == len(names), f"{where} : deux pièces jointes portent le même nom")
        illustration = None
        if item.get("illustration") is not None:
            illustration = self._attachment(item["illustration"], where)
            _require(illustration.path.lower().endswith(IMAGE_SUFFIXES),
                     f"{where} : l'illustration {illustration.path} n'est pas une image")
            _require(illustration.name not in names,
                     f"{where} : l'illustration porte le nom d'une pièce jointe")
            description = item["illustration"].get("description")
            _require(isinstance(description, str) and description.strip() and len(description) <= DESCRIPTION_MAX,
                     f"{where} : l'illustration demande une « description » : ce qu'elle montre, en mots, pour qui ne "
                     f"la voit pas (texte de 1 à {DESCRIPTION_MAX} caractères)")
            unknown = set(item["illustration"]) - {"file", "name", "description"}
            _require(not unknown, f"{where} : illustration, champ inconnu : {', '.join(sorted(unknown))}")
            self.descriptions[chid] = description.strip()
            illustration = replace(illustration, description=prose_typo(description.strip()))
        timer = item.get("timer_s")
        _require(timer is None or (isinstance(timer, int) and not isinstance(timer, bool) and timer > 0),
                 f"{where} : « timer_s » doit être un nombre de secondes positif ({timer!r})")
        focused = item.get("focused", False)
        _require(isinstance(focused, bool), f"{where} : « focused » doit valoir true ou false")
        keep_order = item.get("keep_order", False)  # proposals shown as written, never shuffled
        _require(isinstance(keep_order, bool), f"{where} : « keep_order » doit valoir true ou false")
        if "calibration" in item:
            self.calibration[chid] = adaptive.calibration(item["calibration"], where)
        accessible = item.get("accessible", False)
        _require(isinstance(accessible, bool), f"{where} : « accessible » doit valoir true ou false")
        if accessible:
            self.accessible.add(chid)
        return Challenge(
            id=chid, skill_id=skill.id, competence_id=skill.competence_id, level=skill.level,
            type=ctype, instruction=instruction, solution=solution, proposals=proposals,
            fields=fields, tolerances=frozenset(Tolerance(t) for t in tolerances),
            attachments=files, illustration=illustration, timer_s=timer, focused=focused,
            keep_order=keep_order,
        )

    def _proposals(self, value: Any, where: str) -> tuple[Proposal, ...]:
        _require(isinstance(value, list) and len(value) >= 2, f"{where} : au moins deux propositions")
        out = []
        for p in value:
            _require(isinstance(p, dict), f"{where} : proposition mal formée")
            pid = _text(p, "id", where)
            _require(pid not in {q.id for q in out}, f"{where} : proposition « {pid} » en double")
            text = _text(p, "text", f"{where}, proposition « {pid} »")
            out.append(Proposal(pid, _code_marks(text, f"{where}, proposition « {pid} »")))
        return tuple(out)

    def _choice_solution(self, ctype: ChallengeType, value: Any, proposals: tuple[Proposal, ...],
                         where: str) -> Solution:
        ids = {p.id for p in proposals}
        if ctype == ChallengeType.QCU:
            if isinstance(value, list):
                _require(len(value) == 1, f"{where} : un QCU a exactement une bonne réponse ({len(value)} données)")
                value = value[0]
            _require(isinstance(value, str), f"{where} : solution de QCU mal formée")
            choices = [value]
        else:
            _require(isinstance(value, list) and bool(value), f"{where} : la solution d'un QCM est une liste non vide")
            choices = value
            _require(len(set(choices)) == len(choices), f"{where} : réponse en double dans la solution")
        for choice in choices:
            _require(choice in ids, f"{where} : la solution {choice!r} n'est pas une proposition")
        return Solution(choices=frozenset(choices))

    def _fields(self, value: Any, where: str) -> tuple[Field, ...]:
        _require(isinstance(value, list) and bool(value), f"{where} : « fields » doit être une liste non vide")
        out: list[Field] = []
        for f in value:
            _require(isinstance(f, dict), f"{where} : champ mal formé")
            fid = _text(f, "id", where)
            _require(fid not in {x.id for x in out}, f"{where} : champ « {fid} » en double")
            try:
                kind = InputKind(f.get("input", "text"))
            except ValueError:
                raise PackError(f"{where} : saisie {f.get('input')!r} inconnue pour « {fid} »") from None
            options = f.get("options", [])
            if kind == InputKind.SELECT:
                _require(isinstance(options, list) and len(options) >= 2
                         and all(isinstance(o, str) and o for o in options),
                         f"{where} : la liste « {fid} » a besoin d'au moins deux options")
                _require(len(set(options)) == len(options), f"{where} : option en double dans « {fid} »")
            else:
                _require(not options, f"{where} : seul un champ « select » a des options (« {fid} »)")
            label = f.get("label", "")
            _require(isinstance(label, str), f"{where} : libellé de « {fid} » mal formé")
            out.append(Field(fid, prose_typo(label), kind, tuple(options)))
        return tuple(out)

    def _answers(self, value: Any, field: Field | None, where: str) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        _require(isinstance(value, list) and bool(value)
                 and all(isinstance(v, str) and v.strip() for v in value),
                 f"{where} : réponses acceptées mal formées (liste de textes non vides attendue)")
        if field is not None and field.input == InputKind.SELECT:
            for v in value:
                _require(v in field.options, f"{where} : la réponse {v!r} n'est pas une option de « {field.id} »")
        if field is not None and field.input == InputKind.NUMBER:
            for v in value:
                _require(_is_number(v), f"{where} : la réponse {v!r} de « {field.id} » n'est pas un nombre")
        return tuple(value)

    def _free_solution(self, ctype: ChallengeType, value: Any, fields: tuple[Field, ...],
                       where: str) -> Solution:
        if ctype == ChallengeType.QROC:
            return Solution(accepted=MappingProxyType({fields[0].id: self._answers(value, fields[0], where)}))
        if ctype == ChallengeType.QROCM_IND:
            _require(isinstance(value, dict), f"{where} : la solution d'un QROCM-ind est un objet par champ")
            _require(set(value) == {f.id for f in fields},
                     f"{where} : les clés de la solution ({', '.join(sorted(value))}) "
                     f"ne sont pas les champs ({', '.join(f.id for f in fields)})")
            return Solution(accepted=MappingProxyType(
                {f.id: self._answers(value[f.id], f, f"{where}, champ « {f.id} »") for f in fields}))
        _require(isinstance(value, list) and all(isinstance(g, list) for g in value),
                 f"{where} : la solution d'un QROCM-dep est une liste de groupes")
        _require(len(value) >= len(fields),
                 f"{where} : {len(value)} {'groupe' if len(value) < 2 else 'groupes'} de réponses pour {len(fields)} champs")
        groups = tuple(self._answers(g, None, where) for g in value)
        if all(f.input == InputKind.SELECT for f in fields):
            options = {o for f in fields for o in f.options}
            for group in groups:
                for v in group:
                    _require(v in options, f"{where} : la réponse {v!r} n'est dans aucune liste")
        if all(f.input == InputKind.NUMBER for f in fields):
            for group in groups:
                for v in group:
                    _require(_is_number(v), f"{where} : la réponse {v!r} n'est pas un nombre")
        return Solution(groups=groups)

    def _attachment(self, value: Any, where: str) -> Attachment:
        _require(isinstance(value, dict), f"{where} : pièce jointe mal formée")
        rel = _text(value, "file", where)
        name = value.get("name") or PurePosixPath(rel).name
        _require(isinstance(name, str) and "/" not in name and "\\" not in name and name not in (".", ".."),
                 f"{where} : nom de fichier {name!r} invalide")
        pure = PurePosixPath(rel)
        _require(not pure.is_absolute() and ".." not in pure.parts and "\\" not in rel,
                 f"{where} : le chemin {rel} sort du dossier du pack")
        root = self.root.resolve()
        target = (root / pure).resolve()
        _require(target.is_relative_to(root), f"{where} : le chemin {rel} sort du dossier du pack")
        _require(target.is_file(), f"{where} : fichier {rel} introuvable")
        suffix = pure.suffix.lower()
        _require(suffix in MEDIA_TYPES, f"{where} : extension {suffix or '(aucune)'} non prise en charge ({rel})")
        return Attachment(name=name, path=pure.as_posix(), media_type=MEDIA_TYPES[suffix])
