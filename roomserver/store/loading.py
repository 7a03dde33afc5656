"""Start-up: read every session's journal, check it, and serve it or set it aside.

What each kind of damage does (docs/decisions/0003-journal-integrity.md):

- a torn last line (never acknowledged): cut, logged, the session is served;
- a line that does not verify (edited, deleted, reordered, signed by another key, unsigned
  where this server signs), a checkpoint ahead of its journal (acknowledged lines lost), a
  journal emptied or deleted under its checkpoint: that session is *set aside* (not served,
  nothing on disk changed) with a French message saying what to do; the others are served;
- a checkpoint that is unsigned, wrongly signed or disagrees with its journal: ignored, the
  journal is replayed (logged);
- an unreadable ``roomserver.json``: kept as ``roomserver.json.damaged-<time>``, an empty one
  takes its place, every journal is replayed (its other tables are lost: said loudly).
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from tinydb import Query

from ..core import snapshot
from ..core.session import SessionState, fold
from .atomic import fsync_dir
from .french import count
from .integrity import judge_checkpoint, restore_steps, unkeyed_problem
from .journal import CHAIN_HMAC, Event, Journal, JournalCorrupt, JournalScan, verify_journal
from .keys import KeyProblem, key_path, read_unkeyed, write_unkeyed

if TYPE_CHECKING:
    from .sessions import SessionHandle, SessionStore

log = logging.getLogger(__name__)
TABLES_FILE = "roomserver.json"


def journal_paths(data_dir: Path, *folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (Path(data_dir) / folder).glob("*/journal.jsonl"))


# -- before anything: the key and the tables file --------------------------------------------------

def record_unkeyed(data_dir: Path, key: bytes) -> None:
    """Run once, before the first key is written: list the journals that predate it.

    A missing key while signed journals exist is not a first run: the key was lost, and a new
    one would make every signed journal unverifiable, so the server stops."""
    paths = journal_paths(data_dir, "sessions", "deleted")
    signed = [p for p in paths if f'"chain":"{CHAIN_HMAC}"'.encode() in p.read_bytes()]
    if signed:
        raise KeyProblem(f"La clé des journaux ({key_path(data_dir)}) a disparu alors que des journaux signés avec "
                         f"elle existent ({count(len(signed), 'journal', 'journaux')})\u00a0: sans elle, on ne peut "
                         f"plus les vérifier. Restaurez le dossier {key_path(data_dir).parent} depuis la sauvegarde "
                         "du dossier de données, puis redémarrez.")
    journals = {}
    for path in paths:
        try:
            lines, last, _ = verify_journal(path)
        except JournalCorrupt:
            continue  # it will be set aside when it is loaded
        if lines:
            journals[path.parent.name] = {"seq": lines, "hash": last}
    write_unkeyed(data_dir, key, journals)
    if journals:
        log.info("journal key: %d journals written before it stay unsigned up to their current line", len(journals))


def set_aside_unreadable_tables(path: Path) -> str | None:
    """Move an unreadable tables file aside (never overwrite it); return the French warning, or None."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        data = json.loads(raw) if raw.strip() else {}
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise ValueError("not a TinyDB document")
        return None
    except ValueError as exc:
        reason = str(exc)
    kept = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%dT%H%M%S')}")
    os.rename(path, kept)
    fsync_dir(path.parent)
    message = (f"Le fichier {path} était illisible ({reason})\u00a0: il est conservé sous {kept.name} et un fichier "
               "vide le remplace. Les sessions sont relues depuis leurs journaux (rien n'est perdu de ce qui y "
               "est)\u00a0; en revanche le mot de passe administrateur, les résultats du Crash-test et les noms des "
               "postes qu'il contenait sont à refaire, ou à reprendre d'une sauvegarde.")
    log.error("%s", message)
    return message


# -- the sessions ----------------------------------------------------------------------------------

