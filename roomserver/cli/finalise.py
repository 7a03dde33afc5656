"""``roomserver session finalise`` and ``roomserver archive``: close the paperwork of a
session from a script, and keep or check the school's archive."""

from __future__ import annotations

import uuid
from pathlib import Path

from .common import data_dir_flag, fail, run_with_store


def add_finalise(session_commands) -> None:
    """``roomserver session finalise N``: added to the ``session`` command by ``sessions.register``."""
    finalise = session_commands.add_parser("finalise", help="Finaliser une session clôturée (scelle son journal).")
    data_dir_flag(finalise)
    finalise.add_argument("number", type=int, help="Numéro de session.")
    finalise.add_argument("--abort", action="append", default=[], metavar="CANDIDAT=abandon|technical",
                          help="Motif d'arrêt d'un test inachevé (identifiant du candidat), à répéter.")
    finalise.add_argument("--comment", help="Commentaire global (500 caractères au plus).")
    finalise.add_argument("--incident-occurred", action="store_true", help="Un incident a eu lieu.")
    finalise.add_argument("--joining-issue", action="store_true", help="Des candidats n'ont pas pu rejoindre.")
    finalise.add_argument("--all-end-screens", action="store_true",
                          help="Cocher «\u00a0écran de fin vu\u00a0» pour tous les tests terminés.")
    finalise.set_defaults(func=finalise_session)


def register(sub) -> None:
    archive = sub.add_parser("archive", help="Archive d'une session finalisée\u00a0: «\u00a0archive --session N --out FICHIER\u00a0» "
                                             "pour l'écrire, «\u00a0archive verify FICHIER\u00a0» pour la vérifier.")
    data_dir_flag(archive)
    archive.add_argument("--session", type=int, help="Numéro de session.")
    archive.add_argument("--out", type=Path, help="Fichier ZIP à écrire.")
    archive.add_argument("--key", type=Path, help="Clé du serveur de salle (vérifie aussi les signatures du journal).")
    archive.add_argument("verify", nargs="*", metavar="verify FICHIER", help="Vérifier une archive.")
    archive.set_defaults(func=archive_command)


def finalise_session(args) -> int:
    from ..core import finalisation
    from ..core.invigilation import ENDED

    reasons = {}
    for item in args.abort:
        candidate_id, _, reason = item.partition("=")
        if reason not in finalisation.ABORT_REASONS:
            return fail(f"Motif d'arrêt inconnu pour {candidate_id}\u00a0: abandon ou technical.")
        reasons[candidate_id] = reason

    def action(store, pack):
        handle = store.by_number(args.number)
        state = handle.state
        seen = [c.id for c in state.candidates.values() if c.status in ENDED] if args.all_end_screens else []
        request = finalisation.FinalisationRequest(reasons, args.comment, args.incident_occurred, args.joining_issue,
                                                   seen)
        with handle.lock:
            finalisation.check(state, request)
            store.execute(handle, lambda s: finalisation.paperwork(s, request, "admin", lambda: str(uuid.uuid4())))
            store.execute(handle, lambda s: finalisation.finalise(s, request, handle.journal.last_hash,
                                                                  store.clock(), "admin"))
            store.seal(handle)
        final = handle.state.finalisation
        print(f"Session n°{state.number} finalisée{' (après le délai de 48 h)' if final['late'] else ''}.")
        print(f"  hash final\u00a0: {final['final_hash']}")
        return 0

    return run_with_store(args, action)


def archive_command(args) -> int:
    if args.verify:
        if len(args.verify) != 2 or args.verify[0] != "verify":
            return fail("Usage\u00a0: roomserver archive verify FICHIER")
        return verify(Path(args.verify[1]), args.key)
    if args.session is None or args.out is None:
        return fail("Usage\u00a0: roomserver archive --session N --out FICHIER")

    def action(store, pack):
        from ..api.admin_finalise import archive_bytes

        data = archive_bytes(store, pack, store.by_number(args.session))
        try:
            args.out.write_bytes(data)
        except OSError as exc:
            return fail(f"Impossible d'écrire l'archive {args.out} ({exc.strerror}).")
        print(f"Archive écrite\u00a0: {args.out} ({len(data) // 1024} Kio).")
        return 0

    return run_with_store(args, action)


def verify(path: Path, key_path: Path | None) -> int:
    from ..admin.archive import ArchiveInvalid, verify_archive
    from ..store.keys import KeyProblem, read_key, read_unkeyed

    key, unkeyed = None, {}
    if key_path is not None:
        try:
            key = read_key(key_path)
            unkeyed = read_unkeyed(key_path, key)
        except (OSError, KeyProblem) as exc:
            return fail(f"Clé illisible\u00a0: {key_path} ({getattr(exc, 'strerror', None) or exc}).")
    try:
        manifest = verify_archive(path, key, unkeyed)
    except ArchiveInvalid as exc:
        print(f"INVALIDE\u00a0: {exc}")
        return 1
    signed = (", signatures du journal et du manifeste vérifiées avec la clé" if key is not None else
              "\u00a0; signatures non vérifiées\u00a0: donnez --key DONNÉES/keys/journal.key pour les vérifier")
    print(f"OK\u00a0: archive de la session n°{manifest['session_number']}, "
          f"{len(manifest['files'])} fichiers intacts, "
          f"journal scellé ({manifest['events']} événements{signed}).")
    print(f"hash final\u00a0: {manifest['final_hash']}")
    return 0
