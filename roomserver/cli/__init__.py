"""The ``roomserver`` command: serve, demo, and the subcommands of the modules in
``SUBCOMMAND_MODULES`` (each has ``register(subparsers)``, giving its parsers a ``func``).

Nothing here imports Flask or eventlet at module level: ``serve.run`` must be able
to monkey-patch before the app is imported.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from .. import __version__
from ..settings import SETTINGS


# Modules of this package that add subcommands (each owns its own).
SUBCOMMAND_MODULES = ("journal", "admin", "sessions", "documents", "finalise")


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
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    args = parser.parse_args(argv)

    if getattr(args, "func", None):
        return args.func(args)
    from ..serve import run
    from .common import hold_serving_lock, resolve_data_dir

    data_dir = resolve_data_dir(args)
    if not hold_serving_lock(data_dir):
        print(f"Un autre serveur de salle utilise déjà le dossier {data_dir} : arrêtez-le d'abord.", file=sys.stderr)
        return 2

    if args.command == "demo":
        from ..demo import seed_and_announce

        return run(_overrides(args), on_ready=seed_and_announce)
    return run(_overrides(args), on_ready=announce)


def announce(app, settings) -> None:
    from ..admin import passwords
    from ..demo import urls

    print(f"roomserver {__version__} prêt.", flush=True)
    if not passwords.is_set(app.extensions["roomserver"].store.tables):
        print("Aucun mot de passe administrateur n'est défini. Définissez-le avant de préparer une session :\n"
              f"  roomserver admin set-password --data-dir {settings['data_dir']}\n"
              "  ou, sur ce serveur lui-même, ouvrez "
              f"http://127.0.0.1:{settings['port']}/admin/premier-demarrage", flush=True)
    for label, url in urls(settings).items():
        print(f"  {label:<14} {url}", flush=True)


if __name__ == "__main__":  # python -m roomserver.cli.__init__
    sys.exit(main())