def load_all(store: "SessionStore") -> None:
    for path in journal_paths(store.data_dir, "sessions"):
        load_one(store, path)
    with store.tables.lock:
        rows = store.tables.table("checkpoints").all()
    for row in rows:
        session_id = str(row.get("session_id"))
        if session_id in store.loaded_ids():
            continue
        journal = store.sessions_dir / session_id / "journal.jsonl"
        if journal.exists():
            continue  # read above: empty and never acknowledged, or set aside
        if (store.data_dir / "deleted" / session_id).exists():  # taken off the server: stale checkpoint
            log.warning("checkpoint of deleted session %s removed", session_id)
            with store.tables.lock:
                store.tables.table("checkpoints").remove(Query().session_id == session_id)
            continue
        if judge_checkpoint(row, session_id, [], store.key).loss:
            store.set_aside_session(session_id, _number(row), journal, "lost", (
                f"son journal a disparu alors que le point de reprise va jusqu'à l'événement {row['seq']} "
                "(données confirmées perdues). " + restore_steps(store.data_dir, session_id)))


def load_one(store: "SessionStore", path: Path) -> "SessionHandle | None":
    session_id = path.parent.name
    row = store.checkpoint_row(session_id)
    try:
        scan = JournalScan.read(path, store.key)
    except JournalCorrupt as exc:
        store.set_aside_session(session_id, _number(row, path), path, "corrupt", (
            f"son journal ne se vérifie pas ({exc}). Ne le supprimez pas. "
            + restore_steps(store.data_dir, session_id)))
        return None
    hashes = [event.hash for event in scan.events]
    problem = unkeyed_problem(session_id, scan.unkeyed, hashes, store.unkeyed_allowed)
    if problem:
        store.set_aside_session(session_id, _number(row, path), path, "unsigned",
                                f"{problem}. " + restore_steps(store.data_dir, session_id))
        return None
    verdict = judge_checkpoint(row, session_id, hashes, store.key)
    if verdict.loss:
        store.set_aside_session(session_id, _number(row, path), path, "lost", (
            f"{verdict.detail}{' (dernière ligne incomplète comprise)' if scan.torn else ''}\u00a0: des données "
            "confirmées ont été perdues, et le serveur ne sert pas moins que ce qu'il a confirmé. "
            + restore_steps(store.data_dir, session_id)))
        return None
    if not scan.events:
        log.warning("journal %s is empty (creation never acknowledged): ignored", path)
        return None
    journal = Journal.from_scan(scan)
    state = state_from(session_id, scan.events, row, verdict.kind, verdict.detail)
    return store.register(journal, state, checkpoint_seq=verdict.seq if verdict.trusted else 0)


def state_from(session_id: str, events: list[Event], row: dict | None, verdict: str, detail: str) -> SessionState:
    """The state from a trusted checkpoint plus the events after it, else the fold of the journal."""
    if verdict == "ok":
        try:
            state = snapshot.from_dict(row["state"])
            if state.id != session_id or state.seq != row["seq"] or state.hash != row["hash"]:
                raise ValueError("its state is not the one it claims")
            return fold(events[row["seq"]:], state)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:  # another version of the state
            detail = f"état inutilisable ({exc})"
    if verdict != "none":
        log.warning("checkpoint of session %s ignored (%s): replaying its journal", session_id, detail)
    return fold(events)


def _number(row: dict | None, path: Path | None = None) -> int | None:
    """The session number, from the checkpoint or the journal's first line, if readable."""
    try:
        return int(row["state"]["number"])
    except (TypeError, KeyError, ValueError):
        pass
    try:
        with open(path, "rb") as handle:
            first = json.loads(handle.readline())
        return int(first["data"]["number"]) if first["type"] == "session_created" else None
    except (OSError, TypeError, KeyError, ValueError):
        return None


def read_allowed_unkeyed(store: "SessionStore") -> dict[str, dict]:
    try:
        return read_unkeyed(key_path(store.data_dir), store.key)
    except KeyProblem as exc:
        store.warnings.append(f"{exc} Les journaux non signés sont mis de côté.")
        log.error("%s", exc)
        return {}
