"""Positioning profiles import: JSON, or a CSV / ODS / XLSX sheet of pix per competence.

A profile says what positioning established for one pupil: pix per competence (0 to 64,
8 pix a level), and in JSON also the validated skills and the challenges already seen.
Each entry names its pupil by last name + first name + birthdate (the enrolment identity
key), or by external id, or both. All or nothing, as for the candidate list.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import Any, Iterable, Mapping

from ..core.generation import CERTIFIABLE_COMPETENCES, PIX_PER_LEVEL, Profile
from ..core.identity import identity_key, plain_letters
from .fields import FIELDS_BY_NAME, NBSP, Problem, french_date, is_blank, quoted
from .importing import COLUMN_INDEX, error, map_header
from .tables import TableError, is_blank_cell, read_table

MAX_BYTES = 16 * 1024 * 1024
MAX_PROFILES = 5000
PIX_MAX = 64           # 8 levels of 8 pix
LIST_MAX = 5000        # validated skills or seen challenges in one profile
ID_MAX = 200
IDENTITY = ("last_name", "first_name", "birthdate")
JSON_KEYS = {*IDENTITY, "external_id", "pix", "validated_skills", "seen_challenges"}
_COMPETENCE_HEADER = re.compile(r"\s*\*?\s*(\d)\s*[.,]\s*(\d)(?:\s.*)?", re.DOTALL)


def parse_profiles(data: bytes, media_type_or_filename: str, competence_ids: Iterable[str], *,
                   today: dt.date | None = None) -> tuple[list[dict], list[dict]]:
    """Read a profile file; return (entries, errors), entries empty whenever errors are not.

    An entry: ``{"key": (LAST, FIRST, "YYYY-MM-DD")`` when names and birthdate are given,
    ``"external_id": str`` when given, ``"profile": Profile.to_dict()``, ``"line": int``
    (the sheet's line, or the entry's number from 1 in JSON), ``"who": str`` (for messages)}.
    """
    today = today or dt.date.today()
    competences = tuple(competence_ids)
    hint = (media_type_or_filename or "").strip().lower()
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    is_json = hint.endswith(".json") or hint.startswith("application/json") or head[:1] in (b"{", b"[")
    if is_json:
        entries, errors = _from_json(data, competences, today)
    else:
        entries, errors = _from_table(data, media_type_or_filename, competences, today)
    errors += _duplicates(entries, is_json)
    errors.sort(key=lambda e: e["line"] or 0)
    return ([] if errors else entries), errors


# -- JSON -----------------------------------------------------------------------------------------

def _from_json(data: bytes, competences: tuple[str, ...], today: dt.date) -> tuple[list[dict], list[dict]]:
    if len(data) > MAX_BYTES:
        return [], [error(None, None, f"le fichier dépasse {MAX_BYTES // 1024 // 1024}{NBSP}Mo.")]
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return [], [error(None, None, "le fichier JSON doit être encodé en UTF-8.")]
    except json.JSONDecodeError as problem:
        return [], [error(None, None, f"le fichier JSON est mal formé (ligne {problem.lineno}, "
                                      f"colonne {problem.colno}).")]
    items = document.get("profiles") if isinstance(document, dict) else document
    if not isinstance(items, list):
        return [], [error(None, None, f"le fichier JSON doit être un objet dont la clé {quoted('profiles')} donne la liste des profils.")]
    if len(items) > MAX_PROFILES:
        return [], [error(None, None, f"le fichier contient {len(items)} profils{NBSP}: {MAX_PROFILES} au plus.")]
    if not items:
        return [], [error(None, None, "le fichier ne contient aucun profil.")]
    entries, errors = [], []
    for number, item in enumerate(items, start=1):
        problems: list[tuple[str | None, str]] = []
        entry = _json_entry(item, competences, today, problems)
        errors += [_json_error(number, where, text) for where, text in problems]
        if entry is not None and not problems:
            entries.append({**entry, "line": number})
    return entries, errors


def _json_error(number: int, where: str | None, text: str) -> dict:
    place = f"Profil n°{NBSP}{number}" + (f", {quoted(where)}" if where else "")
    return {"line": number, "column": where, "message": f"{place}{NBSP}: {text}"}


def _json_entry(item: Any, competences: tuple[str, ...], today: dt.date,
                problems: list[tuple[str | None, str]]) -> dict | None:
    if not isinstance(item, dict):
        problems.append((None, "un profil doit être un objet JSON."))
        return None
    for key in sorted(set(item) - JSON_KEYS, key=str):
        problems.append((str(key), f"clé inconnue (clés possibles{NBSP}: {', '.join(sorted(JSON_KEYS))})."))
    entry = _identity(item, today, problems)
    pix = item.get("pix", {})
    clean_pix: dict[str, int] = {}
    if not isinstance(pix, dict):
        problems.append(("pix", f"doit être un objet qui donne les pix de chaque compétence (par exemple 24 pour {quoted('1.1')})."))
    else:
        for cid, value in pix.items():
            if cid not in competences:
                problems.append(("pix", _unknown_competence(str(cid), competences)))
                continue
            try:
                clean_pix[cid] = parse_pix(value)
            except Problem as problem:
                problems.append((f"pix {cid}", str(problem)))
    lists = {}
    for name in ("validated_skills", "seen_challenges"):
        value = item.get(name, [])
        if (not isinstance(value, list) or len(value) > LIST_MAX
                or not all(isinstance(v, str) and 0 < len(v.strip()) <= ID_MAX for v in value)):
            problems.append((name, f"doit être une liste d'identifiants (textes non vides, {LIST_MAX} au plus)."))
        else:
            lists[name] = frozenset(v.strip() for v in value)
    if entry is None or problems:
        return None
    profile = Profile(clean_pix, lists["validated_skills"], lists["seen_challenges"])
    return {**entry, "profile": profile.to_dict()}


def _identity(source: Mapping[str, Any], today: dt.date, problems: list[tuple[str | None, str]],
              labels: bool = False) -> dict | None:
    """The entry's key and / or external id, with the enrolment fields' own checks."""
    entry: dict[str, Any] = {}
    given = [n for n in IDENTITY if not is_blank(source.get(n))]
    clean = {}
    if given:
        for name in IDENTITY:
            field = FIELDS_BY_NAME[name]
            where = field.label if labels else name
            if is_blank(source.get(name)):
                problems.append((where, "manque (avec le nom, le prénom et la date de naissance, il faut les trois)."))
                continue
            try:
                clean[name] = field.parse(source[name], today)
            except Problem as problem:
                problems.append((where, str(problem)))
    if not is_blank(source.get("external_id")):
        field = FIELDS_BY_NAME["external_id"]
        try:
            entry["external_id"] = field.parse(source["external_id"], today)
        except Problem as problem:
            problems.append((field.label if labels else "external_id", str(problem)))
    elif not given:
        problems.append((None, "il faut le nom de naissance, le prénom et la date de naissance, "
                               "ou l'identifiant externe."))
        return None
    if len(clean) == len(IDENTITY):
        entry["key"] = identity_key(clean["first_name"], clean["last_name"], clean["birthdate"])
        birth = french_date(dt.date.fromisoformat(clean["birthdate"]))
        entry["who"] = f"{clean['first_name']} {clean['last_name']}, {birth}"
    elif "external_id" in entry:
        entry["who"] = f"identifiant externe {quoted(entry['external_id'])}"
    return entry


def parse_pix(value: Any) -> int:
    """A whole number of pix from 0 to 64 (blank is 0)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+(?:[.,]0+)?\s*", value):
        value = int(re.split(r"[.,]", value.strip())[0])
    if isinstance(value, bool) or not isinstance(value, int):
        shown = str(value).strip() if isinstance(value, (str, int, float)) else "cette valeur"
        raise Problem(f"{quoted(shown)} n'est pas un nombre entier de pix (0 à {PIX_MAX}).")
    if not 0 <= value <= PIX_MAX:
        raise Problem(f"{value} pix est hors limites (0 à {PIX_MAX}, soit 8 niveaux de 8 pix).")
    return value


