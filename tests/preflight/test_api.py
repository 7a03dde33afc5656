"""The preflight API: bad input gets a French message in the one error shape, results survive a restart."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from preflight.samples import samples
from preflight.tasks import build
from roomserver.app import create_app

API = "/api/v1/preflight"
CHROMIUM = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"


def good_facts(**changes) -> dict:
    facts = {"user_agent": CHROMIUM, "brands": [{"brand": "Chromium", "version": "156"}],
             "screen": {"css_width": 1536, "css_height": 864, "scale_pct": 125, "inner_width": 1536},
             "pointer": {"fine": True, "any_fine": True, "coarse": False, "hover": True, "any_hover": True},
             "storage": {"cookies": True, "local_storage": True, "indexed_db": True, "websocket": True,
                         "service_worker": False, "secure_context": False},
             "clock": {"offset_ms": 120, "rtt_ms": 2}, "network": {"latency_ms": 2, "throughput_kbps": 400_000, "errors": 0},
             "downloads": [{"kind": s.kind, "sha256": s.sha256, "size": len(s.data), "ms": 3, "html": False}
                           for s in samples().values()],
             "pdf_viewer": True, "duration_ms": 900}
    facts.update(changes)
    return facts


_addresses = iter(f"10.0.{i // 250}.{i % 250 + 1}" for i in range(100_000))


def new_pc(client) -> str:
    """A PC at a new address (two browsers at one address are taken for the same PC)."""
    response = client.post(f"{API}/pcs", json={}, environ_base={"REMOTE_ADDR": next(_addresses)})
    assert response.status_code == 200
    return response.get_json()["pc_id"]


def solve_tasks(client, app, pc_id: str) -> None:
    book_doc = client.application.extensions["preflight_book"].get(pc_id)
    for task_id, item in book_doc["tasks"]["items"].items():
        code = build(task_id, item["seed"])[0]
        answer = client.post(f"{API}/pcs/{pc_id}/tasks/{task_id}/answer", json={"code": f" {code.lower()} "})
        assert answer.get_json()["status"] == "pass", task_id


def login(client, password: str) -> dict:
    """The administrator's bearer header: the board and its edits need the admin login."""
    response = client.post("/api/v1/admin/login", json={"password": password})
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


@pytest.fixture
def admin(client, app) -> dict:
    return login(client, app.demo["admin_password"])


def agent_report(host="poste-12", failing=False) -> dict:
    return {"host": host, "source": "agent", "platform": "Windows 11", "version": "1.0.0",
            "checks": [{"id": "pdf_reader", "status": "pass", "label": "Lecteur PDF", "detail": "SumatraPDF", "remedy": ""},
                       {"id": "video_editor", "status": "fail" if failing else "pass", "label": "Montage vidéo",
                        "detail": "Non trouvé." if failing else "Shotcut", "remedy": "Installez Shotcut."}]}


# -- bad input ------------------------------------------------------------------------------

def assert_french_error(response, status: int, code: str | None = None):
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["message"] and body["error"]["message"][0].isupper()
    if code:
        assert body["error"]["code"] == code


@pytest.mark.parametrize("path, body", [
    (f"{API}/pcs", {"pc_id": 12}),
    (f"{API}/pcs", {"pc_id": "a b"}),
    (f"{API}/pcs", {"extra": 1}),
    (f"{API}/reports", {"report": {"host": "x", "checks": "none"}}),
    (f"{API}/reports", {"report": {"host": "x", "checks": [{"id": "a", "status": "great"}]}}),
    (f"{API}/reports", {"report": {"host": "", "checks": []}}),
    (f"{API}/reports", {"report": "texte"}),
    (f"{API}/reports", []),
])
def test_wrong_types_are_400_in_french(client, path, body):
    assert_french_error(client.post(path, json=body), 400)


def test_browser_facts_validation(client):
    pc_id = new_pc(client)
    assert_french_error(client.post(f"{API}/pcs/{pc_id}/browser", json=good_facts(screen={"css_width": "large"})), 400)
    assert_french_error(client.post(f"{API}/pcs/{pc_id}/browser", json=good_facts(downloads=[{"kind": "exe"}])), 400)
    assert_french_error(client.post(f"{API}/pcs/{pc_id}/browser",
                                    json=good_facts(screen={"css_width": 1280, "scale_pct": 1.25})), 400)
    response = client.post(f"{API}/pcs/{pc_id}/browser", json={**good_facts(), "pdf_viewer": "oui"})
    assert_french_error(response, 400)
    assert "pdf_viewer" in response.get_json()["error"]["message"]


