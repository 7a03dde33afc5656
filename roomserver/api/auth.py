"""Bearer tokens. Only their SHA-256 is kept (in the journal): a token survives a
restart, and reading the journal does not give anyone a usable token."""

from __future__ import annotations

import hashlib
import secrets

from flask import g, request

from ..core.refusal import Refusal
from ..services import services
from ..store.sessions import SessionHandle


def new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, token_digest(token)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


NOT_CONNECTED = {
    "candidate": "Vous n'êtes pas connecté : rejoignez d'abord la session.",
    "invigilator": "Vous n'êtes pas connecté : identifiez-vous avec le numéro de session et le mot de passe surveillant.",
    "admin": "Vous n'êtes pas connecté : identifiez-vous avec le mot de passe administrateur.",
}
NO_LONGER_VALID = {
    "candidate": "Votre connexion n'est plus valable (elle a peut-être repris sur un autre poste). "
                 "Rejoignez de nouveau la session.",
    "invigilator": "Votre connexion de surveillant n'est plus valable : identifiez-vous de nouveau avec le numéro "
                   "de session et le mot de passe surveillant.",
}


def bearer_digest(kind: str = "candidate") -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Refusal(401, "unauthorised", NOT_CONNECTED.get(kind, NOT_CONNECTED["candidate"]))
    return token_digest(token.strip())


def authenticate(kind: str) -> tuple[SessionHandle, str | None, str]:
    """(session handle, candidate id or None, token digest) for the request's token, or 401.
    Looked up once per request (the route checks it before the body, the view uses it)."""
    cached = g.get("authenticated")
    if cached is not None and cached[0] == kind:
        return cached[1]
    digest = bearer_digest(kind)
    found = services().store.find_token(digest, kind)
    if found is None:
        raise Refusal(401, "unauthorised", NO_LONGER_VALID.get(kind, NO_LONGER_VALID["candidate"]))
    g.authenticated = (kind, (found[0], found[1], digest))
    return found[0], found[1], digest


def client_address() -> str:
    return request.remote_addr or "inconnu"


def client_info() -> dict:
    return {"ip": client_address(), "user_agent": request.headers.get("User-Agent", "")[:300]}
