"""Room PCs for the plan tests: each one a distinct loopback address (127.0.0.x), as in a real room."""

from __future__ import annotations

import http.client
import json
import urllib.parse


def call_from(address: str, url: str, method: str, path: str, body=None, token: str | None = None) -> dict:
    """An HTTP call to the live server made from ``address`` (Linux answers on all of 127/8)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10, source_address=(address, 0))
    try:
        headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
        connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = connection.getresponse()
        data = response.read()
        assert response.status < 400, (response.status, data[:300])
        return json.loads(data or b"{}")
    finally:
        connection.close()


def admin_token(live_server) -> str:
    return call_from("127.0.0.1", live_server.url, "POST", "/api/v1/admin/login",
                     {"password": live_server.demo()["admin_password"]})["token"]


def new_room_pc(live_server, address: str, label: str) -> str:
    """A PC that ran the preflight page from ``address``, named ``label`` by the technician."""
    pc_id = call_from(address, live_server.url, "POST", "/api/v1/preflight/pcs", {})["pc_id"]
    call_from("127.0.0.1", live_server.url, "PATCH", f"/api/v1/preflight/pcs/{pc_id}", {"label": label},
              token=admin_token(live_server))
    return pc_id


def plan_of(live_server) -> dict:
    return call_from("127.0.0.1", live_server.url, "GET", "/api/v1/preflight/room/plan", token=admin_token(live_server))
