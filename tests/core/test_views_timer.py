"""A timed question's remaining time is counted by the server from its first display,
so a reload or a move to a spare PC never restarts the timer."""

from __future__ import annotations

from corekit import qcu
from test_views import room_showing, view

from roomserver.core import commands


def test_timer_left_counts_from_the_first_display():
    room = room_showing(qcu("timed", timer_s=90))
    assert view(room)["question"]["timer_left_s"] == 90  # not yet shown
    room.run(commands.show_question, "c1")
    room.tick(30)
    assert view(room)["question"]["timer_left_s"] == 60
    room.run(commands.show_question, "c1")  # a reload: nothing new, the first display counts
    room.tick(100)
    assert view(room)["question"]["timer_left_s"] == 0


def test_untimed_question_has_no_timer_left():
    room = room_showing(qcu("untimed"))
    assert "timer_left_s" not in view(room)["question"]
