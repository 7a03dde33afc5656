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
        raise ValueError("un entier strictement positif est attendu")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError("un entier positif ou nul est attendu")
    return value


def _choice(*allowed: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in allowed:
            raise ValueError("valeurs possibles\u00a0: " + ", ".join(allowed))
        return text
    return parse


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise ValueError("un port entre 0 et 65535 est attendu")
    return value


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", "var/roomserver", Path, "Dossier des journaux de session et des tables TinyDB."),
    Setting("host", "127.0.0.1", str, "Adresse d'écoute ; 0.0.0.0 pour servir tout le réseau de la salle."),
    Setting("port", 8080, _port, "Port TCP d'écoute."),
    Setting("content_pack", "", str, "Dossier du pack de contenu ; vide : le pack de démonstration fourni."),
    Setting("max_body_bytes", 65536, _positive_int, "Taille maximale d'un corps de requête, en octets (413 au-delà)."),
    Setting("checkpoint_every", 50000, _positive_int, "Nombre d'événements du journal entre deux points de reprise de l'état."),
    Setting("throttle_attempts", 10, _positive_int, "Codes ou mots de passe erronés admis par adresse de poste pendant la fenêtre de limitation."),
    Setting("throttle_window_s", 300, _positive_int, "Durée de la fenêtre de limitation, en secondes."),
    Setting("async_mode", "eventlet", str, "Mode asynchrone de Flask-SocketIO : eventlet (production) ou threading."),
    Setting("heartbeat_interval_s", 5, _positive_int, "Intervalle entre deux signes de vie de la page candidat, en secondes."),
    Setting("heartbeat_timeout_s", 20, _positive_int, "Une page candidat muette depuis ce délai apparaît déconnectée, en secondes."),
    Setting("live_tick_s", 5, _non_negative_int, "Intervalle d'envoi de l'état de connexion de chaque candidat aux tableaux de bord, en secondes (0 : jamais, pour les tests)."),
    # operations (issue 12): connections, zeroconf, TLS, mirror; see docs/operations.md
    Setting("max_connections", 2000, _positive_int, "Connexions ouvertes au plus (réduit d'office pour rester sous la limite de fichiers ouverts)."),
    Setting("keepalive_timeout_s", 30, _positive_int, "Une connexion sans requête depuis ce délai est fermée, en secondes."),
    Setting("request_timeout_s", 60, _positive_int, "Délai maximal d'une lecture ou d'une écriture pendant une requête, en secondes."),
    Setting("zeroconf", "auto", _choice("auto", "on", "off"), "Annonce du serveur sur le réseau (_roomserver._tcp) : auto (sauf écoute sur la machine seule), on ou off."),
    Setting("room", "", str, "Nom de la salle dans l'annonce zeroconf ; vide : le nom de la machine."),
    Setting("cert_file", "", str, "Certificat TLS (PEM) pour servir en HTTPS ; vide : HTTP."),
    Setting("key_file", "", str, "Clé privée TLS (PEM) du certificat."),
    Setting("mirror_dir", "", str, "Dossier sur un second disque (clé USB) recevant une copie de chaque ajout aux journaux ; vide : aucune."),
    Setting("health_every_s", 30, _positive_int, "Intervalle de mesure de la santé (disque, mémoire, batterie…) et d'envoi des avertissements aux tableaux de bord, en secondes."),
    # upstream sync (issue 11): see docs/sync.md
    Setting("upstream_url", "", str, "Adresse de l'organisme qui reçoit les sessions finalisées (https://…) ; vide : pas d'envoi par le réseau, seulement par clé USB (roomserver sync export)."),
    Setting("sync_key_file", "", str, "Clé de signature des envois à l'organisme ; vide : la clé des journaux du dossier de données (keys/journal.key), celle que roomserver sync register fait enregistrer."),
    Setting("sync_retry_first_s", 5, _positive_int, "Délai avant le premier nouvel essai d'envoi, en secondes (doublé à chaque échec, avec une part de hasard)."),
    Setting("sync_retry_max_s", 900, _positive_int, "Délai maximal entre deux essais d'envoi, en secondes (15 minutes par défaut)."),
    Setting("sync_connect_timeout_s", 10, _positive_int, "Délai maximal d'établissement de la connexion à l'organisme, en secondes."),
    Setting("sync_read_timeout_s", 30, _positive_int, "Délai maximal d'attente de la réponse de l'organisme, en secondes."),
)

BY_NAME = {s.name: s for s in SETTINGS}


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message names it, in French."""


def _french(exc: ValueError) -> str:
    """int() speaks English ("invalid literal for int()..."): say what is expected instead."""
    return "un nombre entier est attendu" if str(exc).startswith("invalid literal") else str(exc)


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
                raise SettingsError(f"{setting.env}={environ[setting.env]!r}\u00a0: {_french(exc)}") from None
        values[setting.name] = value
    for name, value in (overrides or {}).items():
        if name not in BY_NAME:
            raise SettingsError(f"réglage inconnu\u00a0: {name!r}")
        if value is not None:
            values[name] = value
    if values["async_mode"] not in ("eventlet", "threading"):
        raise SettingsError("async_mode vaut eventlet ou threading")
    values["data_dir"] = Path(values["data_dir"])
    if values["upstream_url"]:
        from urllib.parse import urlsplit

        parts = urlsplit(values["upstream_url"].strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SettingsError(f"ROOMSERVER_UPSTREAM_URL={values['upstream_url']!r}\u00a0: une adresse http://… ou https://… est attendue")
    if bool(values["cert_file"]) != bool(values["key_file"]):
        raise SettingsError("le certificat et sa clé vont ensemble\u00a0: donnez --cert et --key (ROOMSERVER_CERT_FILE et ROOMSERVER_KEY_FILE), ou aucun des deux")
    return values


def settings_markdown() -> str:
    """The settings table as Markdown, for docs/settings.md."""
    lines = ["| name | environment variable | default | meaning |", "|---|---|---|---|"]
    for s in SETTINGS:
        lines.append(f"| `{s.name}` | `{s.env}` | `{s.default}` | {s.help} |")
    return "\n".join(lines)
