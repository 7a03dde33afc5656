"""Tests of the live dashboard (Socket.IO /invigilator, heartbeat). A package, so that its
conftest.py does not shadow tests/conftest.py (some tests import from ``conftest``)."""
