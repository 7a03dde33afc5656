"""The one error type of the project: a refusal with an HTTP-like status.

It lives in the core (no Flask) so that the exam rules can refuse a move with a
reason a person can read; the HTTP and Socket.IO edges render it as
``{"error": {"code": ..., "message": ...}}``.
"""

from __future__ import annotations

from .french import typo


class Refusal(Exception):
    """An expected refusal: ``status`` (HTTP semantics), stable ``code``, French ``message``."""

    def __init__(self, status: int, code: str, message: str):
        message = typo(message)  # French typography, whoever wrote the message
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def body(self) -> dict:
        return {"error": {"code": self.code, "message": self.message}}
