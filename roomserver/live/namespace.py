"""Socket.IO namespace ``/invigilator``: a dashboard connects with ``auth: {token, since?}``,
the token from ``POST /api/v1/invigilator/login``. Without a valid token the connection
is refused. Actions go through the HTTP API (journaled before they are acknowledged);
this channel only pushes."""

from __future__ import annotations

import logging

from flask import request
from flask_socketio import ConnectionRefusedError, Namespace, join_room

from ..api.auth import token_digest
from .feed import NAMESPACE, LiveFeed

log = logging.getLogger(__name__)
UNAVAILABLE = {"code": "unavailable",
               "message": "Le serveur de salle n'a pas pu préparer la liste des candidats : nouvelle tentative dans un instant."}
REFUSED = {"code": "unauthorised",
           "message": "Connexion refusée : identifiez-vous de nouveau avec le numéro de session et le mot de passe surveillant."}


def refused() -> ConnectionRefusedError:
    """The client's ``connect_error`` gets ``err.message`` (French) and ``err.data`` = REFUSED.
    (With a single argument, python-socketio would send ``str(REFUSED)``, a Python repr.)"""
    return ConnectionRefusedError(REFUSED["message"], REFUSED)


class InvigilatorNamespace(Namespace):
    def __init__(self, feed: LiveFeed):
        super().__init__(NAMESPACE)
        self.feed = feed

    def on_connect(self, auth=None):
        token = auth.get("token") if isinstance(auth, dict) else None
        if not isinstance(token, str) or not token.strip():
            raise refused()
        digest = token_digest(token.strip())
        found = self.feed.store.find_token(digest, "invigilator")
        if found is None:
            raise refused()
        handle = found[0]
        join_room(handle.state.id)
        try:
            self.feed.joined(request.sid, handle, handle.state.invigilator_tokens[digest], auth.get("since"))
        except Exception:
            log.exception("live feed: welcoming a dashboard failed")
            raise ConnectionRefusedError(UNAVAILABLE["message"], UNAVAILABLE) from None

    def on_disconnect(self, *args):
        self.feed.left(request.sid)
