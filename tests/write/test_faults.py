"""No report is lost: `plan record` under injected faults leaves the old file or the new one.

Each fault is injected into the writer's own calls (`write.os`, the temp file's handle) or, for
a killed process, by `os._exit` in a child process. After every fault the report holds exactly
the bytes it held before or exactly the bytes a clean run writes, never a mix; no temp file is
left where the loader would read it; a failed command says so and exits non-zero.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import SEPTEMBER_LIKE
from yuanjiang_plan.read import atomic as write  # the one writer (read/atomic.py)

REPORT = "progress/2024-09/交通局.yaml"
ARGS = ("1.1.1", "70", "--dept", "交通局", "--period", "2024-09", "--note", "第二批桩基完成")


def _setup(make_repo: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path) -> tuple[Path, bytes, bytes]:
    """The repository, the report's bytes now, and the bytes a clean `plan record` writes."""
    root = make_repo(SEPTEMBER_LIKE)
    old = (root / REPORT).read_bytes()
    twin = tmp_path / "twin"
    shutil.copytree(root, twin)
    clean = cli("record", "--root", str(twin), *ARGS)
    assert clean.exit_code == 0, clean.output
    new = (twin / REPORT).read_bytes()
    assert new != old and new.startswith(old)
    return root, old, new


def _no_stray_files(root: Path) -> None:
    """Anything left beside the report is invisible to the loader (dot-named, not *.yaml)."""
    for path in (root / "progress").rglob("*"):
        if path.is_file() and path.suffix in (".yaml", ".yml"):
            assert not path.name.startswith("."), path
    assert not [p for p in root.rglob("*.tmp")], list(root.rglob("*.tmp"))


def _still_loads(cli: Callable[..., Any], root: Path) -> None:
    # --no-cache: the faults are injected into the os module itself, and the load cache writes
    # through the same atomic writer (under the user's cache home).
    result = cli("--no-cache", "validate", "--root", str(root))
    assert result.exit_code == 0, result.output


class _FailingHandle:
    """A temp file that takes half the bytes, then reports the disk full."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle

    def __enter__(self) -> _FailingHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def write(self, data: bytes) -> int:
        self._handle.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def test_disk_full_during_the_temp_write(make_repo, cli, tmp_path, monkeypatch) -> None:
    root, old, _ = _setup(make_repo, cli, tmp_path)
    real_fdopen = os.fdopen
    monkeypatch.setattr(write.os, "fdopen", lambda *a, **k: _FailingHandle(real_fdopen(*a, **k)))
    result = cli("record", "--root", str(root), *ARGS)
    assert result.exit_code == 1, result.output
    assert "原文件未改动" in result.stderr and "No space left" in result.stderr
    assert "Traceback" not in result.output
    assert (root / REPORT).read_bytes() == old
    _no_stray_files(root)
    _still_loads(cli, root)


def test_disk_full_creating_a_new_report(make_repo, cli, monkeypatch) -> None:
    root = make_repo(SEPTEMBER_LIKE)
    real_fdopen = os.fdopen
    monkeypatch.setattr(write.os, "fdopen", lambda *a, **k: _FailingHandle(real_fdopen(*a, **k)))
    result = cli("record", "--root", str(root), "1.1.1", "80", "--dept", "交通局", "--period", "2024-10")
    assert result.exit_code == 1 and "原文件未改动" in result.stderr, result.output
    assert not (root / "progress/2024-10/交通局.yaml").exists()
    _no_stray_files(root)
    _still_loads(cli, root)


@pytest.mark.parametrize("fault", [OSError(errno.EIO, "Input/output error"), RuntimeError("fsync bug"),
                                   KeyboardInterrupt()])
def test_fsync_failure(make_repo, cli, tmp_path, monkeypatch, fault) -> None:
    root, old, _ = _setup(make_repo, cli, tmp_path)

    def fsync(fd: int) -> None:
        raise fault

    monkeypatch.setattr(write.os, "fsync", fsync)
    result = cli("record", "--root", str(root), *ARGS)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    if isinstance(fault, OSError):
        assert result.exit_code == 1 and "原文件未改动" in result.stderr
    elif isinstance(fault, RuntimeError):
        assert result.exit_code == 3 and "内部错误" in result.stderr  # a bug, said as one
    assert (root / REPORT).read_bytes() == old
    _no_stray_files(root)
    _still_loads(cli, root)


@pytest.mark.parametrize("when", ["before", "after"])
@pytest.mark.parametrize("fault", [RuntimeError("injected"), KeyboardInterrupt()])
def test_exception_around_the_replace(make_repo, cli, tmp_path, monkeypatch, when, fault) -> None:
    root, old, new = _setup(make_repo, cli, tmp_path)
    real_replace = os.replace

    def replace(src: Any, dst: Any) -> None:
        if when == "after":
            real_replace(src, dst)
        raise fault

    monkeypatch.setattr(write.os, "replace", replace)
    result = cli("record", "--root", str(root), *ARGS)
    assert result.exit_code in (3, 130), result.output  # internal error / interrupted
    assert "Traceback" not in result.output
    assert (root / REPORT).read_bytes() == (old if when == "before" else new)
    _no_stray_files(root)
    _still_loads(cli, root)


_KILL = """\
import os, sys
real, when = os.replace, sys.argv[1]
def replace(src, dst):
    if when == "after":
        real(src, dst)
    os._exit(9)  # killed: no cleanup, no finally
os.replace = replace
sys.argv = ["plan", *sys.argv[2:]]
from yuanjiang_plan.cli import main
main()
"""


@pytest.mark.parametrize("when", ["before", "after"])
def test_process_killed_around_the_replace(make_repo, cli, tmp_path, when) -> None:
    """A hard kill leaves at most a dot-named temp file, which nothing reads; the next write works."""
    root, old, new = _setup(make_repo, cli, tmp_path)
    env = {**os.environ, "NO_COLOR": "1"}
    killed = subprocess.run([sys.executable, "-c", _KILL, when, "record", "--root", str(root), *ARGS],
                            env=env, capture_output=True, text=True, timeout=60)
    assert killed.returncode == 9, killed.stdout + killed.stderr
    assert (root / REPORT).read_bytes() == (old if when == "before" else new)
    leftovers = [p for p in (root / "progress").rglob("*.tmp")]
    assert all(p.name.startswith(".") for p in leftovers)
    assert len(leftovers) == (1 if when == "before" else 0)
    _still_loads(cli, root)
    # The lock died with the process: the clerk simply runs the command again.
    again = cli("record", "--root", str(root), "1.1.3", "4万亩", "--dept", "交通局", "--period", "2024-09")
    assert again.exit_code == 0, again.output
    assert (root / REPORT).read_bytes().startswith(old if when == "before" else new)
