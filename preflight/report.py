"""The preflight report: one small typed value object, shared by the agent, the page and the server.

JSON shape (what ``roomserver-preflight --json`` prints and what the server stores)::

    {"host": "poste-12", "source": "agent", "ran_at": "2026-11-21T09:00:00+00:00",
     "platform": "Linux", "version": "1.0.0",
     "checks": [{"id": "pdf_reader", "status": "pass", "label": "...", "detail": "...", "remedy": ""}]}

``Report.from_dict`` refuses anything else with a ``ValueError`` whose message is French,
so the server can turn it into a 400 as is.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

PASS, WARN, FAIL = "pass", "warn", "fail"
STATUSES = (PASS, WARN, FAIL)  # keep in sync with client_static/preflight/status.js
SOURCES = ("agent", "browser", "tasks")
_ID = re.compile(r"[a-z0-9_.:-]{1,64}")
_MAX_TEXT = 1000
_MAX_CHECKS = 100


def worst(statuses) -> str:
    """The worst of some statuses: fail > warn > pass (pass when there are none)."""
    statuses = set(statuses)
    return FAIL if FAIL in statuses else WARN if WARN in statuses else PASS


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _text(data: dict, name: str, *, required: bool = False, limit: int = _MAX_TEXT) -> str:
    value = data.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValueError(f"Le champ « {name} » doit être une chaîne de caractères.")
    if required and not value.strip():
        raise ValueError(f"Le champ « {name} » est obligatoire.")
    if len(value) > limit:
        raise ValueError(f"Le champ « {name} » est trop long (au plus {limit} caractères).")
    return value


@dataclass(frozen=True)
class Check:
    """One verified point: ``status`` is pass, warn or fail; ``remedy`` says what to do (French)."""

    id: str
    status: str
    detail: str = ""
    remedy: str = ""
    label: str = ""

    def __post_init__(self):
        if not _ID.fullmatch(self.id):
            raise ValueError(f"Identifiant de vérification invalide : « {self.id[:40]} ».")
        if self.status not in STATUSES:
            raise ValueError(f"Statut invalide « {str(self.status)[:20]} » (attendu : pass, warn ou fail).")

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "status": self.status, "label": self.label, "detail": self.detail,
                "remedy": self.remedy}

    @classmethod
    def from_dict(cls, data: Any) -> "Check":
        if not isinstance(data, dict):
            raise ValueError("Chaque vérification doit être un objet JSON.")
        unknown = set(data) - {"id", "status", "label", "detail", "remedy"}
        if unknown:
            raise ValueError(f"Champ inattendu dans une vérification : « {sorted(unknown)[0][:40]} ».")
        return cls(id=_text(data, "id", required=True, limit=64), status=_text(data, "status", required=True, limit=8),
                   detail=_text(data, "detail"), remedy=_text(data, "remedy"), label=_text(data, "label", limit=200))


@dataclass(frozen=True)
class Report:
    """What one run found on one PC: who ran it (``source``), where (``host``), when, and the checks."""

    host: str
    checks: tuple[Check, ...]
    source: str = "agent"
    ran_at: str = field(default_factory=now_iso)
    platform: str = ""
    version: str = ""

    def __post_init__(self):
        if self.source not in SOURCES:
            raise ValueError(f"Source de rapport inconnue « {str(self.source)[:20]} ».")
        object.__setattr__(self, "checks", tuple(self.checks))
        ids = [c.id for c in self.checks]
        if len(ids) != len(set(ids)):
            raise ValueError("Une même vérification apparaît deux fois dans le rapport.")

    @property
    def status(self) -> str:
        return worst(c.status for c in self.checks)

    @property
    def failed(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.status == FAIL)

    def check(self, check_id: str) -> Check | None:
        return next((c for c in self.checks if c.id == check_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {"host": self.host, "source": self.source, "ran_at": self.ran_at, "platform": self.platform,
                "version": self.version, "checks": [c.to_dict() for c in self.checks]}

    def to_json(self, **kwargs) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    @classmethod
    def from_dict(cls, data: Any) -> "Report":
        if not isinstance(data, dict):
            raise ValueError("Le rapport doit être un objet JSON.")
        unknown = set(data) - {"host", "source", "ran_at", "platform", "version", "checks"}
        if unknown:
            raise ValueError(f"Champ inattendu dans le rapport : « {sorted(unknown)[0][:40]} ».")
        checks = data.get("checks")
        if not isinstance(checks, list):
            raise ValueError("Le champ « checks » doit être une liste.")
        if len(checks) > _MAX_CHECKS:
            raise ValueError(f"Le rapport contient trop de vérifications (au plus {_MAX_CHECKS}).")
        ran_at = _text(data, "ran_at", limit=40) or now_iso()
        try:
            datetime.fromisoformat(ran_at)
        except ValueError:
            raise ValueError("Le champ « ran_at » doit être une date ISO 8601.") from None
        return cls(host=_text(data, "host", limit=255), checks=tuple(Check.from_dict(c) for c in checks),
                   source=_text(data, "source", limit=20) or "agent", ran_at=ran_at,
                   platform=_text(data, "platform", limit=200), version=_text(data, "version", limit=40))

    @classmethod
    def from_json(cls, text: str) -> "Report":
        try:
            data = json.loads(text)
        except ValueError:
            raise ValueError("Le rapport n'est pas du JSON valide.") from None
        return cls.from_dict(data)
