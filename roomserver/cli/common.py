"""What the scripting subcommands share: the data directory, opened once, under a lock.

A serving process holds ``DATA/.serving.lock`` (see ``hold_serving_lock``); the subcommands
that change sessions take it too, so a script and the server never write the same journal
at once. Only ``admin set-password`` works while the server runs (one atomic row).
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
from pathlib import Path

from ..settings import BY_NAME, load_settings

LOCK_NAME = ".serving.lock"
_held: list = []  # file objects kept open for the life of the process


def data_dir_flag(parser) -> None:
    parser.add_argument("--data-dir", type=Path, help=BY_NAME["data_dir"].help)


def resolve_data_dir(args) -> Path:
    return load_settings({"data_dir": getattr(args, "data_dir", None)})["data_dir"]


def _lock(data_dir: Path):
    data_dir.mkdir(parents=True, exist_ok=True)
    handle = open(data_dir / LOCK_NAME, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def hold_serving_lock(data_dir: Path) -> bool:
    """Taken by ``serve`` and ``demo`` for the life of the process; False when another holds it."""
    handle = _lock(Path(data_dir))
    if handle is None:
        return False
    _held.append(handle)
    return True


class DataBusy(Exception):
    """Another process (the server) holds the data directory."""


def open_store(data_dir: Path):
    """(store, pack) for a script, refusing while the server holds the directory."""
    if not hold_serving_lock(data_dir):
        raise DataBusy(f"Le serveur de salle utilise le dossier {data_dir}\u00a0: arrêtez-le d'abord "
                       "(systemctl stop roomserver), ou faites cette opération dans les pages /admin.")
    from ..content import DEMO_PACK_DIR, load_pack
    from ..store.sessions import SessionStore

    settings = load_settings({"data_dir": data_dir})
    store = SessionStore(data_dir, settings["checkpoint_every"])
    store.load_all()
    pack = load_pack(Path(settings["content_pack"]) if settings["content_pack"] else DEMO_PACK_DIR)
    return store, pack


def fail(message: str, code: int = 2) -> int:
    print(message, file=sys.stderr)
    return code


def run_with_store(args, action) -> int:
    """Open the data directory, run ``action(store, pack)``, turn refusals into French errors."""
    from ..core.refusal import Refusal

    try:
        store, pack = open_store(resolve_data_dir(args))
    except DataBusy as exc:
        return fail(str(exc))
    try:
        return action(store, pack)
    except Refusal as refusal:
        return fail(f"Refusé\u00a0: {refusal.message}")
    finally:
        store.close()


def print_json(value) -> None:
    """A command's ``--json`` output: UTF-8 as written (Élodie, not \\u00c9lodie), indented."""
    print(json.dumps(value, ensure_ascii=False, indent=2))
