"""One error type, one error body: ``{"error": {"code": ..., "message": ...}}``.

Messages are in French: they are shown to pupils, invigilators and technicians.
Codes are stable English identifiers that programs can rely on.
"""

from __future__ import annotations

from .core.refusal import Refusal as ApiError

__all__ = ["ApiError", "bad_request", "unauthorised"]


def bad_request(message: str, code: str = "invalid_request") -> ApiError:
    return ApiError(400, code, message)


def unauthorised(message: str = "Vous n'êtes pas connecté, ou votre connexion a expiré. Reconnectez-vous.") -> ApiError:
    return ApiError(401, "unauthorised", message)
