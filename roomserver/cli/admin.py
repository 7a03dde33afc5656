"""``roomserver admin set-password``: set (or change) the administrator's password."""

from __future__ import annotations

import getpass
import sys

from .common import data_dir_flag, fail, resolve_data_dir


def register(sub) -> None:
    admin = sub.add_parser("admin", help="Compte administrateur.")
    commands = admin.add_subparsers(dest="admin_command", required=True)
    password = commands.add_parser(
        "set-password", help="Définir ou changer le mot de passe administrateur (au moins 10 caractères). "
                             "Lu sur l'entrée standard avec --stdin, sinon demandé deux fois.")
    data_dir_flag(password)
    password.add_argument("--stdin", action="store_true", help="Lire le mot de passe sur l'entrée standard (scripts).")
    password.set_defaults(func=set_password)


def set_password(args) -> int:
    from ..admin import passwords
    from ..core.refusal import Refusal
    from ..store.atomic import open_table_db

    if args.stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Nouveau mot de passe administrateur\u00a0: ")
        if getpass.getpass("Le même, encore une fois\u00a0: ") != password:
            return fail("Les deux saisies diffèrent\u00a0: rien n'a changé.")
    data_dir = resolve_data_dir(args)
    data_dir.mkdir(parents=True, exist_ok=True)
    tables = open_table_db(data_dir / "roomserver.json")
    try:
        with tables.lock:  # shared with a running server (flock): neither undoes the other's write
            passwords.set_password(tables, password)
            tables.table("admin_tokens").truncate()  # every admin page must log in again
    except Refusal as refusal:
        return fail(f"Refusé\u00a0: {refusal.message}")
    finally:
        tables.close()
    print("Mot de passe administrateur enregistré. Les pages d'administration ouvertes doivent se reconnecter.")
    return 0
