"""The room board as files: CSV for a French Excel (``;``, UTF-8 with BOM) and a printable PDF."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from ..core.french import plural, typo

STATUS_WORDS = {"pass": "Réussi", "warn": "À surveiller", "fail": "Échec"}  # keep in sync with status.js
PC_WORDS = {"ready": "Prêt", "incomplete": "Incomplet", "not_ready": "Pas prêt"}
SOURCE_WORDS = {"browser": "Navigateur", "agent": "Agent du poste", "tasks": "Tâches pratiques"}


def _cell(value: object) -> str:
    """Text as a cell; a leading = + - @ would make Excel run it as a formula, so it is quoted."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _date(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return iso


def board_csv(board: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Poste", "Nom d'hôte", "Code du poste", "Dernier passage", "État du poste", "Source",
                     "Vérification", "Résultat", "Détail", "Que faire"])
    for pc in board["pcs"]:
        head = [pc["label"], pc["host"], pc["pc_id"], _date(pc["last_run"]), PC_WORDS[pc["status"]]]
        if not pc["checks"]:
            writer.writerow([_cell(v) for v in head] + ["", "", "", "", ""])
        for check in pc["checks"]:
            writer.writerow([_cell(v) for v in head + [SOURCE_WORDS.get(check["source"], check["source"]),
                                                        check["label"] or check["id"], STATUS_WORDS[check["status"]],
                                                        check["detail"], check["remedy"]]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def verdict_sentence(verdict: dict) -> str:
    need = (f"{plural(verdict['needed'], 'poste nécessaire', 'postes nécessaires')} "
            f"({plural(verdict['candidates_planned'], 'candidat')} + {verdict['spares']} de secours)")
    ready = plural(verdict["ready"], "poste prêt", "postes prêts")
    if verdict["room_ready"]:
        return typo(f"Salle prête : {ready} pour {need}.")
    return typo(f"Salle pas prête : {ready} pour {need}.")


def board_pdf(board: dict, generated_at: str) -> bytes:
    """Return the board as an A4 PDF, in the server's DejaVu Sans so that any host name prints."""
    from preflight.formats import pdf_document

    from ..fonts import BOLD, REGULAR

    lines = ["# Crash-test de la salle", f"Édité le {_date(generated_at)}", "", verdict_sentence(board["verdict"]), ""]
    for pc in board["pcs"]:
        name = pc["label"] or pc["host"] or f"poste {pc['pc_id']}"
        lines.append(f"## {name} : {PC_WORDS[pc['status']]}")
        lines.append(f"Nom d'hôte : {pc['host'] or '-'} ; code : {pc['pc_id']} ; dernier passage : "
                     f"{_date(pc['last_run']) or '-'}")
        if pc["missing"]:
            lines.append("Reste à faire : " + ", ".join(pc["missing"]) + ".")
        for check in pc["checks"]:
            if check["status"] != "pass":
                lines.append(f"- {STATUS_WORDS[check['status']]} : {check['label'] or check['id']} : {check['detail']}")
                if check["remedy"]:
                    lines.append(f"    Que faire : {check['remedy']}")
        passed = sum(c["status"] == "pass" for c in pc["checks"])
        lines.append(plural(passed, "vérification réussie", "vérifications réussies") + ".")
        lines.append("")
    return pdf_document([[typo(line) for line in lines]], title="Crash-test de la salle", fonts=(REGULAR, BOLD))
