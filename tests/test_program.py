"""An unchanged question gets the last answer again, byte for byte; any change runs it (issue 12)."""

from __future__ import annotations

import gc
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import yuanjiang_plan.cli
import yuanjiang_plan.cli.common
from yuanjiang_plan import program

REPORT = ("department: 交通局\nperiod: 2024-09\nentries:\n  - target: 1.1.1\n    value: 40\n"
          "  - target: 9.9.9\n    value: 1\n")


@pytest.fixture
def plan_program(monkeypatch: pytest.MonkeyPatch, capfdbinary: pytest.CaptureFixture[bytes],
                 tmp_path: Path, request: pytest.FixtureRequest) -> Callable[..., tuple[int, bytes, bytes]]:
    """Run the `plan` program in-process; counts the runs that did the work (`.runs`)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("PLAN_NO_CACHE", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.setattr(program, "RACY_NS", 0)  # files written just now may be vouched for
    # main() is a whole process's start: it sets ONE_SHOT (each load then freezes the heap) and
    # the collector's thresholds. Both are undone after the test, or every later test in this
    # session would run with a frozen, ever growing heap (cache.no_gc's freeze count walks it).
    monkeypatch.setattr(yuanjiang_plan.cli.common, "ONE_SHOT", yuanjiang_plan.cli.common.ONE_SHOT)
    thresholds = gc.get_threshold()
    request.addfinalizer(lambda: (gc.unfreeze(), gc.set_threshold(*thresholds)))
    real = yuanjiang_plan.cli.main
    runs: list[list[str]] = []

    def counting() -> None:
        runs.append(sys.argv[1:])
        real()

    monkeypatch.setattr(yuanjiang_plan.cli, "main", counting)

    def run(*args: str) -> tuple[int, bytes, bytes]:
        monkeypatch.setattr(sys, "argv", ["plan", *args])
        code: Any = 0
        try:
            program.main()
        except SystemExit as exc:
            code = exc.code or 0
        finally:
            gc.unfreeze()  # each run is a process of its own: the next starts with nothing frozen
        out, err = capfdbinary.readouterr()
        return int(code), out, err

    run.runs = runs  # type: ignore[attr-defined]
    return run


def test_unchanged_question_is_answered_again_byte_for_byte(
        make_repo: Callable[..., Path], plan_program: Any) -> None:
    root = make_repo({"2024-09/x.yaml": REPORT})
    for args in (["status", "--root", str(root), "--as-of", "2024-10-31", "--format", "json"],
                 ["validate", "--root", str(root)],
                 ["status", "--root", str(root), "--as-of", "2024-10-31"]):
        first = plan_program(*args)
        again = plan_program(*args)
        assert first == again
        assert first[0] == 1 and b"unknown-target" in first[2] + first[1]
    assert len(plan_program.runs) == 3  # each question worked out once


@pytest.mark.parametrize("change", ["rewrite", "add", "remove", "plan", "touch"])
def test_any_change_runs_the_command(make_repo: Callable[..., Path], plan_program: Any,
                                     change: str) -> None:
    root = make_repo({"2024-09/x.yaml": REPORT})
    args = ["status", "--root", str(root), "--as-of", "2024-10-31", "--format", "json"]
    before = plan_program(*args)
    report = root / "progress" / "2024-09" / "x.yaml"
    if change == "rewrite":  # same size, same mtime: only ctime and content tell
        st = report.stat()
        report.write_text(REPORT.replace("value: 40", "value: 70"), encoding="utf-8")
        os.utime(report, ns=(st.st_atime_ns, st.st_mtime_ns))
    elif change == "add":
        (root / "progress" / "2024-10").mkdir()
        (root / "progress" / "2024-10" / "x.yaml").write_text(
            REPORT.replace("2024-09", "2024-10").replace("value: 40", "value: 90"), encoding="utf-8")
    elif change == "remove":
        report.unlink()
    elif change == "plan":
        tree = root / "plan" / "tree.yaml"
        tree.write_text(tree.read_text(encoding="utf-8").replace("新建快充桩", "新建充电桩"), encoding="utf-8")
    else:
        os.utime(report)
    after = plan_program(*args)
    assert len(plan_program.runs) == 2
    if change != "touch":
        assert after != before


def test_what_is_never_answered_from_before(make_repo: Callable[..., Path], plan_program: Any,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo({"2024-09/x.yaml": REPORT})
    status = ["status", "--root", str(root), "--as-of", "2024-10-31"]
    plan_program("--no-cache", *status)
    plan_program("--no-cache", *status)
    monkeypatch.setattr(program, "RACY_NS", 10**18)  # every file "just changed"
    plan_program(*status)
    plan_program(*status)
    monkeypatch.setattr(program, "RACY_NS", 0)
    plan_program("status", "--root", str(root), "--help")
    plan_program("status", "--root", str(root), "--help")
    assert len(plan_program.runs) == 6
    plan_program(*status, "--lang", "en")
    plan_program(*status, "--lang", "zh")  # another question
    assert len(plan_program.runs) == 8


def test_an_answers_file_builds_no_object(make_repo: Callable[..., Path], plan_program: Any,
                                          tmp_path: Path) -> None:
    """The answers are unpickled with no class allowed: a planted pickle runs nothing."""
    root = make_repo({"2024-09/x.yaml": REPORT})
    args = ["status", "--root", str(root), "--as-of", "2024-10-31", "--format", "json"]
    first = plan_program(*args)
    answers = next(p for p in (tmp_path / "xdg").rglob("*") if p.parent.name == program.ANSWERS)

    class Boom:
        def __reduce__(self) -> tuple[Any, ...]:
            return (os.system, (f"touch {tmp_path / 'pwned'}",))

    answers.write_bytes(pickle.dumps((0, [Boom()])))
    assert plan_program(*args) == first
    assert not (tmp_path / "pwned").exists()
    assert len(plan_program.runs) == 2
    for i in range(program.KEEP + 3):  # other questions: only the latest answers are kept
        plan_program("status", "--root", str(root), "--as-of", f"2024-10-{i + 1:02d}")
    assert len([p for p in answers.parent.iterdir() if not p.name.startswith(".")]) == program.KEEP
