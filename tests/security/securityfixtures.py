"""The security suite's fixtures. Test modules import them by name (``from securityfixtures
import room, world, world_template``): a ``conftest.py`` here would take the module name
``conftest`` from the suite's root one, which other folders import helpers from."""

from __future__ import annotations

import pytest

from securitykit import build_world, copy_world, open_app


@pytest.fixture(scope="session")
def world_template(tmp_path_factory):
    return build_world(tmp_path_factory.mktemp("room") / "data")


@pytest.fixture
def world(world_template, tmp_path):
    return copy_world(world_template, tmp_path / "data")


@pytest.fixture
def room(world):
    """(app, world): the room's server, in process, on its own copy of the data."""
    app = open_app(world.data_dir)
    yield app, world
    app.extensions["roomserver"].store.close()
