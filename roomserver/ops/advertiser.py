"""The child process that advertises the room server by zeroconf (see ``advert``).

``python -m roomserver.ops.advertiser ADVERT_JSON LISTEN_HOST``: registers the service,
checks the machine's addresses every few seconds and re-registers when they change (a DHCP
lease, a cable plugged in later), and withdraws it on SIGTERM or when its stdin (a pipe from
the server) closes. It never imports the app, Flask or eventlet.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from typing import Callable

from .advert import Advertisement, listen_addresses

log = logging.getLogger("roomserver.zeroconf")
REFRESH_S = 5.0


class Announcer:
    """Owns start / update / stop of one advertisement; ``open_zeroconf(interfaces)`` gives the
    Zeroconf object (a fake in the unit tests), ``addresses()`` the current addresses."""

    def __init__(self, advert: Advertisement, addresses: Callable[[], tuple[str, ...]],
                 open_zeroconf: Callable[[list[str]], object]):
        self.advert, self.addresses, self.open_zeroconf = advert, addresses, open_zeroconf
        self.zc = None
        self.published: Advertisement | None = None

    def refresh(self) -> bool:
        """Publish again when the addresses changed; True when something was (re)published."""
        current = self.addresses()
        if self.published is not None and current == self.published.addresses:
            return False
        self.withdraw()
        if not current:
            log.warning("zeroconf: no network address yet; will advertise once there is one")
            return False
        advert = self.advert.with_addresses(current)
        self.zc = self.open_zeroconf(list(current))
        self.zc.register_service(advert.to_service_info(), allow_name_change=True)
        self.published = advert
        log.info("zeroconf: advertising %s on %s", advert.name, ", ".join(current))
        return True

    def withdraw(self) -> None:
        if self.zc is None:
            return
        try:
            self.zc.unregister_all_services()
        finally:
            self.zc.close()
            self.zc, self.published = None, None


def _open_zeroconf(addresses: list[str]):
    from zeroconf import IPVersion, Zeroconf

    v6 = any(":" in a for a in addresses)
    v4 = any(":" not in a for a in addresses)
    version = IPVersion.All if v4 and v6 else IPVersion.V6Only if v6 else IPVersion.V4Only
    return Zeroconf(interfaces=addresses, ip_version=version)


def main(argv: list[str] | None = None) -> int:
    from .logs import configure

    configure()
    advert_json, listen_host = (argv if argv is not None else sys.argv[1:])[:2]
    announcer = Announcer(Advertisement.from_json(advert_json), lambda: listen_addresses(listen_host), _open_zeroconf)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    def watch_parent():
        try:
            sys.stdin.buffer.read()  # returns when the server closes the pipe or dies
        except (OSError, ValueError):
            pass
        stop.set()

    threading.Thread(target=watch_parent, daemon=True).start()
    try:
        while not stop.is_set():
            try:
                announcer.refresh()
            except Exception as exc:  # a network without multicast must not kill the retry loop
                log.warning("zeroconf: advertisement failed (%s); retrying", exc)
                announcer.withdraw()
            stop.wait(REFRESH_S)
    finally:
        announcer.withdraw()
        log.info("zeroconf: advertisement withdrawn")
    return 0


if __name__ == "__main__":
    sys.exit(main())
