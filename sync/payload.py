"""The body of ``POST /api/v1/sessions`` for one finalised session (docs/sync-protocol.md).

Built from the sealed journal file alone (its exact text, read once, checked line by line and
folded here), never from the server's in-memory state: a sealed journal never changes, so the
worker needs no lock of the store and can build it off the event loop, and ``sync export``
can build it while the server runs.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from roomserver import __version__
from roomserver.admin.results import session_results
from roomserver.core.session import SessionState, fold
from roomserver.core.states import SessionStatus
from roomserver.store.journal import ChainReader, JournalCorrupt
from roomserver.store.keys import key_id as fingerprint

from .protocol import PROTOCOL


class NotSendable(Exception):
    """The session cannot be sent (not finalised, journal unreadable): the French message says why."""


def journal_path(data_dir: Path, session_id: str) -> Path:
    return Path(data_dir) / "sessions" / session_id / "journal.jsonl"


def read_sealed(path: Path, key: bytes) -> tuple[str, SessionState]:
    """The journal's exact text and the session it folds to; NotSendable unless it is intact,
    signed with ``key`` and sealed."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise NotSendable(f"Journal illisible ({path})\u00a0: {exc.strerror or exc}.") from None
    reader = ChainReader(Path(path), key)
    events = []
    try:
        lines = raw.split(b"\n")
        if lines[-1] != b"":
            raise NotSendable(f"Le journal {path} n'est pas scellé (dernière ligne incomplète).")
        for lineno, line in enumerate(lines[:-1], start=1):
            events.append(reader.read(line + b"\n", lineno))
    except JournalCorrupt as exc:
        raise NotSendable(f"Le journal ne se vérifie pas\u00a0: {exc}") from None
    if not events or events[-1].type != "session_finalised":
        raise NotSendable("La session n'est pas finalisée\u00a0: son journal n'est pas scellé.")
    state = fold(events)
    if state.status not in (SessionStatus.FINALISED, SessionStatus.SYNCED):
        raise NotSendable("La session n'est pas finalisée.")
    return raw.decode("utf-8"), state


def _candidate(c) -> dict:
    return {"id": c.id, "last_name": c.last_name, "first_name": c.first_name, "birthdate": c.birthdate,
            "extra_time_pct": c.extra_time_pct, "status": str(c.status), "details": dict(c.details),
            "profile": c.profile.to_dict(), "end_screen_seen": c.end_screen_seen,
            "test_started_at": c.test_started_at, "ended_at": c.ended_at, "answered": c.answered,
            "questions": c.total, "added_s": c.added_s, "corrections": list(c.corrections)}


def build_payload(journal_text: str, state: SessionState, key: bytes, catalogue) -> dict:
    """The payload as a dict (see the module's docstring)."""
    final = state.finalisation
    return {
        "protocol": PROTOCOL, "kind": "session", "roomserver": __version__, "key_id": fingerprint(key),
        "session": {"id": state.id, "number": state.number, "details": state.details,
                    "algorithm": state.details.get("algorithm", "classic"), "finalised_at": final["at"],
                    "late": final.get("late", False), "final_hash": final["final_hash"], "head_hash": state.hash,
                    "events": state.seq},
        "journal": journal_text,
        "candidates": [_candidate(c) for c in sorted(state.candidates.values(), key=lambda c: c.id)],
        "incidents": [asdict(i) for i in state.incidents],
        "frauds": [asdict(f) for f in state.frauds],
        "results": session_results(state, catalogue),
    }


def encode(payload: dict) -> bytes:
    """The body's bytes: compact UTF-8 JSON (the signature and the bundle cover these exact bytes)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def session_body(data_dir: Path, session_id: str, key: bytes, catalogue) -> tuple[bytes, SessionState]:
    """The POST body of a sealed session of ``data_dir`` and its state."""
    text, state = read_sealed(journal_path(data_dir, session_id), key)
    if state.id != session_id:
        raise NotSendable(f"Le journal du dossier {session_id} est celui d'une autre session ({state.id}).")
    return encode(build_payload(text, state, key, catalogue)), state


def find_session_id(data_dir: Path, number: int) -> str | None:
    """The id of the session numbered ``number``, from the first line of each journal (no store:
    works while the server runs)."""
    for path in sorted((Path(data_dir) / "sessions").glob("*/journal.jsonl")):
        try:
            with open(path, "rb") as handle:
                first = json.loads(handle.readline())
        except (OSError, ValueError):
            continue
        if first.get("type") == "session_created" and first.get("data", {}).get("number") == number:
            return first["data"]["session_id"]
    return None
