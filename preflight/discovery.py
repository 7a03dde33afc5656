"""Find the room server on the LAN by zeroconf (``_roomserver._tcp.local.``).

zeroconf is imported lazily: the agent runs without it (``--server URL`` then).
TXT record keys read here (keep in sync with the server's advertisement,
``roomserver/ops/advert.py``): ``https`` ("1" when served over TLS), ``path`` (URL prefix,
default "/"), ``room`` and ``version`` (shown by ``roomserver discover``).
"""

from __future__ import annotations

import ipaddress
import threading
import time
from typing import NamedTuple

SERVICE_TYPE = "_roomserver._tcp.local."  # keep in sync with roomserver/ops/advert.py


class Found(NamedTuple):
    name: str  # the service instance, e.g. "Salle B12 (pc-salle:8080)"
    url: str | None
    port: int
    room: str
    version: str


def _text(properties: dict, key: str) -> str:
    value = properties.get(key.encode()) if key.encode() in properties else properties.get(key)
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else (value or "")


def url_from_service(addresses: list[str], port: int, properties: dict) -> str | None:
    """Build the server URL from a resolved service; IPv4 first, IPv6 bracketed."""
    if not addresses:
        return None
    address = sorted(addresses, key=lambda a: ipaddress.ip_address(a).version)[0]
    host = f"[{address}]" if ipaddress.ip_address(address).version == 6 else address
    scheme = "https" if _text(properties, "https") in ("1", "true", "yes") else "http"
    path = "/" + _text(properties, "path").strip("/") if _text(properties, "path").strip("/") else ""
    return f"{scheme}://{host}:{port}{path}"


def discover_all(timeout: float = 3.0, first_only: bool = False) -> tuple[list[Found], str]:
    """(servers found, note): every room server answering within ``timeout`` seconds
    (or as soon as one is resolved when ``first_only``)."""
    try:
        from zeroconf import ServiceBrowser, Zeroconf
    except ImportError:
        return [], "le module zeroconf n'est pas installé (utilisez --server URL)"
    names: list[str] = []
    event = threading.Event()

    class Listener:
        def add_service(self, zc, type_, name):
            if name not in names:
                names.append(name)
            event.set()

        def update_service(self, zc, type_, name):
            pass

        def remove_service(self, zc, type_, name):
            pass

    try:
        zc = Zeroconf()
    except OSError as exc:
        return [], f"recherche zeroconf impossible ({exc})"
    found: list[Found] = []
    try:
        browser = ServiceBrowser(zc, SERVICE_TYPE, Listener())
        deadline = time.monotonic() + timeout
        if not event.wait(timeout):
            return [], f"aucun serveur de salle annoncé sur le réseau en {timeout:g} s"
        if not first_only:
            time.sleep(max(0.0, deadline - time.monotonic()))  # let every server of the LAN answer
        for name in list(names):
            info = zc.get_service_info(SERVICE_TYPE, name, timeout=int(max(timeout, 1.0) * 1000))
            if info is None:
                continue
            props = info.properties or {}
            found.append(Found(name.removesuffix("." + SERVICE_TYPE), url_from_service(
                info.parsed_addresses(), info.port, props), info.port, _text(props, "room"), _text(props, "version")))
            if first_only:
                break
        browser.cancel()
        if not found:
            return [], "le serveur de salle annoncé ne répond pas"
        return found, f"trouvé par zeroconf : {found[0].name}"
    except Exception as exc:  # zeroconf raises many kinds; the agent must still print its report
        return found, f"recherche zeroconf en échec ({exc.__class__.__name__})"
    finally:
        zc.close()


def discover(timeout: float = 3.0) -> tuple[str | None, str]:
    """(url, note): the first room server answering within ``timeout`` seconds, or None and why."""
    found, note = discover_all(timeout, first_only=True)
    return (found[0].url, note) if found else (None, note)
