"""Every command gets `--debug` and `--no-cache`, and the settings seam (issue 11)."""

from __future__ import annotations

import importlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import SEPTEMBER_LIKE, build_repo, git
from yuanjiang_plan.cli.app import app
from yuanjiang_plan.core.settings import Settings


@pytest.fixture(scope="module")
def committed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository with one commit, made once per module (`repo` copies it per test)."""
    root = build_repo(tmp_path_factory.mktemp("committed") / "repo", SEPTEMBER_LIKE)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "plan")
    return root


@pytest.fixture
def repo(committed: Path, tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(committed, root, symlinks=True)
    return root


def _args(name: str, root: Path, tmp: Path) -> list[str]:
    """A command line that reaches the command's work (every command, every required option)."""
    r = ["--root", str(root)]
    return {
        "status": ["status", *r, "--as-of", "2024-10-15"],
        "overdue": ["overdue", *r, "--as-of", "2024-10-15"],
        "show": ["show", "1.1.1", *r, "--as-of", "2024-10-15"],
        "depts": ["depts", *r, "--as-of", "2024-10-15"],
        "report": ["report", *r, "--as-of", "2024-10-15", "--out", str(tmp / "通报.md")],
        "remind": ["remind", *r, "--as-of", "2024-10-15"],
        "validate": ["validate", *r],
        "record": ["record", "1.1.1", "70", "--dept", "交通局", "--period", "2024-10", *r],
        "template": ["template", "--dept", "交通局", "--period", "2024-10", "--out", "-", *r],
        "import": ["import", str(tmp / "missing.xlsx"), *r],
        "diff": ["diff", "HEAD", *r],
        "schema": ["schema"],
        "draft": ["draft", str(_document(tmp)), "--out", str(tmp / "drafted")],
        "codeowners": ["codeowners", *r],
    }[name]


def _document(tmp: Path) -> Path:
    doc = tmp / "方案.txt"
    doc.write_text("示范方案\n一、工作任务\n（一）建设项目。新建公共快充桩100个（市交通运输局牵头）。\n",
                   encoding="utf-8")
    return doc


def _commands() -> list[str]:
    return sorted(c.name or c.callback.__name__ for c in app.registered_commands)  # type: ignore[union-attr]


def test_every_command_is_covered_here() -> None:
    covered = {"status", "overdue", "show", "depts", "report", "remind", "validate", "record",
               "template", "import", "diff", "schema", "draft", "codeowners"}
    missing = set(_commands()) - covered
    assert not missing, f"add these commands to _args: {missing}"


@pytest.mark.parametrize("name", sorted({"status", "overdue", "show", "depts", "report", "remind", "validate",
                                         "record", "template", "import", "diff", "schema", "draft", "codeowners"}))
def test_debug_shows_the_traceback_of_an_internal_error(name: str, repo: Path, cli: Callable[..., Any],
                                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = importlib.import_module(f"yuanjiang_plan.cli.{'import_' if name == 'import' else name}")

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("injected fault")

    assert hasattr(module, "make_console"), name
    monkeypatch.setattr(module, "make_console", boom)
    monkeypatch.setattr("yuanjiang_plan.cli.common.report_problems", boom)
    plain = cli(*_args(name, repo, tmp_path))
    assert plain.exit_code == 3, plain.output
    assert "内部错误 (internal error): RuntimeError: injected fault" in plain.stderr
    assert "--debug" in plain.stderr
    for argv in ([*_args(name, repo, tmp_path), "--debug"], ["--debug", *_args(name, repo, tmp_path)]):
        debug = cli(*argv)
        assert isinstance(debug.exception, RuntimeError), (argv, debug.output)


@pytest.mark.parametrize("name", sorted({"status", "overdue", "show", "depts", "report", "remind", "validate",
                                         "record", "template", "import", "diff", "schema", "draft", "codeowners"}))
@pytest.mark.parametrize("where", ["global", "command"])
def test_no_cache_writes_no_cache(name: str, where: str, repo: Path, cli: Callable[..., Any],
                                  tmp_path: Path) -> None:
    home = tmp_path / "cache-home"
    args = _args(name, repo, tmp_path)
    argv = ["--no-cache", *args] if where == "global" else [*args, "--no-cache"]
    result = cli(*argv, env={"XDG_CACHE_HOME": str(home)})
    assert result.exit_code in (0, 1, 2), result.output
    assert not (repo / ".plan-cache").exists()
    written = [p for p in home.rglob("*") if p.is_file() and not p.name.endswith(".lock")] if home.exists() else []
    assert not [p for p in written if "key" not in p.name], written


def test_record_leaves_no_lock_file_in_the_repository(repo: Path, cli: Callable[..., Any], tmp_path: Path) -> None:
    home = tmp_path / "cache-home"
    result = cli(*_args("record", repo, tmp_path), env={"XDG_CACHE_HOME": str(home)})
    assert result.exit_code == 0, result.output
    assert not [p for p in repo.rglob("*.lock")]
    assert list((home).rglob("*.lock")), "the lock lives under the cache home"


def test_settings_from_the_environment(tmp_path: Path) -> None:
    s = Settings.from_environment({"PLAN_NO_CACHE": "1", "PLAN_WORKERS": "3", "PLAN_LANG": "en",
                                   "PLAN_DEBUG": "yes", "XDG_CACHE_HOME": str(tmp_path), "PLAN_ROOT": "/x"})
    assert (s.cache, s.workers, s.lang, s.debug, s.root) == (False, 3, "en", True, Path("/x"))
    assert s.cache_home == tmp_path / "yuanjiang-plan"
    assert Settings.from_environment({"PLAN_NO_CACHE": "0"}).cache is True
    a, b = s.state_dir(tmp_path / "a"), s.state_dir(tmp_path / "b")
    assert a != b and a is not None and a.is_relative_to(tmp_path)
    # A link to a repository is the same repository.
    (tmp_path / "a").mkdir()
    os.symlink(tmp_path / "a", tmp_path / "link")
    assert s.state_dir(tmp_path / "link") == a
    assert Settings.from_environment({}).state_dir(tmp_path) is None
    assert "yuanjiang-plan" in str(Settings.from_environment({}).lock_dir(tmp_path))
