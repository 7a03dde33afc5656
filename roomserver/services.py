"""What the views need, in one place. ``app.py`` assembles a ``Services`` and the
blueprints read it with ``services()``: neither imports the other (no import circle)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import current_app

if TYPE_CHECKING:  # types only: importing them here would bring the whole app back in
    from flask_socketio import SocketIO

    from .api.throttle import Throttle
    from .content import ContentPack
    from .live.feed import LiveFeed
    from .live.presence import Presence
    from .store.sessions import SessionStore


@dataclass
class Services:
    settings: dict[str, Any]
    store: "SessionStore"
    pack: "ContentPack"
    throttle: "Throttle"
    socketio: "SocketIO"
    presence: "Presence"
    feed: "LiveFeed"


def services() -> Services:
    return current_app.extensions["roomserver"]
