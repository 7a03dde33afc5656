"""Find installed programs through the platform's own records, never through a guess.

Every input is injected through ``HostView``: a filesystem root, an environment, a
registry reader, so tests run Windows, macOS and Linux detection on fake trees.
Records that lie are not believed: a ``.desktop`` file or an App Paths entry whose
program is missing counts as absent (and is reported as such), and a default-application
association is only reported, never taken as proof that a program is installed.
"""

from __future__ import annotations

import configparser
import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, Iterable, Mapping, Protocol

from .catalogue import (BUILTIN, LIBREOFFICE_MODULES, OFFICE, PRODUCTS,
                        Product)

UNINSTALL = r"SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall"
APP_PATHS = r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths"
VIEWS = (64, 32)  # 64-bit view, then the 32-bit one (WOW6432Node)


class RegistryReader(Protocol):
    """Read-only registry access; ``view`` is 64 or 32 (WOW6432Node). Missing keys give empty results."""

    def subkeys(self, hive: str, path: str, view: int) -> list[str]: ...

    def values(self, hive: str, path: str, view: int) -> dict[str, Any]: ...


class WinRegistry:
    """The real Windows registry through ``winreg`` (imported lazily: it only exists on Windows)."""

    def __init__(self):
        import winreg
        self.winreg = winreg
        self.hives = {"HKLM": winreg.HKEY_LOCAL_MACHINE, "HKCU": winreg.HKEY_CURRENT_USER,
                      "HKCR": winreg.HKEY_CLASSES_ROOT}

    def _open(self, hive: str, path: str, view: int):
        flag = self.winreg.KEY_WOW64_64KEY if view == 64 else self.winreg.KEY_WOW64_32KEY
        return self.winreg.OpenKey(self.hives[hive], path, 0, self.winreg.KEY_READ | flag)

    def subkeys(self, hive, path, view):
        try:
            with self._open(hive, path, view) as key:
                count = self.winreg.QueryInfoKey(key)[0]
                return [self.winreg.EnumKey(key, i) for i in range(count)]
        except OSError:
            return []

    def values(self, hive, path, view):
        try:
            with self._open(hive, path, view) as key:
                count = self.winreg.QueryInfoKey(key)[1]
                return {name: data for name, data, _ in (self.winreg.EnumValue(key, i) for i in range(count))}
        except OSError:
            return {}


class NoRegistry:
    def subkeys(self, hive, path, view):
        return []

    def values(self, hive, path, view):
        return {}


