"""The room server's journal key: 32 random bytes that sign every journal line (HMAC-SHA-256).

Kept in ``DATA/keys/journal.key`` (directory 0700, file 0600), created once, atomically,
at the first run; never logged, never served. Only its fingerprint (``key_id``) is shown.
Back it up with the data directory: without it the signed journals can no longer be checked.

``keys/unkeyed-journals.json`` lists, signed with the key, the journals that were written
before this server signed anything (taken when the key is created). Any other unsigned line
is a downgrade: someone rewrote a signed journal as an old, unsigned one.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import stat
from pathlib import Path
from typing import Callable

from .atomic import atomic_write_bytes, fsync_dir
from .french import count

log = logging.getLogger(__name__)

KEY_DIR = "keys"
KEY_FILE = "journal.key"
UNKEYED_FILE = "unkeyed-journals.json"
KEY_BYTES = 32


class KeyProblem(Exception):
    """The key (or its list of old unsigned journals) is missing or damaged: the message says what to do."""


def key_path(data_dir: Path) -> Path:
    return Path(data_dir) / KEY_DIR / KEY_FILE


def key_id(key: bytes) -> str:
    """A short public fingerprint of the key, safe to show and log."""
    return hashlib.sha256(b"roomserver-key-id" + key).hexdigest()[:16]


def read_key(path: Path) -> bytes:
    """Read a key file, refusing one that is not 32 bytes."""
    key = Path(path).read_bytes()
    if len(key) != KEY_BYTES:
        raise KeyProblem(f"La clé des journaux {path} est endommagée ({count(len(key), 'octet')} au lieu de "
                         f"{KEY_BYTES})\u00a0: "
                         "restaurez le dossier keys/ depuis la sauvegarde du dossier de données.")
    return key


def load_or_create_key(data_dir: Path, before_create: Callable[[bytes], None] | None = None) -> bytes:
    """The data directory's key, created at the first run. ``before_create(key)`` runs before
    the new key is written (the store records there which journals predate it)."""
    path = key_path(data_dir)
    try:
        key = read_key(path)
    except FileNotFoundError:
        return _create(path, before_create)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        log.warning("journal key %s was readable by others (mode %o): set back to 0600", path, mode)
        os.chmod(path, 0o600)
    return key


def _create(path: Path, before_create: Callable[[bytes], None] | None) -> bytes:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    key = secrets.token_bytes(KEY_BYTES)
    if before_create:
        before_create(key)
    atomic_write_bytes(path, key, mode=0o600)
    fsync_dir(path.parent.parent)
    log.info("journal key created (key_id %s)", key_id(key))
    return key


# -- the journals that predate the key -----------------------------------------------------------

def _unkeyed_mac(key: bytes, journals: dict) -> str:
    body = json.dumps(journals, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hmac.new(key, b"roomserver-unkeyed-journals" + body, hashlib.sha256).hexdigest()


def write_unkeyed(data_dir: Path, key: bytes, journals: dict[str, dict]) -> None:
    """Record (signed) the unsigned prefix of each old journal: {session_id: {"seq", "hash"}}."""
    directory = Path(data_dir) / KEY_DIR
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    body = {"key_id": key_id(key), "journals": journals, "mac": _unkeyed_mac(key, journals)}
    atomic_write_bytes(directory / UNKEYED_FILE, json.dumps(body, indent=1, sort_keys=True).encode("utf-8"),
                       mode=0o600)


def read_unkeyed(key_file: Path, key: bytes) -> dict[str, dict]:
    """The old journals allowed to start unsigned (next to ``key_file``); none when the list is
    missing. A list that does not verify with the key raises ``KeyProblem``."""
    path = Path(key_file).parent / UNKEYED_FILE
    try:
        body = json.loads(path.read_bytes())
        journals = body["journals"]
        mac = body["mac"]
    except FileNotFoundError:
        return {}
    except (ValueError, KeyError, TypeError):
        raise KeyProblem(f"La liste des anciens journaux non signés {path} est illisible.") from None
    if not hmac.compare_digest(mac, _unkeyed_mac(key, journals)):
        raise KeyProblem(f"La liste des anciens journaux non signés {path} a été modifiée (signature fausse).")
    return journals
