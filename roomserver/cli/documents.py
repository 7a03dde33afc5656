"""``roomserver documents --session N --out DIR``: write the session's printed documents."""

from __future__ import annotations

from pathlib import Path

from .common import data_dir_flag, fail, run_with_store


def register(sub) -> None:
    documents = sub.add_parser("documents", help="Écrire les documents imprimables d'une session (PDF) dans un dossier.")
    data_dir_flag(documents)
    documents.add_argument("--session", type=int, required=True, help="Numéro de session.")
    documents.add_argument("--out", type=Path, required=True, help="Dossier où écrire les PDF.")
    documents.add_argument("--candidate-url", default="", help="Adresse à écrire au tableau pour les candidats "
                                                               "(par défaut\u00a0: celle des réglages du serveur).")
    documents.set_defaults(func=write_documents)


def default_url(args) -> str:
    """The address the server's settings give (ROOMSERVER_HOST, ROOMSERVER_PORT), as the session page shows it."""
    from ..api.admin import board_url
    from ..settings import load_settings

    return board_url(load_settings({"data_dir": args.data_dir}))


def write_documents(args) -> int:
    from .. import documents

    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return fail(f"Impossible de créer le dossier {args.out} ({exc.strerror}).")

    def action(store, pack):
        state = store.by_number(args.session).state
        url = args.candidate_url or default_url(args)
        made = {
            "feuille-emargement.pdf": documents.attendance_sheet(state),
            "dossier-surveillant.pdf": documents.invigilator_kit(state, url),
            "convocations.pdf": documents.candidate_notice(state, url),
            "pv-incident.pdf": documents.incident_report(state),
            "pv-fraude.pdf": documents.fraud_reports(state),
        }
        for name, data in made.items():
            path = args.out / f"session-{state.number}-{name}"
            path.write_bytes(data)
            print(f"  {path}")
        return 0

    return run_with_store(args, action)
