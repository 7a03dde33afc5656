"""``roomserver doctor``: ready (exit 0) on a good data directory, not ready (exit 1) with what to
fix on a broken one, and it asks a running server instead of its port."""

from __future__ import annotations

import subprocess

import pytest
from opskit import OpsServer

from conftest import free_port
from roomserver.admin import passwords
from roomserver.cli import main as roomserver
from roomserver.ops import doctor
from roomserver.store.atomic import open_table_db


def run(capsys, *args) -> tuple[int, str]:
    capsys.readouterr()
    code = roomserver(["doctor", *map(str, args)])
    return code, capsys.readouterr().out


@pytest.fixture
def good_dir(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    passwords.set_password(open_table_db(data / "roomserver.json"), "un mot de passe solide")
    return data


def test_a_good_data_directory_is_ready(capsys, good_dir):
    code, out = run(capsys, "--data-dir", good_dir, "--port", free_port())
    assert code == 0, out
    assert "Verdict\u00a0: prêt pour l'examen." in out
    for label in ("Port d'écoute", "Dossier de données", "Espace disque", "Écriture durable (fsync)", "Horloge",
                  "Annonce sur le réseau", "Limite de fichiers ouverts", "Organisme (envoi",
                  "Mot de passe administrateur"):
        assert label in out, label
    assert "[XX]" not in out and "essais." in out
    print("\n" + out)


def test_a_data_directory_that_is_a_file_is_not_ready(capsys, tmp_path):
    broken = tmp_path / "data"
    broken.write_text("pas un dossier")
    code, out = run(capsys, "--data-dir", broken, "--port", free_port())
    assert code == 1
    assert "Verdict\u00a0: pas prêt — 1 point à corriger" in out and "[XX] Dossier de données" in out
    assert "sudo install -d -o roomserver" in out  # what to do, not only what is wrong


def test_no_admin_password_and_a_port_taken_are_two_points_to_fix(capsys, tmp_path):
    import socket

    data = tmp_path / "data"
    data.mkdir()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        code, out = run(capsys, "--data-dir", data, "--port", taken.getsockname()[1])
    assert code == 1 and "2 points à corriger" in out
    assert "roomserver admin set-password --data-dir" in out and "ROOMSERVER_PORT" in out


def test_the_clock_check_reads_timedatectl():
    def answer(text, code=0):
        return lambda *a, **k: subprocess.CompletedProcess(a, code, stdout=text, stderr="")

    assert doctor.check_clock(answer("yes\n")).status == doctor.OK
    assert doctor.check_clock(answer("no\n")).status == doctor.WARN
    assert doctor.check_clock(answer("", 1)).status == doctor.WARN  # no systemd: said, not failed


@pytest.mark.slow
def test_with_the_server_running_it_asks_the_server(capsys, tmp_path):
    server = OpsServer(tmp_path / "data").start()
    try:
        code, out = run(capsys, "--data-dir", server.data_dir, "--port", server.port)
    finally:
        server.stop()
    assert code == 0, out
    assert "le serveur répond sur 127.0.0.1:" in out and "(en bon état, 1 session servie)" in out
    assert "du serveur en marche" in out  # its own file limit, read from the running process


def test_the_upstream_check_says_usb_unset_unreachable_or_key_unknown(tmp_path, good_dir):
    """Never a failure (the exam runs offline); a warning says what to do."""
    import http.server
    import threading

    from roomserver.store.keys import load_or_create_key

    load_or_create_key(good_dir)
    settings = {"data_dir": str(good_dir), "upstream_url": "", "sync_key_file": ""}
    unset = doctor.check_upstream(settings)
    assert unset.status == doctor.OK and "clé USB" in unset.detail

    closed = doctor.check_upstream({**settings, "upstream_url": f"http://127.0.0.1:{free_port()}"})
    assert closed.status == doctor.WARN and "injoignable" in closed.detail and "file d'envoi" in closed.remedy

    class Refusing(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # a receiver that does not know this room's key
            body = b'{"error": {"code": "unknown_key", "message": "Cl\\u00e9 inconnue."}}'
            self.send_response(401)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Refusing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        unknown = doctor.check_upstream({**settings, "upstream_url": f"http://127.0.0.1:{server.server_port}"})
    finally:
        server.shutdown()
        server.server_close()
    assert unknown.status == doctor.WARN and "ne reconnaît pas la clé" in unknown.detail
    assert "roomserver sync register" in unknown.remedy
