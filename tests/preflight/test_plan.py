"""The room plan: the technician places PCs on a grid; the invigilators' dashboard reads it."""

from __future__ import annotations

import pytest

from test_api import API, admin, login, new_pc  # noqa: F401  (admin is a fixture)


def put_plan(client, admin, rows, cols, seats):
    return client.put(f"{API}/room/plan", headers=admin, json={"rows": rows, "cols": cols, "seats": seats})


def test_a_new_room_has_an_empty_default_grid(client, admin):
    plan = client.get(f"{API}/room/plan", headers=admin).get_json()
    assert plan == {"rows": 5, "cols": 6, "seats": []}


def test_pcs_placed_keep_their_seat_and_leave_the_plan_when_not_listed(client, admin):
    first, second = new_pc(client), new_pc(client)
    client.patch(f"{API}/pcs/{first}", json={"label": "poste 1"}, headers=admin)
    reply = put_plan(client, admin, 3, 4, [{"pc_id": first, "row": 1, "col": 4}, {"pc_id": second.lower(), "row": 3, "col": 1}])
    assert reply.status_code == 200, reply.get_json()
    seats = {s["pc_id"]: (s["row"], s["col"], s["label"]) for s in reply.get_json()["seats"]}
    assert seats == {first: (1, 4, "poste 1"), second: (3, 1, f"poste {second}")}
    assert client.get(f"{API}/room/plan", headers=admin).get_json() == reply.get_json()
    # The label set later is the seat's label; the planned count (same room document) is untouched.
    client.patch(f"{API}/room", json={"candidates_planned": 7}, headers=admin)
    again = put_plan(client, admin, 3, 4, [{"pc_id": first, "row": 2, "col": 2}]).get_json()
    assert [(s["pc_id"], s["row"], s["col"]) for s in again["seats"]] == [(first, 2, 2)]
    assert client.get(f"{API}/room", headers=admin).get_json()["verdict"]["candidates_planned"] == 7


@pytest.mark.parametrize("seats, code", [
    ([{"pc_id": "A", "row": 4, "col": 1}], "seat_outside_plan"),
    ([{"pc_id": "A", "row": 1, "col": 1}, {"pc_id": "B", "row": 1, "col": 1}], "seat_taken"),
    ([{"pc_id": "A", "row": 1, "col": 1}, {"pc_id": "A", "row": 2, "col": 1}], "pc_placed_twice"),
])
def test_an_impossible_plan_is_refused_in_french_and_nothing_changes(client, admin, seats, code):
    pcs = {"A": new_pc(client), "B": new_pc(client)}
    put_plan(client, admin, 3, 3, [{"pc_id": pcs["A"], "row": 3, "col": 3}])
    before = client.get(f"{API}/room/plan", headers=admin).get_json()
    reply = put_plan(client, admin, 3, 3, [{**s, "pc_id": pcs[s["pc_id"]]} for s in seats])
    assert reply.status_code == 422 and reply.get_json()["error"]["code"] == code
    message = reply.get_json()["error"]["message"]
    assert " :" not in message and ("\u00a0:" in message or "«\u00a0" in message)
    assert client.get(f"{API}/room/plan", headers=admin).get_json() == before


def test_unknown_pc_and_bad_sizes(client, admin):
    assert put_plan(client, admin, 3, 3, [{"pc_id": "ZZZZZZ", "row": 1, "col": 1}]).status_code == 404
    assert put_plan(client, admin, 0, 3, []).status_code == 400
    assert put_plan(client, admin, 3, 31, []).status_code == 400


def test_the_plan_needs_the_admin_and_the_dashboard_reads_it_without_pc_codes(client, app, admin, invigilator):
    pc = new_pc(client)
    assert client.get(f"{API}/room/plan").status_code == 401
    assert client.put(f"{API}/room/plan", json={"rows": 1, "cols": 1, "seats": []}).status_code == 401
    put_plan(client, admin, 2, 2, [{"pc_id": pc, "row": 2, "col": 1}])
    assert client.get("/api/v1/invigilator/room-plan").status_code == 401
    reply = client.get("/api/v1/invigilator/room-plan", headers={"Authorization": f"Bearer {invigilator.token}"})
    assert reply.status_code == 200
    body = reply.get_json()
    assert body["rows"] == 2 and body["cols"] == 2
    assert [(s["row"], s["col"], s["address"]) for s in body["seats"]] == [(2, 1, body["seats"][0]["address"])]
    assert body["seats"][0]["address"].startswith("10.0.") and "pc_id" not in body["seats"][0]
    assert body["seats"][0]["label"] == f"poste {pc}"  # the name shown on the board until the technician gives one


def test_the_plan_is_documented(app):
    from roomserver.api.openapi import document

    paths = document()["paths"]
    assert {"get", "put"} <= set(paths[f"{API}/room/plan"]) and "get" in paths["/api/v1/invigilator/room-plan"]
