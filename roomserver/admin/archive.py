"""The school's archive of a finalised session: one ZIP file holding the sealed journal,
the PDFs (attendance sheet, incident report, fraud reports, results), the results CSV and
a manifest with the final hash and the SHA-256 of every file. ``verify_archive`` checks it.

ZIP through the standard library's ``zipfile`` (a well-kept reader/writer every office and
operating system opens); the manifest is plain JSON.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

from .. import __version__
from ..store.journal import JournalCorrupt, iter_journal

MANIFEST = "manifest.json"
JOURNAL = "journal.jsonl"
FORMAT = 1


class ArchiveInvalid(Exception):
    """The archive does not verify: the message (French) says why."""


def build_archive(state, journal_path: Path, pdfs: dict[str, bytes], results_csv: bytes, key_id: str | None,
                  created_at: float) -> bytes:
    """The archive's bytes. ``state`` must be finalised (it carries the final hash)."""
    final = state.finalisation or {}
    files = {JOURNAL: Path(journal_path).read_bytes(), "resultats.csv": results_csv, **pdfs}
    manifest = {
        "format": FORMAT, "roomserver": __version__, "created_at": created_at,
        "session_number": state.number, "session_id": state.id, "details": state.details,
        "final_hash": final.get("final_hash"), "head_hash": state.hash, "events": state.seq,
        "finalised_at": final.get("at"), "late": final.get("late", False), "key_id": key_id,
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def verify_archive(path: Path, key: bytes | None = None) -> dict:
    """Check every file against the manifest, the journal's chain (signatures too when the
    key is given) and the seal; return the manifest, or raise ArchiveInvalid."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ArchiveInvalid(f"Ce fichier n'est pas une archive ZIP lisible ({exc}).") from None
    with archive:
        try:
            manifest = json.loads(archive.read(MANIFEST))
        except (KeyError, ValueError):
            raise ArchiveInvalid("L'archive n'a pas de manifeste lisible (manifest.json).") from None
        names = set(archive.namelist()) - {MANIFEST}
        if names != set(manifest.get("files", {})):
            raise ArchiveInvalid("Les fichiers de l'archive ne sont pas ceux que liste son manifeste.")
        for name, digest in manifest["files"].items():
            if hashlib.sha256(archive.read(name)).hexdigest() != digest:
                raise ArchiveInvalid(f"Le fichier {name} a été modifié depuis la création de l'archive.")
        journal = archive.read(JOURNAL)
    events = _events(journal, key)
    if not events or events[-1].type != "session_finalised":
        raise ArchiveInvalid("Le journal de l'archive n'est pas scellé (pas d'événement session_finalised à la fin).")
    sealed = events[-1]
    before = events[-2].hash if len(events) > 1 else None
    if sealed.data.get("final_hash") != before or manifest.get("final_hash") != before:
        raise ArchiveInvalid("Le hash final ne correspond pas au journal scellé.")
    if manifest.get("head_hash") != sealed.hash or manifest.get("events") != sealed.seq:
        raise ArchiveInvalid("Le manifeste ne correspond pas à la fin du journal.")
    return manifest


def _events(journal: bytes, key: bytes | None) -> list:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".jsonl") as tmp:
        tmp.write(journal)
        tmp.flush()
        try:
            events = [event for event, _ in iter_journal(Path(tmp.name), key)]
        except JournalCorrupt as exc:
            raise ArchiveInvalid(f"Le journal de l'archive ne se vérifie pas : {exc}") from None
        if len(journal) and not journal.endswith(b"\n"):
            raise ArchiveInvalid("Le journal de l'archive est tronqué.")
    return events
