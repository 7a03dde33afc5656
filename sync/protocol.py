"""Sync protocol version 1: signed requests, the idempotency key and the upstream keys file.

Every request to the receiver's ``/api/v1/`` (except ``GET /api/v1/health``) carries::

    X-Roomserver-Protocol: 1
    X-Roomserver-Key-Id: <key_id>
    X-Roomserver-Timestamp: <integer unix seconds>
    X-Roomserver-Signature: hex HMAC-SHA-256(key, signing_string(...))

The room's key is its journal key (``DATA/keys/journal.key``), so the receiver can check
every journal line's HMAC too. Standard library only (``hmac``, ``hashlib``): both sides
import this module, the room server without any receiver dependency.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from roomserver.core.french import typo
from roomserver.core.refusal import Refusal
from roomserver.store.keys import KEY_BYTES, key_id as fingerprint

PROTOCOL = 1
MAX_SKEW_S = 300  # a signature older or newer than this is refused (replay window)
SIGNING_CONTEXT = b"roomserver-sync-1"
SESSION_CONTEXT = b"roomserver-session"

H_PROTOCOL = "X-Roomserver-Protocol"
H_KEY_ID = "X-Roomserver-Key-Id"
H_TIMESTAMP = "X-Roomserver-Timestamp"
H_SIGNATURE = "X-Roomserver-Signature"
H_IDEMPOTENCY = "Idempotency-Key"

_HEX64 = re.compile(r"[0-9a-f]{64}")
_KEY_ID = re.compile(r"[0-9a-f]{16}")


class SyncRefusal(Refusal):
    """A refusal of the sync protocol (the project's one error type): status, code, French message."""


@dataclass(frozen=True)
class Room:
    """A room server registered upstream: its key id, its key (never printed) and a label."""

    key_id: str
    key: bytes = field(repr=False)
    label: str = ""


class KeysFileError(Exception):
    """The upstream keys file cannot be read: the French message names the line."""

    def __init__(self, message: str):
        super().__init__(typo(message))


def body_digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def signing_string(method: str, path: str, timestamp: str, body: bytes) -> bytes:
    """What the signature covers; ``path`` includes the query string (``/a/b?x=1``), if any."""
    return b"\n".join([SIGNING_CONTEXT, method.upper().encode("ascii"), path.encode("utf-8"),
                       str(timestamp).encode("ascii"), body_digest(body).encode("ascii")])


def sign(key: bytes, method: str, path: str, timestamp: str, body: bytes) -> str:
    return hmac.new(key, signing_string(method, path, timestamp, body), hashlib.sha256).hexdigest()


def idempotency_key(session_id: str, final_hash: str) -> str:
    """The same for every delivery of one sealed session, whoever sends it and however often."""
    return hashlib.sha256(SESSION_CONTEXT + b"\n" + session_id.encode("utf-8") + b"\n"
                          + final_hash.encode("utf-8")).hexdigest()


def sign_headers(key: bytes, method: str, path: str, body: bytes, now: float,
                 idempotency_key: str | None = None) -> dict[str, str]:
    """The headers of a signed request made at ``now`` (unix seconds)."""
    timestamp = str(int(now))
    headers = {H_PROTOCOL: str(PROTOCOL), H_KEY_ID: fingerprint(key), H_TIMESTAMP: timestamp,
               H_SIGNATURE: sign(key, method, path, timestamp, body)}
    if idempotency_key is not None:
        headers[H_IDEMPOTENCY] = idempotency_key
    return headers


def header(headers: Mapping[str, str], name: str) -> str | None:
    """A header whatever its case (a plain dict or Werkzeug's headers)."""
    value = headers.get(name)
    if value is None:
        lowered = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == lowered), None)
    return value


