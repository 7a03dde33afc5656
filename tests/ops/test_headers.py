"""The served process parses request headers without the email package (ops/headers.py):
the result must be the standard one for every header block, the short way or not."""

from __future__ import annotations

import http.client
import io

import pytest
from hypothesis import given, settings, strategies as st

from roomserver.ops import headers

# Lines built from pieces that matter to the email parser: names with and without odd
# characters, colons, blanks before and after values, folded lines, bare CR, form feeds,
# Latin-1 bytes, lines without a line end.
NAME = st.sampled_from([b"Host", b"Content-Type", b"X-Request-Id", b"Authorization", b"", b"From ", b"Na me",
                        b"\xe9t\xe9", b"a\x0cb", b"X\x7f", b"From"])
VALUE = st.lists(st.sampled_from([b"v", b" ", b"\t", b":", b"\r", b"\x0c", b"\x85", b"\xe9", b"Bearer abc", b"a\x00b",
                                  b"\x1c", b"=?utf-8?q?x?="]), max_size=6).map(b"".join)
END = st.sampled_from([b"\r\n", b"\n", b"\r\n", b"\r", b""])
LINE = st.one_of(
    st.builds(lambda n, v, e: n + b":" + v + e, NAME, VALUE, END),
    st.builds(lambda n, v, e: n + v + e, NAME, VALUE, END),  # no colon
    st.builds(lambda v, e: b" " + v + e, VALUE, END),  # folded
    st.builds(lambda v, e: b"\t" + v + e, VALUE, END),
)
BLOCK = st.builds(lambda lines, end: b"".join(lines) + end, st.lists(LINE, max_size=8),
                  st.sampled_from([b"\r\n", b"\n", b"", b"\r\nbody"]))


def same(raw: bytes):
    """Both parsers on the same bytes: the same message, or the same exception."""
    try:
        expected = headers._standard(io.BytesIO(raw))
    except Exception as exc:  # noqa: BLE001 - compared below
        with pytest.raises(type(exc)):
            headers.parse_headers(io.BytesIO(raw))
        return None
    got = headers.parse_headers(io.BytesIO(raw))
    assert type(got) is type(expected)
    state = lambda m: {k: ([type(d) for d in v] if k == "defects" else v) for k, v in vars(m).items()}  # noqa: E731
    assert state(got) == state(expected), raw
    assert got.items() == expected.items() and got.get("content-length") == expected.get("content-length")
    return got


@settings(max_examples=3000, deadline=None)
@given(BLOCK)
def test_the_result_is_the_standard_parsers_for_any_block(raw):
    same(raw)


def test_a_plain_request_takes_the_short_way_and_odd_ones_the_standard_one(monkeypatch):
    plain = (b"Host: 127.0.0.1:8080\r\nContent-Length: 12\r\nContent-Type: application/json\r\n"
             b"Authorization: Bearer abc\r\nX-Empty:\r\n\r\n")
    for raw in (plain, b"Host: a\r\n folded\r\n\r\n", b"No colon\r\n\r\n", b"X: a\rb\r\n\r\n", b"Na me: v\r\n\r\n"):
        same(raw)
    calls = []
    real = headers.email.parser.Parser
    monkeypatch.setattr(headers.email.parser, "Parser", lambda *a, **k: calls.append(1) or real(*a, **k))
    message = headers.parse_headers(io.BytesIO(plain))
    assert not calls and message["authorization"] == "Bearer abc" and message["x-empty"] == ""
    for odd in (b"Host: a\r\n folded\r\n\r\n", b"No colon\r\n\r\n", b"X: a\rb\r\n\r\n", b"Na me: v\r\n\r\n"):
        calls.clear()
        headers.parse_headers(io.BytesIO(odd))
        assert calls, odd


def test_limits_are_the_standard_ones():
    with pytest.raises(http.client.LineTooLong):
        headers.parse_headers(io.BytesIO(b"X: " + b"a" * 70000 + b"\r\n\r\n"))
    with pytest.raises(http.client.HTTPException):
        headers.parse_headers(io.BytesIO(b"X: a\r\n" * 101 + b"\r\n"))


def test_install_and_uninstall():
    try:
        headers.install()
        assert http.client.parse_headers is headers.parse_headers
    finally:
        headers.uninstall()
    assert http.client.parse_headers is headers._standard
