"""The ``roomserver`` command: serve, demo, and the subcommands of the modules in
``SUBCOMMAND_MODULES`` (each has ``register(subparsers)``, giving its parsers a ``func``).

Nothing here imports Flask or eventlet at module level: ``serve.run`` must be able
to monkey-patch before the app is imported. Every help text is French, argparse's own
words included ("usage:", "options", "show this help message and exit", its errors):
``FrenchParser`` swaps argparse's gettext for the table below while it builds, parses and
prints, and names the values of options in French (``--data-dir DOSSIER``).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
from pathlib import Path

from .. import __version__
from ..settings import SETTINGS

# Modules of this package that add subcommands (each owns its own).
SUBCOMMAND_MODULES = ("journal", "admin", "sessions", "documents", "finalise", "ops", "adaptive", "sync")

NBSP = "\u00a0"
ARGPARSE_FRENCH = {
    "usage: ": "utilisation\u00a0: ",
    "options": "options",
    "positional arguments": "arguments",
    "subcommands": "sous-commandes",
    "show this help message and exit": "afficher cette aide et quitter",
    "%(prog)s: error: %(message)s\n": "%(prog)s\u00a0: erreur\u00a0: %(message)s\n",
    "the following arguments are required: %s": "arguments obligatoires manquants\u00a0: %s",
    "unrecognized arguments: %s": "arguments inconnus\u00a0: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix impossible\u00a0: %(value)r (possibles\u00a0: %(choices)s)",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s\u00a0: %(message)s",
    "invalid %(type)s value: %(value)r": "valeur %(value)r invalide (type attendu\u00a0: %(type)s)",
    "expected one argument": "une valeur est attendue",
    "expected at most one argument": "une valeur au plus est attendue",
    "expected at least one argument": "une valeur au moins est attendue",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë\u00a0: %(option)s peut désigner %(matches)s",
    "not allowed with argument %s": "impossible avec l'argument %s",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "ignored explicit argument %r": "argument explicite %r ignoré",
    "unexpected option string: %s": "option inattendue\u00a0: %s",
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir «\u00a0%(filename)s\u00a0»\u00a0: %(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "sous-commande inconnue %(parser_name)r (possibles\u00a0: %(choices)s)",
}
# Value names shown after options (``--data-dir DOSSIER``); argparse would show the English dest.
METAVARS = {"data_dir": "DOSSIER", "content_pack": "DOSSIER", "to": "DOSSIER", "host": "ADRESSE", "port": "PORT",
            "candidate_url": "ADRESSE", "algorithm": "ALGORITHME", "comment": "COMMENTAIRE", "date": "DATE",
            "date_from": "DATE", "date_to": "DATE", "invigilator": "NOM", "key": "FICHIER", "notes": "NOTES",
            "out": "DESTINATION", "room": "SALLE", "session": "N", "number": "N", "site": "ÉTABLISSEMENT",
            "start_time": "HEURE", "status": "ÉTAT", "file": "FICHIER", "path": "CHEMIN", "cert": "FICHIER",
            "timeout": "SECONDES"}


def _french(text):
    return ARGPARSE_FRENCH.get(text, text) if isinstance(text, str) else text


def _french_plural(singular, plural, n):
    return "%s valeurs sont attendues" if n != 1 else "%s valeur est attendue"


@contextlib.contextmanager
def french_argparse():
    """argparse's own words in French for the duration (argparse reads gettext at each use)."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _french, _french_plural
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class FrenchFormatter(argparse.RawDescriptionHelpFormatter):
    def _get_default_metavar_for_optional(self, action):
        return METAVARS.get(action.dest, "VALEUR")

    def _get_default_metavar_for_positional(self, action):
        return METAVARS.get(action.dest, action.dest.upper())