def test_malformed_and_oversized_bodies(client):
    assert_french_error(client.post(f"{API}/pcs", data="{pas du json", content_type="application/json"), 400,
                        "invalid_json")
    assert_french_error(client.post(f"{API}/pcs", data="pc_id=1", content_type="application/x-www-form-urlencoded"),
                        400, "invalid_json")
    huge = {"report": {"host": "x", "checks": [{"id": "a", "status": "pass", "detail": "x" * 900}] * 100}}
    assert_french_error(client.post(f"{API}/reports", json=huge), 413, "body_too_large")


def test_unknown_ids_are_404(client, admin):
    assert_french_error(client.get(f"{API}/pcs/ZZZZZZ"), 404, "unknown_pc")
    assert_french_error(client.post(f"{API}/pcs", json={"pc_id": "ZZZZZZ"}), 404, "unknown_pc")
    assert_french_error(client.post(f"{API}/pcs/ZZZZZZ/browser", json=good_facts()), 404, "unknown_pc")
    assert_french_error(client.patch(f"{API}/pcs/ZZZZZZ", json={"label": "x"}, headers=admin), 404, "unknown_pc")
    assert_french_error(client.post(f"{API}/reports", json={"pc_id": "ZZZZZZ", "report": agent_report()}), 404)
    pc_id = new_pc(client)
    assert_french_error(client.get(f"{API}/pcs/{pc_id}/tasks/exe/file"), 404, "unknown_task")
    assert_french_error(client.post(f"{API}/pcs/{pc_id}/tasks/exe/answer", json={"code": "x"}), 404, "unknown_task")
    assert_french_error(client.get(f"{API}/samples/exe"), 404, "unknown_sample")
    assert_french_error(client.get(f"{API}/payload?kib=0"), 400)
    assert_french_error(client.get(f"{API}/payload?kib=abc"), 400)
    assert_french_error(client.delete(f"{API}/room", headers=admin), 405)


def test_the_board_and_its_edits_need_the_admin_login(client, admin):
    pc_id = new_pc(client)
    for method, path, body in (("GET", "/room", None), ("PATCH", "/room", {"candidates_planned": 3}),
                               ("GET", "/room.csv", None), ("GET", "/room.pdf", None),
                               ("PATCH", f"/pcs/{pc_id}", {"label": "poste 1"}), ("DELETE", f"/pcs/{pc_id}", None)):
        for headers in ({}, {"Authorization": "Bearer faux"}):
            response = client.open(API + path, method=method, json=body, headers=headers)
            assert_french_error(response, 401, "unauthorised")
    board = client.get(f"{API}/room", headers=admin).get_json()
    assert [p["pc_id"] for p in board["pcs"]] == [pc_id] and board["pcs"][0]["label"] == ""


def test_every_preflight_endpoint_is_in_openapi(client, app):
    documented = client.get("/api/v1/openapi.json").get_json()["paths"]
    from roomserver.api.routing import to_openapi_path
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(API):
            path = to_openapi_path(rule.rule)
            assert path in documented, path
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert method.lower() in documented[path], (method, path)


# -- the page's flow -------------------------------------------------------------------------

def test_browser_checks_with_125_percent_scaling_pass(client):
    pc_id = new_pc(client)
    body = client.post(f"{API}/pcs/{pc_id}/browser", json=good_facts()).get_json()
    checks = {c["id"]: c for c in body["checks"]}
    assert checks["screen"]["status"] == "pass" and "1920 px physiques" in checks["screen"]["detail"]
    assert all(checks[f"download.{k}"]["status"] == "pass" for k in samples())
    narrow = client.post(f"{API}/pcs/{pc_id}/browser", json=good_facts(screen={"css_width": 640, "scale_pct": 125}))
    assert {c["id"]: c["status"] for c in narrow.get_json()["checks"]}["screen"] == "fail"


def test_samples_are_attachments_with_their_hash(client):
    listing = client.get(f"{API}/samples").get_json()["samples"]
    assert {s["kind"] for s in listing} == {"pdf", "odt", "docx", "ods", "xlsx", "odp", "png", "jpg", "zip", "mlt"}
    import hashlib
    for sample in listing:
        response = client.get(sample["url"])
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert hashlib.sha256(response.data).hexdigest() == sample["sha256"]


