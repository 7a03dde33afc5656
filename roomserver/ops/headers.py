"""Request headers parsed without the email package, for the served process.

``http.server`` (under eventlet's WSGI server) reads every request's headers with
``http.client.parse_headers``, which hands them to ``email.parser``: about 60 µs for the five
headers of an answer on this machine, more for a browser's dozen, on every request of every
pupil. Almost every request is plain ``Name: value`` lines, whose result is known without that
machinery: the same ``HTTPMessage`` with the same ``(name, value)`` pairs the parser builds
(its compat32 policy: the name as sent, the value without its leading blanks and line end).

Only those lines take the short way, checked one by one; a block with anything else (a folded
line, a line without a colon, a name the email parser would not take, a bare carriage return)
goes to the standard parser whole, so the result is always the standard one
(``tests/ops/test_headers.py`` compares both on generated blocks). The lines are read by the
standard ``http.client._read_headers``, with its limits (line length, header count).
Installed by ``serve.py`` in the served process only.
"""

from __future__ import annotations

import email.parser
import http.client
import re

# A header line the email parser reads as exactly (name, value): a non-empty name of printable ASCII
# without ':' (its header pattern), then ':', then a value with no CR or LF inside.
_SIMPLE = re.compile(r"([\x21-\x39\x3b-\x7e]+):[ \t]*([^\r\n]*?)\r?\n")

_standard = http.client.parse_headers


def parse_headers(fp, _class=http.client.HTTPMessage):
    """``http.client.parse_headers``, the same result, without the email parser when every
    line is simple."""
    lines = http.client._read_headers(fp)
    message = _class()
    pairs = message._headers
    for line in lines:
        if line in (b"\r\n", b"\n"):
            break
        match = _SIMPLE.fullmatch(line.decode("iso-8859-1"))
        if match is None:  # anything else: the standard parser, on the whole block
            return email.parser.Parser(_class=_class).parsestr(b"".join(lines).decode("iso-8859-1"))
        pairs.append(match.groups())
    message.set_payload("")  # what the standard parser leaves after the headers
    return message


def install() -> None:
    """Make ``http.server`` (and ``http.client``) use ``parse_headers``."""
    http.client.parse_headers = parse_headers


def uninstall() -> None:
    http.client.parse_headers = _standard