class FrenchParser(argparse.ArgumentParser):
    """An ArgumentParser speaking French; its subparsers are FrenchParsers too."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", FrenchFormatter)
        with french_argparse():
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs):
        kwargs.setdefault("parser_class", FrenchParser)
        with french_argparse():
            return super().add_subparsers(**kwargs)

    def parse_known_args(self, args=None, namespace=None):
        with french_argparse():
            return super().parse_known_args(args, namespace)

    def format_usage(self):
        with french_argparse():
            return super().format_usage()

    def format_help(self):
        with french_argparse():
            return super().format_help()


def _server_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, help=next(s.help for s in SETTINGS if s.name == "data_dir"))
    parser.add_argument("--host", help="Adresse d'écoute (0.0.0.0 pour tout le réseau de la salle).")
    parser.add_argument("--port", type=int, help="Port TCP.")
    parser.add_argument("--content-pack", help="Dossier du pack de contenu (par défaut\u00a0: le pack de démonstration).")
    parser.add_argument("--cert", metavar="FICHIER", help="Certificat TLS (PEM)\u00a0: servir en HTTPS (avec --key).")
    parser.add_argument("--key", metavar="FICHIER", help="Clé privée TLS (PEM) du certificat.")
    parser.add_argument("--threading", action="store_true", help="Sans eventlet (mode threading de Flask-SocketIO).")


def _overrides(args) -> dict:
    return {"data_dir": args.data_dir, "host": args.host, "port": args.port, "content_pack": args.content_pack,
            "cert_file": args.cert, "key_file": args.key, "async_mode": "threading" if args.threading else None}


def _settings_help() -> str:
    lines = []
    for s in SETTINGS:
        default = f"défaut\u00a0: {s.default}" if s.default != "" else "vide par défaut"
        lines.append(f"  {s.env:<32} {s.help} ({default})")
    return "\n".join(lines)


def build_parser() -> FrenchParser:
    parser = FrenchParser(prog="roomserver",
                          description="Serveur de salle pour la certification des compétences numériques.",
                          epilog="Réglages (variables d'environnement)\u00a0:\n" + _settings_help() +
                                 "\n\nAide d'une commande\u00a0: roomserver COMMANDE --help")
    parser.add_argument("--version", action="version", version=__version__, help="afficher la version et quitter")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")
    serve = sub.add_parser("serve", help="Servir les sessions du dossier de données.")
    _server_flags(serve)
    demo = sub.add_parser("demo", help="Créer (si besoin) une session de démonstration et la servir (Ctrl+C l'arrête).")
    _server_flags(demo)
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from ..settings import SettingsError

    args = build_parser().parse_args(argv)
    try:
        if getattr(args, "func", None):
            return args.func(args)
        return _serve(args)
    except SettingsError as exc:
        print(f"Réglage invalide\u00a0: {exc}", file=sys.stderr)
        return 2


def _serve(args) -> int:
    from ..serve import run
    from .common import hold_serving_lock, resolve_data_dir

    data_dir = resolve_data_dir(args)
    if not hold_serving_lock(data_dir):
        print(f"Un autre serveur de salle utilise déjà le dossier {data_dir}\u00a0: arrêtez-le d'abord.", file=sys.stderr)
        return 2

    if args.command == "demo":
        from ..demo import seed_and_announce

        return run(_overrides(args), on_ready=seed_and_announce)
    return run(_overrides(args), on_ready=announce)


def announce(app, settings) -> None:
    from ..admin import passwords
    from ..demo import urls

    scheme = "https" if settings["cert_file"] else "http"
    print(f"roomserver {__version__} prêt.", flush=True)
    if not passwords.is_set(app.extensions["roomserver"].store.tables):
        print("Aucun mot de passe administrateur n'est défini. Définissez-le avant de préparer une session\u00a0:\n"
              f"  roomserver admin set-password --data-dir {settings['data_dir']}\n"
              "  ou, sur ce serveur lui-même, ouvrez "
              f"{scheme}://127.0.0.1:{settings['port']}/admin/premier-demarrage", flush=True)
    for label, url in urls(settings).items():
        print(f"  {label:<14} {url.replace('http://', scheme + '://', 1)}", flush=True)


if __name__ == "__main__":  # python -m roomserver.cli.__init__
    sys.exit(main())
