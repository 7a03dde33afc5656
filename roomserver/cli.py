"""The ``roomserver`` command: serve, demo, verify-journal.

Nothing here imports Flask or eventlet at module level: ``serve.run`` must be able
to monkey-patch before the app is imported.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .settings import SETTINGS


def _server_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, help=next(s.help for s in SETTINGS if s.name == "data_dir"))
    parser.add_argument("--host", help="Adresse d'écoute (0.0.0.0 pour tout le réseau de la salle).")
    parser.add_argument("--port", type=int, help="Port TCP.")
    parser.add_argument("--content-pack", help="Dossier du pack de contenu (par défaut : le pack de démonstration).")
    parser.add_argument("--threading", action="store_true", help="Sans eventlet (mode threading de Flask-SocketIO).")


def _overrides(args) -> dict:
    return {"data_dir": args.data_dir, "host": args.host, "port": args.port, "content_pack": args.content_pack,
            "async_mode": "threading" if args.threading else None}


def main(argv: list[str] | None = None) -> int:
    settings_help = "\n".join(f"  {s.env:<32} {s.help} (défaut : {s.default})" for s in SETTINGS)
    parser = argparse.ArgumentParser(prog="roomserver", formatter_class=argparse.RawDescriptionHelpFormatter,
                                     description="Serveur de salle pour la certification des compétences numériques.",
                                     epilog="Réglages (variables d'environnement) :\n" + settings_help)
    parser.add_argument("--version", action="version", version=__version__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="Servir les sessions du dossier de données.")
    _server_flags(serve)
    demo = sub.add_parser("demo", help="Créer (si besoin) une session de démonstration et la servir.")
    _server_flags(demo)
    verify = sub.add_parser("verify-journal", help="Vérifier la chaîne d'un journal et afficher son hash final.")
    verify.add_argument("path", type=Path)
    args = parser.parse_args(argv)

    if args.command == "verify-journal":
        return verify_journal(args.path)
    from .serve import run

    if args.command == "demo":
        from .demo import seed_and_announce

        return run(_overrides(args), on_ready=seed_and_announce)
    return run(_overrides(args), on_ready=announce)


def announce(app, settings) -> None:
    from .demo import urls

    print(f"roomserver {__version__} prêt.", flush=True)
    for label, url in urls(settings).items():
        print(f"  {label:<14} {url}", flush=True)


def verify_journal(path: Path) -> int:
    from .store.journal import JournalCorrupt, verify_journal as verify

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


if __name__ == "__main__":
    sys.exit(main())
