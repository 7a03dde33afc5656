"""The room's HTTP client to the upstream receiver: signed requests, standard library only.

``http.client`` rather than ``urllib.request`` for one reason: the connect timeout and the read
timeout are distinct (a receiver that accepts but never answers is not an unreachable one).
An https upstream is verified (certificate chain and host name, ``ssl.create_default_context``:
the system's authorities, or the file named by ``SSL_CERT_FILE``). Under eventlet the sockets are
green (``serve.py`` monkey-patches first), so waiting for the upstream never blocks a request.
The key is only ever used to sign: never logged, never sent.
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import time
import urllib.parse
from dataclasses import dataclass

from .protocol import sign_headers

SESSIONS_PATH = "/api/v1/sessions"
PREPARED_PATH = "/api/v1/prepared-sessions"
USER_AGENT = "roomserver-sync/1"
MAX_ANSWER_BYTES = 8 * 1024 * 1024


@dataclass
class Answer:
    """What came back: an HTTP status and its JSON (``status`` None: no answer at all, and
    ``error`` says why in French; ``code`` is a short machine name of the failure)."""

    status: int | None
    body: dict | list | None = None
    error: str | None = None
    code: str | None = None
    retry_after: float | None = None

    @property
    def message(self) -> str:
        """The receiver's own French reason, when it gave one."""
        if isinstance(self.body, dict) and isinstance(self.body.get("error"), dict):
            return str(self.body["error"].get("message") or "")
        return ""

    @property
    def error_code(self) -> str:
        if isinstance(self.body, dict) and isinstance(self.body.get("error"), dict):
            return str(self.body["error"].get("code") or "")
        return ""


class UpstreamConfigError(ValueError):
    """The upstream address cannot be used (French message)."""


def parse_upstream(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, base path) of ``ROOMSERVER_UPSTREAM_URL``."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UpstreamConfigError(f"Adresse de l'organisme invalide ({url!r})\u00a0: "
                                  "http://… ou https://… attendu.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise UpstreamConfigError(f"Adresse de l'organisme invalide ({url!r})\u00a0: port illisible.") from None
    return parts.scheme, parts.hostname, port, parts.path.rstrip("/")


class Client:
    """Signed requests to one upstream."""

    def __init__(self, url: str, key: bytes, connect_timeout: float = 10.0, read_timeout: float = 30.0,
                 clock=time.time):
        self.scheme, self.host, self.port, self.base = parse_upstream(url)
        self.url = url
        self._key = key
        self.connect_timeout, self.read_timeout = connect_timeout, read_timeout
        self.clock = clock

    def __repr__(self) -> str:  # never the key
        return f"Client({self.url!r})"

    def _connection(self) -> http.client.HTTPConnection:
        if self.scheme == "https":
            context = ssl.create_default_context()  # verified: chain and host name
            return http.client.HTTPSConnection(self.host, self.port, timeout=self.connect_timeout, context=context)
        return http.client.HTTPConnection(self.host, self.port, timeout=self.connect_timeout)

    def request(self, method: str, path: str, body: bytes = b"", idempotency_key: str | None = None) -> Answer:
        """One signed request; never raises for a network failure (the Answer says it)."""
        full = self.base + path
        headers = sign_headers(self._key, method, full, body, self.clock(), idempotency_key)
        headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        if body:
            headers["Content-Type"] = "application/json; charset=utf-8"
        connection = self._connection()
        try:
            try:
                connection.connect()
            except (socket.timeout, TimeoutError):
                return Answer(None, error=f"l'organisme ne répond pas (pas de connexion en "
                                          f"{self.connect_timeout:g}\u00a0s)", code="connect_timeout")
            connection.sock.settimeout(self.read_timeout)
            connection.request(method, full, body=body or None, headers=headers)
            response = connection.getresponse()
            raw = response.read(MAX_ANSWER_BYTES)
            return Answer(response.status, _json(raw), retry_after=_retry_after(response.getheader("Retry-After")))
        except ssl.SSLCertVerificationError as exc:
            return Answer(None, error=f"certificat de l'organisme refusé ({exc.verify_message})", code="tls_verify")
        except ssl.SSLError as exc:
            return Answer(None, error=f"échec de la connexion chiffrée ({exc.reason or exc})", code="tls")
        except (socket.timeout, TimeoutError):
            return Answer(None, error=f"l'organisme n'a pas répondu en {self.read_timeout:g}\u00a0s", code="read_timeout")
        except ConnectionRefusedError:
            return Answer(None, error="connexion refusée par l'organisme (service arrêté\u00a0?)", code="refused")
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, http.client.IncompleteRead):
            return Answer(None, error="connexion coupée avant la réponse de l'organisme", code="dropped")
        except socket.gaierror:
            return Answer(None, error=f"adresse {self.host} introuvable (pas de réseau ou pas de DNS\u00a0?)",
                          code="dns")
        except (OSError, http.client.HTTPException) as exc:
            return Answer(None, error=f"réseau indisponible ({getattr(exc, 'strerror', None) or exc})", code="network")
        finally:
            connection.close()

    def post_session(self, body: bytes, idempotency_key: str) -> Answer:
        return self.request("POST", SESSIONS_PATH, body, idempotency_key)

    def prepared_sessions(self) -> Answer:
        return self.request("GET", PREPARED_PATH)

    def ack_prepared(self, upstream_id: str, session_number: int) -> Answer:
        body = json.dumps({"session_number": session_number}).encode("utf-8")
        return self.request("POST", f"{PREPARED_PATH}/{urllib.parse.quote(upstream_id, safe='')}/ack", body)


def _json(raw: bytes):
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def _retry_after(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