def test_codes_are_per_pc_and_never_sent_before_the_answer(client, admin):
    first, second = new_pc(client), new_pc(client)
    book = client.application.extensions["preflight_book"]
    codes = [{t: i["code"] for t, i in book.get(pc)["tasks"]["items"].items()} for pc in (first, second)]
    assert codes[0] != codes[1]
    board = client.get(f"{API}/room", headers=admin)
    assert board.status_code == 200
    exposed = client.get(f"{API}/pcs/{first}").get_data(as_text=True) + board.get_data(as_text=True)
    for code in codes[0].values():
        assert code not in exposed
    # The downloaded file holds the stored code; a new run changes every code.
    data = client.get(f"{API}/pcs/{first}/tasks/zip/file").data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert codes[0]["zip"] in archive.read("crash-test/code/code.txt").decode()
    client.post(f"{API}/pcs/{first}/tasks")
    assert book.get(first)["tasks"]["items"]["zip"]["code"] != codes[0]["zip"]


def test_wrong_code_fails_with_a_remedy(client):
    pc_id = new_pc(client)
    body = client.post(f"{API}/pcs/{pc_id}/tasks/xlsx/answer", json={"code": "0"}).get_json()
    assert body["status"] == "fail" and "tableur" in body["remedy"]


# -- the board, the verdict, the exports, persistence -------------------------------------------

def test_room_verdict_counts_ready_pcs_against_candidates_plus_spares(client, app, admin):
    board = client.get(f"{API}/room", headers=admin).get_json()
    enrolled = sum(len(s.candidates) for s in app.extensions["roomserver"].store.sessions())
    assert board["verdict"]["candidates_planned"] == enrolled and not board["verdict"]["planned_set_by_technician"]
    assert client.patch(f"{API}/room", json={"candidates_planned": 1}, headers=admin).status_code == 200
    pc_id = new_pc(client)
    client.post(f"{API}/pcs/{pc_id}/browser", json=good_facts())
    verdict = client.get(f"{API}/room", headers=admin).get_json()["verdict"]
    assert verdict["needed"] == 2 and verdict["ready"] == 0  # tasks not done yet
    solve_tasks(client, app, pc_id)
    spare = new_pc(client)
    client.post(f"{API}/pcs/{spare}/browser", json=good_facts())
    solve_tasks(client, app, spare)
    verdict = client.get(f"{API}/room", headers=admin).get_json()["verdict"]
    assert verdict["ready"] == 2 and verdict["room_ready"]
    client.patch(f"{API}/room", json={"candidates_planned": 21}, headers=admin)
    verdict = client.get(f"{API}/room", headers=admin).get_json()["verdict"]
    assert verdict["spares"] == 2 and verdict["needed"] == 23 and not verdict["room_ready"]
    client.patch(f"{API}/room", json={"candidates_planned": None}, headers=admin)
    assert client.get(f"{API}/room", headers=admin).get_json()["verdict"]["candidates_planned"] == enrolled
    assert_french_error(client.patch(f"{API}/room", json={"candidates_planned": -3}, headers=admin), 400)


def test_an_agent_failure_makes_the_pc_not_ready(client, app, admin):
    pc_id = new_pc(client)
    client.post(f"{API}/pcs/{pc_id}/browser", json=good_facts())
    solve_tasks(client, app, pc_id)
    response = client.post(f"{API}/reports", json={"pc_id": pc_id.lower(), "report": agent_report(failing=True)})
    assert response.get_json()["pc_id"] == pc_id
    pc = next(p for p in client.get(f"{API}/room", headers=admin).get_json()["pcs"] if p["pc_id"] == pc_id)
    assert pc["status"] == "not_ready" and pc["host"] == "poste-12"
    assert any(c["source"] == "agent" and c["status"] == "fail" for c in pc["checks"])


def test_a_browser_at_the_same_address_is_the_same_pc(client):
    one = client.post(f"{API}/pcs", json={}, environ_base={"REMOTE_ADDR": "10.9.9.9"}).get_json()
    two = client.post(f"{API}/pcs", json={}, environ_base={"REMOTE_ADDR": "10.9.9.9"}).get_json()
    assert one["pc_id"] == two["pc_id"]
    # The agent run on that PC later joins the same row of the board.
    agent = client.post(f"{API}/reports", json={"report": agent_report("pc-ten")},
                        environ_base={"REMOTE_ADDR": "10.9.9.9"}).get_json()
    assert agent["pc_id"] == one["pc_id"] and agent["host"] == "pc-ten"


