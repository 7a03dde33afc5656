"""``roomserver sync status|send-now|register|export|pull``: the room side of upstream sync.

While the server runs (it holds ``DATA/.serving.lock``):
- ``status``, ``register`` and ``export`` only read (the outbox file, the key, a sealed journal):
  they work at any time;
- ``send-now`` marks the jobs due in the outbox file; the server's worker looks at that file every
  second and sends them; the command waits (``--wait``) and prints how it ended;
- ``pull`` creates sessions, so it needs the server stopped, like ``session create``.
With the server stopped, ``send-now`` sends itself (same worker code, one pass).
See docs/sync.md.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ..core.french import plural
from .common import data_dir_flag, fail, hold_serving_lock, print_json, resolve_data_dir, run_with_store


WAITING_CODES = ("no_upstream", "bad_key_file")  # the worker cannot send at all: nothing to wait for


def register(sub) -> None:
    sync = sub.add_parser("sync", help="Envoi des sessions finalisées à l'organisme (réseau ou clé USB).")
    commands = sync.add_subparsers(dest="sync_command", required=True, metavar="COMMANDE")
    status = commands.add_parser("status", help="Les envois\u00a0: état, essais, dernière erreur, prochain essai.")
    data_dir_flag(status)
    status.add_argument("--json", action="store_true", help="Sortie JSON (une liste d'envois).")
    status.set_defaults(func=status_command)
    now = commands.add_parser("send-now", help="Envoyer maintenant les sessions en attente ou à vérifier.")
    data_dir_flag(now)
    now.add_argument("--session", type=int, help="Seulement cette session.")
    now.add_argument("--wait", type=int, default=30, metavar="SECONDES",
                     help="Serveur en marche\u00a0: attendre au plus ce délai le résultat (30\u00a0s par défaut).")
    now.add_argument("--json", action="store_true", help="Sortie JSON.")
    now.set_defaults(func=send_now_command)
    reg = commands.add_parser("register", help="Afficher la ligne à donner à l'administrateur de l'organisme.")
    data_dir_flag(reg)
    reg.add_argument("--label", default="", metavar="NOM", help="Nom de ce serveur de salle chez l'organisme (établissement, salle).")
    reg.set_defaults(func=register_command)
    export = commands.add_parser("export", help="Écrire le lot signé d'une session finalisée, à porter sur une clé USB.")
    data_dir_flag(export)
    export.add_argument("--session", type=int, required=True, help="Numéro de session.")
    export.add_argument("--out", type=Path, required=True, help="Fichier à écrire (.rsbundle).")
    export.set_defaults(func=export_command)
    pull = commands.add_parser("pull", help="Importer les sessions préparées par l'organisme (serveur arrêté).")
    data_dir_flag(pull)
    pull.add_argument("--json", action="store_true", help="Sortie JSON.")
    pull.set_defaults(func=pull_command)


def _settings(args) -> dict:
    from ..settings import load_settings

    return load_settings({"data_dir": resolve_data_dir(args)})


def _views(box, jobs) -> list[dict]:
    from sync.outbox import job_view

    now = box.clock()
    return [job_view(job, now) for job in jobs]


def _print_jobs(views: list[dict]) -> None:
    if not views:
        print("Aucun envoi\u00a0: aucune session finalisée sur ce serveur.")
    for view in views:
        tries = view["attempts"]
        print(f"n°{view['session_number']:<6} {view['state']:<16} {plural(tries, 'essai')}  "
              f"{view['summary']}")


def status_command(args) -> int:
    from sync.outbox import Outbox

    box = Outbox(resolve_data_dir(args))
    views = _views(box, box.all())
    if args.json:
        print_json(views)
    else:
        _print_jobs(views)
    return 0


def _chosen(box, number: int | None) -> list[dict] | None:
    jobs = box.all()
    if number is None:
        return jobs
    chosen = [job for job in jobs if job["session_number"] == number]
    return chosen or None


def send_now_command(args) -> int:
    from sync.outbox import DELIVERED, NEEDS_ATTENTION, PENDING, SENDING, Outbox

    data_dir = resolve_data_dir(args)
    settings = _settings(args)
    if not hold_serving_lock(data_dir):
        return _ask_the_server(args, Outbox(data_dir))
    from ..content import DEMO_PACK_DIR, load_pack
    from ..store.sessions import SEALED, SessionStore
    from sync.worker import make_worker, room_key

    try:
        key = room_key(settings)
    except (OSError, ValueError) as exc:
        return fail(f"Clé de signature illisible\u00a0: {getattr(exc, 'strerror', None) or exc}")
    store = SessionStore(data_dir, settings["checkpoint_every"])
    try:
        store.load_all()
        pack = load_pack(Path(settings["content_pack"]) if settings["content_pack"] else DEMO_PACK_DIR)
        worker = make_worker(settings, key, pack, clock=store.clock,
                             sealed=lambda: [s for s in store.sessions() if s.status in SEALED and s.finalisation])
        worker.start_up()
        chosen = _chosen(worker.outbox, args.session)
        if chosen is None:
            return fail(f"Aucun envoi pour la session n°{args.session}\u00a0: elle n'est pas finalisée sur ce serveur.")
        for job in chosen:
            worker.outbox.send_now(job["session_id"])
        if worker.client is None:
            print("Aucune adresse d'organisme n'est configurée (ROOMSERVER_UPSTREAM_URL)\u00a0: rien n'est envoyé. "
                  "Sans réseau, portez la session sur une clé USB (roomserver sync export).", file=sys.stderr)
        for job in chosen:
            if worker.client is not None and worker.outbox.get(job["session_id"])["state"] == PENDING:
                worker.attempt(job["session_id"])
        ended = [worker.outbox.get(job["session_id"]) for job in chosen]
    finally:
        store.close()
    return _report(args, worker.outbox, ended, {DELIVERED}, (PENDING, SENDING, NEEDS_ATTENTION))


def _ask_the_server(args, box) -> int:
    """The server runs: mark the jobs due in the outbox file; its worker sees it within a second."""
    from sync.outbox import DELIVERED, NEEDS_ATTENTION, PENDING, SENDING

    chosen = _chosen(box, args.session)
    if chosen is None:
        return fail(f"Aucun envoi pour la session n°{args.session}\u00a0: elle n'est pas finalisée sur ce serveur.")
    before = {job["session_id"]: job["attempts"] for job in chosen}
    asked = [job for job in chosen if box.send_now(job["session_id"]) is not None]
    print(f"Le serveur de salle est en marche\u00a0: {plural(len(asked), 'envoi demandé', 'envois demandés')}, "
          "il s'en charge.", file=sys.stderr)
    deadline = time.monotonic() + max(0, args.wait)
    ids = [job["session_id"] for job in asked]

    def settled(job: dict) -> bool:
        return job["state"] in (DELIVERED, NEEDS_ATTENTION) or (job["state"] == PENDING and (
            job["attempts"] > before[job["session_id"]] or job.get("last_error_code") in WAITING_CODES))

    ended = [box.get(i) for i in ids]
    while time.monotonic() < deadline and not all(settled(job) for job in ended):
        time.sleep(0.3)
        ended = [box.get(i) for i in ids]
    untouched = [box.get(job["session_id"]) for job in chosen if job["session_id"] not in ids]
    return _report(args, box, ended + untouched, {DELIVERED}, (PENDING, SENDING, NEEDS_ATTENTION))


def _report(args, box, jobs: list[dict], good: set, _bad) -> int:
    views = _views(box, jobs)
    if args.json:
        print_json(views)
    else:
        _print_jobs(views)
    return 0 if all(view["state"] in good for view in views) else 1


def register_command(args) -> int:
    from ..store.keys import KeyProblem
    from sync.protocol import keys_line
    from sync.worker import room_key

    settings = _settings(args)
    try:
        try:
            key = room_key(settings)
        except FileNotFoundError:
            if settings["sync_key_file"] or not _create_key(resolve_data_dir(args)):
                raise
            key = room_key(settings)
    except FileNotFoundError as exc:
        return fail(f"Clé introuvable ({exc.filename})\u00a0: vérifiez ROOMSERVER_SYNC_KEY_FILE ou le dossier de "
                    "données.")
    except (OSError, KeyProblem) as exc:
        return fail(f"Clé illisible\u00a0: {getattr(exc, 'strerror', None) or exc}")
    print(keys_line(key, args.label))
    print("\nLa ligne ci-dessus est un SECRET\u00a0: elle contient la clé de ce serveur de salle. Donnez-la à "
          "l'administrateur de l'organisme par un moyen sûr (en main propre, clé USB, message chiffré), jamais par "
          "un courriel ordinaire. Il l'ajoute à son fichier des clés (--keys)\u00a0; ensuite les sessions "
          "finalisées lui parviennent.", file=sys.stderr)
    return 0


def _create_key(data_dir: Path) -> bool:
    """A new data directory has no key until the server's first start: make it the way the server
    does (the store records the journals that predate it). False while a server holds the folder."""
    if not hold_serving_lock(data_dir):
        return False
    from ..store.sessions import SessionStore

    SessionStore(data_dir).close()
    print(f"Clé de ce serveur de salle créée dans {data_dir}/keys/ (sauvegardez-la avec le dossier de données).",
          file=sys.stderr)
    return True


def export_command(args) -> int:
    from ..content import DEMO_PACK_DIR, load_pack
    from ..store.atomic import atomic_write_bytes
    from ..store.keys import KeyProblem
    from sync.bundle import write_bundle
    from sync.payload import NotSendable, find_session_id, session_body
    from sync.worker import room_key

    data_dir = resolve_data_dir(args)
    settings = _settings(args)
    session_id = find_session_id(data_dir, args.session)
    if session_id is None:
        return fail(f"Aucune session n°{args.session} dans {data_dir}.")
    try:
        key = room_key(settings)
    except (OSError, KeyProblem) as exc:
        return fail(f"Clé illisible\u00a0: {getattr(exc, 'strerror', None) or exc}")
    pack = load_pack(Path(settings["content_pack"]) if settings["content_pack"] else DEMO_PACK_DIR)
    try:
        body, state = session_body(data_dir, session_id, key, pack)
    except NotSendable as exc:
        return fail(f"Impossible d'exporter la session n°{args.session}\u00a0: {exc}")
    data = write_bundle(key, body, time.time())
    try:
        atomic_write_bytes(args.out, data)
    except OSError as exc:
        return fail(f"Impossible d'écrire {args.out} ({exc.strerror or exc}).")
    count = len(state.candidates)
    print(f"Lot écrit\u00a0: {args.out} ({max(1, len(data) // 1024)}\u00a0Kio, session n°{state.number}, "
          f"{plural(count, 'candidat')}).")
    print(f"  hash final\u00a0: {state.finalisation['final_hash']}")
    print("  À importer chez l'organisme avec\u00a0: python -m sync.receiver import FICHIER --db … --keys …")
    return 0


def pull_command(args) -> int:
    import datetime as dt

    from ..store.keys import KeyProblem
    from sync.client import Client
    from sync.outbox import Outbox
    from sync.pull import pull
    from sync.worker import room_key

    settings = _settings(args)
    if not settings["upstream_url"]:
        return fail("Aucune adresse d'organisme n'est configurée (ROOMSERVER_UPSTREAM_URL)\u00a0: rien à récupérer.")
    try:
        key = room_key(settings)
    except FileNotFoundError:
        return fail("Ce dossier de données n'a pas encore de clé\u00a0: démarrez le serveur de salle une première fois.")
    except (OSError, KeyProblem) as exc:
        return fail(f"Clé illisible\u00a0: {getattr(exc, 'strerror', None) or exc}")

    def action(store, pack):
        client = Client(settings["upstream_url"], key, settings["sync_connect_timeout_s"],
                        settings["sync_read_timeout_s"])
        report = pull(store, pack, client, Outbox(store.data_dir), dt.date.fromtimestamp(store.clock()))
        if args.json:
            print_json({"imported": report.imported, "skipped": report.skipped, "refused": report.refused,
                         "ack_failed": report.ack_failed, "error": report.error})
        else:
            _print_pull(report)
        return 1 if report.error or report.refused else 0

    return run_with_store(args, action)


def _print_pull(report) -> None:
    if report.error:
        print(report.error, file=sys.stderr)
        return
    if not report.imported:
        print("Aucune nouvelle session préparée par l'organisme.")
    for item in report.imported:
        print(f"Session n°{item['session_number']} importée (préparée par l'organisme\u00a0: {item['upstream_id']}).")
    for item in report.refused:
        print(f"Refusée\u00a0: session {item['upstream_id']}\u00a0: {item['reason']}", file=sys.stderr)
    if report.ack_failed:
        print(f"L'organisme n'a pas accusé réception de {plural(len(report.ack_failed), 'session')}"
              "\u00a0: ce sera redemandé au prochain «\u00a0sync pull\u00a0».", file=sys.stderr)
