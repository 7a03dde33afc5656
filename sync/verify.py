"""Re-verification of a session payload upstream, from its journal alone.

The receiver trusts nothing the room says about the session except what the sealed journal
proves with the room's key: every line's HMAC (``ChainReader`` with the registered key;
unsigned version 1 lines only at the start, pinned by the signed line that follows them), the
seal (last event ``session_finalised``, signed by that key, its ``final_hash`` the hash of the
line before), and the summary fields of the payload against it (id, number, final and head
hashes, events), and the Idempotency-Key. Any mismatch is a SyncRefusal 422 with a French reason.
Pure: no I/O (the journal is read from the payload's text, not from a file).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from roomserver.store.journal import SEALING_EVENT, ChainReader, Event, JournalCorrupt

from .protocol import PROTOCOL, Room, SyncRefusal, idempotency_key, is_hex64

LIST_FIELDS = ("candidates", "incidents", "frauds", "results")


@dataclass(frozen=True)
class Verified:
    """A payload that verified: what the receiver stores and lists."""

    session_id: str
    number: int
    final_hash: str
    head_hash: str
    events: int
    candidates: int
    signed_lines: int
    unsigned_lines: int
    payload: dict
    journal: str


def _invalid(message: str, code: str = "journal_invalid") -> SyncRefusal:
    return SyncRefusal(422, code, message)


def parse_payload(body: bytes) -> dict:
    """The JSON object of a POST body; SyncRefusal 400 ``bad_json`` when it is not one."""
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise SyncRefusal(400, "bad_json", "Le corps de la requête n'est pas du JSON UTF-8 valide.") from None
    if not isinstance(payload, dict):
        raise SyncRefusal(400, "bad_json", "Le corps de la requête doit être un objet JSON.")
    return payload


def _shape(payload: dict, room: Room) -> dict:
    """The payload's envelope and session summary, checked for form; return ``session``."""
    if payload.get("protocol") != PROTOCOL or payload.get("kind") != "session":
        raise _invalid(f"Ce n'est pas une session du protocole {PROTOCOL} (champs « protocol » et « kind »).",
                       "payload_invalid")
    if payload.get("key_id") != room.key_id:
        raise _invalid("Le champ key_id de la session n'est pas la clé qui a signé l'envoi.", "key_mismatch")
    session = payload.get("session")
    if not isinstance(session, dict):
        raise _invalid("Le champ « session » manque ou n'est pas un objet.", "payload_invalid")
    problems = []
    if not isinstance(session.get("id"), str) or not session["id"]:
        problems.append("id")
    for name in ("number", "events"):
        if not isinstance(session.get(name), int) or isinstance(session.get(name), bool):
            problems.append(name)
    for name in ("final_hash", "head_hash"):
        if not is_hex64(session.get(name)):
            problems.append(name)
    if not isinstance(payload.get("journal"), str):
        problems.append("journal")
    problems += [name for name in LIST_FIELDS if not isinstance(payload.get(name), list)]
    if problems:
        raise _invalid(f"Champs absents ou mal formés dans la session\u00a0: {', '.join(problems)}.", "payload_invalid")
    return session


def read_chain(journal: bytes, key: bytes) -> tuple[list[Event], ChainReader]:
    """Every line of a journal's text checked with ``key``; SyncRefusal 422 on the first problem."""
    if not journal:
        raise _invalid("Le journal est vide.")
    if not journal.endswith(b"\n"):
        raise _invalid("Le journal est tronqué (sa dernière ligne n'est pas terminée).")
    reader = ChainReader(Path("journal.jsonl"), key)
    events = []
    try:
        for lineno, raw in enumerate(journal[:-1].split(b"\n"), start=1):
            events.append(reader.read(raw + b"\n", lineno))
    except JournalCorrupt as exc:
        raise _invalid(f"Le journal ne se vérifie pas\u00a0: {exc}") from None
    return events, reader


def verify_payload(body: bytes, room: Room, idempotency: str | None) -> Verified:
    """Check a POST body (or a bundle's body) sent by ``room``; the Verified session or SyncRefusal."""
    payload = parse_payload(body)
    session = _shape(payload, room)
    journal_text = payload["journal"]
    events, reader = read_chain(journal_text.encode("utf-8"), room.key)
    first, sealed = events[0], events[-1]
    if first.type != "session_created" or not isinstance(first.data, dict):
        raise _invalid("Le journal ne commence pas par la création de la session (session_created).")
    if first.data.get("session_id") != session["id"]:
        raise _invalid("Le journal est celui d'une autre session que celle annoncée (identifiant différent).")
    if first.data.get("number") != session["number"]:
        raise _invalid("Le numéro de session annoncé n'est pas celui du journal.")
    if sealed.type != SEALING_EVENT or len(events) < 2:
        raise _invalid("Le journal n'est pas scellé\u00a0: la session n'a pas été finalisée (pas d'événement "
                       "session_finalised à la fin).")
    if sealed.key_id != room.key_id:
        raise _invalid("Le scellement du journal n'est pas signé par la clé de ce serveur de salle.")
    before = events[-2].hash
    if not isinstance(sealed.data, dict) or sealed.data.get("final_hash") != before:
        raise _invalid("Le hash final du scellement n'est pas celui de la ligne qui le précède.")
    if session["final_hash"] != before:
        raise _invalid("Le hash final annoncé ne correspond pas au journal scellé.")
    if session["head_hash"] != sealed.hash or session["events"] != sealed.seq:
        raise _invalid("La fin du journal (dernier hash, nombre d'événements) ne correspond pas à la session annoncée.")
    expected = idempotency_key(session["id"], before)
    if idempotency is None or idempotency.strip().lower() != expected:
        raise _invalid("La clé d'idempotence (Idempotency-Key) manque ou ne correspond pas à la session et à son "
                       "hash final.", "idempotency_mismatch")
    return Verified(session["id"], session["number"], before, sealed.hash, sealed.seq, len(payload["candidates"]),
                    reader.keyed, reader.unkeyed, payload, journal_text)
