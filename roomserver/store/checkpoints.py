"""Checkpoints: the folded state of a session saved to the tables file (TinyDB, atomic),
signed with the journal key, so a start replays from there instead of from the first event.
Only replay time is at stake: the journal stays the record of truth."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from tinydb import Query

from ..core import snapshot
from .handle import SessionHandle
from .integrity import canonical_checkpoint_mac
from .journal import canonical

if TYPE_CHECKING:
    from .sessions import SessionStore


def write(store: SessionStore, handle: SessionHandle) -> None:
    """Save the folded state, signed, once everything it holds is durable.

    Only the snapshot is taken under the session's lock (the state in canonical JSON: a copy
    that later events cannot touch); waiting for it to be durable and writing the tables
    file happen after, so the session's requests do not wait for the disk (decision 0006)."""
    with handle.lock:
        state_bytes = canonical(snapshot.to_dict(handle.state))
        session_id, seq, hash_, journal = handle.state.id, handle.state.seq, handle.state.hash, handle.journal
        handle.since_checkpoint = 0
    journal.wait_durable(seq)  # never checkpoint what a crash could undo
    row = {"session_id": session_id, "seq": seq, "hash": hash_, "state": json.loads(state_bytes),
           "mac": canonical_checkpoint_mac(store.key, session_id, seq, hash_, state_bytes)}
    with store._checkpoint_lock:
        if handle.checkpoint_seq >= seq:
            return  # a newer one was written meanwhile
        with store.tables.lock:
            store.tables.table("checkpoints").upsert(row, Query().session_id == session_id)
        handle.checkpoint_seq = seq
