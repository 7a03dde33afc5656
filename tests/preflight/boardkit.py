"""The room board as the administrator sees it: the board and its edits need the admin login."""

from __future__ import annotations

import json
import urllib.request


def admin_get(live_server, path: str) -> dict:
    """GET a board route of a live demo server with the demo administrator's bearer token."""
    login = urllib.request.Request(live_server.url + "/api/v1/admin/login", method="POST",
                                   data=json.dumps({"password": live_server.demo()["admin_password"]}).encode(),
                                   headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(login, timeout=5) as response:
        token = json.load(response)["token"]
    request = urllib.request.Request(live_server.url + path, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)
