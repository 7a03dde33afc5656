"""The room's preflight book: every PC that ran the checks, kept in the TinyDB table "preflight".

One document per PC (``kind: "pc"``) holds its label, host name, last address, the last
browser report, the last agent report and the current practical-task run (seeds and codes,
which never leave the server); one ``kind: "room"`` document holds the number of candidates
the technician plans. The table lives in the store's atomic TinyDB, so it survives restarts;
every read-modify-write goes under one lock.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable

from tinydb import Query

from preflight import tasks as task_rules
from preflight.report import FAIL, PASS, WARN, Check, Report, worst

from ..core.french import plural
from ..core.refusal import Refusal

PC_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
SPARE_EVERY = 20  # one spare PC per 20 candidates (rounded up)
PLAN_DEFAULT = {"rows": 5, "cols": 6}  # a grid the technician resizes to the room
PLAN_MAX = 30  # rows or columns of the room plan


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def unknown_pc() -> Refusal:
    return Refusal(404, "unknown_pc", "Ce poste est inconnu du serveur de salle : rechargez la page /preflight "
                                      "sur ce poste pour l'enregistrer à nouveau.")


@dataclass(frozen=True)
class PcVerdict:
    status: str  # "ready", "incomplete" or "not_ready"
    fails: int
    warns: int
    missing: tuple[str, ...]


def tasks_report(run: dict | None, ran_at: str = "") -> Report | None:
    """The practical tasks of a run as a report: pass, fail, or warn while not done yet."""
    if not run:
        return None
    checks = []
    for task in task_rules.TASKS:
        item = run["items"].get(task.id)
        if item is None:
            continue
        status = item.get("status")
        if status == PASS:
            checks.append(Check(f"task.{task.id}", PASS, "Code correct.", "", f"Tâche : {task.label}"))
        elif status == FAIL:
            checks.append(Check(f"task.{task.id}", FAIL, f"Code incorrect ({plural(item.get('attempts', 1), 'essai')}).",
                                task.remedy, f"Tâche : {task.label}"))
        else:
            checks.append(Check(f"task.{task.id}", WARN, "Pas encore faite.", "Faites cette tâche sur le poste.",
                                f"Tâche : {task.label}"))
    return Report(host="", checks=tuple(checks), source="tasks", ran_at=run.get("updated_at") or ran_at)


def pc_verdict(doc: dict) -> PcVerdict:
    """Ready: browser checks done, every task passed, nothing failed (the agent is optional)."""
    missing = []
    reports = [Report.from_dict(doc[k]) for k in ("browser", "agent") if doc.get(k)]
    if not doc.get("browser"):
        missing.append("vérifications du navigateur")
    items = ((doc.get("tasks") or {}).get("items") or {}).values()
    if not items or any(item.get("status") is None for item in items):
        missing.append("tâches pratiques")
    checks = [c for r in reports for c in r.checks]
    fails = sum(c.status == FAIL for c in checks) + sum(item.get("status") == FAIL for item in items)
    warns = sum(c.status == WARN for c in checks)
    status = "not_ready" if fails else "incomplete" if missing else "ready"
    return PcVerdict(status, fails, warns, tuple(missing))


class PreflightBook:
    def __init__(self, tables, enrolled: Callable[[], int]):
        self.table = tables.table("preflight")
        self.lock = tables.lock  # one lock per TinyDB file, shared with checkpoints
        self.enrolled = enrolled

    # -- PCs ---------------------------------------------------------------------------------

    def _get(self, pc_id: str) -> dict:
        doc = self.table.get((Query().kind == "pc") & (Query().pc_id == pc_id.upper()))
        if doc is None:
            raise unknown_pc()
        return dict(doc)

    def get(self, pc_id: str) -> dict:
        with self.lock:
            return self._get(pc_id)

    def pcs(self) -> list[dict]:
        with self.lock:
            return sorted((dict(d) for d in self.table.search(Query().kind == "pc")),
                          key=lambda d: (d.get("label") or "~", d.get("host") or "", d["created_at"]))

    def _save(self, doc: dict) -> dict:
        doc["updated_at"] = _now()
        self.table.upsert(doc, (Query().kind == "pc") & (Query().pc_id == doc["pc_id"]))
        return doc

    def _new(self, address: str | None) -> dict:
        existing = {d["pc_id"] for d in self.table.search(Query().kind == "pc")}
        while True:
            pc_id = "".join(secrets.choice(PC_ALPHABET) for _ in range(6))
            if pc_id not in existing:
                break
        doc = {"kind": "pc", "pc_id": pc_id, "label": "", "host": "", "address": address or "", "created_at": _now(),
               "browser": None, "agent": None, "tasks": None, "user_agent": ""}
        self._new_run(doc)
        return doc

    def _by_address(self, address: str | None, *, unclaimed: bool = False) -> dict | None:
        if not address:
            return None
        same = [d for d in self.table.search(Query().kind == "pc") if d.get("address") == address]
        if unclaimed:
            same = [d for d in same if not d.get("host")]
        return dict(same[0]) if len(same) == 1 else None

    def start(self, pc_id: str | None, address: str | None) -> dict:
        """The PC a browser speaks for: its stored id, else the one PC seen at this address, else a new one."""
        with self.lock:
            doc = self._get(pc_id) if pc_id else self._by_address(address) or self._new(address)
            if doc.get("tasks") is None:
                self._new_run(doc)
            doc["address"] = address or doc.get("address", "")
            return self._save(doc)

    def set_label(self, pc_id: str, label: str) -> dict:
        with self.lock:
            doc = self._get(pc_id)
            doc["label"] = " ".join(label.split())
            return self._save(doc)

    def delete(self, pc_id: str) -> None:
        with self.lock:
            self._get(pc_id)
            self.table.remove((Query().kind == "pc") & (Query().pc_id == pc_id.upper()))

    # -- reports -----------------------------------------------------------------------------

    def record_browser(self, pc_id: str, checks: list[Check], user_agent: str, address: str | None) -> Report:
        with self.lock:
            doc = self._get(pc_id)
            report = Report(host=doc.get("host") or "", checks=tuple(checks), source="browser")
            doc["browser"], doc["user_agent"] = report.to_dict(), user_agent[:300]
            doc["address"] = address or doc.get("address", "")
            self._save(doc)
            return report

    def record_agent(self, report: Report, pc_id: str | None, address: str | None) -> dict:
        """Attach an agent report: to the PC named, else the one with this host name, else the one at this address."""
        with self.lock:
            if pc_id:
                doc = self._get(pc_id)
            else:
                same_host = [d for d in self.table.search(Query().kind == "pc")
                             if (d.get("host") or "").lower() == report.host.lower()]
                doc = (dict(same_host[0]) if same_host else None) or self._by_address(address, unclaimed=True) \
                    or self._new(address)
            doc["host"], doc["agent"] = report.host, report.to_dict()
            doc["address"] = address or doc.get("address", "")
            return self._save(doc)

    # -- practical tasks ---------------------------------------------------------------------

    @staticmethod
    def _new_run(doc: dict) -> None:
        items = {}
        for task in task_rules.TASKS:
            seed = task_rules.new_seed()
            items[task.id] = {"seed": seed, "code": task_rules.build(task.id, seed)[0], "status": None, "attempts": 0}
        doc["tasks"] = {"run_id": secrets.token_hex(4), "started_at": _now(), "updated_at": _now(), "items": items}

    def new_run(self, pc_id: str) -> dict:
        with self.lock:
            doc = self._get(pc_id)
            self._new_run(doc)
            return self._save(doc)

    def task_seed(self, pc_id: str, task_id: str) -> int:
        doc = self.get(pc_id)
        item = (doc.get("tasks") or {}).get("items", {}).get(task_id)
        if task_id not in task_rules.BY_ID or item is None:
            raise Refusal(404, "unknown_task", "Cette tâche pratique n'existe pas.")
        return item["seed"]

    def answer(self, pc_id: str, task_id: str, typed: str) -> Check:
        with self.lock:
            doc = self._get(pc_id)
            item = (doc.get("tasks") or {}).get("items", {}).get(task_id)
            if task_id not in task_rules.BY_ID or item is None:
                raise Refusal(404, "unknown_task", "Cette tâche pratique n'existe pas.")
            ok = task_rules.matches(item["code"], typed)
            item["status"], item["attempts"] = (PASS if ok else FAIL), item.get("attempts", 0) + 1
            doc["tasks"]["updated_at"] = _now()
            self._save(doc)
        return next(c for c in tasks_report(doc["tasks"]).checks if c.id == f"task.{task_id}")

    # -- the room ----------------------------------------------------------------------------

    def planned(self) -> tuple[int, bool]:
        """(candidates planned, whether the technician set it) — default: the next session's candidates."""
        with self.lock:
            room = self.table.get(Query().kind == "room") or {}
        value = room.get("candidates_planned")
        return (value, True) if value is not None else (self.enrolled(), False)

    def set_planned(self, value: int | None) -> None:
        with self.lock:
            self.table.upsert({"kind": "room", "candidates_planned": value}, Query().kind == "room")

    # -- the room plan: where each PC sits ----------------------------------------------------

    def plan(self) -> dict[str, Any]:
        """The grid's size and the PCs placed on it (row 1 is the front of the room, by the board)."""
        with self.lock:
            room = self.table.get(Query().kind == "room") or {}
            docs = [dict(d) for d in self.table.search(Query().kind == "pc")]
        grid = {**PLAN_DEFAULT, **(room.get("plan") or {})}
        seats = [{"pc_id": d["pc_id"], "label": d.get("label") or d.get("host") or f"poste {d['pc_id']}",
                  "host": d.get("host", ""), "address": d.get("address", ""),
                  "row": d["seat"][0], "col": d["seat"][1]} for d in docs if d.get("seat")]
        return {"rows": grid["rows"], "cols": grid["cols"], "seats": sorted(seats, key=lambda s: (s["row"], s["col"]))}

    def set_plan(self, rows: int, cols: int, seats: list[dict]) -> dict[str, Any]:
        """Replace the plan at once: every PC not listed leaves the grid. Two PCs on one seat, a
        PC twice or a seat outside the grid is refused and nothing changes."""
        with self.lock:
            docs = {d["pc_id"]: dict(d) for d in self.table.search(Query().kind == "pc")}
            placed: dict[str, list[int]] = {}
            taken: dict[tuple[int, int], str] = {}
            for seat in seats:
                pc_id, row, col = seat["pc_id"].upper(), seat["row"], seat["col"]
                doc = docs.get(pc_id)
                if doc is None:
                    raise unknown_pc()
                name = doc.get("label") or doc.get("host") or f"poste {pc_id}"
                if not (1 <= row <= rows and 1 <= col <= cols):
                    raise Refusal(422, "seat_outside_plan", f"« {name} » est placé rangée {row}, colonne {col}, hors du plan "
                                  f"({plural(rows, 'rangée')} sur {plural(cols, 'colonne')}) : agrandissez le plan d'abord.")
                if pc_id in placed:
                    raise Refusal(422, "pc_placed_twice", f"« {name} » est placé deux fois sur le plan.")
                if (row, col) in taken:
                    raise Refusal(422, "seat_taken", f"Rangée {row}, colonne {col} : deux postes à la même place "
                                  f"({taken[(row, col)]} et {name}).")
                placed[pc_id], taken[(row, col)] = [row, col], name
            moved = [({"seat": placed.get(pc_id)}, (Query().kind == "pc") & (Query().pc_id == pc_id))
                     for pc_id, doc in docs.items() if doc.get("seat") != placed.get(pc_id)]
            if moved:  # one write of the file for the whole plan
                self.table.update_multiple(moved)
            self.table.upsert({"kind": "room", "plan": {"rows": rows, "cols": cols}}, Query().kind == "room")
        return self.plan()

    def board(self) -> dict[str, Any]:
        pcs = []
        for doc in self.pcs():
            verdict = pc_verdict(doc)
            reports = [r for r in (Report.from_dict(doc["browser"]) if doc.get("browser") else None,
                                   Report.from_dict(doc["agent"]) if doc.get("agent") else None,
                                   tasks_report(doc.get("tasks"))) if r]
            answered = any(i.get("status") for i in ((doc.get("tasks") or {}).get("items") or {}).values())
            runs = [r.ran_at for r in reports if r.ran_at and (r.source != "tasks" or answered)]
            pcs.append({
                "pc_id": doc["pc_id"], "label": doc.get("label", ""), "host": doc.get("host", ""),
                "address": doc.get("address", ""), "last_run": max(runs) if runs else None,
                "status": verdict.status, "fails": verdict.fails, "warns": verdict.warns, "missing": list(verdict.missing),
                "browser": doc.get("user_agent", ""),
                "checks": [{"source": r.source, **c.to_dict()} for r in reports for c in r.checks],
            })
        planned, set_by_hand = self.planned()
        spares = math.ceil(planned / SPARE_EVERY) if planned else 0
        ready = sum(p["status"] == "ready" for p in pcs)
        return {"pcs": pcs, "verdict": {
            "candidates_planned": planned, "planned_set_by_technician": set_by_hand, "spares": spares,
            "needed": planned + spares, "ready": ready, "pcs": len(pcs),
            "room_ready": ready > 0 and ready >= planned + spares,  # a board with no ready PC is never ready
            "status": worst(PASS if p["status"] == "ready" else FAIL if p["status"] == "not_ready" else WARN
                            for p in pcs)}}
