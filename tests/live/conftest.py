"""Fixtures for the live dashboard: invigilators logged in over HTTP, their dashboards
connected to ``/invigilator``, candidates seated or in their test. The ``app`` fixture
(tests/conftest.py) has live_tick_s=0: no background ticker, ``feed.tick()`` is called by hand."""

from __future__ import annotations

import pytest

from .livekit import Clock, Dashboard, login, pupils


@pytest.fixture
def svc(app):
    return app.extensions["roomserver"]


@pytest.fixture(autouse=True)
def clock(svc):
    """Replace the store's clock (journal timestamps, rows, heartbeat) by one the test moves:
    time stands still unless a test advances it, so rows built twice are equal."""
    fake = Clock()
    svc.store.clock = fake
    return fake


@pytest.fixture
def connect(app):
    """connect(token, since=...) or connect(auth={...}) -> Dashboard; disconnected at teardown."""
    opened = []

    def connect_(token=None, *, auth=None, **extra):
        if auth is None:
            auth = {"token": token, **extra}
        dashboard = Dashboard(app, auth)
        opened.append(dashboard)
        return dashboard

    yield connect_
    for dashboard in opened:
        dashboard.disconnect()


@pytest.fixture
def inv(client, app):
    return login(client, app.demo, "Mme Roux")


@pytest.fixture
def inv2(client, app):
    return login(client, app.demo, "M. Diallo")


@pytest.fixture
def dashes(connect, inv, inv2):
    """Two invigilators (two logins), each with a dashboard connected; the connection
    messages are already taken."""
    first = connect(inv.token)
    second = connect(inv2.token)
    assert first.connected and second.connected
    first.take()
    second.take()
    return first, second


@pytest.fixture
def kids(client, app):
    """Four certifiable demo candidates, each at its own PC (10.0.0.21, .22...)."""
    return pupils(client, app.demo, 4)


@pytest.fixture
def seated(inv, kids):
    """Two candidates joined and present; the session not started."""
    pair = kids[:2]
    for pupil in pair:
        assert pupil.join().status_code == 200
        assert inv.confirm(pupil.id).status_code == 200
    return pair


@pytest.fixture
def running(inv, seated):
    """The two seated candidates in their test (the session started)."""
    assert inv.start().status_code == 200
    for pupil in seated:
        assert pupil.start().status_code == 200
    return seated