def verify_signature(keys: Mapping[str, Room], method: str, path: str, headers: Mapping[str, str], body: bytes,
                     now: float) -> Room:
    """The registered room that signed this request, or SyncRefusal 401 (unknown_key,
    bad_signature, signature_expired) or 400 (protocol_unsupported)."""
    protocol = header(headers, H_PROTOCOL)
    if protocol is not None and protocol.strip() != str(PROTOCOL):
        raise SyncRefusal(400, "protocol_unsupported",
                          f"Version du protocole de synchronisation non prise en charge ({protocol[:20]!r})\u00a0: "
                          f"ce serveur parle la version {PROTOCOL}.")
    key_id = header(headers, H_KEY_ID)
    signature = header(headers, H_SIGNATURE)
    timestamp = header(headers, H_TIMESTAMP)
    if not key_id or not signature or not timestamp or protocol is None:
        raise SyncRefusal(401, "bad_signature", "Requête non signée\u00a0: les en-têtes X-Roomserver-Protocol, "
                          "X-Roomserver-Key-Id, X-Roomserver-Timestamp et X-Roomserver-Signature sont exigés.")
    room = keys.get(key_id.strip())
    if room is None:
        raise SyncRefusal(401, "unknown_key", f"Clé inconnue ({key_id.strip()[:32]})\u00a0: ce serveur de salle "
                          "n'est pas enregistré ici (roomserver sync register, puis le fichier des clés).")
    timestamp = timestamp.strip()
    if not timestamp.isascii() or not timestamp.isdigit():
        raise SyncRefusal(401, "bad_signature", "Horodatage de la signature illisible (secondes Unix attendues).")
    expected = sign(room.key, method, path, timestamp, body)
    if not hmac.compare_digest(expected, signature.strip().lower()):
        raise SyncRefusal(401, "bad_signature", "Signature fausse\u00a0: la requête a été modifiée en route, ou "
                          "elle n'a pas été signée avec la clé enregistrée pour ce serveur de salle.")
    if abs(now - int(timestamp)) > MAX_SKEW_S:
        raise SyncRefusal(401, "signature_expired", f"Signature périmée (plus de {MAX_SKEW_S // 60}\u00a0minutes "
                          "d'écart)\u00a0: vérifiez l'horloge du serveur de salle, puis envoyez de nouveau.")
    return room


# -- the upstream keys file ---------------------------------------------------------------------------------

def keys_line(key: bytes, label: str = "") -> str:
    """The line ``roomserver sync register`` prints: ``<key_id> <key hex> <label>``."""
    label = " ".join(label.split())
    return f"{fingerprint(key)} {key.hex()} {label}".rstrip()


def parse_keys(text: str, source: str = "fichier des clés") -> dict[str, Room]:
    """Rooms by key id; KeysFileError (French, naming the line) on any malformed line."""
    rooms: dict[str, Room] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        where = f"{source}, ligne {lineno}"
        parts = stripped.split(None, 2)
        if len(parts) < 2:
            raise KeysFileError(f"{where}\u00a0: « <key_id> <clé en hexadécimal> <nom> » attendu.")
        key_id, key_hex = parts[0].lower(), parts[1].lower()
        label = parts[2].strip() if len(parts) > 2 else ""
        if not _KEY_ID.fullmatch(key_id):
            raise KeysFileError(f"{where}\u00a0: l'identifiant de clé doit faire 16 caractères hexadécimaux.")
        if not re.fullmatch(r"[0-9a-f]+", key_hex) or len(key_hex) != 2 * KEY_BYTES:
            raise KeysFileError(f"{where}\u00a0: la clé doit faire {2 * KEY_BYTES} caractères hexadécimaux.")
        key = bytes.fromhex(key_hex)
        if fingerprint(key) != key_id:
            raise KeysFileError(f"{where}\u00a0: l'identifiant {key_id} ne correspond pas à cette clé "
                                "(ligne mal recopiée\u00a0?).")
        if key_id in rooms:
            raise KeysFileError(f"{where}\u00a0: la clé {key_id} est déjà enregistrée plus haut.")
        rooms[key_id] = Room(key_id, key, label)
    return rooms


def load_keys(path: Path) -> dict[str, Room]:
    """Read the upstream keys file (UTF-8); KeysFileError when missing or malformed."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeysFileError(f"Fichier des clés introuvable\u00a0: {path}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KeysFileError(f"Fichier des clés illisible ({path})\u00a0: {exc}.") from None
    return parse_keys(text, str(path))


def is_hex64(value: object) -> bool:
    return isinstance(value, str) and bool(_HEX64.fullmatch(value))
