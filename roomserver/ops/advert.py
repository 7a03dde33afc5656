"""The zeroconf advertisement of a room server: one value object that converts to and from
zeroconf's ``ServiceInfo``, and the handle on the child process that publishes it.

Why a child process: under eventlet, zeroconf works in-process only after a full
``monkey_patch()``, as the only Zeroconf instance, and it breaks asyncio elsewhere
(``../shared/ARCHITECTURE.md``). A small process started and stopped with the server
always works, whatever the async mode. TXT keys (keep in sync with preflight/discovery.py,
which reads ``https`` and ``path``): ``version``, ``room``, ``path``, ``https`` ("1" or "0").
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import subprocess
import sys
from dataclasses import dataclass

SERVICE_TYPE = "_roomserver._tcp.local."  # keep in sync with preflight/discovery.py
MAX_INSTANCE_BYTES = 63  # DNS-SD instance names are one DNS label


@dataclass(frozen=True)
class Advertisement:
    room: str
    port: int
    addresses: tuple[str, ...]
    version: str
    host: str  # the machine's name, target of the SRV record (<host>.local.)
    path: str = "/"
    https: bool = False

    @property
    def instance(self) -> str:
        """Unique on the LAN: the room, the machine and the port (two servers may share a machine)."""
        label = f"{self.room} ({self.host}:{self.port})" if self.room != self.host else f"{self.host}:{self.port}"
        return label.encode("utf-8")[:MAX_INSTANCE_BYTES].decode("utf-8", "ignore")

    @property
    def name(self) -> str:
        return f"{self.instance}.{SERVICE_TYPE}"

    def properties(self) -> dict[str, str]:
        return {"version": self.version, "room": self.room, "path": self.path, "https": "1" if self.https else "0"}

    def url(self) -> str | None:
        """The address the PCs open, by the same rule as the host agent."""
        from preflight.discovery import url_from_service

        return url_from_service(list(self.addresses), self.port, self.properties())

    def to_service_info(self):
        from zeroconf import ServiceInfo

        return ServiceInfo(SERVICE_TYPE, self.name, port=self.port, properties=self.properties(),
                           server=f"{_dns_label(self.host)}.local.", parsed_addresses=list(self.addresses))

    @classmethod
    def from_service_info(cls, info) -> "Advertisement":
        props = {_text(k): _text(v) for k, v in (info.properties or {}).items()}
        server = (info.server or "").removesuffix(".").removesuffix(".local")
        return cls(room=props.get("room", ""), port=info.port, addresses=tuple(info.parsed_addresses()),
                   version=props.get("version", ""), host=server, path=props.get("path") or "/",
                   https=props.get("https") in ("1", "true", "yes"))

    def to_json(self) -> str:
        return json.dumps({"room": self.room, "port": self.port, "addresses": list(self.addresses),
                           "version": self.version, "host": self.host, "path": self.path, "https": self.https})

    @classmethod
    def from_json(cls, text: str) -> "Advertisement":
        data = json.loads(text)
        return cls(data["room"], int(data["port"]), tuple(data["addresses"]), data["version"], data["host"],
                   data.get("path", "/"), bool(data.get("https")))

    def with_addresses(self, addresses: tuple[str, ...]) -> "Advertisement":
        return Advertisement(self.room, self.port, addresses, self.version, self.host, self.path, self.https)


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else ("" if value is None else str(value))


def _dns_label(host: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch == "-" else "-" for ch in host.split(".")[0]).strip("-")
    return cleaned[:63] or "roomserver"


def listen_addresses(host: str, interfaces: dict | None = None) -> tuple[str, ...]:
    """The addresses PCs can reach the server on: ``host`` itself, or every non-loopback
    address when it listens everywhere (IPv4 for 0.0.0.0; IPv6 too for ::). Sorted."""
    if host not in ("0.0.0.0", "", "::"):
        return (host,)
    if interfaces is None:
        import psutil

        interfaces = psutil.net_if_addrs()
    found = set()
    for entries in interfaces.values():
        for entry in entries:
            family = getattr(entry, "family", None)
            text = str(getattr(entry, "address", "")).split("%")[0]
            if family not in (socket.AF_INET, socket.AF_INET6) or (family == socket.AF_INET6 and host != "::"):
                continue
            try:
                address = ipaddress.ip_address(text)
            except ValueError:
                continue
            if not (address.is_loopback or address.is_link_local or address.is_unspecified):
                found.add(str(address))
    return tuple(sorted(found, key=lambda a: (ipaddress.ip_address(a).version, a)))


def wanted(setting: str, host: str) -> bool:
    """Whether to advertise: "on", "off", or "auto" (not when only this machine can connect)."""
    if setting != "auto":
        return setting == "on"
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host != "localhost"


class AdvertiserProcess:
    """The child process that publishes the advertisement; stopped with the server.

    The child also stops by itself when the server dies without stopping it (its stdin,
    a pipe from the server, reaches end of file)."""

    def __init__(self, advert: Advertisement, listen_host: str):
        self.advert, self.listen_host = advert, listen_host
        self.proc: subprocess.Popen | None = None

    def start(self) -> "AdvertiserProcess":
        self.proc = subprocess.Popen([sys.executable, "-m", "roomserver.ops.advertiser", self.advert.to_json(),
                                      self.listen_host], stdin=subprocess.PIPE, close_fds=True,
                                     env={**os.environ, "PYTHONUNBUFFERED": "1"})
        return self

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout: float = 3.0) -> None:
        """Withdraw the advertisement (the child sends zeroconf's goodbye) and wait for it."""
        if self.proc is None:
            return
        try:
            if self.proc.stdin:
                self.proc.stdin.close()
            if self.proc.poll() is None:
                self.proc.terminate()
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout)
        except OSError:
            pass