def _unknown_competence(cid: str, competences: tuple[str, ...]) -> str:
    listed = f"{competences[0]} à {competences[-1]}" if competences else "aucune"
    return f"compétence {quoted(cid)} inconnue (compétences du référentiel{NBSP}: {listed})."


# -- CSV, ODS, XLSX -------------------------------------------------------------------------------

def _from_table(data: bytes, hint: str, competences: tuple[str, ...], today: dt.date) -> tuple[list[dict], list[dict]]:
    try:
        table = read_table(data, hint, max_bytes=MAX_BYTES, max_rows=MAX_PROFILES, what="profil")
    except TableError as problem:
        return [], [error(None, None, str(problem))]
    if not table.header_line:
        return [], [error(None, None, "le fichier est vide.")]
    line = table.header_line
    pix_columns: dict[int, str] = {}
    other: list[Any] = []
    errors = []
    for i, cell in enumerate(table.header):
        match = _COMPETENCE_HEADER.fullmatch(str(cell)) if not is_blank_cell(cell) else None
        if match:
            cid = f"{match.group(1)}.{match.group(2)}"
            if cid not in competences:
                errors.append(error(line, str(cell).strip(), _unknown_competence(cid, competences)))
            elif cid in pix_columns.values():
                errors.append(error(line, cid, "cette compétence a deux colonnes."))
            else:
                pix_columns[i] = cid
            other.append(None)
        else:
            other.append(cell)
    index = {k: f for k, f in COLUMN_INDEX.items() if f.name in (*IDENTITY, "external_id")}
    expected = (f"Colonnes attendues{NBSP}: Nom de naissance, Prénom, Date de naissance (ou Identifiant "
                f"externe), puis une colonne par compétence ({competences[0]} à {competences[-1]}).")
    columns, header_errors = map_header(other, line, index, required=(), expected=expected)
    errors += header_errors
    names = {f.name for f in columns.values()}
    if not names & {*IDENTITY, "external_id"}:
        errors.append(error(line, None, "il faut les colonnes «\u00a0Nom de naissance\u00a0», «\u00a0Prénom\u00a0» et "
                                        "«\u00a0Date de naissance\u00a0», ou la colonne «\u00a0Identifiant externe\u00a0»."))
    elif names & set(IDENTITY) and not set(IDENTITY) <= names:
        errors.append(error(line, None, "les colonnes «\u00a0Nom de naissance\u00a0», «\u00a0Prénom\u00a0» et "
                                        "«\u00a0Date de naissance\u00a0» vont ensemble."))
    if not pix_columns:
        errors.append(error(line, None, "aucune colonne de compétence (1.1, 1.2… 5.2)."))
    if errors:
        return [], errors
    if not table.rows:
        return [], [error(None, None, "le fichier ne contient aucun profil sous la ligne de titres.")]
    entries = []
    for number, cells in table.rows:
        def cell(i: int) -> Any:
            return cells[i] if i < len(cells) else None
        problems: list[tuple[str | None, str]] = []
        raw = {f.name: _text_cell(f.name, cell(i)) for i, f in columns.items()}
        entry = _identity(raw, today, problems, labels=True)
        pix = {}
        for i, cid in pix_columns.items():
            try:
                pix[cid] = parse_pix(cell(i))
            except Problem as problem:
                problems.append((cid, str(problem)))
        errors += [error(number, where, text) for where, text in problems]
        if entry is not None and not problems:
            entries.append({**entry, "profile": Profile(pix).to_dict(), "line": number})
    return entries, errors


