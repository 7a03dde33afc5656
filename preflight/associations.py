"""Default-application records ("this type opens with that program"): read, and checked, never believed.

A record may name a program that is not installed (a Windows UserChoice left by an
uninstalled Acrobat, a ``mimeapps.list`` naming a removed ``.desktop`` file): a double-click
then fails in front of the candidate. The agent reports such records as warnings; it never
counts an association as proof that a program is installed.
"""

from __future__ import annotations

import configparser
import re
from dataclasses import dataclass

from .catalogue import ASSOCIATED_TYPES
from .detect import VIEWS, HostView, desktop_entries

FILE_EXTS = r"Software\Microsoft\Windows\CurrentVersion\Explorer\FileExts"


@dataclass(frozen=True)
class Association:
    extension: str
    target: str  # what the record names: a .desktop id or a program path
    installed: bool
    where: str


def _mimeapps_files(view: HostView) -> list[str]:
    home = view.home()
    config = view.env.get("XDG_CONFIG_HOME") or f"{home}/.config"
    desktops = [d.lower() for d in view.env.get("XDG_CURRENT_DESKTOP", "").split(":") if d]
    files = []
    for base in (config, "/etc/xdg", f"{home}/.local/share/applications", "/usr/local/share/applications",
                 "/usr/share/applications"):
        files += [f"{base}/{d}-mimeapps.list" for d in desktops] + [f"{base}/mimeapps.list"]
    return files


def linux_associations(view: HostView) -> list[Association]:
    entries = {e.id: e for e in desktop_entries(view)}
    chosen: dict[str, tuple[str, str]] = {}
    for path in _mimeapps_files(view):
        text = view.read_text(path)
        if not text:
            continue
        parser = configparser.RawConfigParser(strict=False, interpolation=None)
        parser.optionxform = str
        try:
            parser.read_string(text)
        except configparser.Error:
            continue
        if parser.has_section("Default Applications"):
            for mime, value in parser["Default Applications"].items():
                first = next((v for v in value.split(";") if v.strip()), "")
                if first:
                    chosen.setdefault(mime, (first.strip(), path))
    result = []
    for extension, mime in ASSOCIATED_TYPES.items():
        if mime in chosen:
            desktop_id, where = chosen[mime]
            entry = entries.get(re.sub(r"\.desktop$", "", desktop_id.lower()))
            result.append(Association(extension, desktop_id, bool(entry and entry.installed), where))
    return result


def _command_program(view: HostView, command: str) -> str:
    command = view.expand(command.strip())
    if command.startswith('"'):
        return command[1:].split('"', 1)[0]
    match = re.match(r"(.+?\.exe)\b", command, re.IGNORECASE)
    return match.group(1) if match else command.split(" ", 1)[0]


def windows_associations(view: HostView) -> list[Association]:
    result = []
    for extension in ASSOCIATED_TYPES:
        prog_id, where = "", ""
        for bits in VIEWS:
            choice = view.registry.values("HKCU", f"{FILE_EXTS}\\{extension}\\UserChoice", bits).get("ProgId")
            if choice:
                prog_id, where = str(choice), "choix de l'utilisateur (UserChoice)"
                break
        if not prog_id:
            prog_id, where = str(view.registry.values("HKCR", extension, 64).get("", "") or ""), "HKCR"
        if not prog_id:
            continue
        command = ""
        for bits in VIEWS:
            command = str(view.registry.values("HKCR", f"{prog_id}\\shell\\open\\command", bits).get("", "") or "")
            if command:
                break
        if not command:
            result.append(Association(extension, prog_id, False, where))
            continue
        program = _command_program(view, command)
        installed = view.exists(program) if re.match(r"^[A-Za-z]:\\", program) else view.which(program) is not None
        result.append(Association(extension, program, installed, where))
    return result


def associations(view: HostView) -> list[Association]:
    if view.windows:
        return windows_associations(view)
    if view.system == "Darwin":
        return []  # LaunchServices is not read: nothing is believed from it either
    return linux_associations(view)
