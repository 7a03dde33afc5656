"""Logs: one structured line per event on stdout, a request id, and never a secret: the log of
a whole session (logins, joins, the access code, answers, finalisation, archive) is searched for
every password, code and token that went over the wire."""

from __future__ import annotations

import io
import logging
import re

import pytest
from opskit import OpsServer, call, whole_session

from roomserver.ops.logs import LineFormatter, configure, quote, scrub
from roomserver.store.keys import read_key

LINE = re.compile(r'^(<\d>)?(\w+=("([^"\\]|\\.)*"|\S*))( \w+=("([^"\\]|\\.)*"|\S*))*$')


def record(message, *args, level=logging.INFO, **fields) -> logging.LogRecord:
    rec = logging.LogRecord("roomserver.test", level, __file__, 1, message, args, None)
    rec.fields = fields
    return rec


def test_a_line_is_key_value_pairs_quoted_when_needed():
    line = LineFormatter(journald=False).format(record("GET %s %d", "/healthz", 200, ms=1.5, client="127.0.0.1"))
    assert LINE.match(line), line
    assert 'level=info logger=roomserver.test msg="GET /healthz 200" ms=1.5 client=127.0.0.1' in line
    assert quote('a "b"\nc') == '"a \\"b\\"\\nc"' and quote("") == '""'


def test_under_journald_the_priority_leads_and_the_time_is_left_to_journald():
    line = LineFormatter(journald=True).format(record("disque plein", level=logging.WARNING))
    assert line.startswith("<4>level=warning ") and "ts=" not in line


def test_anything_shaped_like_a_secret_is_masked():
    assert scrub("Authorization: Bearer abc.DEF-123_x") == "Authorization: Bearer [masqué]"
    assert scrub('{"password": "hunter22", "x": 1}') == '{"password": "[masqué]", "x": 1}'
    assert scrub("token=abcdef&next=1") == "token=[masqué]&next=1"
    assert scrub("access_code: KYMV79") == "access_code: [masqué]"
    assert scrub("session 4081 started") == "session 4081 started"


def test_configure_sends_every_logger_to_one_stream():
    stream = io.StringIO()
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure(stream=stream)
        logging.getLogger("roomserver.x").warning("le disque %s est lent", "sda")
        logging.getLogger("fontTools.subset").info("Retaining 42 glyphs")  # chatty: not shown
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1 and 'msg="le disque sda est lent"' in lines[0]


@pytest.mark.slow
def test_no_secret_in_the_logs_of_a_whole_session(tmp_path):
    first = OpsServer(tmp_path / "data").start()  # `demo` prints its codes on purpose: seeded, then stopped
    first.stop()
    server = OpsServer(tmp_path / "data", command="serve").start()
    try:
        demo = server.demo()
        secrets = whole_session(server.url, demo)
        status, _, headers = call(server.url + "/api/v1/invigilator/login", {"session_number": demo["session_number"],
                                  "password": "C-ZZZZZZ"}, headers={"X-Request-Id": "essai-journal-0001"})
        assert status == 401 and headers["X-Request-Id"] == "essai-journal-0001"
    finally:
        server.stop()
    log = server.log()
    assert server.log_path != first.log_path and "mot de passe administrateur" not in log
    secrets["journal_key"] = read_key(server.data_dir / "keys" / "journal.key").hex()
    for name, secret in secrets.items():
        assert secret and secret not in log, f"{name} found in the log"
    for person in demo["candidates"]:  # nor the pupils' names (personal data)
        assert person["last_name"] not in log, person["last_name"]
    structured = [line for line in log.splitlines() if line.startswith("ts=")]
    assert all(LINE.match(line) for line in structured)
    access = [line for line in structured if "logger=roomserver.access" in line]
    assert len(access) > 30 and all(re.search(r"request_id=[0-9a-f]{16}\b|request_id=essai-", line) for line in access)
    assert any("request_id=essai-journal-0001" in line and "status=401" in line for line in access)
    # Routine traffic recorded elsewhere is not logged when it succeeds: heartbeats, and answers
    # (their record is the journal line); writes that are not routine are.
    quiet = ("path=/api/v1/candidate/answers status=200", "path=/api/v1/candidate/heartbeat status=200")
    assert not [line for line in access if any(q in line for q in quiet)]
    assert any("path=/api/v1/candidate/start status=200" in line for line in access)
    print(f"\nwhole session: {len(structured)} log lines, {len(secrets)} secrets searched, none found")
