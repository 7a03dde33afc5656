"""HTTPS on the LAN: with --cert/--key the server speaks TLS (a client that trusts the
certificate checks it for 127.0.0.1), reports https in its health and zeroconf record, and a
client speaking plain HTTP to it, or never finishing its handshake, harms nobody else."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess

import pytest
from opskit import OpsServer, call

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 made by openssl, as docs/operations.md shows."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed here: no certificate to serve")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "salle.crt", folder / "salle.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", str(key),
                    "-out", str(cert), "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    context = ssl.create_default_context(cafile=str(cert))  # trusts that certificate, checks the address
    return cert, key, context


@pytest.mark.parametrize("mode", ["eventlet", "threading"])
def test_the_server_speaks_tls_with_its_certificate(tmp_path, certificate, mode):
    cert, key, trusting = certificate
    extra = ("--cert", str(cert), "--key", str(key)) + (("--threading",) if mode == "threading" else ())
    server = OpsServer(tmp_path / "data", extra_args=extra, tls=trusting).start()
    try:
        status, health, _ = call(server.url + "/healthz", context=trusting)
        assert status == 200 and health["status"] == "ok" and server.url.startswith("https://")
        if mode == "eventlet":
            with socket.create_connection(("127.0.0.1", server.port), timeout=5) as plain:
                plain.sendall(b"GET /healthz HTTP/1.1\r\nHost: salle\r\n\r\n")  # plain HTTP to a TLS port
                plain.recv(4096)
            stalled = socket.create_connection(("127.0.0.1", server.port), timeout=5)  # no handshake at all
            assert call(server.url + "/healthz", context=trusting, timeout=5)[0] == 200
            stalled.close()
        with pytest.raises(OSError):  # a client that does not trust it is refused by TLS itself
            call(server.url + "/healthz", context=ssl.create_default_context(), timeout=5)
        assert server.alive
    finally:
        server.stop()


def test_a_missing_certificate_stops_the_start_with_a_french_message(tmp_path, certificate):
    _, key, _ = certificate
    server = OpsServer(tmp_path / "data", extra_args=("--cert", str(tmp_path / "absent.crt"), "--key", str(key)))
    with pytest.raises(RuntimeError, match="exited with 2"):
        server.start(timeout=20)
    assert f"ARRÊT\u00a0: le certificat {tmp_path / 'absent.crt'} est introuvable" in server.log()
    unrelated = OpsServer(tmp_path / "data2", extra_args=("--cert", str(key), "--key", str(key)))
    with pytest.raises(RuntimeError, match="exited with 2"):  # a key given as the certificate
        unrelated.start(timeout=20)
    assert "est inutilisable" in unrelated.log()
