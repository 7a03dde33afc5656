"""The administrator's commands through the real ``roomserver`` entry point, in child processes:
set-password, session create|list|show, candidates import, documents, session finalise,
archive and archive verify; and the data directory's lock held by a serving process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from adminapikit import INVIGILATOR_PASSWORD, Run, admin, flat, login, ok, pdf_text  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = ("Nom de naissance;Prénom;Date de naissance;Temps majoré\r\n"
              "Şahin;Elif;14/03/2011;33\r\nNguyễn;Minh;02/07/2011;0\r\n"
              "Kowalski;Łukasz;23/12/2010;\r\nØrsted;Ida;01/01/2011;25 %\r\n").encode("utf-8")


def roomserver(*args, data_dir: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "roomserver.cli", *map(str, args)]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    return subprocess.run(command, cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def success(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, (done.returncode, done.stdout, done.stderr)
    return done.stdout


@pytest.fixture
def data(tmp_path) -> Path:
    return tmp_path / "data"


def create(data: Path, **changes) -> dict:
    flags = {"site": "Lycée Condorcet", "room": "Salle 104", "date": "2031-05-12", "start-time": "09:30", **changes}
    args = ["session", "create", "--json", "--invigilator", "Mme Roux"]
    for name, value in flags.items():
        args += [f"--{name}", value]
    return json.loads(success(roomserver(*args, data_dir=data)))


# -- the password -----------------------------------------------------------------------------------------

def test_set_password_from_stdin(data):
    out = success(roomserver("admin", "set-password", "--stdin", data_dir=data, stdin="cheval-agrafe-pile\n"))
    assert "enregistré" in out
    from roomserver.app import create_app

    app = create_app({"data_dir": data, "async_mode": "threading", "live_tick_s": 0})
    try:
        client = app.test_client()
        login(client, "cheval-agrafe-pile")
        assert client.post("/api/v1/admin/login", json={"password": "autre-chose-123"}).status_code == 401
    finally:
        app.extensions["roomserver"].store.close()
    too_short = roomserver("admin", "set-password", "--stdin", data_dir=data, stdin="court\n")
    assert too_short.returncode == 2 and "10 caractères" in too_short.stderr


def test_set_password_logs_every_admin_page_out(app, client):
    page = login(client, app.demo["admin_password"])
    data = app.extensions["roomserver"].store.data_dir
    success(roomserver("admin", "set-password", "--stdin", data_dir=data, stdin="nouveau-mot-de-passe\n"))
    assert page.get("/sessions").status_code == 401
    login(client, "nouveau-mot-de-passe")


# -- sessions --------------------------------------------------------------------------------------------

def test_session_create_list_show(data):
    made = create(data)
    assert set(made) >= {"session_number", "invigilator_password"}
    assert INVIGILATOR_PASSWORD.fullmatch(made["invigilator_password"])
    other = create(data, date="2031-05-13", room="Salle 105")
    assert other["session_number"] != made["session_number"]

    listed = json.loads(success(roomserver("session", "list", "--json", data_dir=data)))["sessions"]
    assert [s["session_number"] for s in listed] == [made["session_number"], other["session_number"]]
    assert listed[0]["site"] == "Lycée Condorcet" and listed[0]["status"] == "created"
    text = success(roomserver("session", "list", data_dir=data))
    assert f"n°{made['session_number']}" in text and "Salle 105" in text
    assert json.loads(success(roomserver("session", "list", "--status", "finalised", "--json",
                                         data_dir=data))) == {"sessions": []}
    later = json.loads(success(roomserver("session", "list", "--date-from", "2031-05-13", "--json", data_dir=data)))
    assert [s["session_number"] for s in later["sessions"]] == [other["session_number"]]
    earlier = json.loads(success(roomserver("session", "list", "--date-to", "2031-05-12", "--json", data_dir=data)))
    assert [s["session_number"] for s in earlier["sessions"]] == [made["session_number"]]
    for flags in (["--status", "ouverte"], ["--date-from", "13/05/2031"]):
        wrong = roomserver("session", "list", *flags, data_dir=data)
        assert wrong.returncode == 2 and "Traceback" not in wrong.stderr and wrong.stderr.strip()

    shown = json.loads(success(roomserver("session", "show", made["session_number"], "--json", data_dir=data)))
    assert shown["invigilator_password"] == made["invigilator_password"] and shown["room"] == "Salle 104"
    assert shown["candidates_list"] == []
    text = success(roomserver("session", "show", made["session_number"], data_dir=data))
    assert made["invigilator_password"] in text and "Mme Roux" in text


def test_session_create_refusals(data):
    bad = roomserver("session", "create", "--site", "Lycée", "--room", "Salle 1", "--date", "2031-02-30",
                     "--start-time", "09:00", "--invigilator", "Mme Roux", data_dir=data)
    assert bad.returncode == 2 and "Date de la session" in bad.stderr
    bad = roomserver("session", "create", "--site", "Lycée", "--room", "Salle 1", "--date", "2031-02-03",
                     "--start-time", "9h", "--invigilator", "Mme Roux", data_dir=data)
    assert bad.returncode == 2 and "Heure de début" in bad.stderr
    assert json.loads(success(roomserver("session", "list", "--json", data_dir=data))) == {"sessions": []}
    missing = roomserver("session", "show", "4242", data_dir=data)
    assert missing.returncode == 2 and "4242" in missing.stderr and "Traceback" not in missing.stderr


# -- candidates and documents ----------------------------------------------------------------------------------

def test_candidates_import_good_and_bad(data, tmp_path):
    number = create(data)["session_number"]
    good = tmp_path / "candidats.csv"
    good.write_bytes(CANDIDATES)
    out = success(roomserver("candidates", "import", "--session", number, good, data_dir=data))
    assert "4 candidats importés" in out
    shown = json.loads(success(roomserver("session", "show", number, "--json", data_dir=data)))
    assert {c["last_name"] for c in shown["candidates_list"]} == {"Şahin", "Nguyễn", "Kowalski", "Ørsted"}

    bad = tmp_path / "autres.csv"
    bad.write_bytes(("Nom de naissance;Prénom;Date de naissance;Temps majoré\r\n"
                     "Durand;Léa;31/02/2011;0\r\nPetit;Hugo;17/09/2011;beaucoup\r\n"
                     "Roux;Jade;21/04/2011;0\r\n").encode("utf-8"))
    refused = roomserver("candidates", "import", "--session", number, bad, data_dir=data)
    assert refused.returncode == 1
    assert "Rien n'a été importé" in refused.stdout and "Ligne 2" in refused.stdout and "Ligne 3" in refused.stdout
    again = json.loads(success(roomserver("session", "show", number, "--json", data_dir=data)))
    assert len(again["candidates_list"]) == 4  # nothing of the bad file

    twice = roomserver("candidates", "import", "--session", number, good, data_dir=data)
    assert twice.returncode == 1 and "déjà inscrit" in twice.stdout
    absent = roomserver("candidates", "import", "--session", number, tmp_path / "nulle-part.csv", data_dir=data)
    assert absent.returncode == 2 and "illisible" in absent.stderr
    unknown = roomserver("candidates", "import", "--session", 4242, good, data_dir=data)
    assert unknown.returncode == 2 and "4242" in unknown.stderr


def test_documents_written_to_a_folder(data, tmp_path):
    made = create(data)
    number = made["session_number"]
    source = tmp_path / "candidats.csv"
    source.write_bytes(CANDIDATES)
    success(roomserver("candidates", "import", "--session", number, source, data_dir=data))
    out_dir = tmp_path / "imprimer"
    out = success(roomserver("documents", "--session", number, "--out", out_dir, data_dir=data))
    written = sorted(out_dir.iterdir())
    assert len(written) == 5 and all(p.suffix == ".pdf" and str(p) in out for p in written)
    texts = {p.name: flat(pdf_text(p.read_bytes())) for p in written}
    sheet = next(t for n, t in texts.items() if "emargement" in n)
    for name in ("Şahin", "Nguyễn", "Łukasz", "Ørsted"):
        assert name in sheet
    kit = next(t for n, t in texts.items() if "surveillant" in n)
    assert made["invigilator_password"] in kit
    assert "http://" in kit and "<adresse" not in kit  # the address of the server's settings, to write on the board
    shown = json.loads(success(roomserver("session", "show", number, "--json", data_dir=data)))
    assert shown["access_code"] is None
    missing = roomserver("documents", "--session", 4242, "--out", out_dir, data_dir=data)
    assert missing.returncode == 2 and "4242" in missing.stderr


# -- after the test --------------------------------------------------------------------------------------------

def test_finalise_refused_when_not_closed(app, client, admin):
    run = Run(app, client, admin)
    store = app.extensions["roomserver"].store
    store.close()
    refused = roomserver("session", "finalise", run.number, "--abort", f"{run.ended_id}=technical",
                         data_dir=store.data_dir)
    assert refused.returncode == 2 and "clôturée" in refused.stderr
    unknown = roomserver("session", "finalise", run.number, "--abort", f"{run.ended_id}=fatigue",
                         data_dir=store.data_dir)
    assert unknown.returncode == 2 and "abandon ou technical" in unknown.stderr


def test_finalise_by_cli_then_archive(app, client, admin, tmp_path):
    run = Run(app, client, admin)
    run.close()
    store = app.extensions["roomserver"].store
    store.close()
    data = store.data_dir
    missing = roomserver("session", "finalise", run.number, data_dir=data)
    assert missing.returncode == 2 and "Elif Şahin" in missing.stderr
    out = success(roomserver("session", "finalise", run.number, "--abort", f"{run.ended_id}=abandon",
                             "--comment", "Session calme.", "--all-end-screens", data_dir=data))
    final_hash = out.split("hash final")[1].split(":")[1].split()[0]
    archive = tmp_path / "archive.zip"
    success(roomserver("archive", "--session", run.number, "--out", archive, data_dir=data))
    out = success(roomserver("archive", "verify", archive))
    assert "OK" in out and final_hash in out
    success(roomserver("archive", "verify", archive, "--key", data / "keys" / "journal.key"))
    again = roomserver("session", "finalise", run.number, "--abort", f"{run.ended_id}=abandon", data_dir=data)
    assert again.returncode == 2 and "finalisée" in again.stderr


def test_archive_of_a_session_finalised_through_the_api(app, client, admin, tmp_path):
    run = Run(app, client, admin)
    run.close()
    final_hash = run.finalise_ok()["final_hash"]
    store = app.extensions["roomserver"].store
    store.close()
    data = store.data_dir
    archive = tmp_path / "session.zip"
    out = success(roomserver("archive", "--session", run.number, "--out", archive, data_dir=data))
    assert str(archive) in out and archive.stat().st_size > 10_000
    out = success(roomserver("archive", "verify", archive))
    assert "OK" in out and final_hash in out and "non vérifiées" in out
    out = success(roomserver("archive", "verify", archive, "--key", data / "keys" / "journal.key"))
    assert "OK" in out and "vérifiées avec la clé" in out
    journal = run.handle.journal.path
    out = success(roomserver("verify-journal", journal, "--key", data / "keys" / "journal.key"))
    assert final_hash in out or "OK" in out
    damaged = tmp_path / "abime.zip"
    raw = bytearray(archive.read_bytes())
    raw[len(raw) // 3] ^= 0xFF
    damaged.write_bytes(bytes(raw))
    refused = roomserver("archive", "verify", damaged)
    assert refused.returncode == 1 and "INVALIDE" in refused.stdout
    nowhere = roomserver("archive", "--session", run.number, "--out", tmp_path / "absent" / "x.zip", data_dir=data)
    assert nowhere.returncode == 2 and "Impossible d'écrire" in nowhere.stderr and "Traceback" not in nowhere.stderr
    not_final = roomserver("archive", "--session", app.demo["session_number"], "--out", tmp_path / "x.zip",
                           data_dir=data)
    assert not_final.returncode == 2 and "finalisée" in not_final.stderr
    assert not (tmp_path / "x.zip").exists()


# -- the serving lock -------------------------------------------------------------------------------------------

HOLD = ("import sys, time\nfrom pathlib import Path\nfrom roomserver.cli.common import hold_serving_lock\n"
        "assert hold_serving_lock(Path(sys.argv[1]))\nprint('held', flush=True)\ntime.sleep(120)\n")


def test_commands_refused_while_a_server_holds_the_data_dir(data, tmp_path):
    number = create(data)["session_number"]
    source = tmp_path / "candidats.csv"
    source.write_bytes(CANDIDATES)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(data)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        for args in (["session", "create", "--site", "Lycée", "--room", "Salle 1", "--date", "2031-02-03",
                      "--start-time", "09:00", "--invigilator", "Mme Roux"],
                     ["session", "list"], ["session", "show", number],
                     ["candidates", "import", "--session", number, source],
                     ["documents", "--session", number, "--out", tmp_path / "docs"],
                     ["session", "finalise", number],
                     ["archive", "--session", number, "--out", tmp_path / "a.zip"]):
            busy = roomserver(*args, data_dir=data)
            assert busy.returncode == 2, (args, busy.stdout, busy.stderr)
            assert "utilise le dossier" in busy.stderr, (args, busy.stderr)
        # the password is one atomic row: it can be changed while the server runs
        success(roomserver("admin", "set-password", "--stdin", data_dir=data, stdin="pendant-le-service\n"))
    finally:
        holder.kill()
        holder.wait(10)
        holder.stdout.close()
    shown = json.loads(success(roomserver("session", "show", number, "--json", data_dir=data)))
    assert shown["candidates_list"] == []  # nothing was written beside the server
    assert len(json.loads(success(roomserver("session", "list", "--json", data_dir=data)))["sessions"]) == 1
