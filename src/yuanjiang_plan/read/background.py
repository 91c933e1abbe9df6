"""One piece of work done in a forked child while this process goes on (issue 12).

The cross-file checks read every entry but give back a short list; evaluating the targets reads
the same entries and needs none of that list. A forked child inherits the loaded reports without
copying them, works the checks out on the second core and sends back their pickle, while this
process evaluates; the answer is joined when it is first needed (`result`). Whatever goes wrong in
the child (no fork, a crash, a killed process, an unreadable answer), the work is done again
here: the answer never depends on whether a child ran.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Callable
from typing import Generic, TypeVar

from .heap import no_gc

T = TypeVar("T")
R = TypeVar("R")


def can_fork() -> bool:
    return hasattr(os, "fork") and "fork" in multiprocessing.get_all_start_methods()


class Background(Generic[T, R]):
    """`finish(work())`, with `work()` run in a forked child when `fork` is true and `result()`
    waiting for it (once); else both run right now, in this process."""

    def __init__(self, work: Callable[[], T], finish: Callable[[T], R], fork: bool) -> None:
        self._work = work
        self._finish = finish
        self._pid: int | None = None
        self._fd: int | None = None
        self._result: R | None = None
        self._done = False
        if fork and can_fork():
            self._start()
        if self._pid is None:
            self._result = finish(work())
            self._done = True

    def _start(self) -> None:
        try:
            read_end, write_end = os.pipe()
        except OSError:
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return
        if pid == 0:  # the child: work, send the pickle, leave without running anything else
            code = 1
            try:
                os.close(read_end)
                data = pickle.dumps(self._work(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as out:
                    out.write(data)
                code = 0
            finally:
                os._exit(code)  # no atexit handlers, no flushing of the parent's buffers
        os.close(write_end)
        self._pid, self._fd = pid, read_end

    def result(self) -> R:
        if not self._done:
            self._result = self._finish(self._join())
            self._done = True
        return self._result  # type: ignore[return-value]

    def _join(self) -> T:
        assert self._pid is not None and self._fd is not None
        try:
            with os.fdopen(self._fd, "rb") as answer:
                data = answer.read()
        except OSError:
            data = b""
        self._fd = None
        try:
            _, status = os.waitpid(self._pid, 0)
            ok = os.waitstatus_to_exitcode(status) == 0
        except ChildProcessError:
            ok = False
        self._pid = None
        if ok and data:
            try:
                with no_gc():
                    value: T = pickle.loads(data)
                return value
            except Exception:  # pragma: no cover - our own pickle, written whole
                pass
        return self._work()  # the child failed: the same work, here

    def __del__(self) -> None:
        # Never joined (the command failed first): let the child see a closed pipe and go.
        if self._fd is not None:
            try:
                os.close(self._fd)
            except OSError:
                pass
        if self._pid is not None:
            try:
                os.waitpid(self._pid, os.WNOHANG)
            except ChildProcessError:
                pass
