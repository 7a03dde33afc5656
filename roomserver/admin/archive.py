"""The school's archive of a finalised session: one ZIP file holding the sealed journal,
the PDFs (attendance sheet, incident report, fraud reports, results), the results CSV and
a manifest with the final hash and the SHA-256 of every file. ``verify_archive`` checks it.

The manifest is signed with the room server's journal key (``mac``, HMAC-SHA-256), like the
journal's lines: with the key, a verification proves the files are the server's own, even
against someone who rewrote a file and recomputed its SHA-256 in the manifest, or rewrote
the journal as an old unsigned chain. Without the key it proves only that nothing changed by
accident. A sealed journal always ends with a signed line: finalisation came with the key.

ZIP through the standard library's ``zipfile`` (a well-kept reader/writer every office and
operating system opens); the manifest is plain JSON.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import zipfile
import zlib
from pathlib import Path

from .. import __version__
from ..store.integrity import unkeyed_problem
from ..store.journal import ChainReader, JournalCorrupt, canonical, iter_journal
from ..store.keys import key_id as fingerprint

MANIFEST = "manifest.json"
JOURNAL = "journal.jsonl"
FORMAT = 1


class ArchiveInvalid(Exception):
    """The archive does not verify: the message (French) says why."""


def manifest_mac(key: bytes, manifest: dict) -> str:
    """The manifest's signature: HMAC-SHA-256 of its canonical JSON without ``mac``."""
    body = canonical({k: v for k, v in manifest.items() if k != "mac"})
    return hmac.new(key, b"roomserver-archive-manifest" + body, hashlib.sha256).hexdigest()


def build_archive(state, journal_path: Path, pdfs: dict[str, bytes], results_csv: bytes, key: bytes | None,
                  created_at: float) -> bytes:
    """The archive's bytes, its manifest signed with ``key``. ``state`` must be finalised (it
    carries the final hash)."""
    final = state.finalisation or {}
    files = {JOURNAL: Path(journal_path).read_bytes(), "resultats.csv": results_csv, **pdfs}
    manifest = {
        "format": FORMAT, "roomserver": __version__, "created_at": created_at,
        "session_number": state.number, "session_id": state.id, "details": state.details,
        "final_hash": final.get("final_hash"), "head_hash": state.hash, "events": state.seq,
        "finalised_at": final.get("at"), "late": final.get("late", False),
        "key_id": fingerprint(key) if key is not None else None,
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
    }
    if key is not None:
        manifest["mac"] = manifest_mac(key, manifest)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def verify_archive(path: Path, key: bytes | None = None, unkeyed: dict | None = None) -> dict:
    """Check every file against the manifest, the journal's chain and the seal; with ``key``
    also every signature and the manifest's own. ``unkeyed``: the server's list of journals
    allowed to start unsigned (``keys/unkeyed-journals.json``). Return the manifest with
    ``checked`` (what was proven), or raise ArchiveInvalid."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ArchiveInvalid(f"Ce fichier n'est pas une archive ZIP lisible ({exc}).") from None
    with archive:
        try:
            manifest = json.loads(_member(archive, MANIFEST))
            files = dict(manifest["files"])
        except (KeyError, ValueError, TypeError, AttributeError):
            raise ArchiveInvalid("L'archive n'a pas de manifeste lisible (manifest.json).") from None
        names = set(archive.namelist()) - {MANIFEST}
        if names != set(files) or JOURNAL not in names:
            raise ArchiveInvalid("Les fichiers de l'archive ne sont pas ceux que liste son manifeste.")
        for name, digest in files.items():
            if hashlib.sha256(_member(archive, name)).hexdigest() != digest:
                raise ArchiveInvalid(f"Le fichier {name} a été modifié depuis la création de l'archive.")
        journal = _member(archive, JOURNAL)
    if key is not None:
        mac = manifest.get("mac")
        if not isinstance(mac, str) or not hmac.compare_digest(mac, manifest_mac(key, manifest)):
            raise ArchiveInvalid("La signature du manifeste ne correspond pas à cette clé\u00a0: archive modifiée, "
                                 "ou archive d'un autre serveur de salle.")
    events, reader = _events(journal, key)
    if not events or events[-1].type != "session_finalised":
        raise ArchiveInvalid("Le journal de l'archive n'est pas scellé (pas d'événement session_finalised à la fin).")
    sealed = events[-1]
    if sealed.key_id is None or sealed.key_id != manifest.get("key_id"):
        raise ArchiveInvalid("Le scellement du journal n'est pas signé par la clé du serveur (journal réécrit "
                             "sans la clé\u00a0?).")
    if key is not None:
        problem = unkeyed_problem(manifest.get("session_id"), reader.unkeyed, [e.hash for e in events], unkeyed or {})
        if problem:
            raise ArchiveInvalid(f"Le journal de l'archive\u00a0: {problem}.")
    before = events[-2].hash if len(events) > 1 else None
    if sealed.data.get("final_hash") != before or manifest.get("final_hash") != before:
        raise ArchiveInvalid("Le hash final ne correspond pas au journal scellé.")
    if manifest.get("head_hash") != sealed.hash or manifest.get("events") != sealed.seq:
        raise ArchiveInvalid("Le manifeste ne correspond pas à la fin du journal.")
    return {**manifest, "checked": {"signatures": key is not None, "signed_lines": reader.keyed,
                                    "unsigned_lines": reader.unkeyed}}


def _member(archive: zipfile.ZipFile, name: str) -> bytes:
    """One file of the archive; a damaged one (bad compressed data, wrong CRC) makes it invalid."""
    try:
        return archive.read(name)
    except KeyError:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, ValueError) as exc:
        raise ArchiveInvalid(f"Le fichier {name} de l'archive est endommagé ({exc}).") from None


def _events(journal: bytes, key: bytes | None) -> tuple[list, ChainReader]:
    import tempfile

    if len(journal) and not journal.endswith(b"\n"):
        raise ArchiveInvalid("Le journal de l'archive est tronqué.")
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as tmp:
        tmp.write(journal)
        tmp.flush()
        reader = ChainReader(Path(JOURNAL), key)
        try:
            events = [event for event, _ in iter_journal(Path(tmp.name), reader=reader)]
        except JournalCorrupt as exc:
            raise ArchiveInvalid(f"Le journal de l'archive ne se vérifie pas\u00a0: {exc}") from None
    return events, reader