class HostView:
    """What detection may look at. ``root`` None means the real filesystem."""

    def __init__(self, system: str, root: Path | None = None, env: Mapping[str, str] | None = None,
                 registry: RegistryReader | None = None):
        self.system = system  # "Linux", "Windows" or "Darwin", as platform.system() says
        self.root = Path(root) if root is not None else None
        self.env = dict(os.environ if env is None else env)
        self.registry = registry or NoRegistry()

    @classmethod
    def real(cls) -> "HostView":
        import platform
        system = platform.system()
        registry = None
        if system == "Windows":
            try:
                registry = WinRegistry()
            except ImportError:  # pragma: no cover
                registry = None
        return cls(system, None, None, registry)

    @property
    def windows(self) -> bool:
        return self.system == "Windows"

    def expand(self, text: str) -> str:
        """Expand %VAR% (Windows) and $VAR / ~ (elsewhere) with the injected environment."""
        if self.windows:
            upper = {k.upper(): v for k, v in self.env.items()}
            return re.sub(r"%([^%]+)%", lambda m: upper.get(m.group(1).upper(), m.group(0)), text)
        text = re.sub(r"\$\{?(\w+)\}?", lambda m: self.env.get(m.group(1), m.group(0)), text)
        return self.env.get("HOME", "~") + text[1:] if text.startswith("~") else text

    def fs(self, path: str) -> Path:
        """The real path of an absolute path of the inspected system ("C:\\X" or "/usr/x")."""
        if self.root is None:
            return Path(path)
        pure = PureWindowsPath(path) if self.windows else PurePosixPath(path)
        parts = [p for p in pure.parts if p not in ("/", "\\")]
        if self.windows and parts and parts[0].endswith("\\"):
            parts[0] = parts[0].rstrip("\\")
        return self.root.joinpath(*parts)

    def exists(self, path: str) -> bool:
        try:
            return self.fs(path).exists()
        except (OSError, ValueError):
            return False

    def listdir(self, path: str) -> list[str]:
        try:
            return sorted(os.listdir(self.fs(path)))
        except OSError:
            return []

    def read_text(self, path: str) -> str | None:
        try:
            return self.fs(path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None

    def which(self, name: str) -> str | None:
        """Like shutil.which, inside the inspected system: PATH (and PATHEXT on Windows)."""
        sep = ";" if self.windows else ":"
        join = PureWindowsPath if self.windows else PurePosixPath
        exts = [""]
        if self.windows and not os.path.splitext(name)[1]:
            exts = [e.lower() for e in self.env.get("PATHEXT", ".COM;.EXE;.BAT;.CMD").split(";") if e]
        for folder in filter(None, self.env.get("PATH", "").split(sep)):
            for ext in exts:
                candidate = str(join(folder, name + ext))
                path = self.fs(candidate)
                if path.is_file() and (self.windows or self.root is not None or os.access(path, os.X_OK)):
                    return candidate
        return None

    def home(self) -> str:
        return self.env.get("USERPROFILE" if self.windows else "HOME", "")


@dataclass(frozen=True)
class Found:
    """One program found (or a record of one that is not really there, ``usable`` False)."""

    product: str  # catalogue id
    name: str
    capability: str
    evidence: str  # where it was seen
    usable: bool = True
    note: str = ""


# -- Linux: .desktop entries (native, user, flatpak, snap), PATH, LibreOffice modules ----------

@dataclass(frozen=True)
class DesktopEntry:
    id: str  # file name without .desktop, lower case
    path: str
    command: str  # the program Exec starts (first word after env / flatpak run...), "" if none
    installed: bool  # the program is really there


def desktop_dirs(view: HostView) -> list[str]:
    home = view.home()
    data_home = view.env.get("XDG_DATA_HOME") or f"{home}/.local/share"
    data_dirs = (view.env.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share").split(":")
    dirs = [f"{data_home}/applications"] + [f"{d.rstrip('/')}/applications" for d in data_dirs if d]
    dirs += ["/var/lib/flatpak/exports/share/applications", f"{home}/.local/share/flatpak/exports/share/applications",
             "/var/lib/snapd/desktop/applications"]
    return list(dict.fromkeys(dirs))


def _parse_desktop(text: str) -> dict[str, str]:
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    try:
        parser.read_string(text)
    except configparser.Error:
        return {}
    return dict(parser["Desktop Entry"]) if parser.has_section("Desktop Entry") else {}


def _command_of(view: HostView, exec_line: str) -> tuple[str, bool]:
    """(program, installed) for an Exec line; flatpak and snap launchers are followed to the app."""
    try:
        words = shlex.split(exec_line)
    except ValueError:
        words = exec_line.split()
    while words and (words[0] == "env" or re.fullmatch(r"\w+=.*", words[0])):
        words.pop(0)
    if not words:
        return "", False
    program = words[0]
    if PurePosixPath(program).name == "flatpak" and "run" in words:
        app = next((w for w in words[words.index("run") + 1:] if not w.startswith("-")), "")
        installed = any(view.exists(f"{base}/app/{app}") for base in
                        ("/var/lib/flatpak", f"{view.home()}/.local/share/flatpak"))
        return app, installed
    if program.startswith("/"):
        return program, view.exists(program)
    return program, view.which(program) is not None


def desktop_entries(view: HostView) -> list[DesktopEntry]:
    entries, seen = [], set()
    for folder in desktop_dirs(view):
        for name in view.listdir(folder):
            if not name.endswith(".desktop") or name.lower() in seen:
                continue
            seen.add(name.lower())  # the first directory wins, as in the XDG specification
            path = f"{folder}/{name}"
            fields = _parse_desktop(view.read_text(path) or "")
            if not fields or fields.get("Hidden", "").lower() == "true" or fields.get("Type", "Application") != "Application":
                continue
            command, installed = _command_of(view, fields.get("Exec", ""))
            if installed and fields.get("TryExec"):
                installed = _command_of(view, fields["TryExec"])[1]
            entries.append(DesktopEntry(name[:-len(".desktop")].lower(), path, command, installed))
    return entries


def _match_entry(product: Product, entry: DesktopEntry) -> bool:
    return entry.id in product.desktop_ids or PurePosixPath(entry.command).name.lower() in product.linux_exec \
        or entry.command.lower() in product.desktop_ids


def _detect_products_unix(view: HostView, entries: list[DesktopEntry]) -> list[Found]:
    found = []
    for product in PRODUCTS:
        if not (product.linux_exec or product.desktop_ids):
            continue
        matching = [e for e in entries if _match_entry(product, e)]
        good = next((e for e in matching if e.installed), None)
        if good:
            found += [Found(product.id, product.name, cap, good.path) for cap in product.provides]
            continue
        on_path = next((p for p in (view.which(x) for x in product.linux_exec) if p), None)
        if on_path:
            found += [Found(product.id, product.name, cap, on_path) for cap in product.provides]
        elif matching:
            found += [Found(product.id, product.name, cap, matching[0].path, False,
                            "raccourci de menu présent, mais le programme est absent") for cap in product.provides]
    return found


def _libreoffice_program_dirs(view: HostView) -> list[str]:
    dirs = ["/usr/lib/libreoffice/program", "/usr/lib64/libreoffice/program", "/usr/local/lib/libreoffice/program"]
    dirs += [f"/opt/{d}/program" for d in view.listdir("/opt") if d.lower().startswith("libreoffice")]
    return [d for d in dirs if view.exists(d)]


def _libreoffice_linux(view: HostView, entries: list[DesktopEntry]) -> list[Found]:
    sandboxed = [e for e in entries if e.installed and (e.id.startswith("org.libreoffice") or e.id.startswith("libreoffice_"))]
    if sandboxed:  # flatpak / snap: the whole suite comes in one package
        return [Found("libreoffice", f"LibreOffice {c.capitalize()}", c, sandboxed[0].path) for c in OFFICE]
    found = []
    for program_dir in _libreoffice_program_dirs(view):
        files = set(view.listdir(program_dir))
        gui = any(f.startswith("libvclplug_") and not f.startswith("libvclplug_svp") for f in files)
        for component, modules in LIBREOFFICE_MODULES.items():
            if not files.intersection(modules):
                continue
            found.append(Found("libreoffice", f"LibreOffice {component.capitalize()}", component, program_dir, gui,
                               "" if gui else "installé sans interface graphique (paquets « -nogui »)"))
        if found:
            break
    return found


def detect_linux(view: HostView) -> list[Found]:
    entries = desktop_entries(view)
    return _detect_products_unix(view, entries) + _libreoffice_linux(view, entries)


# -- Windows: App Paths and Uninstall keys, both hives, both registry views -------------------

@dataclass(frozen=True)
class WinRecord:
    kind: str  # "app_path" or "uninstall"
    key: str  # App Paths key name (an exe name) or the Uninstall subkey
    name: str  # DisplayName (uninstall) or the exe name (app path)
    path: str  # the exe (app path) or InstallLocation (uninstall), may be ""
    where: str  # "HKLM 64 bits", "HKCU 32 bits"...


def windows_records(view: HostView) -> list[WinRecord]:
    records = []
    for hive in ("HKLM", "HKCU"):
        for bits in VIEWS:
            where = f"{hive} ({bits} bits)"
            for key in view.registry.subkeys(hive, APP_PATHS, bits):
                values = view.registry.values(hive, f"{APP_PATHS}\\{key}", bits)
                exe = view.expand(str(values.get("", "") or "")).strip().strip('"')
                records.append(WinRecord("app_path", key.lower(), key, exe, where))
            for key in view.registry.subkeys(hive, UNINSTALL, bits):
                values = view.registry.values(hive, f"{UNINSTALL}\\{key}", bits)
                name = str(values.get("DisplayName", "") or "")
                if name and not values.get("SystemComponent"):
                    location = view.expand(str(values.get("InstallLocation", "") or "")).strip().strip('"')
                    records.append(WinRecord("uninstall", key, name, location, where))
    return records


def _win_record_found(view: HostView, product: Product, record: WinRecord) -> Found | None:
    if record.kind == "app_path" and record.key in product.windows_exe:
        ok = bool(record.path) and view.exists(record.path)
        return Found(product.id, product.name, "", f"App Paths {record.where} : {record.path or record.key}", ok,
                     "" if ok else "inscrit dans le registre, mais le fichier du programme est absent")
    if record.kind == "uninstall" and any(record.name.lower().startswith(p) for p in product.windows_names):
        ok = not record.path or view.exists(record.path)
        return Found(product.id, product.name, "", f"Programmes installés {record.where} : {record.name}", ok,
                     "" if ok else "inscrit dans le registre, mais son dossier d'installation est absent")
    return None


def _libreoffice_windows(view: HostView, records: list[WinRecord]) -> list[Found]:
    found = []
    for record in records:
        if record.kind != "uninstall" or not record.name.lower().startswith("libreoffice"):
            continue
        location = record.path or view.expand(r"%ProgramFiles%\LibreOffice")
        if not view.exists(location):
            return [Found("libreoffice", "LibreOffice", c, record.where, False,
                          "inscrit dans le registre, mais son dossier d'installation est absent") for c in OFFICE]
        files = {f.lower() for f in view.listdir(str(PureWindowsPath(location, "program")))}
        for component, modules in LIBREOFFICE_MODULES.items():
            if files.intersection(modules):
                found.append(Found("libreoffice", f"LibreOffice {component.capitalize()}", component,
                                   f"{location} ({record.where})"))
        return found
    return found


def detect_windows(view: HostView) -> list[Found]:
    records = windows_records(view)
    found = []
    for product in PRODUCTS:
        hits = [f for f in (_win_record_found(view, product, r) for r in records) if f]
        if not hits:
            path = next((p for p in (view.which(x) for x in product.windows_exe) if p), None)
            if path:
                hits = [Found(product.id, product.name, "", f"PATH : {path}")]
        if hits:
            best = next((h for h in hits if h.usable), hits[0])
            found += [Found(best.product, best.name, cap, best.evidence, best.usable, best.note)
                      for cap in product.provides]
    return found + _libreoffice_windows(view, records)


# -- macOS: application bundles ------------------------------------------------------------------

MAC_APP_DIRS = ("/Applications", "/Applications/Utilities", "/System/Applications", "/System/Applications/Utilities",
                "/System/Library/CoreServices/Applications")


def detect_macos(view: HostView) -> list[Found]:
    apps = {}
    for folder in MAC_APP_DIRS + (f"{view.home()}/Applications",):
        for name in view.listdir(folder):
            if name.endswith(".app") and view.exists(f"{folder}/{name}/Contents"):
                apps.setdefault(name[:-4].lower(), f"{folder}/{name}")
    found = []
    for product in PRODUCTS:
        hit = next((path for app, path in apps.items() for prefix in product.mac_apps
                    if app == prefix or app.startswith(prefix + " ") or app.startswith(prefix + "-")), None)
        if hit:
            found += [Found(product.id, product.name, cap, hit) for cap in product.provides]
    office = next((path for app, path in apps.items() if app.startswith("libreoffice")), None)
    if office:
        found += [Found("libreoffice", f"LibreOffice {c.capitalize()}", c, office) for c in OFFICE]
    entries: list[DesktopEntry] = []
    found += [f for f in _detect_products_unix(view, entries) if f.capability == "archive_cli"]
    return found


def detect(view: HostView) -> list[Found]:
    """Every program of the catalogue this system really has (and the records that lie)."""
    if view.windows:
        found = detect_windows(view)
    elif view.system == "Darwin":
        found = detect_macos(view)
    else:
        found = detect_linux(view)
    for capability, name in BUILTIN.get(view.system, ()):
        found.append(Found("builtin", name, capability, "intégré au système"))
    return found


def by_capability(found: Iterable[Found]) -> dict[str, list[Found]]:
    out: dict[str, list[Found]] = {}
    for item in found:
        out.setdefault(item.capability, []).append(item)
    return out
