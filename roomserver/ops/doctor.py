"""``roomserver doctor``: is this machine ready for an exam day? Each check says what it found
and, when something is wrong, what to do; the verdict is "ready" only when no check failed.

It works whether the server is running or not: a running server (it holds the data
directory's lock) is asked over HTTP, and its own process limits are read.
"""

from __future__ import annotations

import json
import shutil
import socket
import ssl
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from . import advert
from .connections import FD_RESERVE, WANTED_FILE_LIMIT
from .health import DISK_MIN_BYTES, FSYNC_SLOW_MS, FsyncProbe

OK, WARN, FAIL = "ok", "warn", "fail"
WORDS = {OK: "[OK]", WARN: "[!!]", FAIL: "[XX]"}  # words, not colours (a technician's terminal)
RELEASED = 2026  # a clock before this year is certainly wrong


@dataclass(frozen=True)
class Check:
    id: str
    status: str
    label: str
    detail: str
    remedy: str = ""


def _running_pid(data_dir: Path) -> int | None:
    """The pid of the server holding the data directory, or None when nobody holds it."""
    import fcntl

    lock = data_dir / ".serving.lock"
    if not lock.exists():
        return None
    try:
        handle = open(lock)  # read only: flock needs no write access
    except PermissionError:
        return -1  # not ours to read (run doctor as roomserver or root): assume the server holds it
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            text = handle.read().strip()
            return int(text) if text.isdigit() else -1
        fcntl.flock(handle, fcntl.LOCK_UN)
    return None


def _base_url(settings) -> str:
    host = settings["host"]
    host = "127.0.0.1" if host in ("0.0.0.0", "") else "::1" if host == "::" else host
    host = f"[{host}]" if ":" in host else host
    return f"{'https' if settings['cert_file'] else 'http'}://{host}:{settings['port']}"


def _get_json(url: str, timeout: float = 3.0) -> dict:
    context = ssl._create_unverified_context() if url.startswith("https") else None  # our own server, by address
    with urllib.request.urlopen(url, timeout=timeout, context=context) as response:
        return json.loads(response.read().decode("utf-8"))


def check_port(settings, running: bool) -> Check:
    label = "Port d'écoute"
    where = f"{settings['host']}:{settings['port']}"
    if running:
        try:
            health = _get_json(_base_url(settings) + "/healthz")
        except (OSError, ValueError) as exc:
            return Check("port", FAIL, label, f"le serveur tourne mais ne répond pas sur {where} ({exc}).",
                         "Regardez ses journaux\u00a0: journalctl -u roomserver -e")
        state = "en bon état" if health.get("status") == "ok" else "dégradé"
        served = _count(int(health.get("sessions") or 0), "session servie", "sessions servies")
        detail = f"le serveur répond sur {where} ({state}, {served})."
        if health.get("status") != "ok":
            return Check("port", FAIL, label, detail, "Consultez /healthz et la section «\u00a0Si quelque chose "
                         "ne va pas\u00a0» de docs/operator-guide.md.")
        return Check("port", OK, label, detail)
    family = socket.AF_INET6 if ":" in settings["host"] else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((settings["host"], settings["port"]))
        except OSError as exc:
            return Check("port", FAIL, label, f"{where} est indisponible ({exc.strerror or exc}).",
                         "Un autre programme l'occupe, ou l'adresse n'est pas celle de cette machine\u00a0: "
                         "changez ROOMSERVER_PORT ou ROOMSERVER_HOST.")
    remedy = ("Ports sous 1024\u00a0: ajoutez CAP_NET_BIND_SERVICE au service (voir docs/install.md)."
              if settings["port"] < 1024 else "")
    return Check("port", OK, label, f"{where} est libre.", remedy)


def check_data_dir(data_dir: Path) -> list[Check]:
    label = "Dossier de données"
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return [Check("data_dir", FAIL, label, f"{data_dir} ne peut pas être créé ({exc.strerror or exc}).",
                      "Créez-le et donnez-le à l'utilisateur du service\u00a0: sudo install -d -o roomserver "
                      f"-g roomserver -m 0750 {data_dir}")]
    probe = FsyncProbe(data_dir, samples=5).measure()
    if not probe["ok"]:
        return [Check("data_dir", FAIL, label, f"on ne peut pas écrire dans {data_dir} ({probe['error']}).",
                      f"Donnez le dossier à l'utilisateur du service\u00a0: sudo chown -R roomserver: {data_dir}")]
    checks = [Check("data_dir", OK, label, f"{data_dir} accepte les écritures.")]
    free = shutil.disk_usage(data_dir).free
    space = f"{_decimal(free / 1024 ** 3, 1)}\u00a0Go libres"
    checks.append(Check("disk", OK if free >= DISK_MIN_BYTES else FAIL, "Espace disque", space + ".",
                        "" if free >= DISK_MIN_BYTES else "Libérez au moins 500\u00a0Mo sur ce disque."))
    ms = probe["median_ms"]
    slow = ms > FSYNC_SLOW_MS
    checks.append(Check("fsync", WARN if slow else OK, "Écriture durable (fsync)",
                        f"{_decimal(ms)}\u00a0ms en médiane, {_decimal(probe['max_ms'])}\u00a0ms au pire sur "
                        f"{probe['samples']} essais.",
                        "Disque lent (carte SD\u00a0?)\u00a0: chaque réponse attendra d'autant\u00a0; préférez un SSD."
                        if slow else ""))
    return checks


