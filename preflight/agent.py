"""``roomserver-preflight``: check this PC for the certification and report to the room server.

Standard library only (psutil and zeroconf used when present). Runs on Linux, Windows
and macOS, from the source tree (``python -m preflight``) or as a single ``.pyz`` file.
Exit status: 0 when nothing failed, 1 when a check failed, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import platform
import socket
import sys
import time
import urllib.error
import urllib.request

from . import __version__
from .associations import associations
from .detect import HostView, detect
from .hostchecks import association_check, disk_check, memory_check, software_checks, zip_extract_check
from .report import FAIL, PASS, WARN, Check, Report

WORDS = {PASS: "[OK] Réussi", WARN: "[!!] À surveiller", FAIL: "[XX] Échec"}  # words, not colours


def run_checks(view: HostView | None = None) -> list[Check]:
    view = view or HostView.real()
    checks = software_checks(detect(view))
    checks.append(association_check(associations(view)))
    checks.append(zip_extract_check(view.home() or None))
    checks.append(disk_check(view.home() or None))
    checks.append(memory_check())
    return [_without_home(c, view.home()) for c in checks]


def _without_home(check: Check, home: str) -> Check:
    """The home folder names the user (maybe a pupil): the report says "~" instead."""
    if not home or len(home) < 2:
        return check
    return Check(check.id, check.status, check.detail.replace(home, "~"), check.remedy.replace(home, "~"), check.label)


def _request(url: str, data: dict | None = None, timeout: float = 5.0) -> dict:
    body = json.dumps(data).encode("utf-8") if data is not None else None
    request = urllib.request.Request(url, data=body, method="POST" if body else "GET",
                                     headers={"Content-Type": "application/json", "Accept": "application/json",
                                              "User-Agent": f"roomserver-preflight/{__version__}"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read().decode("utf-8") or "{}")


def server_check(url: str | None, note: str) -> Check:
    label = "Serveur de salle"
    if url is None:
        return Check("server", WARN, f"Aucun serveur de salle trouvé : {note}. Le rapport n'est pas envoyé.",
                     "Lancez l'agent avec --server http://ADRESSE:PORT (l'adresse figure sur la page /preflight).", label)
    try:
        started = time.monotonic()
        _request(url.rstrip("/") + "/api/v1/preflight/ping", timeout=5)
        ms = round((time.monotonic() - started) * 1000)
        return Check("server", PASS, f"{url} répond ({ms} ms).", "", label)
    except (OSError, ValueError) as exc:
        return Check("server", FAIL, f"{url} ne répond pas ({getattr(exc, 'reason', exc)}).",
                     "Vérifiez l'adresse du serveur, le câble réseau et que le serveur de salle est démarré.", label)


def post_report(url: str, report: Report, pc_id: str | None) -> tuple[bool, str]:
    body = {"report": report.to_dict()}
    if pc_id:
        body["pc_id"] = pc_id
    try:
        answer = _request(url.rstrip("/") + "/api/v1/preflight/reports", body, timeout=10)
        return True, f"Rapport enregistré sur le serveur de salle (poste « {answer.get('label') or answer.get('pc_id')} »)."
    except urllib.error.HTTPError as exc:
        try:
            message = json.loads(exc.read().decode("utf-8"))["error"]["message"]
        except (ValueError, KeyError, TypeError, OSError):
            message = f"erreur HTTP {exc.code}"
        return False, f"Le serveur de salle a refusé le rapport : {message}"
    except (OSError, ValueError) as exc:
        return False, f"Rapport non envoyé : {getattr(exc, 'reason', exc)}"


def render(report: Report) -> str:
    lines = [f"Crash-test du poste {report.host} ({report.platform}) — {report.ran_at}", ""]
    for check in report.checks:
        lines.append(f"{WORDS[check.status]:<18} {check.label or check.id} : {check.detail}")
        if check.remedy and check.status != PASS:
            lines.append(f"{'':<18} -> {check.remedy}")
    failed, warned = len(report.failed), sum(c.status == WARN for c in report.checks)
    lines += ["", "Résultat : poste prêt." if not failed and not warned else
              f"Résultat : {failed} échec(s), {warned} point(s) à surveiller."]
    return "\n".join(lines)


def find_server(timeout: float) -> tuple[str | None, str]:
    """The room server announced by zeroconf; none when there are several (a school with
    several rooms): the agent must not send a report to the room next door."""
    from .discovery import discover_all

    found, note = discover_all(timeout)
    if len(found) == 1:
        return found[0].url, note
    if len(found) > 1:
        listed = ", ".join(f"{f.room or f.name} ({f.url})" for f in found)
        return None, f"plusieurs serveurs de salle annoncés, {listed} ; choisissez le vôtre avec --server"
    return None, note


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="roomserver-preflight",
                                     description="Vérifie que ce poste peut passer la certification (Crash-test).")
    parser.add_argument("--server", metavar="URL", help="Adresse du serveur de salle (sinon : recherche zeroconf).")
    parser.add_argument("--json", action="store_true", help="Écrire le rapport en JSON.")
    parser.add_argument("--pc", metavar="CODE", help="Code du poste affiché par la page /preflight (facultatif).")
    parser.add_argument("--no-send", action="store_true", help="Ne pas envoyer le rapport au serveur de salle.")
    parser.add_argument("--discovery-timeout", type=float, default=3.0, help="Durée de la recherche zeroconf (s).")
    parser.add_argument("--version", action="version", version=__version__)
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")  # a Windows console may not know every French character

    checks = run_checks()
    if args.server:
        url, note = args.server.rstrip("/"), "adresse donnée"
    elif args.no_send:
        url, note = None, "envoi désactivé (--no-send)"
    else:
        url, note = find_server(args.discovery_timeout)
    checks.append(server_check(url, note))
    report = Report(host=socket.gethostname(), checks=tuple(checks), source="agent",
                    platform=f"{platform.system()} {platform.release()}".strip(), version=__version__)
    sent_note = None
    if url and not args.no_send and report.check("server").status == PASS:
        sent, sent_note = post_report(url, report, args.pc)
    print(report.to_json(indent=1) if args.json else render(report))
    if sent_note:
        print(sent_note, file=sys.stderr if args.json else sys.stdout)
    return 1 if report.failed else 0
