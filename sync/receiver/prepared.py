"""Sessions prepared upstream for a room (the pull): checked for form, stored, served, acknowledged.

The room imports each one through its own validation path (as an admin creation or import);
here only the shape is checked, so that a mistyped file is refused where it is written, with
the place of the mistake, rather than discovered in a school on the day.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from roomserver.core.french import typo

from ..protocol import SyncRefusal
from .db import prepared

_UPSTREAM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
CANDIDATE_TEXT = ("last_name", "first_name")


class PreparedInvalid(Exception):
    """The prepared sessions file is not of the expected form: the French message says where."""

    def __init__(self, message: str):
        super().__init__(typo(message))


def _real_date(value) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _candidate(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise PreparedInvalid(f"{where}\u00a0: un objet est attendu.")
    for name, label in (("last_name", "nom"), ("first_name", "prénom")):
        if not isinstance(value.get(name), str) or not value[name].strip():
            raise PreparedInvalid(f"{where}\u00a0: le {label} ({name}) manque.")
    if not _real_date(value.get("birthdate")):
        raise PreparedInvalid(f"{where}\u00a0: la date de naissance (birthdate) doit être une date réelle au format "
                              "AAAA-MM-JJ.")
    extra = value.get("extra_time_pct", 0)
    if not isinstance(extra, int) or isinstance(extra, bool) or not 0 <= extra <= 200:
        raise PreparedInvalid(f"{where}\u00a0: le temps majoré (extra_time_pct) est un pourcentage entier entre "
                              "0 et 200.")
    if not isinstance(value.get("details", {}), dict):
        raise PreparedInvalid(f"{where}\u00a0: « details » doit être un objet.")
    profile = value.get("profile")
    if profile is not None and not isinstance(profile, dict):
        raise PreparedInvalid(f"{where}\u00a0: « profile » doit être un objet (profil de positionnement) ou null.")
    return {**value, "extra_time_pct": extra, "details": value.get("details", {}), "profile": profile}


def check_session(value, where: str) -> dict:
    """One prepared session, in the form the room receives it (``upstream_id`` made when absent)."""
    if not isinstance(value, dict):
        raise PreparedInvalid(f"{where}\u00a0: un objet est attendu.")
    upstream_id = value.get("upstream_id") or str(uuid.uuid4())
    if not isinstance(upstream_id, str) or not _UPSTREAM_ID.fullmatch(upstream_id):
        raise PreparedInvalid(f"{where}\u00a0: upstream_id doit faire 1 à 100 caractères (lettres, chiffres, "
                              "point, deux-points, tiret, tiret bas).")
    if not _real_date(value.get("date")):
        raise PreparedInvalid(f"{where}\u00a0: la date (date) doit être une date réelle au format AAAA-MM-JJ.")
    if not isinstance(value.get("start_time"), str) or not _TIME.fullmatch(value["start_time"]):
        raise PreparedInvalid(f"{where}\u00a0: l'heure de début (start_time) doit être au format HH:MM.")
    if not isinstance(value.get("details", {}), dict):
        raise PreparedInvalid(f"{where}\u00a0: « details » doit être un objet (établissement, salle, surveillants…).")
    algorithm = value.get("algorithm", "classic")
    if not isinstance(algorithm, str) or not algorithm:
        raise PreparedInvalid(f"{where}\u00a0: « algorithm » doit être un nom d'algorithme (classic).")
    people = value.get("candidates")
    if not isinstance(people, list):
        raise PreparedInvalid(f"{where}\u00a0: « candidates » doit être une liste.")
    candidates = [_candidate(c, f"{where}, candidat n°\u00a0{i}") for i, c in enumerate(people, start=1)]
    return {"upstream_id": upstream_id, "date": value["date"], "start_time": value["start_time"],
            "details": value.get("details", {}), "algorithm": algorithm, "candidates": candidates}


def parse_file(text: str) -> list[dict]:
    """A prepared sessions file: a JSON list of sessions, or {"sessions": [...]}."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PreparedInvalid(f"Le fichier n'est pas du JSON valide (ligne {exc.lineno}, colonne {exc.colno}).") from None
    if isinstance(data, dict) and "sessions" in data:
        data = data["sessions"]
    if not isinstance(data, list) or not data:
        raise PreparedInvalid("Le fichier doit contenir une liste de sessions, non vide (ou un objet dont la clé "
                              "sessions donne cette liste).")
    checked = [check_session(s, f"Session n°\u00a0{i}") for i, s in enumerate(data, start=1)]
    ids = [s["upstream_id"] for s in checked]
    if len(set(ids)) != len(ids):
        raise PreparedInvalid("Deux sessions du fichier ont le même upstream_id.")
    return checked