def check_clock(run=subprocess.run) -> Check:
    label = "Horloge"
    now = time.localtime()
    shown = time.strftime("%d/%m/%Y %H:%M", now)
    if now.tm_year < RELEASED:
        return Check("clock", FAIL, label, f"la machine croit être le {shown}.",
                     "Réglez l'heure (sudo timedatectl set-time) et activez la synchronisation (timedatectl set-ntp true).")
    try:
        answer = run(["timedatectl", "show", "-p", "NTPSynchronized", "--value"], capture_output=True, text=True,
                     timeout=5)
        synced = answer.stdout.strip() if answer.returncode == 0 else ""
    except (OSError, subprocess.SubprocessError):
        synced = ""
    if synced == "yes":
        return Check("clock", OK, label, f"{shown}, synchronisée sur le réseau.")
    if synced == "no":
        return Check("clock", WARN, label, f"{shown}, non synchronisée.",
                     "Vérifiez l'heure\u00a0; activez la synchronisation\u00a0: sudo timedatectl set-ntp true.")
    return Check("clock", WARN, label, f"{shown}\u00a0; synchronisation inconnue (timedatectl ne répond pas).",
                 "Vérifiez que l'heure affichée est juste\u00a0: le temps des candidats en dépend.")


def check_zeroconf(settings, running: bool, browse_s: float = 3.0) -> Check:
    label = "Annonce sur le réseau (zeroconf)"
    if not advert.wanted(settings["zeroconf"], settings["host"]):
        why = "désactivée (ROOMSERVER_ZEROCONF=off)" if settings["zeroconf"] == "off" else \
            "inutile\u00a0: le serveur n'écoute que sur cette machine"
        return Check("zeroconf", OK, label, f"annonce {why}.")
    try:
        from preflight.discovery import discover_all
    except ImportError as exc:
        return Check("zeroconf", FAIL, label, f"module absent ({exc}).", "Réinstallez\u00a0: make venv")
    if not running:
        return Check("zeroconf", OK, label, "le serveur l'annoncera dès son démarrage.")
    found, note = discover_all(browse_s)
    ours = [a for a in found if a.port == settings["port"]]
    if ours:
        return Check("zeroconf", OK, label, f"annoncé\u00a0: {ours[0].name} ({ours[0].url}).")
    return Check("zeroconf", WARN, label, f"le serveur n'est pas vu sur le réseau ({note}).",
                 "Le multicast est peut-être filtré (pare-feu\u00a0: UDP 5353)\u00a0; les postes peuvent toujours "
                 "utiliser l'adresse écrite au tableau.")


def check_file_limit(settings, pid: int | None) -> Check:
    import resource

    label = "Limite de fichiers ouverts"
    soft = None
    if pid and pid > 0:
        try:
            import psutil

            soft = psutil.Process(pid).rlimit(resource.RLIMIT_NOFILE)[0]
            whose = "du serveur en marche"
        except Exception:  # psutil raises several kinds; fall back to ours
            soft = None
    if soft is None:
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        soft = max(soft, min(WANTED_FILE_LIMIT, hard))  # the server raises its soft limit up to the hard one
        whose = "accessible à un serveur lancé d'ici"
    needed = settings["max_connections"] + FD_RESERVE + 64
    if soft >= needed:
        return Check("file_limit", OK, label, f"{soft} ({whose})\u00a0; il en faut {needed} pour "
                     f"{settings['max_connections']} connexions.")
    return Check("file_limit", WARN, label, f"{soft} ({whose}) pour {needed} souhaités\u00a0: le serveur "
                 "limitera d'autant ses connexions.", "Le service systemd fourni fixe LimitNOFILE=8192.")


