"""Throttling of every guessable secret, measured: a 2-hour attack is played against the real
throttles on a simulated clock, from one PC and from many, and the tries the server actually
let through give the chance of guessing each secret in a session (printed: ``pytest -s``; the
same figures are in docs/security.md). Refused tries write nothing; the right secret is refused
too once throttled (a throttled try never tells a right guess from a wrong one)."""

from __future__ import annotations

import math

import pytest

from roomserver.api import candidate as candidate_api
from roomserver.api.throttle import Throttle
from roomserver.core.codes import DIGITS, LETTERS
from securityfixtures import room, world, world_template  # noqa: F401  (fixtures)
from securitykit import bearer, journal_lines

SESSION_S = 2 * 3600
ROOM_PCS = 30
STEP_S = 30  # a throttled attacker waits this long before trying again
SCHOOL_YEAR_DAYS = 365  # the birthdates of a class span about one year
SPACES = {
    "access_code": len(LETTERS) ** 4 * len(DIGITS) ** 2,
    "invigilator_password": (len(LETTERS) + len(DIGITS)) ** 6,
    "admin_password": 62 ** 10,  # a random 10-character password (the shortest accepted), letters and digits
    "birthdate": SCHOOL_YEAR_DAYS,
}
# The figures docs/security.md states (upper bounds): tries let through in 2 h.
DOCUMENTED = {"per_pc": 250, "per_candidate": 45}
REPORT: dict[str, tuple] = {}


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(room):
    app, world = room
    fake = Clock()
    svc = app.extensions["roomserver"]
    svc.throttle.clock = fake
    app.extensions["join_guesses"] = Throttle(candidate_api.GUESSES_PER_CANDIDATE,
                                              candidate_api.GUESS_WINDOW_FACTOR * svc.settings["throttle_window_s"],
                                              clock=fake)
    return fake


def at(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def attack(clock, attempt, addresses=("10.9.0.1",)) -> int:
    """Try for two hours (simulated), round-robin over ``addresses``, waiting STEP_S after a 429;
    return how many tries the server judged (not refused with 429)."""
    judged, turn, end = 0, 0, clock.now + SESSION_S
    while clock.now < end:
        address = addresses[turn % len(addresses)]
        turn += 1
        status = attempt(address)
        if status == 429:
            if turn % len(addresses) == 0:
                clock.now += STEP_S
            continue
        assert status in (401, 404, 422), status
        judged += 1
    return judged


def odds(tries: int, space: int) -> float:
    return min(1.0, tries / space)


def record(secret: str, one_pc: int, room_pcs: int) -> None:
    REPORT[secret] = (one_pc, room_pcs, odds(one_pc, SPACES[secret]), odds(room_pcs, SPACES[secret]))


def test_invigilator_password(room, clock):
    app, world = room
    client = app.test_client()

    def attempt(address, password="C-BBBBBB"):
        return client.post("/api/v1/invigilator/login", json={"session_number": world.session_number,
                                                               "password": password}, **at(address)).status_code

    before = journal_lines(app)
    one = attack(clock, attempt)
    assert one <= DOCUMENTED["per_pc"]
    assert attempt("10.9.0.1", world.invigilator_password) == 429  # the right one too, while throttled
    assert journal_lines(app) == before
    clock.now += 10 * 3600
    three = attack(clock, attempt, ("10.9.1.1", "10.9.1.2", "10.9.1.3"))
    assert three > 2 * one  # per address: each PC has its own budget
    record("invigilator_password", one, one * ROOM_PCS)


def test_admin_password(room, clock, monkeypatch):
    app, world = room
    client = app.test_client()
    # The throttle is what is measured: the password hash's deliberate slowness is left out.
    from roomserver.api import admin_auth
    monkeypatch.setattr(admin_auth.passwords, "verify", lambda tables, given: given == world.admin_password)
    tables = app.extensions["roomserver"].settings["data_dir"] / "roomserver.json"

    def attempt(address, password="pas le bon mot de passe"):
        return client.post("/api/v1/admin/login", json={"password": password}, **at(address)).status_code

    before = tables.read_bytes()
    one = attack(clock, attempt)
    assert one <= DOCUMENTED["per_pc"]
    assert attempt("10.9.0.1", world.admin_password) == 429
    assert tables.read_bytes() == before  # no token issued
    record("admin_password", one, one * ROOM_PCS)


def test_access_code(room, clock):
    app, world = room
    client = app.test_client()
    token = bearer(world.candidates["present_late"])

    def attempt(address, code="BBBB22"):
        return client.post("/api/v1/candidate/start", json={"access_code": code}, headers=token,
                           **at(address)).status_code

    before = journal_lines(app)
    one = attack(clock, attempt)
    assert one <= DOCUMENTED["per_pc"]
    assert attempt("10.9.0.1", world.access_code) == 429
    assert journal_lines(app) == before
    record("access_code", one, one * ROOM_PCS)


def test_identity_from_one_pc_and_from_a_whole_room(room, clock):
    app, world = room
    client = app.test_client()
    person = world.people["present_late"]
    days = iter(range(10**6))

    def attempt(address, birthdate=None):
        n = next(days)
        guess = birthdate or f"{2000 + n // 365 % 9}-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
        if guess == person["birthdate"]:
            guess = "1999-01-01"
        return client.post("/api/v1/candidate/join", json={
            "session_number": world.session_number, "first_name": person["first_name"],
            "last_name": person["last_name"], "birthdate": guess}, **at(address)).status_code

    one = attack(clock, attempt)
    assert one <= DOCUMENTED["per_candidate"]
    assert attempt("10.9.0.1", person["birthdate"]) == 429  # the right birthdate, throttled like a wrong one
    clock.now += 10 * 3600
    before = journal_lines(app)
    room_wide = attack(clock, attempt, tuple(f"10.9.2.{i}" for i in range(ROOM_PCS)))
    assert room_wide <= DOCUMENTED["per_candidate"]  # per candidate: more PCs buy nothing
    assert journal_lines(app) == before + room_wide  # each judged wrong birthdate is journaled (join_refused)
    store = app.extensions["roomserver"].store
    assert store.by_number(world.session_number).state.candidates[person["candidate_id"]].failed_joins == one + room_wide
    record("birthdate", one, room_wide)


def test_print_the_chances(request):
    """Runs last in this file: the table of figures (``pytest -s`` shows it)."""
    missing = {"invigilator_password", "admin_password", "access_code", "birthdate"} - set(REPORT)
    if missing:
        pytest.skip(f"run with the other tests of this file (missing: {sorted(missing)})")
    lines = [f"\nChances of guessing each secret in a {SESSION_S // 3600} h session "
             f"(tries the server judged; one PC / a room of {ROOM_PCS} PCs):"]
    for secret, (one, many, p_one, p_many) in REPORT.items():
        lines.append(f"  {secret:<22} space {SPACES[secret]:>22,}  tries {one:>5} / {many:>6}  "
                     f"P = {p_one:.2g} / {p_many:.2g}")
    print("\n".join(lines))
    assert REPORT["invigilator_password"][3] < 1e-4 and REPORT["access_code"][3] < 1e-2
    assert REPORT["birthdate"][3] <= math.ceil(DOCUMENTED["per_candidate"]) / SCHOOL_YEAR_DAYS