def test_agent_reports_find_their_pc_by_host_then_address(client):
    first = client.post(f"{API}/reports", json={"report": agent_report("salle-b-01")}).get_json()
    again = client.post(f"{API}/reports", json={"report": agent_report("SALLE-B-01")}).get_json()
    assert first["pc_id"] == again["pc_id"]
    # Behind a proxy the address names the proxy, not the PC: no merging on it.
    proxied = client.post(f"{API}/pcs", json={}, headers={"X-Forwarded-For": "10.0.0.9"}).get_json()
    assert proxied["pc_id"] != first["pc_id"]


def test_no_candidate_data_on_the_board(client, app, admin):
    pc_id = new_pc(client)
    client.post(f"{API}/pcs/{pc_id}/browser", json=good_facts())
    client.post(f"{API}/reports", json={"report": agent_report()})
    text = client.get(f"{API}/room", headers=admin).get_data(as_text=True)
    for person in app.demo["candidates"]:
        assert person["last_name"] not in text and person["birthdate"] not in text


def test_label_csv_and_pdf_exports(client, admin):
    pc_id = new_pc(client)
    client.post(f"{API}/pcs/{pc_id}/browser", json=good_facts(screen={"css_width": 640, "scale_pct": 125}))
    assert client.patch(f"{API}/pcs/{pc_id}", json={"label": "  poste   12 "}, headers=admin).get_json()["label"] == "poste 12"
    client.post(f"{API}/reports", json={"pc_id": pc_id, "report": agent_report(host="=HYPERLINK(1)")})
    raw = client.get(f"{API}/room.csv", headers=admin)
    assert raw.headers["Content-Disposition"].startswith("attachment;")
    assert raw.headers["Content-Type"] == "text/csv; charset=utf-8"  # one charset, not two
    assert raw.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Poste", "Nom d'hôte", "Code du poste", "Dernier passage", "État du poste"]
    screen = next(r for r in rows if r[6].startswith("Largeur"))
    assert screen[0] == "poste 12" and screen[7] == "Échec" and "mise à l'échelle" in screen[9]
    assert screen[1] == "'=HYPERLINK(1)"  # never a formula in Excel
    pdf = client.get(f"{API}/room.pdf", headers=admin)
    assert pdf.data.startswith(b"%PDF-")
    pypdf = pytest.importorskip("pypdf")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
    assert "poste 12" in text and "Pas prêt" in text


def test_results_survive_a_restart(tmp_path):
    from roomserver.admin.passwords import set_password

    settings = {"data_dir": tmp_path / "data", "async_mode": "threading"}
    app = create_app(settings)
    set_password(app.extensions["roomserver"].store.tables, "mot de passe du technicien")
    client = app.test_client()
    admin = login(client, "mot de passe du technicien")
    pc_id = new_pc(client)
    client.post(f"{API}/pcs/{pc_id}/browser", json=good_facts())
    client.patch(f"{API}/pcs/{pc_id}", json={"label": "poste 3"}, headers=admin)
    client.patch(f"{API}/room", json={"candidates_planned": 12}, headers=admin)
    code = app.extensions["preflight_book"].get(pc_id)["tasks"]["items"]["odt"]["code"]
    client.post(f"{API}/pcs/{pc_id}/tasks/odt/answer", json={"code": code})
    before = client.get(f"{API}/room", headers=admin).get_json()
    app.extensions["roomserver"].store.close()

    again = create_app(settings).test_client()
    after = again.get(f"{API}/room", headers=login(again, "mot de passe du technicien")).get_json()
    assert after == before
    assert after["pcs"][0]["label"] == "poste 3" and after["verdict"]["candidates_planned"] == 12
    # The same codes still work after the restart: the run was stored, not kept in memory.
    assert again.post(f"{API}/pcs/{pc_id}/tasks/odt/answer", json={"code": code}).get_json()["status"] == "pass"
    assert json.loads(again.get(f"{API}/pcs/{pc_id}").get_data())["label"] == "poste 3"


def test_agent_download_is_a_runnable_zipapp(client, tmp_path):
    import subprocess
    import sys
    response = client.get(f"{API}/agent.pyz")
    assert response.status_code == 200 and "roomserver-preflight.pyz" in response.headers["Content-Disposition"]
    path = tmp_path / "roomserver-preflight.pyz"
    path.write_bytes(response.data)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    assert "__main__.py" in names and "preflight/agent.py" in names and "preflight/tasks.py" not in names
    result = subprocess.run([sys.executable, str(path), "--version"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and result.stdout.strip()
    assert client.get(f"{API}/agent.pyz").data == response.data  # built once, then served from the cache
