"""Checks shared by the store (at start-up) and ``roomserver verify-journal``: a journal's
unsigned prefix against the list of old journals, and a checkpoint against its journal.

The journal is the record of truth. A checkpoint is trusted only when its signature holds
and its hash is the journal's at its seq; a checkpoint *ahead* of its journal means lines
that were acknowledged are gone (a cut or deleted tail, an emptied or missing journal):
the session is set aside rather than served with less than it acknowledged.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from pathlib import Path

from .french import count
from .journal import canonical

CHECKPOINT_CONTEXT = b"roomserver-checkpoint"


def checkpoint_mac(key: bytes, session_id: str, seq: int, hash_: str, state: dict) -> str:
    """The signature of a checkpoint row: an edited checkpoint is never trusted."""
    return canonical_checkpoint_mac(key, session_id, seq, hash_, canonical(state))


def canonical_checkpoint_mac(key: bytes, session_id: str, seq: int, hash_: str, state_bytes: bytes) -> str:
    """``checkpoint_mac`` of a state already in canonical JSON (the store serialises it once):
    the same bytes as ``canonical([session_id, seq, hash_, state])``."""
    body = b"[" + canonical(session_id) + b"," + canonical(int(seq)) + b"," + canonical(hash_) + b"," + state_bytes + b"]"
    return hmac.new(key, CHECKPOINT_CONTEXT + body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class CheckpointVerdict:
    kind: str  # none | ok | ahead | unsigned | bad_signature | mismatch | unreadable
    seq: int = 0
    detail: str = ""

    @property
    def trusted(self) -> bool:
        return self.kind == "ok"

    @property
    def loss(self) -> bool:
        return self.kind == "ahead"


def judge_checkpoint(row: dict | None, session_id: str, hashes: list[str], key: bytes | None) -> CheckpointVerdict:
    """Compare a checkpoint row with the journal's hashes (``hashes[i]`` is the hash at seq i+1).

    Without ``key`` the signature cannot be checked: a row that agrees with the journal is
    then reported as ``ok`` only as far as the hash goes (the caller says so)."""
    if row is None:
        return CheckpointVerdict("none")
    try:
        seq, hash_, state = int(row["seq"]), str(row["hash"]), row["state"]
    except (KeyError, TypeError, ValueError) as exc:
        return CheckpointVerdict("unreadable", detail=f"point de reprise illisible ({exc})")
    if key is not None:
        mac = row.get("mac")
        if mac is None:
            return CheckpointVerdict("unsigned", seq,
                                     "point de reprise non signé (écrit par une version antérieure)")
        try:
            expected = checkpoint_mac(key, session_id, seq, hash_, state)
        except (TypeError, ValueError) as exc:
            return CheckpointVerdict("unreadable", seq, f"point de reprise illisible ({exc})")
        if not hmac.compare_digest(str(mac), expected):
            return CheckpointVerdict("bad_signature", seq,
                                     "la signature du point de reprise est fausse (modifié\u00a0?)")
    if seq > len(hashes):
        return CheckpointVerdict("ahead", seq, f"le point de reprise va jusqu'à l'événement {seq}, le journal "
                                              f"s'arrête à l'événement {len(hashes)}")
    if seq < 1 or hashes[seq - 1] != hash_:
        return CheckpointVerdict("mismatch", seq, f"le point de reprise (événement {seq}) ne concorde pas avec "
                                                  "le journal")
    return CheckpointVerdict("ok", seq)


def unkeyed_problem(session_id: str, unkeyed: int, hashes: list[str], allowed: dict[str, dict]) -> str | None:
    """Why an unsigned start of a journal is not the one recorded when the key was created, or None.

    Only journals written before this server had a key may start unsigned, and only up to the
    line they had reached then: any other unsigned line is a signed journal rewritten without the key."""
    if not unkeyed:
        return None
    known = allowed.get(session_id)
    if known is None:
        return (f"le début de son journal ({count(unkeyed, 'ligne')}) n'est pas signé alors que ce serveur signe "
                "ses journaux (journal réécrit sans la clé\u00a0?)")
    if known.get("seq") != unkeyed or hashes[unkeyed - 1] != known.get("hash"):
        return (f"sa partie non signée (ancien format) ne correspond plus à celle enregistrée à la création de "
                f"la clé ({count(known.get('seq') or 0, 'ligne')}\u00a0; ici {count(unkeyed, 'ligne')})\u00a0: "
                "journal réécrit\u00a0?")
    return None


def restore_steps(data_dir: Path, session_id: str) -> str:
    """What the operator does when acknowledged data is missing: restore the data directory."""
    data_dir = Path(data_dir)
    journal = data_dir / "sessions" / session_id / "journal.jsonl"
    return ("À faire\u00a0: arrêtez le serveur (sudo systemctl stop roomserver)\u00a0; mettez de côté le dossier "
            f"de données sans rien effacer (sudo mv {data_dir} {data_dir}.endommage)\u00a0; remettez à sa place "
            f"la dernière sauvegarde complète du dossier de données (sudo cp -a SAUVEGARDE {data_dir})\u00a0; "
            f"vérifiez (roomserver verify-journal {journal})\u00a0; "
            "redémarrez (sudo systemctl start roomserver).")