def check_upstream(settings) -> Check:
    """The certification body's receiver: configured, reachable, this room's key registered there.
    Never a failure: the exam runs offline, and a session can always leave by USB."""
    label = "Organisme (envoi des sessions finalisées)"
    url = settings.get("upstream_url") or ""
    if not url:
        return Check("upstream", OK, label, "aucun organisme configuré\u00a0: les sessions finalisées partiront par "
                     "clé USB (roomserver sync export).", "Pour un envoi par le réseau\u00a0: ROOMSERVER_UPSTREAM_URL.")
    from sync.client import Client
    from sync.worker import room_key

    from ..store.keys import KeyProblem

    try:
        key = room_key(settings)
    except (KeyProblem, OSError) as exc:
        return Check("upstream", WARN, label, f"clé de signature illisible ({exc}).",
                     "roomserver sync register affiche la clé à faire enregistrer par l'organisme.")
    answer = Client(url, key, connect_timeout=3, read_timeout=5).prepared_sessions()
    if answer.status == 200:
        return Check("upstream", OK, label, f"{url} répond et reconnaît la clé de ce serveur.")
    if answer.status in (401, 403):
        return Check("upstream", WARN, label, f"{url} répond mais ne reconnaît pas la clé de ce serveur.",
                     "roomserver sync register affiche la ligne à transmettre à l'organisme.")
    if answer.status is None:
        return Check("upstream", WARN, label, f"{url} injoignable\u00a0: {answer.error}.",
                     "Les sessions attendront le réseau dans la file d'envoi (roomserver sync status).")
    return Check("upstream", WARN, label, f"{url} répond {answer.status}.",
                 "Les sessions attendront dans la file d'envoi (roomserver sync status).")


def check_admin_password(data_dir: Path) -> Check:
    from ..admin import passwords
    from ..store.atomic import open_table_db

    label = "Mot de passe administrateur"
    tables = data_dir / "roomserver.json"
    try:
        present = tables.exists() and passwords.is_set(open_table_db(tables))  # read only: nothing is written
    except (OSError, ValueError) as exc:
        return Check("admin_password", FAIL, label, f"{tables} illisible ({exc}).",
                     "Restaurez le dossier de données depuis sa sauvegarde.")
    if present:
        return Check("admin_password", OK, label, "défini.")
    return Check("admin_password", FAIL, label, "aucun mot de passe n'est défini.",
                 f"roomserver admin set-password --data-dir {data_dir}")


def check_tls(settings) -> Check | None:
    if not settings["cert_file"]:
        return None
    label = "Certificat HTTPS"
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_cert_chain(settings["cert_file"], settings["key_file"])
    except (OSError, ssl.SSLError) as exc:
        return Check("tls", FAIL, label, f"certificat ou clé inutilisable ({exc}).",
                     "Vérifiez les chemins et que la clé va avec le certificat (docs/operations.md).")
    try:
        not_after = ssl._ssl._test_decode_cert(settings["cert_file"])["notAfter"]  # no public parser in ssl
        days = (ssl.cert_time_to_seconds(not_after) - time.time()) / 86400
    except (AttributeError, KeyError, ValueError, ssl.SSLError):
        return Check("tls", OK, label, "certificat et clé valides.")
    if days < 0:
        return Check("tls", FAIL, label, "le certificat a expiré.", "Refaites-le (docs/operations.md).")
    if days < 30:
        return Check("tls", WARN, label, f"le certificat expire dans {days:.0f}\u00a0jours.",
                     "Refaites-le avant (docs/operations.md).")
    return Check("tls", OK, label, f"valide encore {days:.0f}\u00a0jours.")


def run_checks(settings) -> list[Check]:
    data_dir = Path(settings["data_dir"])
    pid = _running_pid(data_dir) if data_dir.is_dir() else None
    running = pid is not None
    checks = [check_port(settings, running)]
    checks += check_data_dir(data_dir)
    checks += [check_clock(), check_zeroconf(settings, running), check_file_limit(settings, pid),
               check_upstream(settings)]
    if data_dir.is_dir():
        checks.append(check_admin_password(data_dir))
    tls = check_tls(settings)
    if tls:
        checks.append(tls)
    return checks


def ready(checks: list[Check]) -> bool:
    return not any(c.status == FAIL for c in checks)


def render(checks: list[Check]) -> str:
    lines = [f"roomserver {__version__} — diagnostic de {socket.gethostname()}", ""]
    for check in checks:
        lines.append(f"{WORDS[check.status]} {check.label}\u00a0: {check.detail}")
        if check.remedy and check.status != OK:
            lines.append(f"     -> {check.remedy}")
    failed = [c for c in checks if c.status == FAIL]
    warned = [c for c in checks if c.status == WARN]
    lines.append("")
    if not failed:
        lines.append("Verdict\u00a0: prêt pour l'examen." + (
            f" {_count(len(warned), 'point')} à surveiller." if warned else ""))
    else:
        lines.append(f"Verdict\u00a0: pas prêt — {_count(len(failed), 'point')} à corriger avant l'examen\u00a0:")
        lines += [f"  - {c.label}\u00a0: {c.remedy or c.detail}" for c in failed]
    return "\n".join(lines)


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n <= 1 else plural or word + 's'}"


def _decimal(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace(".", ",")
