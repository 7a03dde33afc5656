"""The administrator's login: a bearer token (decision 0005), never a cookie, so a
candidate's browser can never hold it and no form can be forged cross-site.

- ``POST /api/v1/admin/login`` {password} -> {token}; throttled like every secret.
- ``POST /api/v1/admin/logout`` forgets the token.
- ``POST /api/v1/admin/first-run`` {password}: sets the first password, only while none
  is set and only from the server machine itself (127.0.0.1 / ::1, no proxy).
"""

from __future__ import annotations

from flask import Blueprint, current_app, request

from ..admin import passwords
from ..admin.tokens import AdminTokens
from ..core.refusal import Refusal
from ..services import services
from .auth import bearer_digest, client_address
from . import responses
from .routing import route

bp = Blueprint("admin_auth", __name__, url_prefix="/api/v1/admin")
TAG = "administration"
PASSWORD = {"type": "object", "additionalProperties": False, "required": ["password"],
            "properties": {"password": {"type": "string", "minLength": 1, "maxLength": passwords.MAX_LENGTH}}}
LOCAL_ADDRESSES = ("127.0.0.1", "::1")


def tokens() -> AdminTokens:
    if "admin_tokens" not in current_app.extensions:
        current_app.extensions["admin_tokens"] = AdminTokens(services().store.tables, services().store.clock)
    return current_app.extensions["admin_tokens"]


def require_admin() -> str:
    """The token digest of a logged-in administrator, or 401."""
    digest = bearer_digest("admin")
    if not tokens().valid(digest):
        raise Refusal(401, "unauthorised", "Votre connexion d'administrateur n'est plus valable\u00a0: "
                                           "identifiez-vous de nouveau avec le mot de passe administrateur.")
    return digest


def from_this_machine() -> bool:
    proxied = any(h in request.headers for h in ("X-Forwarded-For", "Forwarded", "Via"))
    return not proxied and request.remote_addr in LOCAL_ADDRESSES


@route(bp, "/login", "POST", summary="Connexion de l'administrateur (mot de passe)\u00a0: renvoie un jeton", tag=TAG,
       body=PASSWORD, errors=(401, 409, 429), response=responses.ADMIN_TOKEN)
def login(data):
    svc = services()
    if not passwords.is_set(svc.store.tables):
        raise Refusal(409, "admin_password_not_set",
                      "Aucun mot de passe administrateur n'est défini sur ce serveur. Sur le serveur lui-même, "
                      "lancez «\u00a0roomserver admin set-password\u00a0» ou ouvrez /admin/premier-demarrage.")
    svc.throttle.check("admin_password", client_address())
    if not passwords.verify(svc.store.tables, data["password"]):
        svc.throttle.failed("admin_password", client_address())
        raise Refusal(401, "password_incorrect", "Mot de passe administrateur incorrect.")
    from ..admin.tokens import LIFETIME_S
    return {"token": tokens().issue(), "expires_in_s": LIFETIME_S}


@route(bp, "/logout", "POST", summary="Déconnexion de l'administrateur (le jeton ne vaut plus rien)", tag=TAG,
       auth="admin", response=responses.LOGGED_OUT)
def logout():
    tokens().revoke(require_admin())
    return {"logged_out": True}


@route(bp, "/first-run", "GET", summary="Un mot de passe administrateur est-il défini\u00a0? (premier démarrage)",
       tag=TAG, response=responses.FIRST_RUN)
def first_run_state():
    return {"password_set": passwords.is_set(services().store.tables), "from_this_machine": from_this_machine()}


@route(bp, "/first-run", "POST", summary="Définir le premier mot de passe administrateur (depuis le serveur lui-même)",
       tag=TAG, body=PASSWORD, errors=(403, 409, 422, 429), status=201, response=responses.FIRST_TOKEN)
def first_run(data):
    svc = services()
    if not from_this_machine():
        raise Refusal(403, "not_from_server",
                      "Le premier mot de passe ne peut être défini que depuis le serveur de salle lui-même "
                      "(adresse 127.0.0.1), ou avec «\u00a0roomserver admin set-password\u00a0».")
    if passwords.is_set(svc.store.tables):
        raise Refusal(409, "admin_password_already_set",
                      "Un mot de passe administrateur existe déjà\u00a0: connectez-vous avec lui.")
    passwords.set_password(svc.store.tables, data["password"])
    return {"token": tokens().issue()}