def _text_cell(name: str, cell: Any) -> Any:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, (dt.date, dt.datetime)) and name != "birthdate":
        return french_date(cell if not isinstance(cell, dt.datetime) else cell.date())
    return cell


def _duplicates(entries: list[dict], is_json: bool) -> list[dict]:
    errors, seen = [], {}
    for entry in entries:
        for name in ("key", "external_id"):
            value = entry.get(name)
            if value is None:
                continue
            if (name, value) in seen:
                first = seen[(name, value)]
                if is_json:
                    errors.append(_json_error(entry["line"], None, f"ce profil ({entry['who']}) est déjà "
                                                                  f"donné par le profil n°{NBSP}{first}."))
                else:
                    errors.append(error(entry["line"], None, f"ce profil ({entry['who']}) est déjà "
                                                             f"donné ligne {first}."))
                break
            seen[(name, value)] = entry["line"]
    return errors


# -- using profiles -------------------------------------------------------------------------------

def certifiable_summary(profile: Profile | Mapping) -> tuple[bool, int]:
    """(certifiable, number of competences at level 1 or more)."""
    pix = profile.pix if isinstance(profile, Profile) else profile.get("pix", {})
    count = sum(1 for value in pix.values() if value >= PIX_PER_LEVEL)
    return count >= CERTIFIABLE_COMPETENCES, count


