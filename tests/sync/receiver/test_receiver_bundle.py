"""The offline bundle and the receiver's commands: a bundle round trip through
``python -m sync.receiver import`` (stored, then a duplicate, exit 0 both times), one byte
altered anywhere refused with a French reason (every position of the header, positions
spread over the body), ``list --json``, a malformed keys file refused naming its line."""

from __future__ import annotations

import json
import os

import pytest
from receiverkit import french, receiver_cli, reforge, write_keys

from sync.bundle import read_bundle, write_bundle
from sync.protocol import SyncRefusal, parse_keys


@pytest.fixture
def room(finalised_session):
    return reforge(finalised_session, key=finalised_session.key)


@pytest.fixture
def keys(tmp_path, finalised_session):
    return write_keys(tmp_path / "keys.txt", finalised_session.keys_line("Collège Jean Moulin"))


def test_bundle_round_trip_and_import_is_idempotent(tmp_path, room, keys, sqlite_url):
    path = tmp_path / "session.rsbundle"
    path.write_bytes(write_bundle(room.key, room.body, 1_900_000_000.5))
    bundle = read_bundle(path.read_bytes(), parse_keys(keys.read_text()))
    assert bundle.body == room.body and bundle.idempotency_key == room.idempotency
    assert bundle.room.label == "Collège Jean Moulin" and bundle.created_at == 1_900_000_000.5
    first = receiver_cli("import", path, "--db", sqlite_url, "--keys", keys)
    assert first.returncode == 0, first.stderr
    assert room.session_id in first.stdout and "importée" in french(first.stdout)
    again = receiver_cli("import", path, "--db", sqlite_url, "--keys", keys)
    assert again.returncode == 0, again.stderr
    assert "déjà reçue" in french(again.stdout)
    listed = receiver_cli("list", "--db", sqlite_url, "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(r["session_id"], r["final_hash"], r["via"]) for r in rows] == [(room.session_id, room.final_hash, "bundle")]
    assert rows[0]["room_label"] == "Collège Jean Moulin" and rows[0]["candidates"] == 3
    text = receiver_cli("list", "--db", sqlite_url)
    assert text.returncode == 0 and room.session_id in text.stdout and "1\u00a0session reçue." in text.stdout


def _alter(data: bytes, position: int) -> bytes:
    changed = bytearray(data)
    changed[position] = (changed[position] + 1) % 256 if changed[position] not in (0x7E, 0x7F) else 0x41
    return bytes(changed)


def test_one_byte_altered_anywhere_is_refused(room, finalised_session):
    """In process: every byte of the header, every 97th byte of the body, and the last ones."""
    data = write_bundle(room.key, room.body, 1_900_000_000.0)
    keys = parse_keys(finalised_session.keys_line())
    body_at = data.index(b'"body": "')
    positions = sorted(set(range(body_at + 10)) | set(range(body_at + 10, len(data), 97))
                       | set(range(len(data) - 40, len(data))))
    from sync.verify import verify_payload

    for position in positions:
        altered = _alter(data, position)
        try:
            bundle = read_bundle(altered, keys)
            verify_payload(bundle.body, bundle.room, bundle.idempotency_key)
        except SyncRefusal as exc:
            assert exc.status in (401, 422) and french(exc.message)
            continue
        pytest.fail(f"a bundle altered at byte {position} was accepted")
    assert len(positions) > 300


@pytest.mark.parametrize("where", ["header", "body", "journal", "end"])
def test_altered_bundle_refused_by_the_command(tmp_path, room, keys, sqlite_url, where):
    data = write_bundle(room.key, room.body, 1_900_000_000.0)
    position = {"header": data.index(b"created_at") + 14, "body": data.index(b"candidates") + 5,
                "journal": data.index(b"answer_recorded") + 3, "end": len(data) - 3}[where]
    path = tmp_path / "altered.rsbundle"
    path.write_bytes(_alter(data, position))
    done = receiver_cli("import", path, "--db", sqlite_url, "--keys", keys)
    assert done.returncode != 0 and done.stdout == ""
    assert done.stderr.startswith("Lot refusé") and french(done.stderr)
    listed = receiver_cli("list", "--db", sqlite_url, "--json")
    assert json.loads(listed.stdout) == []


def test_bundle_of_an_unregistered_room_is_refused(tmp_path, room, sqlite_url):
    stranger = reforge(room)
    path = tmp_path / "other.rsbundle"
    path.write_bytes(write_bundle(stranger.key, stranger.body, 1_900_000_000.0))
    keys = write_keys(tmp_path / "keys.txt", room.keys_line())
    done = receiver_cli("import", path, "--db", sqlite_url, "--keys", keys)
    assert done.returncode == 1 and "clé inconnue" in done.stderr


def test_not_a_bundle_is_refused(tmp_path, keys, sqlite_url):
    path = tmp_path / "photo.rsbundle"
    path.write_bytes(os.urandom(200))
    done = receiver_cli("import", path, "--db", sqlite_url, "--keys", keys)
    assert done.returncode == 1 and "lisible" in french(done.stderr)
    done = receiver_cli("import", tmp_path / "absent.rsbundle", "--db", sqlite_url, "--keys", keys)
    assert done.returncode != 0 and "Impossible de lire" in done.stderr


@pytest.mark.parametrize("line, fragment", [
    ("0123456789abcdef", "attendu"),
    ("0123456789abcdeZ " + "00" * 32 + " Salle", "16 caractères"),
    ("0123456789abcdef " + "00" * 31 + " Salle", "64 caractères"),
    ("0123456789abcdef " + "00" * 32 + " Salle", "ne correspond pas"),
])
def test_malformed_keys_file_stops_the_receiver_naming_the_line(tmp_path, finalised_session, sqlite_url, line,
                                                                fragment):
    keys = write_keys(tmp_path / "keys.txt", finalised_session.keys_line(), "", line)
    done = receiver_cli("--port", "9", "--db", sqlite_url, "--keys", keys, timeout=30)
    assert done.returncode == 2 and "ligne 4" in done.stderr and fragment in done.stderr, done.stderr
    french(done.stderr)


def test_keys_file_duplicates_and_comments(finalised_session):
    line = finalised_session.keys_line("Salle 12 ; bâtiment B")
    rooms = parse_keys(f"# comment\n\n   {line}\n")
    assert rooms[finalised_session.key_id].label == "Salle 12 ; bâtiment B"
    with pytest.raises(Exception, match="ligne 2"):
        parse_keys(f"{line}\n{line}\n")
