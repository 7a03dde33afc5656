"""Preflight ("Crash-test") API and pages: see docs/preflight.md.

Pages: ``/preflight`` (run on each room PC) and ``/preflight/salle`` (the technician's board).
API under ``/api/v1/preflight``: the page registers its PC, fetches samples and measures, posts
its facts (the verdicts are computed here), downloads task files and submits codes; the host
agent posts its report; the board reads, labels and exports: the board and its edits need the
administrator's login (a candidate's PC can run the checks, never rename or remove a PC). The
board never shows candidate data: only counts.
"""

from __future__ import annotations

import os
import re
import threading
from datetime import datetime, timezone
from functools import lru_cache

from flask import Blueprint, Response, current_app, request

from preflight import tasks as task_rules
from preflight.browser_facts import evaluate
from preflight.report import Report
from preflight.samples import samples

from ..services import services
from ..core.refusal import Refusal
from . import preflight_schemas as schemas
from . import responses
from .pages import static_page
from .preflight_book import PreflightBook
from .preflight_export import board_csv, board_pdf
from .routing import route

bp = Blueprint("preflight", __name__)
TAG = "crash-test"
PREFIX = "/api/v1/preflight"
MAX_PAYLOAD_KIB = 8192
_PYZ_LOCK = threading.Lock()
_BLOCK = os.urandom(1 << 16)  # incompressible bytes for the throughput test


def book() -> PreflightBook:
    svc = services()
    if "preflight_book" not in current_app.extensions:
        def enrolled() -> int:
            return next_session_candidates(svc.store.sessions(), svc.store.clock())
        current_app.extensions["preflight_book"] = PreflightBook(svc.store.tables, enrolled)
    return current_app.extensions["preflight_book"]


def next_session_candidates(states, now: float) -> int:
    """The candidates of the room's next session: the one running, else the soonest to come.
    (A morning and an afternoon session of 20 need 21 PCs, not 42.)"""
    today = datetime.fromtimestamp(now).date().isoformat()
    running = [s for s in states if str(s.status) == "started"]
    coming = sorted((s for s in states if str(s.status) == "created" and s.details.get("date", "") >= today),
                    key=lambda s: (s.details.get("date", ""), s.details.get("start_time", "")))
    chosen = (running or coming or [None])[0]
    return len(chosen.candidates) if chosen is not None else 0


def client_address() -> str | None:
    """The PC's address, or None behind a proxy (then it names the proxy, not the PC)."""
    if any(h in request.headers for h in ("X-Forwarded-For", "Forwarded", "Via")):
        return None
    return request.remote_addr


