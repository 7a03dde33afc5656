"""The pages browsers load: plain HTML + ES modules from client_static/, no build step."""

from __future__ import annotations

from flask import Blueprint, current_app, send_from_directory

bp = Blueprint("pages", __name__)


def _page(folder: str):
    response = send_from_directory(current_app.static_folder, f"{folder}/index.html", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/")
def candidate_page():
    """The candidate test page: what the room PCs open."""
    return _page("candidate")


@bp.get("/surveillant")
def invigilator_page():
    """The invigilator's page."""
    return _page("invigilator")