def certifiable_warning(profile: Profile | Mapping) -> str | None:
    """The French warning for a profile that cannot sit the test, None when it can."""
    certifiable, count = certifiable_summary(profile)
    if certifiable:
        return None
    if count == 0:
        have = "aucune compétence de niveau 1 ou plus"
    elif count == 1:
        have = "1 compétence de niveau 1 ou plus"
    else:
        have = f"{count} compétences de niveau 1 ou plus"
    return f"Profil non certifiable{NBSP}: {have}, il en faut au moins {CERTIFIABLE_COMPETENCES}."


def fill_validated_skills(profile: Mapping, catalogue: Any) -> dict:
    """A profile without validated skills (a sheet gives only pix) gets every skill up to its levels.

    Test generation poses questions only on validated skills: a pix-only profile would give an
    empty test. ``catalogue`` is the content pack (``competences``, ``skills_of``).
    """
    found = Profile.from_dict(profile)
    if found.validated_skills:
        return found.to_dict()
    skills = {skill.id for cid in catalogue.competences for skill in catalogue.skills_of(cid)
              if 1 <= skill.level <= found.level(cid)}
    return Profile(found.pix, frozenset(skills), found.seen_challenges).to_dict()


def of(who: str) -> str:
    """'de Jean', 'd'Élodie', 'd'identifiant externe …': French elision before a vowel or h."""
    return ("d'" if plain_letters(who[:1]).upper() in tuple("AEIOUH") and who[:1] else "de ") + who


def match_profiles(entries: list[dict], candidates: Iterable[tuple[str, tuple[str, str, str], str | None]]
                   ) -> tuple[dict[str, dict], list[dict]]:
    """Pair entries with enrolled candidates ``(candidate_id, identity key, external id or None)``.

    Returns ({candidate_id: profile dict}, errors). An entry matches by key when it has one,
    else by external id; when it has both, they must designate the same candidate.
    """
    by_key, by_id = {}, {}
    for candidate_id, key, external_id in candidates:
        by_key[key] = candidate_id
        if external_id:
            by_id[external_id] = candidate_id
    matched: dict[str, dict] = {}
    first_entry: dict[str, dict] = {}
    errors = []
    for entry in entries:
        via_key = by_key.get(entry["key"]) if "key" in entry else None
        via_id = by_id.get(entry["external_id"]) if "external_id" in entry else None
        found = via_key or via_id
        if "key" in entry and "external_id" in entry and via_key != via_id:
            text = (f"le nom et l'identifiant externe du profil {of(entry['who'])} ne désignent pas le même "
                    "candidat de la session.")
        elif found is None:
            text = f"aucun candidat de la session ne correspond au profil {of(entry['who'])}."
        elif found in first_entry:
            text = (f"le profil {of(entry['who'])} désigne le même candidat que celui "
                    f"{of(first_entry[found]['who'])}.")
        else:
            matched[found] = entry["profile"]
            first_entry[found] = entry
            continue
        errors.append({"line": entry["line"], "column": None, "message": text[:1].upper() + text[1:]})
    return matched, errors
