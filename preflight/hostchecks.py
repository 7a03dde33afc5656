"""The agent's checks: software (from ``detect``), default-app records, storage, disk, memory.

Each function returns ``report.Check`` objects with a French detail and remedy.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from .associations import Association
from .detect import Found, by_capability
from .report import FAIL, PASS, WARN, Check

MIN_FREE_DISK, WARN_FREE_DISK = 1 << 30, 200 << 20
MIN_MEMORY, WARN_MEMORY = 4 << 30, 2 << 30

SOFTWARE = (  # check id, capability, label, "needs" capability (pass only with it), remedy
    ("pdf_reader", "pdf", "Lecteur PDF", None,
     "Installez un lecteur PDF (Evince, Okular, SumatraPDF, Acrobat Reader...)."),
    ("office.writer", "writer", "Traitement de texte", None, "Installez LibreOffice Writer (suite LibreOffice complète)."),
    ("office.calc", "calc", "Tableur", None, "Installez LibreOffice Calc (suite LibreOffice complète)."),
    ("office.impress", "impress", "Présentation", None, "Installez LibreOffice Impress (suite LibreOffice complète)."),
    ("office.draw", "draw", "Dessin", None, "Installez LibreOffice Draw (suite LibreOffice complète)."),
    ("image_editor", "image", "Retouche d'image (GIMP ou équivalent)", "ora",
     "Installez GIMP (ou Krita), qui ouvrent les images à calques."),
    ("video_editor", "video", "Montage vidéo (Shotcut ou équivalent)", "mlt",
     "Installez Shotcut (ou Kdenlive), qui ouvrent les projets .mlt."),
    ("archive_tool", "archive", "Outil d'archives", None, "Installez un outil d'archives (7-Zip, PeaZip, File Roller, Ark...)."),
)


def _names(items: list[Found]) -> str:
    return ", ".join(dict.fromkeys(f.name for f in items))


def software_checks(found: list[Found]) -> list[Check]:
    caps = by_capability(found)
    checks = []
    for check_id, capability, label, needs, remedy in SOFTWARE:
        usable = [f for f in caps.get(capability, []) if f.usable]
        broken = [f for f in caps.get(capability, []) if not f.usable]
        notes = "; ".join(f"{f.name} : {f.note} ({f.evidence})" for f in broken)
        if usable:
            status, detail = PASS, f"Trouvé : {_names(usable)}."
            if needs:
                good_ids = {f.product for f in caps.get(needs, []) if f.usable}
                if not any(f.product in good_ids for f in usable):
                    status = WARN
                    detail += {"ora": " Aucun n'ouvre les images à calques OpenRaster (.ora).",
                               "mlt": " Aucun n'ouvre les projets Shotcut (.mlt)."}[needs]
            checks.append(Check(check_id, status, detail + (f" Ignoré : {notes}." if notes else ""),
                                "" if status == PASS else remedy, label))
            continue
        if capability == "pdf" and [f for f in caps.get("pdf_browser", []) if f.usable]:
            browsers = _names([f for f in caps["pdf_browser"] if f.usable])
            checks.append(Check(check_id, WARN, f"Aucun lecteur PDF installé ; seul le navigateur ({browsers}) "
                                                f"affiche les PDF." + (f" Ignoré : {notes}." if notes else ""),
                                remedy, label))
            continue
        if capability == "archive" and [f for f in caps.get("archive_cli", []) if f.usable]:
            checks.append(Check(check_id, WARN, "Seul un outil en ligne de commande est installé ("
                                + _names(caps["archive_cli"]) + ") : les candidats n'y ont pas accès.", remedy, label))
            continue
        detail = f"Aucun programme utilisable : {notes}." if notes else "Non trouvé."
        checks.append(Check(check_id, FAIL, detail, remedy, label))
    return checks


def association_check(records: list[Association]) -> Check:
    label = "Applications par défaut"
    lying = [a for a in records if not a.installed]
    if not lying:
        return Check("associations", PASS, "Aucune association de fichier ne désigne un programme absent.", "", label)
    detail = "; ".join(f"{a.extension} est associé à « {a.target} », absent du poste ({a.where})" for a in lying)
    return Check("associations", WARN, detail + ". Un double-clic sur ces fichiers échouera.",
                 "Choisissez l'application par défaut de ces types (clic droit > Ouvrir avec > toujours utiliser).",
                 label)


def zip_extract_check(home: str | None = None) -> Check:
    """Extract a small archive into a temporary folder of the user's home, compare, clean up."""
    label = "Enregistrer et extraire une archive"
    remedy = "Vérifiez les droits d'écriture et le quota de l'espace de stockage des candidats."
    payload = {"crash-test/lisezmoi.txt": "Archive d'essai du Crash-test.\n".encode("utf-8"),
               "crash-test/dossier/données.bin": hashlib.sha256(b"crash-test").digest() * 64}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in payload.items():
            archive.writestr(name, data)
    base = Path(home or Path.home())
    try:
        folder = Path(tempfile.mkdtemp(prefix=".crash-test-", dir=base))
    except OSError as exc:
        return Check("storage", FAIL, f"Impossible de créer un dossier dans {base} : {exc.strerror or exc}.", remedy, label)
    try:
        (folder / "essai.zip").write_bytes(buffer.getvalue())
        with zipfile.ZipFile(folder / "essai.zip") as archive:
            archive.extractall(folder / "extrait")
        for name, data in payload.items():
            if (folder / "extrait" / name).read_bytes() != data:
                return Check("storage", FAIL, "Le contenu extrait ne correspond pas à l'archive.", remedy, label)
        return Check("storage", PASS, "Archive enregistrée et extraite dans le dossier personnel, puis effacée.", "", label)
    except OSError as exc:
        return Check("storage", FAIL, f"Échec de l'enregistrement ou de l'extraction dans {base} : "
                                      f"{exc.strerror or exc}.", remedy, label)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _size(n: int) -> str:
    return f"{n / (1 << 30):.1f} Go".replace(".", ",") if n >= 1 << 30 else f"{n / (1 << 20):.0f} Mo"


