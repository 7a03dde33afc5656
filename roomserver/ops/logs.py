"""Structured log lines on stdout, one event per line, friendly to journald and to grep.

Format: ``key=value`` pairs (values quoted when they hold spaces), e.g.
``level=info logger=roomserver.access request_id=5f1c… method=POST path=/api/v1/candidate/answers status=200 ms=4.1``.
Under systemd (``$JOURNAL_STREAM`` set) the line starts with the syslog priority ``<6>`` so
``journalctl -p warning`` works, and carries no timestamp (journald adds its own).
What is never logged: request bodies, headers, query strings, tokens, passwords, access codes.
``Scrubber`` is the last guard: anything shaped like a bearer token or a password field is
replaced by ``[masqué]`` before a line is written.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time

NOISY = ("fontTools", "fpdf", "PIL", "engineio", "socketio")
PRIORITY = {"DEBUG": 7, "INFO": 6, "WARNING": 4, "ERROR": 3, "CRITICAL": 2}
_SAFE = re.compile(r"^[\w.:/@%+\-,]*$")
_SECRET_SHAPES = (
    re.compile(r"(?i)(bearer\s+)[\w\-.~+/=]+"),
    re.compile(r"(?i)((?:password|mot_de_passe|token|access_code|secret)[\"']?\s*[=:]\s*[\"']?)[^\s\"',}&]+"),
)


def quote(value) -> str:
    text = str(value)
    if text and _SAFE.match(text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def scrub(text: str) -> str:
    for shape in _SECRET_SHAPES:
        text = shape.sub(lambda m: m.group(1) + "[masqué]", text)
    return text


class LineFormatter(logging.Formatter):
    """One ``key=value`` line per record; ``extra={"fields": {...}}`` adds pairs."""

    def __init__(self, journald: bool):
        super().__init__()
        self.journald = journald

    def format(self, record: logging.LogRecord) -> str:
        pairs = []
        if not self.journald:
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(record.created))
            pairs.append(("ts", f"{stamp}.{int(record.msecs):03d}"))
        pairs += [("level", record.levelname.lower()), ("logger", record.name)]
        request_id = getattr(record, "request_id", None) or _current_request_id()
        if request_id:
            pairs.append(("request_id", request_id))
        pairs.append(("msg", scrub(record.getMessage())))
        for key, value in (getattr(record, "fields", None) or {}).items():
            pairs.append((key, scrub(str(value))))
        if record.exc_info:
            pairs.append(("error", scrub(self.formatException(record.exc_info))))
        line = " ".join(f"{key}={quote(value)}" for key, value in pairs)
        return f"<{PRIORITY.get(record.levelname, 6)}>{line}" if self.journald else line


def _current_request_id() -> str | None:
    try:
        from flask import g, has_request_context
    except ImportError:  # the zeroconf child has no Flask to ask
        return None
    return getattr(g, "request_id", None) if has_request_context() else None


def configure(level: int = logging.INFO, stream=None) -> None:
    """Send every log record to stdout as one structured line (replaces earlier handlers)."""
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(LineFormatter(journald=bool(os.environ.get("JOURNAL_STREAM"))))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for chatty in NOISY:  # a PDF's font subsetting is not news to a technician
        logging.getLogger(chatty).setLevel(max(level, logging.WARNING))
