"""``roomserver session create|list|show`` and ``roomserver candidates import``: the
administrator's preparation, for scripts. Same rules and events as the /admin pages."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

from .common import data_dir_flag, fail, print_json, run_with_store


def register(sub) -> None:
    session = sub.add_parser("session", help="Préparer et consulter les sessions (scripts).")
    commands = session.add_subparsers(dest="session_command", required=True)
    create = commands.add_parser("create", help="Créer une session\u00a0; affiche son numéro et le mot de passe surveillant.")
    data_dir_flag(create)
    create.add_argument("--site", required=True, help="Nom de l'établissement.")
    create.add_argument("--room", required=True, help="Nom de la salle.")
    create.add_argument("--date", required=True, help="Date AAAA-MM-JJ.")
    create.add_argument("--start-time", required=True, help="Heure de début HH:MM.")
    create.add_argument("--invigilator", action="append", required=True, help="Nom d'un surveillant (à répéter).")
    create.add_argument("--notes", default="", help="Notes libres.")
    create.add_argument("--algorithm", default="classic", choices=("classic", "adaptive"),
                        help="Algorithme de certification\u00a0: classic (3 questions par compétence positionnée) "
                             "ou adaptive (32 questions choisies une à une).")
    create.add_argument("--certification-version", metavar="NOM",
                        help="Test adaptatif\u00a0: la version de certification du contenu (par défaut la dernière).")
    create.add_argument("--json", action="store_true", help="Sortie JSON.")
    create.set_defaults(func=create_session)
    listing = commands.add_parser("list", help="Lister les sessions, à venir d'abord.")
    data_dir_flag(listing)
    listing.add_argument("--status", help="created, started, closed, finalised ou synced.")
    listing.add_argument("--date-from", help="Seulement à partir de cette date (AAAA-MM-JJ).")
    listing.add_argument("--date-to", help="Seulement jusqu'à cette date (AAAA-MM-JJ).")
    listing.add_argument("--json", action="store_true", help="Sortie JSON.")
    listing.set_defaults(func=list_sessions)
    show = commands.add_parser("show", help="Tout ce que montre la page de la session.")
    data_dir_flag(show)
    show.add_argument("number", type=int, help="Numéro de session.")
    show.add_argument("--json", action="store_true", help="Sortie JSON.")
    show.set_defaults(func=show_session)
    from .finalise import add_finalise
    add_finalise(commands)

    candidates = sub.add_parser("candidates", help="Candidats d'une session (scripts).")
    ccommands = candidates.add_subparsers(dest="candidates_command", required=True)
    imported = ccommands.add_parser("import", help="Importer une liste (CSV, ODS ou XLSX), tout ou rien.")
    data_dir_flag(imported)
    imported.add_argument("--session", type=int, required=True, help="Numéro de session.")
    imported.add_argument("file", type=Path, help="Fichier CSV, ODS ou XLSX (modèle de la plateforme).")
    imported.set_defaults(func=import_candidates)


def _today(store) -> dt.date:
    return dt.date.fromtimestamp(store.clock())


def create_session(args) -> int:
    from ..core import codes, commands, preparation

    def action(store, pack):
        details = preparation.session_details({
            "site": args.site, "room": args.room, "date": args.date, "start_time": args.start_time,
            "invigilators": args.invigilator, "notes": args.notes, "algorithm": args.algorithm})
        certification = preparation.certification_for(details["algorithm"], pack, args.certification_version)
        system = secrets.SystemRandom()
        handle = store.create(lambda sid: commands.create_session(
            sid, codes.session_number(system, store.taken_numbers()), codes.access_code(system),
            codes.invigilator_password(system), details,
            {"id": pack.id, "version": pack.version, "digest": pack.digest}, certification))
        state = handle.state
        if args.json:
            print_json({"session_number": state.number, "session_id": state.id,
                         "invigilator_password": state.invigilator_password})
        else:
            print(f"Session n°{state.number} créée ({details['site']}, {details['room']}, {details['date']} "
                  f"à {details['start_time']}).")
            print(f"  mot de passe surveillant\u00a0: {state.invigilator_password}")
            if certification is not None:
                print(f"  test adaptatif, version de certification\u00a0: {certification['id']} "
                      f"({certification['max_questions']} questions)")
        return 0

    return run_with_store(args, action)


def list_sessions(args) -> int:
    from ..admin.views import session_line, upcoming_first
    from ..core.identity import is_birthdate
    from ..core.states import SessionStatus

    if args.status is not None and args.status not in {str(s) for s in SessionStatus}:
        return fail("Statut inconnu\u00a0: created, started, closed, finalised ou synced.")
    for flag, value in (("--date-from", args.date_from), ("--date-to", args.date_to)):
        if value is not None and not is_birthdate(value):
            return fail(f"{flag}\u00a0: une date AAAA-MM-JJ.")

    def action(store, pack):
        states = [s for s in store.sessions()
                  if (args.status is None or str(s.status) == args.status)
                  and (args.date_from is None or s.details.get("date", "") >= args.date_from)
                  and (args.date_to is None or s.details.get("date", "") <= args.date_to)]
        lines = [session_line(s) for s in upcoming_first(states, _today(store))]
        if args.json:
            print_json({"sessions": lines})
            return 0
        if not lines:
            print("Aucune session sur ce serveur.")
        for line in lines:
            count = line["candidates"]
            print(f"n°{line['session_number']:<6} {line['date']} {line['start_time']}  {line['status_label']:<14} "
                  f"{line['site']}, {line['room']}\u00a0; {count} candidat{'s' if count > 1 else ''}")
        return 0

    return run_with_store(args, action)


def show_session(args) -> int:
    from ..admin.views import session_page

    def action(store, pack):
        state = store.by_number(args.number).state
        shown = session_page(state, "", _today(store))
        if args.json:
            print_json(shown)
            return 0
        print(f"Session n°{state.number}\u00a0: {shown['status_label']}")
        print(f"  {shown['site']}, {shown['room']}, le {shown['date']} à {shown['start_time']}")
        print(f"  surveillants\u00a0: {', '.join(shown['invigilators'])}")
        print(f"  mot de passe surveillant\u00a0: {shown['invigilator_password']}")
        for warning in shown["warnings"]:
            print(f"  attention\u00a0: {warning}")
        print(f"  {len(shown['candidates_list'])} candidats\u00a0:")
        for c in shown["candidates_list"]:
            flag = "" if c["certifiable"] else "  (non certifiable)"
            extra = f", temps majoré {c['extra_time_pct']} %" if c["extra_time_pct"] else ""
            born = "/".join(reversed(c["birthdate"].split("-")))
            print(f"    {c['last_name']} {c['first_name']}, date de naissance {born}{extra}\u00a0: {c['status_label']}{flag}")
        return 0

    return run_with_store(args, action)


def import_candidates(args) -> int:
    from ..admin.importing import import_candidate_file

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        return fail(f"Fichier illisible\u00a0: {args.file} ({exc.strerror}).")

    def action(store, pack):
        handle = store.by_number(args.session)
        report = import_candidate_file(store, handle, data, args.file.name, _today(store))
        if report["errors"]:
            count = len(report["errors"])
            print(f"Rien n'a été importé\u00a0: {count} erreur{'s' if count > 1 else ''} à corriger.")
            for error in report["errors"]:
                print(f"  {error['message']}")
            return 1
        count = report["imported"]
        print(f"{count} candidat{'s' if count > 1 else ''} importé{'s' if count > 1 else ''} dans la session n°{args.session}.")
        return 0

    return run_with_store(args, action)
