"""The pages browsers load: plain HTML + ES modules from client_static/, no build step."""

from __future__ import annotations

from flask import Blueprint, current_app, send_from_directory

bp = Blueprint("pages", __name__)


def static_page(relative: str):
    """An HTML page of client_static/, revalidated on every load (a new version is seen at once)."""
    response = send_from_directory(current_app.static_folder, relative, max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/")
def candidate_page():
    """The candidate test page: what the room PCs open."""
    return static_page("candidate/index.html")


@bp.get("/surveillant")
def invigilator_page():
    """The invigilator's page."""
    return static_page("invigilator/index.html")


@bp.get("/admin")
@bp.get("/admin/")
def admin_page():
    """The administrator's pages (login, sessions, session page): one page, several views."""
    return static_page("admin/index.html")


@bp.get("/admin/sessions/<int:session_number>")
def admin_session_page(session_number: int):
    """The session page (the "page de la session" the invigilator login refers to)."""
    return static_page("admin/index.html")


@bp.get("/admin/premier-demarrage")
def first_run_page():
    """The one-time first-run page (setting the first admin password works only from the server itself)."""
    return static_page("admin/first-run.html")
