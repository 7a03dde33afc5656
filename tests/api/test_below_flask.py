"""Errors the HTTP server answers before Flask sees a request (eventlet.wsgi in production,
werkzeug's server with ``--threading``): a URI or headers too large, a garbage request line,
a bad HTTP version, a bad Content-Length. Each is answered in the one JSON error shape, in
French, the connection is closed cleanly (a FIN after the whole answer, never a reset), and the
server goes on serving. Raw sockets against a real server process."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request

import pytest
from conftest import ServerProcess

MODES = ["eventlet", "threading"]

LONG_URI = b"GET /" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: salle\r\n\r\n"
HUGE_HEADER = b"GET /healthz HTTP/1.1\r\nHost: salle\r\nX-Big: " + b"b" * 100_000 + b"\r\n\r\n"
MANY_HEADERS = (b"GET /healthz HTTP/1.1\r\nHost: salle\r\n"
                + b"".join(b"X-H%d: %s\r\n" % (i, b"c" * 1000) for i in range(120)) + b"\r\n")


@pytest.fixture(scope="module", params=MODES)
def server(request, tmp_path_factory):
    extra = ("--threading",) if request.param == "threading" else ()
    process = ServerProcess(tmp_path_factory.mktemp(request.param) / "data", extra_args=extra).start()
    process.mode = request.param
    yield process
    process.stop()


def exchange(port: int, data: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send ``data`` raw, read until the server closes; a reset instead of a close fails."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        received = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                pytest.fail(f"connection reset instead of closed; received so far: {received[:300]!r}")
            if not chunk:
                break
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


def assert_json_error(response, status: int, code: str) -> None:
    got, headers, body = response
    assert got == status, (got, headers, body[:300])
    assert headers["content-type"] == "application/json"
    assert int(headers["content-length"]) == len(body)
    assert headers["connection"].lower() == "close"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    error = json.loads(body.decode("utf-8"))["error"]
    assert set(error) == {"code", "message"} and error["code"] == code
    assert error["message"][0].isupper() and error["message"].endswith(".")  # a French sentence (app.py, serve.py)


def assert_still_serving(server) -> None:
    with urllib.request.urlopen(server.url + "/healthz", timeout=10) as response:
        assert response.status == 200


@pytest.mark.parametrize("data, status, code", [
    (LONG_URI, 414, "uri_too_long"),
    (HUGE_HEADER, 431, "headers_too_large"),
    (MANY_HEADERS, 431, "headers_too_large"),
    (b"\x16\x03\x01garbage\xff\r\n\r\n", 400, "bad_request"),
    (b"HELLO THERE GENERAL KENOBI\r\n\r\n", 400, "bad_request"),
    (b"GET /healthz HTTP/1.x\r\nHost: salle\r\n\r\n", 400, "bad_request"),
    (b"GET /healthz FTP/1.1\r\nHost: salle\r\n\r\n", 400, "bad_request"),
    (b"GET /healthz HTTP/2.0\r\nHost: salle\r\n\r\n", 505, "http_version_not_supported"),
], ids=["long-uri", "huge-header", "many-headers", "garbage", "four-words", "version-1.x", "not-http", "http-2"])
def test_refused_below_flask_in_the_json_shape(server, data, status, code):
    assert_json_error(exchange(server.port, data), status, code)
    assert_still_serving(server)


@pytest.mark.parametrize("headers", [
    b"Content-Length: -5\r\n",
    b"Content-Length: cinq\r\n",
    b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",  # a smuggling attempt
], ids=["negative", "not-a-number", "with-transfer-encoding"])
def test_a_bad_content_length_is_refused_in_the_json_shape(server, headers):
    if server.mode == "threading":
        pytest.skip("werkzeug hands these to the app; eventlet (production) refuses them before it")
    data = b"POST /api/v1/candidate/join HTTP/1.1\r\nHost: salle\r\n" + headers + b"\r\nhello"
    assert_json_error(exchange(server.port, data), 400, "bad_request")
    assert_still_serving(server)


def test_a_keep_alive_connection_serves_then_is_refused_cleanly(server):
    """A good request, then a garbage one on the same connection: the first is served, the
    second answered in the JSON shape, then the close."""
    if server.mode == "threading":
        pytest.skip("werkzeug's server closes the connection after each response (no keep-alive)")
    good = b"GET /healthz HTTP/1.1\r\nHost: salle\r\n\r\n"
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(good + b"NONSENSE\r\n\r\n")
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    served, refused, rest = received.partition(b"HTTP/1.1 400 Bad Request\r\n")
    assert served.startswith(b"HTTP/1.1 200") and refused and b"Content-Type: application/json\r\n" in rest
    assert received.endswith(b'"code": "bad_request", "message": "La requ\xc3\xaate est mal form\xc3\xa9e."}}')


def test_405_says_which_methods_exist_on_the_real_server(server):
    request = urllib.request.Request(server.url + "/healthz", method="DELETE")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 405 and "GET" in refused.value.headers["Allow"]
    assert json.loads(refused.value.read())["error"]["code"] == "method_not_allowed"
