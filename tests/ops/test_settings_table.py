"""The one settings table: every setting has a French help shown by ``roomserver --help`` and
written in docs/settings.md; the operations settings parse and refuse bad values in French."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from roomserver.cli import build_parser
from roomserver.settings import BY_NAME, SETTINGS, SettingsError, load_settings, settings_markdown

ENGLISH_WORDS = re.compile(r"\b(the|of|to|in|seconds|directory|folder|when|after|how|many|this|for)\b")


def test_every_setting_is_explained_in_french_in_the_help_and_the_docs():
    epilog = build_parser().epilog
    doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert settings_markdown() in doc
    for setting in SETTINGS:
        assert setting.env == "ROOMSERVER_" + setting.name.upper()
        assert not ENGLISH_WORDS.search(setting.help), (setting.name, setting.help)
        assert not re.search(r"[^\u00a0][:;?!]( |$)", setting.help), (setting.name, "French typography")
        assert setting.env in epilog and setting.help in epilog
        assert f"`{setting.name}`" in doc


def test_operations_settings_have_their_defaults():
    settings = load_settings({}, environ={})
    assert (settings["max_connections"], settings["keepalive_timeout_s"], settings["request_timeout_s"]) == (2000, 30, 60)
    assert (settings["zeroconf"], settings["room"], settings["cert_file"], settings["mirror_dir"]) == ("auto", "", "", "")
    assert settings["health_every_s"] == 30


@pytest.mark.parametrize("env, fragment", [
    ({"ROOMSERVER_ZEROCONF": "yes"}, "valeurs possibles\u00a0: auto, on, off"),
    ({"ROOMSERVER_MAX_CONNECTIONS": "0"}, "un entier strictement positif est attendu"),
    ({"ROOMSERVER_KEEPALIVE_TIMEOUT_S": "trente"}, "un nombre entier est attendu"),
    ({"ROOMSERVER_PORT": "70000"}, "un port entre 0 et 65535 est attendu"),
    ({"ROOMSERVER_KEY_FILE": "/etc/roomserver/tls/key.pem"}, "le certificat et sa clé vont ensemble"),
])
def test_bad_values_are_refused_in_french(env, fragment):
    with pytest.raises(SettingsError) as refused:
        load_settings({}, environ=env)
    assert fragment in str(refused.value)


def test_flags_override_the_environment():
    settings = load_settings({"cert_file": "/c.pem", "key_file": "/k.pem", "port": 8443},
                             environ={"ROOMSERVER_PORT": "8080", "ROOMSERVER_ZEROCONF": "off"})
    assert settings["port"] == 8443 and settings["zeroconf"] == "off" and settings["cert_file"] == "/c.pem"
    assert BY_NAME["zeroconf"].parse("on") == "on"