def add(engine: Engine, key_id: str, sessions: list[dict], now: float) -> tuple[list[str], list[str]]:
    """Store each session for the room ``key_id``; (added ids, ids already there unchanged).
    An upstream_id already used for another content or another room is refused (PreparedInvalid)."""
    added, kept = [], []
    for session in sessions:
        body = json.dumps(session, ensure_ascii=False, sort_keys=True)
        try:
            with engine.begin() as conn:
                conn.execute(insert(prepared).values(upstream_id=session["upstream_id"], key_id=key_id, body=body,
                                                     created_at=now))
            added.append(session["upstream_id"])
        except IntegrityError:
            with engine.connect() as conn:
                row = conn.execute(select(prepared.c.key_id, prepared.c.body)
                                   .where(prepared.c.upstream_id == session["upstream_id"])).first()
            if row is None or row.key_id != key_id or row.body != body:
                raise PreparedInvalid(f"La session {session['upstream_id']} est déjà préparée, avec un autre contenu "
                                      "ou pour une autre salle\u00a0: choisissez un autre upstream_id.") from None
            kept.append(session["upstream_id"])
    return added, kept


def pending_for(engine: Engine, key_id: str) -> list[dict]:
    """The sessions prepared for this room and not yet acknowledged, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(select(prepared.c.body).where(prepared.c.key_id == key_id, prepared.c.acked_at.is_(None))
                            .order_by(prepared.c.id)).all()
    return [json.loads(row.body) for row in rows]


def acknowledge(engine: Engine, key_id: str, upstream_id: str, session_number, now: float) -> dict:
    """The room imported ``upstream_id`` as its session ``session_number``; idempotent."""
    if not isinstance(session_number, int) or isinstance(session_number, bool) or session_number < 1:
        raise SyncRefusal(422, "session_number_invalid", "Le corps doit donner le numéro de la session importée "
                          "(session_number, entier positif).")
    with engine.begin() as conn:
        row = conn.execute(select(prepared.c.acked_at, prepared.c.session_number)
                           .where(prepared.c.upstream_id == upstream_id, prepared.c.key_id == key_id)).first()
        if row is None:
            raise SyncRefusal(404, "prepared_not_found", f"Aucune session préparée {upstream_id[:100]} pour ce serveur "
                              "de salle.")
        if row.acked_at is None:
            done = conn.execute(update(prepared).where(prepared.c.upstream_id == upstream_id,
                                                       prepared.c.acked_at.is_(None))
                                .values(acked_at=now, session_number=session_number))
            if done.rowcount == 1:
                return {"status": "acknowledged", "upstream_id": upstream_id, "session_number": session_number}
            row = conn.execute(select(prepared.c.acked_at, prepared.c.session_number)
                               .where(prepared.c.upstream_id == upstream_id)).first()
    if row.session_number != session_number:
        raise SyncRefusal(409, "already_acknowledged", f"La session préparée {upstream_id} a déjà été importée comme "
                          f"session n°\u00a0{row.session_number}.")
    return {"status": "acknowledged", "upstream_id": upstream_id, "session_number": session_number}


def list_all(engine: Engine) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(select(prepared.c.upstream_id, prepared.c.key_id, prepared.c.created_at,
                                   prepared.c.acked_at, prepared.c.session_number).order_by(prepared.c.id)).mappings()
        return [dict(row) for row in rows]
