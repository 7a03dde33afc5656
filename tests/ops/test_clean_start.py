"""A clean start: every help text of ``roomserver`` is French (argparse's own words included,
and the names of values), errors too; the README says how to stop the demo and what demo.json
holds; the systemd unit passes ``systemd-analyze verify``."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT
from roomserver.cli import build_parser, main as roomserver

# argparse's English, as it prints it when left alone
ENGLISH = re.compile(r"\b(usage|show this help|message and exit|positional arguments|program's version|version "
                     r"number|required|invalid choice|choose from|expected one|unrecognized|error)\b", re.IGNORECASE)
# Value names and capitals a French reader may meet: French words, formats, protocols, variables
ALLOWED_CAPITALS = {"AAAA", "ADRESSE", "ALGORITHME", "CANDIDAT", "CHEMIN", "COMMANDE", "COMMENTAIRE", "DATE",
                    "DESTINATION", "DONNÉES", "DOSSIER", "FICHIER", "HEURE", "HH", "JJ", "MM", "N", "NOM", "NOTES",
                    "PORT", "SALLE", "SECONDES", "VALEUR", "ÉTABLISSEMENT", "ÉTAT",
                    "CSV", "HTTP", "HTTPS", "JSON", "ODS", "PDF", "PEM", "TCP", "TLS", "USB", "XLSX", "ZIP"}


def parsers(parser, path=("roomserver",)):
    yield " ".join(path), parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from parsers(sub, (*path, name))


def test_every_help_is_french():
    seen = 0
    for name, parser in parsers(build_parser()):
        text = parser.format_help()
        assert text.startswith("utilisation\u00a0: "), name
        assert not ENGLISH.search(text), f"{name}: {ENGLISH.search(text).group(0)!r}\n{text}"
        capitals = set(re.findall(r"\b[A-ZÉÈ][A-ZÉÈ_]+\b", text)) - ALLOWED_CAPITALS
        assert {c for c in capitals if not c.startswith("ROOMSERVER_")} == set(), f"{name}: {capitals}"
        if "-h, --help" in text:
            assert "afficher cette aide et quitter" in text, name
        seen += 1
    assert seen >= 15  # serve, demo and every scripting subcommand, nested ones included


def test_the_real_command_s_help_and_errors_are_french():
    result = subprocess.run([sys.executable, "-m", "roomserver", "--help"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and not ENGLISH.search(result.stdout), result.stdout
    assert "ROOMSERVER_MAX_CONNECTIONS" in result.stdout and "doctor" in result.stdout
    missing = subprocess.run([sys.executable, "-m", "roomserver", "backup"], cwd=ROOT, capture_output=True,
                             text=True, timeout=60)
    assert missing.returncode == 2
    assert "erreur\u00a0: arguments obligatoires manquants\u00a0: --to" in missing.stderr, missing.stderr
    assert not ENGLISH.search(missing.stderr.replace("erreur", "")), missing.stderr


def test_a_bad_setting_is_refused_in_french(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("ROOMSERVER_ZEROCONF", "peut-être")
    assert roomserver(["doctor", "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "Réglage invalide\u00a0: ROOMSERVER_ZEROCONF='peut-être'\u00a0: valeurs possibles\u00a0: auto, on, off" in err
    monkeypatch.delenv("ROOMSERVER_ZEROCONF")
    monkeypatch.setenv("ROOMSERVER_CERT_FILE", str(tmp_path / "cert.pem"))
    assert roomserver(["doctor", "--data-dir", str(tmp_path)]) == 2
    assert "donnez --cert et --key" in capsys.readouterr().err


def test_the_readme_says_how_to_stop_the_demo_and_what_demo_json_holds():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Ctrl+C" in readme and "demo.json" in readme
    for command in ("roomserver doctor", "roomserver backup --to", "roomserver discover"):
        assert command in readme, command


def test_the_systemd_unit_passes_systemd_analyze_verify(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here: the unit cannot be verified")
    unit = (ROOT / "systemd" / "roomserver.service").read_text(encoding="utf-8")
    for line in ("Type=notify", "WatchdogSec=", "Restart=always", "User=roomserver", "StateDirectory=roomserver",
                 "EnvironmentFile=-/etc/roomserver/roomserver.env", "LimitNOFILE=8192", "NoNewPrivileges=yes",
                 "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "PrivateDevices=yes",
                 "ProtectKernelTunables=yes", "ProtectKernelModules=yes", "ProtectKernelLogs=yes",
                 "RestrictAddressFamilies=", "SystemCallFilter=@system-service", "CapabilityBoundingSet=\n"):
        assert line in unit, line
    # verify checks that ExecStart exists: point it at this checkout's entry point, nothing else changes
    entry = ROOT / ".venv" / "bin" / "roomserver"
    if not entry.exists():
        entry = shutil.which("roomserver")
    if entry is None:
        pytest.skip("no installed roomserver entry point to stand for /opt/roomserver/.venv/bin/roomserver")
    copy = tmp_path / "roomserver.service"
    copy.write_text(unit.replace("/opt/roomserver/.venv/bin/roomserver", str(entry)), encoding="utf-8")
    result = subprocess.run([analyze, "verify", str(copy)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == "" and result.stderr.strip() == "", result.stderr
