"""Find the room server on the LAN by zeroconf (``_roomserver._tcp.local.``).

zeroconf is imported lazily: the agent runs without it (``--server URL`` then).
TXT record keys read here (keep in sync with the server's advertisement):
``https`` ("1" when served over TLS) and ``path`` (URL prefix, default "/").
"""

from __future__ import annotations

import ipaddress
import threading

SERVICE_TYPE = "_roomserver._tcp.local."


def url_from_service(addresses: list[str], port: int, properties: dict) -> str | None:
    """Build the server URL from a resolved service; IPv4 first, IPv6 bracketed."""
    def text(key: str) -> str:
        value = properties.get(key.encode()) if key.encode() in properties else properties.get(key)
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else (value or "")

    if not addresses:
        return None
    address = sorted(addresses, key=lambda a: ipaddress.ip_address(a).version)[0]
    host = f"[{address}]" if ipaddress.ip_address(address).version == 6 else address
    scheme = "https" if text("https") in ("1", "true", "yes") else "http"
    path = "/" + text("path").strip("/") if text("path").strip("/") else ""
    return f"{scheme}://{host}:{port}{path}"


def discover(timeout: float = 3.0) -> tuple[str | None, str]:
    """(url, note): the first room server answering within ``timeout`` seconds, or None and why."""
    try:
        from zeroconf import ServiceBrowser, Zeroconf
    except ImportError:
        return None, "le module zeroconf n'est pas installé (utilisez --server URL)"
    found: list[str] = []
    event = threading.Event()

    class Listener:
        def add_service(self, zc, type_, name):
            found.append(name)
            event.set()

        def update_service(self, zc, type_, name):
            pass

        def remove_service(self, zc, type_, name):
            pass

    try:
        zc = Zeroconf()
    except OSError as exc:
        return None, f"recherche zeroconf impossible ({exc})"
    try:
        ServiceBrowser(zc, SERVICE_TYPE, Listener())
        if not event.wait(timeout):
            return None, f"aucun serveur de salle annoncé sur le réseau en {timeout:g} s"
        info = zc.get_service_info(SERVICE_TYPE, found[0], timeout=int(timeout * 1000))
        if info is None:
            return None, "le serveur de salle annoncé ne répond pas"
        url = url_from_service(info.parsed_addresses(), info.port, info.properties or {})
        return url, f"trouvé par zeroconf : {found[0]}"
    except Exception as exc:  # zeroconf raises many kinds; the agent must still print its report
        return None, f"recherche zeroconf en échec ({exc.__class__.__name__})"
    finally:
        zc.close()
