"""The offline bundle: one signed JSON file (``.rsbundle``) a person carries on a USB stick.

Written by the room (``roomserver sync export``), read by ``python -m sync.receiver import``.
The file is exactly ``render(fields)``: one byte changed anywhere is refused, because

- ``signature`` = HMAC-SHA-256(key, ``b"roomserver-bundle-1\\n"`` + canonical JSON of every
  other field except ``body`` + ``b"\\n"`` + the body's bytes): covers the body and the header
  (``created_at`` too), so nothing can be edited without the room's key;
- the file must be byte for byte its own canonical rendering: a space, an escape or a key
  order changed somewhere (which JSON would read the same) is refused as well.

The body is the exact text of the ``POST /api/v1/sessions`` body; the importer then runs the
same checks as the HTTP endpoint (``sync.verify``), except the 300 s freshness.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Mapping

from roomserver.store.journal import canonical
from roomserver.store.keys import key_id as fingerprint

from .protocol import PROTOCOL, Room, SyncRefusal, body_digest, idempotency_key, is_hex64

FORMAT = "roomserver-sync-bundle"
CONTEXT = b"roomserver-bundle-1"
SUFFIX = ".rsbundle"
FIELDS = ("format", "protocol", "key_id", "created_at", "idempotency_key", "body_sha256", "signature", "body")


@dataclass(frozen=True)
class Bundle:
    """A bundle whose envelope verified: the room that signed it and the exact body."""

    room: Room
    body: bytes
    idempotency_key: str
    created_at: float


def bundle_signature(key: bytes, header: Mapping, body: bytes) -> str:
    signed = {k: header[k] for k in FIELDS if k not in ("signature", "body")}
    return hmac.new(key, CONTEXT + b"\n" + canonical(signed) + b"\n" + body, hashlib.sha256).hexdigest()


def render(fields: Mapping) -> bytes:
    """The one byte form of a bundle: keys in FIELDS order, indented, UTF-8, final newline."""
    ordered = {k: fields[k] for k in FIELDS}
    return (json.dumps(ordered, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_bundle(key: bytes, body: bytes, now: float) -> bytes:
    """The bundle's bytes for a POST body (the payload of a finalised session), signed with ``key``."""
    payload = json.loads(body)
    session = payload["session"]
    header = {"format": FORMAT, "protocol": PROTOCOL, "key_id": fingerprint(key), "created_at": round(float(now), 3),
              "idempotency_key": idempotency_key(session["id"], session["final_hash"]),
              "body_sha256": body_digest(body)}
    header["signature"] = bundle_signature(key, header, body)
    header["body"] = body.decode("utf-8")
    return render(header)


def _refused(message: str, code: str = "bundle_invalid") -> SyncRefusal:
    return SyncRefusal(422, code, message)


def read_bundle(data: bytes, keys: Mapping[str, Room]) -> Bundle:
    """Check a bundle's envelope (form, key, hashes, signature): the Bundle, or SyncRefusal
    (401 unknown key or bad signature, 422 anything else) with a French reason."""
    try:
        fields = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _refused("Ce fichier n'est pas un lot de synchronisation lisible (JSON UTF-8 attendu)\u00a0: "
                       "fichier abîmé ou modifié.") from None
    if not isinstance(fields, dict) or fields.get("format") != FORMAT:
        raise _refused("Ce fichier n'est pas un lot de synchronisation roomserver (format inconnu).")
    if list(fields) != list(FIELDS):
        raise _refused("Le lot n'a pas les champs attendus, dans l'ordre attendu\u00a0: fichier modifié.")
    if fields["protocol"] != PROTOCOL or isinstance(fields["protocol"], bool):
        raise _refused(f"Lot d'une autre version du protocole ({fields['protocol']!r})\u00a0: "
                       f"ce récepteur lit la version {PROTOCOL}.", "protocol_unsupported")
    body_text, created_at = fields["body"], fields["created_at"]
    if (not isinstance(body_text, str) or not isinstance(fields["key_id"], str)
            or not isinstance(created_at, (int, float)) or isinstance(created_at, bool)
            or not all(is_hex64(fields[k]) for k in ("idempotency_key", "body_sha256", "signature"))):
        raise _refused("Un champ du lot n'a pas la forme attendue\u00a0: fichier modifié.")
    room = keys.get(fields["key_id"])
    if room is None:
        raise SyncRefusal(401, "unknown_key", f"Lot signé par une clé inconnue ({fields['key_id'][:32]})\u00a0: "
                          "ce serveur de salle n'est pas enregistré dans le fichier des clés.")
    body = body_text.encode("utf-8")
    if body_digest(body) != fields["body_sha256"]:
        raise _refused("Le contenu du lot ne correspond pas à son empreinte SHA-256\u00a0: fichier modifié ou abîmé.")
    if not hmac.compare_digest(bundle_signature(room.key, fields, body), fields["signature"]):
        raise SyncRefusal(401, "bad_signature", "La signature du lot est fausse\u00a0: fichier modifié, ou signé "
                          "avec une autre clé que celle enregistrée pour ce serveur de salle.")
    if render(fields) != data:
        raise _refused("Le lot n'est plus sous sa forme d'origine (un espace ou un caractère changé)\u00a0: "
                       "fichier modifié.")
    return Bundle(room, body, fields["idempotency_key"], float(created_at))
