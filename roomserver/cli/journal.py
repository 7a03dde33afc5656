"""``roomserver verify-journal``: check a session journal's chain, its signatures with the
room server's key, its end, and its checkpoint in the data directory it sits in.

Exit codes: 0 everything verifies; 1 something does not (the journal, a signature, the
checkpoint, acknowledged lines missing); 2 file not found or the key unreadable; 3 the chain
holds but its signatures could not be checked (no key found or given).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OK, DAMAGED, UNUSABLE, UNCHECKED = 0, 1, 2, 3


def register(sub) -> None:
    verify = sub.add_parser("verify-journal", help="Vérifier un journal de session (chaîne, signatures, point de "
                                                  "reprise) et afficher son hash final.")
    verify.add_argument("path", type=Path, help="Le fichier DONNÉES/sessions/<id>/journal.jsonl.")
    verify.add_argument("--key", type=Path, help="Le fichier de clé (par défaut\u00a0: DONNÉES/keys/journal.key du "
                                                 "dossier de données où se trouve le journal).")
    verify.set_defaults(func=lambda args: verify_journal(args.path, args.key))


def data_dir_of(path: Path) -> Path:
    """DATA for DATA/sessions/<id>/journal.jsonl (or DATA/deleted/<id>/journal.jsonl)."""
    return Path(path).resolve().parent.parent.parent


def verify_journal(path: Path, key_file: Path | None = None) -> int:
    from ..store.french import count
    from ..store.integrity import unkeyed_problem
    from ..store.journal import ChainReader, JournalCorrupt, iter_journal
    from ..store.keys import KeyProblem, key_id, key_path, read_key, read_unkeyed

    path = Path(path)
    if not path.is_file():
        print(f"Fichier introuvable\u00a0: {path}", file=sys.stderr)
        return UNUSABLE
    data_dir = data_dir_of(path)
    session_id = path.parent.name
    key_file = key_file or key_path(data_dir)
    try:
        key = read_key(key_file)
    except FileNotFoundError:
        key = None
    except (KeyProblem, OSError) as exc:
        print(f"Clé illisible\u00a0: {exc}", file=sys.stderr)
        return UNUSABLE

    print(f"Journal\u00a0: {path}")
    reader = ChainReader(path, key)
    hashes: list[str] = []
    end, failure = 0, None
    try:
        for event, end in iter_journal(path, reader=reader):
            hashes.append(event.hash)
    except JournalCorrupt as exc:
        failure = exc
    torn = path.stat().st_size - end if failure is None else 0
    verdict = OK

    print(f"Événements\u00a0: {len(hashes)}{' lisibles avant le problème' if failure else ''}")
    print(f"Chaîne\u00a0: {_chain_kind(reader)}")
    if failure is not None and failure.kind in ("signature", "other_key"):
        print(f"Clé\u00a0: ÉCHEC à la ligne {failure.lineno}", file=sys.stderr)
    if failure is not None:
        print(f"CORROMPU\u00a0: {failure}", file=sys.stderr)
        verdict = DAMAGED
    elif key is None:
        if reader.keyed:
            print(f"Clé\u00a0: aucune clé trouvée ni donnée ({key_file})\u00a0: les signatures ne sont pas "
                  "vérifiées, seuls les liens de la chaîne le sont.")
            verdict = UNCHECKED
        else:
            print("Clé\u00a0: aucune clé trouvée ni donnée (chaîne non signée\u00a0: rien à vérifier de plus).")
    else:
        if reader.keyed:
            checked = count(reader.keyed, "ligne signée vérifiée", "lignes signées vérifiées")
            print(f"Clé\u00a0: OK, {checked} avec la clé {key_id(key)}.")
        try:
            problem = unkeyed_problem(session_id, reader.unkeyed, hashes, read_unkeyed(key_file, key))
        except KeyProblem as exc:
            problem = str(exc)
        if problem:
            print(f"CORROMPU\u00a0: {path}\u00a0: {problem}.", file=sys.stderr)
            verdict = DAMAGED
        elif reader.unkeyed:
            print(f"Partie non signée\u00a0: le début du journal ({count(reader.unkeyed, 'ligne')}) est celui "
                  "enregistré à la création de la clé.")

    if torn:
        print(f"Fin\u00a0: une dernière ligne incomplète ({count(torn, 'octet')}, jamais confirmée) sera coupée au "
              "démarrage.")
    elif failure is None:
        print("Fin\u00a0: intacte.")

    if failure is None:
        if _check_checkpoint(data_dir, session_id, hashes, key) == DAMAGED:
            verdict = DAMAGED
        print(f"hash final\u00a0: {hashes[-1] if hashes else '(aucun événement)'}")
    print({OK: "Résultat\u00a0: OK.", DAMAGED: "Résultat\u00a0: ÉCHEC.",
           UNCHECKED: "Résultat\u00a0: chaîne intacte, signatures non vérifiées."}[verdict])
    return verdict


def _chain_kind(reader) -> str:
    if reader.keyed and reader.unkeyed:
        start = "ligne 1 non signée" if reader.unkeyed == 1 else f"lignes 1 à {reader.unkeyed} non signées"
        return (f"mixte\u00a0: {start} (ancien format), lignes suivantes signées "
                f"(hmac-sha256, clé {', '.join(reader.key_ids)})")
    if reader.keyed:
        return f"signée (hmac-sha256, clé {', '.join(reader.key_ids)})"
    if reader.unkeyed:
        return "chaîne non signée (ancien format, sha256)"
    return "vide"


def _check_checkpoint(data_dir: Path, session_id: str, hashes: list[str], key: bytes | None) -> int:
    """Print the checkpoint check; return DAMAGED when it fails, else 0."""
    from ..store.integrity import judge_checkpoint

    tables = data_dir / "roomserver.json"
    if not tables.is_file():
        print("Point de reprise\u00a0: pas de roomserver.json dans ce dossier de données (non vérifié).")
        return 0
    try:
        rows = json.loads(tables.read_bytes()).get("checkpoints", {}).values()
    except (ValueError, AttributeError) as exc:
        print(f"Point de reprise\u00a0: {tables} est illisible ({exc})\u00a0; le serveur le mettra de côté et relira "
              "les journaux.", file=sys.stderr)
        return DAMAGED
    row = next((r for r in rows if isinstance(r, dict) and r.get("session_id") == session_id), None)
    verdict = judge_checkpoint(row, session_id, hashes, key)
    if verdict.kind == "none":
        print("Point de reprise\u00a0: aucun (le serveur relira tout le journal).")
    elif verdict.kind == "ok":
        signed = "signé, " if key is not None else "signature non vérifiée, "
        print(f"Point de reprise\u00a0: OK ({signed}événement {verdict.seq}, concorde avec le journal).")
    elif verdict.kind == "unsigned":
        print(f"Point de reprise\u00a0: {verdict.detail}\u00a0; le serveur l'ignorera et relira le journal.")
    elif verdict.loss:
        print(f"Point de reprise\u00a0: EN AVANCE sur le journal\u00a0: {verdict.detail}. Des lignes confirmées "
              "manquent\u00a0: le serveur ne servira pas cette session\u00a0; restaurez le dossier de données depuis "
              "sa sauvegarde.",
              file=sys.stderr)
        return DAMAGED
    else:
        print(f"Point de reprise\u00a0: ÉCHEC\u00a0: {verdict.detail}\u00a0; le serveur l'ignorera et relira le "
              "journal.",
              file=sys.stderr)
        return DAMAGED
    return 0
