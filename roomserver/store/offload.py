"""Where the store's blocking disk work runs (journal write + fsync, atomic file writes).

By default it runs in the calling thread: with real threads (``--threading``, scripts, tests)
an fsync blocks only its own thread and the others go on. Under eventlet every green thread
shares one OS thread, and an fsync there would freeze the whole server while it lasts; so
``serve.py`` installs eventlet's thread pool here at start (``install(tpool.execute)``): the
calling green thread waits, the others keep serving, and every journal line queued meanwhile
shares the next fsync (decision 0006). Nothing here imports eventlet.

An offloaded function must only touch the file system and plain data: never a lock of the
store (those are green locks under eventlet, unusable from a pool thread).
"""

from __future__ import annotations

from typing import Any, Callable, TypeVar

T = TypeVar("T")
_runner: Callable[..., Any] | None = None


def install(runner: Callable[..., Any] | None) -> None:
    """Run blocking disk work through ``runner(fn, *args)`` from now on (None: in the caller)."""
    global _runner
    _runner = runner


def installed() -> bool:
    return _runner is not None


def run(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)``, off the event loop when a runner is installed; exceptions propagate."""
    if _runner is None:
        return fn(*args)
    return _runner(fn, *args)
