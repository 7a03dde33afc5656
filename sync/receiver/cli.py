"""``python -m sync.receiver`` (console script ``roomserver-receiver``): serve, list, import, prepare, migrate.

``python -m sync.receiver --port PORT --db URL --keys FILE`` serves (``serve`` is the default
subcommand): the schema is migrated once, in the master process, then gunicorn forks
``--workers`` processes (2 by default), each with its own app and database connections.
Every message is French; a refusal exits non-zero with the reason on stderr.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from roomserver.cli import FrenchParser
from roomserver.core.french import typo

from ..protocol import KeysFileError, SyncRefusal, load_keys

COMMANDS = ("serve", "list", "import", "prepare", "migrate")
DEFAULT_DB = "sqlite:///receiver.db"


def _db_flag(parser) -> None:
    parser.add_argument("--db", metavar="URL", default=os.environ.get("ROOMSERVER_RECEIVER_DB", DEFAULT_DB),
                        help="Base de données\u00a0: sqlite:///CHEMIN (par défaut, variable ROOMSERVER_RECEIVER_DB) "
                             "ou postgresql://utilisateur:motdepasse@hôte:port/base.")


def _keys_flag(parser, required: bool = True) -> None:
    parser.add_argument("--keys", metavar="FICHIER", type=Path, required=required,
                        help="Fichier des clés des serveurs de salle acceptés (une ligne par salle, "
                             "donnée par «\u00a0roomserver sync register\u00a0»).")


def build_parser() -> FrenchParser:
    parser = FrenchParser(prog="python -m sync.receiver",
                          description="Récepteur de référence\u00a0: reçoit, vérifie et garde une fois chaque "
                                      "session finalisée envoyée par les serveurs de salle.")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE")
    serve = sub.add_parser("serve", help="Servir (par défaut quand seules des options sont données).")
    serve.add_argument("--host", metavar="ADRESSE", default="127.0.0.1", help="Adresse d'écoute (127.0.0.1 par défaut).")
    serve.add_argument("--port", metavar="PORT", type=int, default=8090, help="Port TCP (8090 par défaut).")
    serve.add_argument("--workers", metavar="N", type=int, default=2, help="Processus servant les requêtes (2 par défaut).")
    _db_flag(serve)
    _keys_flag(serve)
    serve.set_defaults(func=serve_command)

    listing = sub.add_parser("list", help="Lister les sessions reçues.")
    _db_flag(listing)
    listing.add_argument("--json", action="store_true", help="Liste JSON (session_id, final_hash, number…).")
    listing.set_defaults(func=list_command)

    importing = sub.add_parser("import", help="Importer un lot (.rsbundle) apporté sur une clé USB.")
    importing.add_argument("file", metavar="FICHIER", type=Path, help="Le lot à importer.")
    _db_flag(importing)
    _keys_flag(importing)
    importing.set_defaults(func=import_command)

    prepare = sub.add_parser("prepare", help="Préparer des sessions qu'une salle ira chercher (JSON).")
    prepare.add_argument("file", metavar="FICHIER", type=Path, help="Fichier JSON des sessions préparées.")
    prepare.add_argument("--room", metavar="KEY_ID", required=True, help="Identifiant de clé de la salle destinataire.")
    _db_flag(prepare)
    _keys_flag(prepare, required=False)
    prepare.set_defaults(func=prepare_command)

    migrate = sub.add_parser("migrate", help="Créer ou mettre à jour le schéma de la base (fait aussi au démarrage).")
    _db_flag(migrate)
    migrate.add_argument("--revision", metavar="RÉVISION", default="head", help="Révision visée (la dernière par défaut).")
    migrate.set_defaults(func=migrate_command)
    return parser


def fail(message: str, code: int = 2) -> int:
    print(typo(message), file=sys.stderr)
    return code


def _engine(url: str, migrate_first: bool = True):
    from . import migrate
    from .db import make_engine

    engine = make_engine(url)
    if migrate_first:
        migrate.upgrade(engine)
    return engine


def serve_command(args) -> int:
    from .server import serve

    if args.workers < 1:
        return fail("--workers\u00a0: au moins 1.")
    load_keys(args.keys)  # refuse to start on a malformed keys file, before forking
    engine = _engine(args.db)
    engine.dispose()  # the workers open their own connections
    return serve(args.db, args.keys, args.host, args.port, args.workers)


def list_command(args) -> int:
    from .ingest import list_sessions

    rows = list_sessions(_engine(args.db))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    if not rows:
        print("Aucune session reçue.")
        return 0
    for row in rows:
        print(f"{row['received_at']}  {row['room_label'] or row['key_id']}  session n°\u00a0{row['number']}  "
              f"{row['session_id']}  {row['candidates']}\u00a0candidat{'s' if row['candidates'] > 1 else ''}  "
              f"hash final {row['final_hash'][:16]}…")
    print(f"{len(rows)}\u00a0session{'s' if len(rows) > 1 else ''} reçue{'s' if len(rows) > 1 else ''}.")
    return 0


def import_command(args) -> int:
    from ..bundle import read_bundle
    from .ingest import receive

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        return fail(f"Impossible de lire le lot {args.file}\u00a0: {exc.strerror or exc}.")
    keys = load_keys(args.keys)
    engine = _engine(args.db)
    try:
        bundle = read_bundle(data, keys)
        outcome = receive(engine, bundle.body, bundle.room, bundle.idempotency_key, "bundle", time.time())
    except SyncRefusal as exc:
        return fail(f"Lot refusé ({exc.code})\u00a0: {exc.message}", 1)
    body = outcome.body
    if outcome.status == 201:
        print(f"Session {body['session_id']} importée (hash final {body['final_hash'][:16]}…).")
    else:
        print(f"Session {body['session_id']} déjà reçue le {body['received_at']}\u00a0: rien n'a été ajouté.")
    return 0


def prepare_command(args) -> int:
    from . import prepared

    room = args.room.strip().lower()
    if args.keys is not None and room not in load_keys(args.keys):
        return fail(f"La salle {room} n'est pas dans le fichier des clés {args.keys}.")
    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return fail(f"Impossible de lire {args.file}\u00a0: {exc}.")
    try:
        sessions = prepared.parse_file(text)
        added, kept = prepared.add(_engine(args.db), room, sessions, time.time())
    except prepared.PreparedInvalid as exc:
        return fail(f"Fichier refusé\u00a0: {exc}", 1)
    for upstream_id in added:
        print(f"Session préparée {upstream_id} pour la salle {room}.")
    for upstream_id in kept:
        print(f"Session {upstream_id} déjà préparée à l'identique\u00a0: inchangée.")
    return 0


def migrate_command(args) -> int:
    from . import migrate
    from .db import make_engine

    where = migrate.upgrade(make_engine(args.db), args.revision)
    print(f"Schéma de la base à la révision {where} (dernière\u00a0: {migrate.head()}).")
    return 0


def main(argv: list[str] | None = None) -> int:
    from .db import DatabaseUrlError

    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv.insert(0, "serve")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (KeysFileError, DatabaseUrlError) as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return 130