def _attachment(data: bytes, filename: str, mimetype: str) -> Response:
    # content_type is sent as given (mimetype= would add a second "; charset=utf-8" to text/csv; charset=utf-8).
    response = Response(data, content_type=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@lru_cache(maxsize=256)
def _task_file(task_id: str, seed: int) -> bytes:
    return task_rules.build(task_id, seed)[1]


def _pc_summary(doc: dict) -> dict:
    return {"pc_id": doc["pc_id"], "label": doc.get("label", ""), "host": doc.get("host", "")}


def _tasks_public(doc: dict) -> dict:
    items = doc["tasks"]["items"]
    return {"run_id": doc["tasks"]["run_id"], "tasks": [
        {**task.to_public(), "status": items[task.id].get("status"),
         "file_url": f"{PREFIX}/pcs/{doc['pc_id']}/tasks/{task.id}/file"} for task in task_rules.TASKS]}


# -- pages ---------------------------------------------------------------------------------------

@bp.get("/preflight")
def preflight_page():
    """The page each room PC opens: browser checks run at once, then the practical tasks."""
    return static_page("preflight/index.html")


@bp.get("/preflight/salle")
def board_page():
    """The technician's room board."""
    return static_page("preflight/salle.html")


# -- measures and samples ----------------------------------------------------------------------

@route(bp, f"{PREFIX}/ping", "GET", summary="Heure du serveur (écart d'horloge et latence)", tag=TAG,
       response=responses.PING)
def ping():
    return {"server_time_ms": round(datetime.now(timezone.utc).timestamp() * 1000)}


@route(bp, f"{PREFIX}/payload", "GET", summary="Octets aléatoires pour mesurer le débit (?kib=1..8192)", tag=TAG,
       errors=(400,), produces="application/octet-stream", query={"kib": schemas.KIB})
def payload():
    raw = request.args.get("kib", "1024")
    if not re.fullmatch(r"[0-9]{1,5}", raw) or not 1 <= int(raw) <= MAX_PAYLOAD_KIB:  # ASCII digits only ("²" is a digit)
        raise Refusal(400, "invalid_request", f"Le paramètre « kib » doit être un nombre entier entre 1 et {MAX_PAYLOAD_KIB}.")
    size = int(raw) * 1024
    data = (_BLOCK * (size // len(_BLOCK) + 1))[:size]
    response = Response(data, mimetype="application/octet-stream")
    response.headers["Cache-Control"] = "no-store"
    return response


@route(bp, f"{PREFIX}/samples", "GET", summary="Fichiers d'essai à télécharger, avec leur empreinte SHA-256", tag=TAG,
       response=responses.SAMPLES)
def sample_list():
    return {"samples": [{"kind": s.kind, "filename": s.filename, "size": len(s.data), "sha256": s.sha256,
                         "url": f"{PREFIX}/samples/{s.kind}"} for s in samples().values()]}


@route(bp, f"{PREFIX}/samples/<kind>", "GET", summary="Un fichier d'essai (en pièce jointe)", tag=TAG, errors=(404,),
       produces=schemas.SAMPLE_TYPES)
def sample_file(kind: str):
    sample = samples().get(kind)
    if sample is None:
        raise Refusal(404, "unknown_sample", "Ce type de fichier d'essai n'existe pas.")
    return _attachment(sample.data, sample.filename, sample.mimetype)


# -- a PC: registration, browser facts, practical tasks ---------------------------------------

@route(bp, f"{PREFIX}/pcs", "POST", summary="Enregistrer ce poste (ou le retrouver par son code)", tag=TAG,
       body=schemas.START, errors=(404,), response=responses.PC_SUMMARY)
def start_pc(data: dict):
    return _pc_summary(book().start(data.get("pc_id"), client_address()))


@route(bp, f"{PREFIX}/pcs/<pc_id>", "GET", summary="Un poste, ses derniers résultats et ses tâches", tag=TAG,
       errors=(404,), response=responses.PC)
def get_pc(pc_id: str):
    doc = book().get(pc_id)
    return {**_pc_summary(doc), "browser": doc.get("browser"), "agent": doc.get("agent"), **_tasks_public(doc)}


@route(bp, f"{PREFIX}/pcs/<pc_id>", "PATCH", summary="Changer le nom affiché d'un poste (« poste 12 »)", tag=TAG,
       auth="admin", body=schemas.LABEL, errors=(404,), response=responses.PC_SUMMARY)
def label_pc(pc_id: str, data: dict):
    return _pc_summary(book().set_label(pc_id, data["label"]))


@route(bp, f"{PREFIX}/pcs/<pc_id>", "DELETE", summary="Retirer un poste du tableau de la salle", tag=TAG, auth="admin",
       errors=(404,),
       response=responses.DELETED_PC)
def delete_pc(pc_id: str):
    book().delete(pc_id)
    return {"deleted": pc_id.upper()}


@route(bp, f"{PREFIX}/pcs/<pc_id>/browser", "POST", summary="Envoyer les mesures du navigateur ; renvoie les verdicts",
       tag=TAG, body=schemas.FACTS, errors=(404,), response=responses.VERDICTS)
def browser_facts(pc_id: str, data: dict):
    book().get(pc_id)
    expected = {s.kind: s.sha256 for s in samples().values()}
    checks = evaluate(data, expected, datetime.now(timezone.utc).date())
    report = book().record_browser(pc_id, checks, data.get("user_agent", ""), client_address())
    return {"status": report.status, "checks": [c.to_dict() for c in report.checks]}


@route(bp, f"{PREFIX}/pcs/<pc_id>/tasks", "POST", summary="Nouveaux codes pour les tâches pratiques de ce poste",
       tag=TAG, errors=(404,), response=responses.TASKS)
def new_tasks(pc_id: str):
    return _tasks_public(book().new_run(pc_id))


@route(bp, f"{PREFIX}/pcs/<pc_id>/tasks/<task_id>/file", "GET", summary="Le fichier d'une tâche pratique", tag=TAG,
       errors=(404,), produces=tuple(sorted({t.mimetype for t in task_rules.TASKS})))
def task_file(pc_id: str, task_id: str):
    seed = book().task_seed(pc_id, task_id)
    task = task_rules.BY_ID[task_id]
    return _attachment(_task_file(task_id, seed), task.filename, task.mimetype)


@route(bp, f"{PREFIX}/pcs/<pc_id>/tasks/<task_id>/answer", "POST", summary="Vérifier le code lu dans le fichier",
       tag=TAG, body=schemas.ANSWER, errors=(404,), response=responses.CHECK)
def task_answer(pc_id: str, task_id: str, data: dict):
    return book().answer(pc_id, task_id, data["code"]).to_dict()


# -- the host agent ----------------------------------------------------------------------------

@route(bp, f"{PREFIX}/reports", "POST", summary="Rapport de l'agent du poste (roomserver-preflight)", tag=TAG,
       body=schemas.AGENT_REPORT, errors=(404, 422), response=responses.PC_SUMMARY)
def agent_report(data: dict):
    try:
        report = Report.from_dict({**data["report"], "source": "agent"})
    except ValueError as exc:
        raise Refusal(422, "invalid_report", str(exc)) from None
    return _pc_summary(book().record_agent(report, data.get("pc_id"), client_address()))


@route(bp, f"{PREFIX}/agent.pyz", "GET", summary="L'agent du poste en un seul fichier (python3 roomserver-preflight.pyz)",
       tag=TAG, produces="application/zip")
def agent_download():
    from preflight.pyz import build_pyz

    with _PYZ_LOCK:
        path = build_pyz(services().settings["data_dir"] / "preflight")
    return _attachment(path.read_bytes(), "roomserver-preflight.pyz", "application/zip")


# -- the room board ----------------------------------------------------------------------------

@route(bp, f"{PREFIX}/room", "GET", summary="Tableau de la salle : postes, résultats, verdict", tag=TAG, auth="admin",
       response=responses.BOARD)
def room():
    return book().board()


@route(bp, f"{PREFIX}/room", "PATCH", summary="Nombre de candidats prévus (null : les inscrits de la prochaine session)",
       tag=TAG, auth="admin", body=schemas.PLANNED, response=responses.PLANNED)
def room_planned(data: dict):
    book().set_planned(data["candidates_planned"])
    return {"verdict": book().board()["verdict"]}


@route(bp, f"{PREFIX}/room/plan", "GET", summary="Plan de la salle : la grille et la place de chaque poste", tag=TAG,
       auth="admin", response=schemas.PLAN_REPLY)
def room_plan():
    return book().plan()


@route(bp, f"{PREFIX}/room/plan", "PUT",
       summary="Remplacer le plan de la salle (taille de la grille, place de chaque poste ; un poste absent de la "
               "liste quitte le plan)", tag=TAG, auth="admin", body=schemas.PLAN, errors=(404, 422),
       response=schemas.PLAN_REPLY)
def set_room_plan(data: dict):
    return book().set_plan(data["rows"], data["cols"], data["seats"])


@route(bp, f"{PREFIX}/room.csv", "GET", summary="Tableau de la salle en CSV (Excel, séparateur ;)", tag=TAG,
       auth="admin", produces="text/csv")
def room_csv():
    return _attachment(board_csv(book().board()), "crash-test-salle.csv", "text/csv; charset=utf-8")


@route(bp, f"{PREFIX}/room.pdf", "GET", summary="Tableau de la salle en PDF", tag=TAG, auth="admin",
       produces="application/pdf")
def room_pdf():
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    return _attachment(board_pdf(book().board(), now), "crash-test-salle.pdf", "application/pdf")