def disk_check(path: str | None = None) -> Check:
    label = "Espace disque libre"
    path = path or str(Path.home())
    free = shutil.disk_usage(path).free
    status = PASS if free >= MIN_FREE_DISK else WARN if free >= WARN_FREE_DISK else FAIL
    return Check("disk", status, f"{_size(free)} libres dans le dossier personnel.",
                 "" if status == PASS else "Libérez de la place (au moins 1 Go) dans le dossier des candidats.", label)


def total_memory() -> int | None:
    try:
        import psutil
        return int(psutil.virtual_memory().total)
    except ImportError:
        pass
    if hasattr(os, "sysconf"):
        try:
            return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        except (ValueError, OSError):
            pass
    if os.name == "nt":  # pragma: no cover - Windows without psutil
        import ctypes

        class MemoryStatus(ctypes.Structure):
            _fields_ = [("dwLength", ctypes.c_ulong), ("dwMemoryLoad", ctypes.c_ulong),
                        ("ullTotalPhys", ctypes.c_ulonglong), ("ullAvailPhys", ctypes.c_ulonglong),
                        ("ullTotalPageFile", ctypes.c_ulonglong), ("ullAvailPageFile", ctypes.c_ulonglong),
                        ("ullTotalVirtual", ctypes.c_ulonglong), ("ullAvailVirtual", ctypes.c_ulonglong),
                        ("sullAvailExtendedVirtual", ctypes.c_ulonglong)]

        status = MemoryStatus()
        status.dwLength = ctypes.sizeof(MemoryStatus)
        if ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):
            return int(status.ullTotalPhys)
    return None


def memory_check(total: int | None = None) -> Check:
    label = "Mémoire vive"
    total = total_memory() if total is None else total
    if total is None:
        return Check("memory", WARN, "Mémoire vive non mesurée.", "Installez psutil pour la mesurer.", label)
    status = PASS if total >= MIN_MEMORY else WARN if total >= WARN_MEMORY else FAIL
    return Check("memory", status, f"{_size(total)} de mémoire vive.",
                 "" if status == PASS else "Fermez les autres programmes ; 4 Go de mémoire sont conseillés.", label)
