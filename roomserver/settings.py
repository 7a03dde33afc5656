"""Every setting of the room server, declared once: name, default, environment variable, help.

The table is rendered in ``roomserver --help``-style output and in ``docs/settings.md``;
a test fails when the two disagree. Settings are read in this order, each overriding
the previous: defaults, environment (``ROOMSERVER_*``), command-line flags.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    parse: Callable[[str], Any]
    help: str

    @property
    def env(self) -> str:
        return "ROOMSERVER_" + self.name.upper()


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise ValueError("must be a positive integer")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError("must be zero or a positive integer")
    return value


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise ValueError("must be between 0 and 65535")
    return value


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", "var/roomserver", Path, "Directory holding the session journals and the TinyDB tables."),
    Setting("host", "127.0.0.1", str, "Address to listen on; 0.0.0.0 to serve the room's LAN."),
    Setting("port", 8080, _port, "TCP port to listen on."),
    Setting("content_pack", "", str, "Folder of the content pack; empty means the bundled demo pack."),
    Setting("max_body_bytes", 65536, _positive_int, "Largest request body accepted, in bytes (413 beyond)."),
    Setting("checkpoint_every", 1000, _positive_int, "Write a state checkpoint after this many journal events."),
    Setting("throttle_attempts", 10, _positive_int, "Failed codes or passwords allowed per client address in the throttle window."),
    Setting("throttle_window_s", 300, _positive_int, "Length of the throttle window, in seconds."),
    Setting("async_mode", "eventlet", str, "Flask-SocketIO async mode: eventlet (production) or threading."),
    Setting("heartbeat_interval_s", 5, _positive_int, "How often the candidate page says it is still there, in seconds."),
    Setting("heartbeat_timeout_s", 20, _positive_int, "A candidate page unheard for this long shows as disconnected, in seconds."),
    Setting("live_tick_s", 5, _non_negative_int, "How often dashboards get every candidate's connection state, in seconds (0: never, for tests)."),
)

BY_NAME = {s.name: s for s in SETTINGS}


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message names it."""


def load_settings(overrides: dict[str, Any] | None = None, environ: dict | None = None) -> dict[str, Any]:
    """Resolve every setting from defaults, then environment, then explicit overrides."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        value = setting.default
        if setting.env in environ:
            try:
                value = setting.parse(environ[setting.env])
            except ValueError as exc:
                raise SettingsError(f"{setting.env}={environ[setting.env]!r}: {exc}") from None
        values[setting.name] = value
    for name, value in (overrides or {}).items():
        if name not in BY_NAME:
            raise SettingsError(f"unknown setting {name!r}")
        if value is not None:
            values[name] = value
    if values["async_mode"] not in ("eventlet", "threading"):
        raise SettingsError("async_mode must be 'eventlet' or 'threading'")
    values["data_dir"] = Path(values["data_dir"])
    return values


def settings_markdown() -> str:
    """The settings table as Markdown, for docs/settings.md."""
    lines = ["| name | environment variable | default | meaning |", "|---|---|---|---|"]
    for s in SETTINGS:
        lines.append(f"| `{s.name}` | `{s.env}` | `{s.default}` | {s.help} |")
    return "\n".join(lines)
