"""The administrator's files: candidate list imports (CSV, ODS, XLSX), positioning
profiles, the downloadable templates, and the session's printed documents (PDF)."""

from __future__ import annotations

import json

from flask import Blueprint, Response, request

from ..admin.importing import import_candidate_file, import_profile_file
from ..core.refusal import Refusal
from ..services import services
from .admin import candidate_url, handle_of, today
from . import responses
from .routing import route

bp = Blueprint("admin_files", __name__, url_prefix="/api/v1/admin")
TAG = "administration"
SPREADSHEETS = ("text/csv", "application/vnd.oasis.opendocument.spreadsheet",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
UPLOADS = SPREADSHEETS + ("multipart/form-data",)
LINES = responses.IMPORTED
# Upload limits: the parsers refuse beyond 2 MB (lists) and 16 MB (profiles) with a clear message;
# the server lets a little more through so that it is their message the user reads.
LIST_UPLOAD_MAX = 3 * 1024 * 1024
PROFILES_UPLOAD_MAX = 17 * 1024 * 1024


def uploaded() -> tuple[bytes, str]:
    """(bytes, media type or file name) of an upload: the raw body, or the multipart field ``file``."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise Refusal(400, "file_required", "Joignez le fichier dans le champ «\u00a0file\u00a0» du formulaire.")
        return upload.read(), upload.filename or upload.mimetype or ""
    data = request.get_data(cache=False)
    if not data:
        raise Refusal(400, "file_required", "Le corps de la requête est vide\u00a0: envoyez le fichier.")
    return data, request.mimetype or ""


class ImportRefused(Refusal):
    """422 with every refused line: the one error shape plus ``lines``."""

    def __init__(self, lines: list[dict]):
        count = len(lines)
        super().__init__(422, "import_refused",
                         f"Rien n'a été importé\u00a0: {count} erreur{'s' if count > 1 else ''} à corriger dans le "
                         "fichier (détail ligne par ligne ci-dessous).")
        self.lines = lines

    def body(self) -> dict:
        return {**super().body(), "lines": self.lines}


@route(bp, "/sessions/<int:session_number>/candidates/import", "POST",
       summary="Importer une liste de candidats (CSV, ODS ou XLSX), tout ou rien, avec le détail des lignes refusées",
       tag=TAG, auth="admin", accepts=UPLOADS, errors=(404, 409, 422), response=LINES, max_body=LIST_UPLOAD_MAX)
def import_candidates(session_number: int):
    svc = services()
    handle = handle_of(session_number)
    data, kind = uploaded()
    report = import_candidate_file(svc.store, handle, data, kind, today())
    if report["errors"]:
        raise ImportRefused(report["errors"])
    return {"imported": report["imported"]}


@route(bp, "/sessions/<int:session_number>/profiles/import", "POST",
       summary="Importer les profils de positionnement (JSON ou CSV/ODS/XLSX\u00a0: pix par compétence), tout ou rien",
       tag=TAG, auth="admin", accepts=("application/json",) + UPLOADS, errors=(404, 409, 422), response=LINES,
       max_body=PROFILES_UPLOAD_MAX)
def import_profiles(session_number: int):
    svc = services()
    handle = handle_of(session_number)
    data, kind = uploaded()
    report = import_profile_file(svc.store, handle, svc.pack, data, kind, today())
    if report["errors"]:
        raise ImportRefused(report["errors"])
    return {"imported": report["imported"]}


def download(data: bytes, mimetype: str, filename: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@route(bp, "/templates/candidates.csv", "GET", summary="Modèle de liste de candidats (CSV\u00a0; UTF-8)", tag=TAG,
       auth="admin", produces="text/csv")
def template_csv():
    from ..enrolment.templates import csv_template
    return download(csv_template(), "text/csv", "modele-candidats.csv")


@route(bp, "/templates/candidates.ods", "GET", summary="Modèle de liste de candidats (tableur ODS)", tag=TAG,
       auth="admin", produces=SPREADSHEETS[1])
def template_ods():
    from ..enrolment.templates import ods_template
    return download(ods_template(), SPREADSHEETS[1], "modele-candidats.ods")


@route(bp, "/templates/candidates.xlsx", "GET", summary="Modèle de liste de candidats (tableur XLSX)", tag=TAG,
       auth="admin", produces=SPREADSHEETS[2])
def template_xlsx():
    from ..enrolment.templates import xlsx_template
    return download(xlsx_template(), SPREADSHEETS[2], "modele-candidats.xlsx")


def pdf(data: bytes, filename: str) -> Response:
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _documents():
    from .. import documents
    return {
        "attendance-sheet.pdf": lambda state: documents.attendance_sheet(state),
        "invigilator-kit.pdf": lambda state: documents.invigilator_kit(state, candidate_url()),
        "candidate-notice.pdf": lambda state: documents.candidate_notice(state, candidate_url()),
        "incident-report.pdf": lambda state: documents.incident_report(state, blank=request.args.get("blank") == "1"),
        "fraud-reports.pdf": lambda state: documents.fraud_reports(state),
    }


def state_copy(handle):
    """The session's state copied under its lock: a PDF takes seconds to build, and the
    candidates' answers must not wait behind it. Through JSON, like a checkpoint: a deep copy."""
    from ..core import snapshot
    text = services().store.read(handle, lambda state: json.dumps(snapshot.to_dict(state)))
    return snapshot.from_dict(json.loads(text))


def session_document(session_number: int, name: str) -> Response:
    build = _documents()[name]
    data = build(state_copy(handle_of(session_number)))
    return pdf(data, f"session-{session_number}-{name}")


def _document_route(name: str, summary: str) -> None:
    def view(session_number: int):
        return session_document(session_number, name)
    view.__name__ = "document_" + name.replace("-", "_").replace(".", "_")
    query = {"blank": {"type": "string", "enum": ["0", "1"], "description": "1 : le procès-verbal vierge"}} \
        if name == "incident-report.pdf" else None
    route(bp, f"/sessions/<int:session_number>/documents/{name}", "GET", summary=summary, tag=TAG, auth="admin",
          errors=(404,), produces="application/pdf", query=query)(view)


for _name, _summary in (
        ("attendance-sheet.pdf", "Feuille d'émargement (PDF A4)"),
        ("invigilator-kit.pdf", "Dossier du surveillant\u00a0: numéro, mot de passe, adresse, consignes (sans le code d'accès)"),
        ("candidate-notice.pdf", "Convocations des candidats (une page par candidat)"),
        ("incident-report.pdf", "Procès-verbal d'incident, prérempli depuis le journal (?blank=1\u00a0: vierge)"),
        ("fraud-reports.pdf", "Procès-verbaux de fraude, un par cas, préremplis")):
    _document_route(_name, _summary)
