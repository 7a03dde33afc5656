"""``roomserver verify-journal``: check a session journal's chain."""

from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    verify = sub.add_parser("verify-journal", help="Vérifier la chaîne d'un journal et afficher son hash final.")
    verify.add_argument("path", type=Path)
    verify.set_defaults(func=lambda args: verify_journal(args.path))


def verify_journal(path: Path) -> int:
    from ..store.journal import JournalCorrupt, verify_journal as verify

    try:
        count, final, torn = verify(path)
    except FileNotFoundError:
        print(f"Fichier introuvable : {path}", file=sys.stderr)
        return 2
    except JournalCorrupt as exc:
        print(f"CORROMPU : {exc}", file=sys.stderr)
        return 1
    print(f"OK : {count} événements, chaîne intacte.")
    if torn:
        print(f"Attention : {torn} octets d'une dernière ligne incomplète (jamais confirmée) seront coupés au démarrage.")
    print(f"hash final : {final}")
    return 0
