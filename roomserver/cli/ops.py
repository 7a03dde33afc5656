"""Operations subcommands: ``doctor`` (is this machine ready?), ``backup`` (a consistent copy
of the data directory while the server runs), ``discover`` (room servers on the LAN)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..settings import BY_NAME, load_settings


def register(sub) -> None:
    doctor = sub.add_parser("doctor", help="Vérifier que cette machine est prête pour l'examen (sortie 0 si prête).")
    doctor.add_argument("--data-dir", type=Path, help=BY_NAME["data_dir"].help)
    doctor.add_argument("--host", help=BY_NAME["host"].help)
    doctor.add_argument("--port", type=int, help=BY_NAME["port"].help)
    doctor.add_argument("--json", action="store_true", help="Sortie JSON.")
    doctor.set_defaults(func=run_doctor)

    backup = sub.add_parser("backup", help="Copier le dossier de données (journaux, tables, clés), même serveur en "
                                           "marche.")
    backup.add_argument("--to", type=Path, required=True, help="Dossier où écrire la sauvegarde (une clé USB, un "
                                                               "disque réseau).")
    backup.add_argument("--data-dir", type=Path, help=BY_NAME["data_dir"].help)
    backup.set_defaults(func=run_backup)

    discover = sub.add_parser("discover", help="Lister les serveurs de salle annoncés sur le réseau (zeroconf).")
    discover.add_argument("--timeout", type=float, default=3.0, help="Durée de la recherche, en secondes.")
    discover.add_argument("--json", action="store_true", help="Sortie JSON.")
    discover.set_defaults(func=run_discover)


def run_doctor(args) -> int:
    from ..ops import doctor

    settings = load_settings({"data_dir": args.data_dir, "host": args.host, "port": args.port})
    checks = doctor.run_checks(settings)
    if args.json:
        print(json.dumps({"ready": doctor.ready(checks), "checks": [c.__dict__ for c in checks]},
                         ensure_ascii=False, indent=1))
    else:
        print(doctor.render(checks))
    return 0 if doctor.ready(checks) else 1


def run_backup(args) -> int:
    from ..ops.backup import backup

    data_dir = load_settings({"data_dir": args.data_dir})["data_dir"]
    try:
        result = backup(data_dir, args.to)
    except FileNotFoundError as exc:
        print(f"Sauvegarde impossible\u00a0: {exc}.", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"Sauvegarde impossible vers {args.to}\u00a0: {exc.strerror or exc}.", file=sys.stderr)
        return 2
    files = result.manifest["files"]
    size = sum(f["bytes"] for f in files.values())
    journals = sum(1 for name in files if name.endswith(".jsonl"))
    print(f"Sauvegarde écrite\u00a0: {result.path}\n  {len(files)} fichiers dont {journals} journaux, "
          f"{size / 1024 / 1024:.1f}\u00a0Mo, en {result.manifest['seconds']:.1f}\u00a0s".replace(".", ",") +
          "\n  Gardez-la en lieu sûr\u00a0: elle contient la clé des journaux et les codes des sessions.")
    return 0


def run_discover(args) -> int:
    from preflight.discovery import discover_all

    found, note = discover_all(args.timeout)
    if args.json:
        print(json.dumps({"servers": [f._asdict() for f in found], "note": note}, ensure_ascii=False, indent=1))
        return 0 if found else 1
    if not found:
        print(f"Aucun serveur de salle trouvé\u00a0: {note}.")
        return 1
    for server in found:
        room = f"salle {server.room}" if server.room else server.name
        print(f"{room:<30} {server.url}  (roomserver {server.version or '?'})")
    return 0
