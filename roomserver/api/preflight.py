"""Preflight ("Crash-test") API and pages: see docs/preflight.md."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("preflight", __name__)
