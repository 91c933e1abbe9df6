"""Work done in a forked child (read/background.py): the same answer whether or not a child ran,
whatever happens to it."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import SEPTEMBER_LIKE
from yuanjiang_plan import loader
from yuanjiang_plan.loader import load_repo
from yuanjiang_plan.read.background import Background, can_fork

needs_fork = pytest.mark.skipif(not can_fork(), reason="no fork on this platform")
PARENT = os.getpid()


def _finish(value: tuple[int, int]) -> tuple[str, int]:
    return "finished", value[1]


@needs_fork
def test_the_work_runs_in_a_child_and_finishes_here() -> None:
    finished: list[int] = []
    job = Background(lambda: (os.getpid(), 42), lambda v: (finished.append(os.getpid()), v)[1], fork=True)
    assert not finished  # nothing joined yet
    pid, answer = job.result()
    assert pid != os.getpid() and answer == 42
    assert finished == [os.getpid()]
    assert job.result() == (pid, 42) and len(finished) == 1  # joined once


def test_without_fork_everything_runs_now_in_this_process() -> None:
    finished: list[int] = []
    job = Background(lambda: (os.getpid(), 7), lambda v: (finished.append(v[0]), v)[1], fork=False)
    assert finished == [os.getpid()]
    assert job.result() == (os.getpid(), 7)


def _fails_in_a_child() -> tuple[int, int]:
    if os.getpid() != PARENT:
        raise RuntimeError("only in the child")
    return os.getpid(), 1


def _killed_in_a_child() -> tuple[int, int]:
    if os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)
    return os.getpid(), 2


def _exits_silently_in_a_child() -> tuple[int, int]:
    if os.getpid() != PARENT:
        os._exit(0)  # success, and no answer
    return os.getpid(), 3


@needs_fork
@pytest.mark.skipif(os.getpid() != PARENT, reason="module imported in another process")
@pytest.mark.parametrize(("work", "answer"), [(_fails_in_a_child, 1), (_killed_in_a_child, 2),
                                               (_exits_silently_in_a_child, 3)])
def test_a_child_that_fails_is_replaced_by_the_work_done_here(work: Callable[[], tuple[int, int]],
                                                              answer: int) -> None:
    assert Background(work, _finish, fork=True).result() == ("finished", answer)


@needs_fork
def test_an_answer_never_joined_leaves_no_child_waiting() -> None:
    big = b"x" * (1 << 20)  # more than a pipe holds: the child blocks until the pipe closes
    job = Background(lambda: big, len, fork=True)
    pid = job._pid
    assert pid is not None
    del job
    _, status = os.waitpid(pid, 0)  # it ends (EPIPE or SIGPIPE) instead of waiting forever
    assert os.WIFEXITED(status) or os.WIFSIGNALED(status)


# Six months of one unit's reports; October's figure falls below September's (a cross-file regression).
MANY = {f"2024-{m:02d}/交通局.yaml": SEPTEMBER_LIKE["2024-09/交通局.yaml"]
        .replace("2024-09", f"2024-{m:02d}").replace("value: 60", f"value: {5 if m == 10 else 10 * m}")
        for m in range(7, 13)}


@needs_fork
def test_the_loader_checks_in_a_child_with_the_same_answer(make_repo: Callable[..., Path],
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    root = make_repo({**SEPTEMBER_LIKE, **MANY})
    here = load_repo(root, use_cache=False)
    monkeypatch.setattr(loader, "BACKGROUND_MIN_ENTRIES", 1)
    children: list[int] = []
    real = Background._start

    def spy(self: Background[object, object]) -> None:
        real(self)
        children.append(self._pid or 0)

    monkeypatch.setattr(Background, "_start", spy)
    cache = tmp_path / "cache"
    away = load_repo(root, cache_dir=cache, workers=2, background=True)
    assert children and children[0] > 0
    assert away.problems == here.problems and away.diagnostics == here.diagnostics
    assert [d.path for d in away.problems if d.code == "regression"] == ["progress/2024-10/交通局.yaml"]
    # Joined, the cache was written, the plan's pickle made in the child: the next run takes
    # the plan and the cross-file result from it.
    monkeypatch.setattr(loader, "cross_file_checks", lambda *a: pytest.fail("checked again"))
    monkeypatch.setattr(loader, "load_plan", lambda *a: pytest.fail("plan read again"))
    warm = load_repo(root, cache_dir=cache, workers=2, background=True)
    assert warm.problems == here.problems and len(children) == 1
    assert warm.plan == here.plan and warm.reports == here.reports


def test_one_worker_or_few_entries_never_fork(make_repo: Callable[..., Path],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Background, "_start", lambda self: pytest.fail("forked"))
    root = make_repo({**SEPTEMBER_LIKE, **MANY})
    load_repo(root, use_cache=False, workers=2, background=True)  # below BACKGROUND_MIN_ENTRIES
    monkeypatch.setattr(loader, "BACKGROUND_MIN_ENTRIES", 1)
    load_repo(root, use_cache=False, workers=1, background=True)  # PLAN_WORKERS=1: one process
    load_repo(root, use_cache=False, workers=2)  # a caller that needs the problems at once
