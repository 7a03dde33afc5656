"""Tell systemd how the service is doing: READY, WATCHDOG, STOPPING, STATUS (``sd_notify``).

The protocol is one datagram of ``KEY=value`` lines on the AF_UNIX socket named by
``$NOTIFY_SOCKET`` (a leading ``@`` means the abstract namespace). Outside systemd the
variable is unset and every call does nothing. No dependency: the format fits in this file.
"""

from __future__ import annotations

import os
import socket


class Notifier:
    """One per process; ``enabled`` only under a unit with ``Type=notify`` (or a test's socket)."""

    def __init__(self, environ: dict | None = None):
        environ = os.environ if environ is None else environ
        self.address = environ.get("NOTIFY_SOCKET") or None
        self.watchdog_s = _watchdog_seconds(environ)

    @property
    def enabled(self) -> bool:
        return self.address is not None

    def send(self, **fields: str) -> bool:
        """Send one message; False when nobody listens (never raises: systemd is a convenience)."""
        if not self.address:
            return False
        payload = "\n".join(f"{key}={value}" for key, value in fields.items()).encode("utf-8")
        address = "\0" + self.address[1:] if self.address.startswith("@") else self.address
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                sock.sendto(payload, address)
            return True
        except OSError:
            return False

    def ready(self, status: str) -> bool:
        return self.send(READY="1", STATUS=status, MAINPID=str(os.getpid()))

    def watchdog(self) -> bool:
        return self.send(WATCHDOG="1")

    def stopping(self, status: str) -> bool:
        return self.send(STOPPING="1", STATUS=status)

    def status(self, text: str) -> bool:
        return self.send(STATUS=text)

    @property
    def ping_interval_s(self) -> float | None:
        """How often to ping: half the watchdog period (systemd's own advice), None without one."""
        return self.watchdog_s / 2 if self.watchdog_s else None


def _watchdog_seconds(environ) -> float | None:
    """``WATCHDOG_USEC`` when it is meant for this process (``WATCHDOG_PID`` absent or ours)."""
    try:
        usec = int(environ.get("WATCHDOG_USEC", "0"))
    except ValueError:
        return None
    pid = environ.get("WATCHDOG_PID")
    if usec <= 0 or (pid and pid != str(os.getpid())):
        return None
    return usec / 1_000_000
