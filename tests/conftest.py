"""Shared fixtures: small plan repositories written inline, and a CLI runner."""

from __future__ import annotations

import gc
import importlib.util
import json
import os
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.testing
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

# Re-exported for modules that still say `from helpers import ...`: new code imports helpers.
from helpers import (  # noqa: F401
    DEPARTMENTS_YAML,
    GIT_IDENTITY,
    PLAN_YAML,
    REPO,
    SEPTEMBER_LIKE,
    TREE_YAML,
    build_repo,
    libreoffice_calc,
    write,
)
from yuanjiang_plan.cli import app, common

# Hypothesis profiles, loaded before any test module is imported (so every `@settings(...)`
# inherits them). Local runs are random (`dev`: each run tries new examples, failures are
# replayed from .hypothesis/). CI (the CI variable, set by .ci/run and by GitHub Actions) is
# derandomized: the same examples every run, so a fuzz test cannot turn CI red at random; a
# bug it misses there is left to the random local runs. HYPOTHESIS_PROFILE=long tries 5000.
# Each profile starts from hypothesis' own defaults: the current one may already be its
# built-in `ci` (it loads that by itself when a CI variable is present).
_PROFILE = {"parent": settings.get_profile("default"), "deadline": None,
            "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("dev", max_examples=150, **_PROFILE)
settings.register_profile("ci", max_examples=150, derandomize=True, database=None, print_blob=True,
                          **_PROFILE)
settings.register_profile("long", max_examples=5000, **_PROFILE)
_CI = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _CI else "dev"))

# typer's CliRunner.invoke builds the whole click command tree (every command's parameters from
# its signature) on each call: 15 of the ~25 ms a small in-process `plan` run costs. The tree
# depends only on the Typer app, so each app's is built once and reused; every invocation still
# parses its arguments and runs the command afresh.
_BUILD = typer.testing._get_command
_BUILT: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def _command_of(typer_app: Any) -> Any:
    if typer_app not in _BUILT:
        _BUILT[typer_app] = _BUILD(typer_app)
    return _BUILT[typer_app]


typer.testing._get_command = _command_of

# The collector's thresholds `plan` itself runs with (cli/app.py main(): its runs build many
# long-lived objects and few cycles). With the defaults, this process's ever larger heap (every
# test module, every hypothesis example) is rescanned again and again.
gc.set_threshold(200_000, 50, 1_000)


# Parallel runs (pyproject's addopts: `--numprocesses=auto --dist=worksteal`, pytest-xdist).
# Without pytest-xdist (an older virtualenv, or `-p no:xdist`) both options are accepted and
# ignored: the suite runs in one process, as before (and says so when xdist is missing).
def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    if not pluginmanager.has_plugin("xdist"):  # not installed, or `-p no:xdist`
        group = parser.getgroup("xdist", "pytest-xdist is not loaded: these options are ignored")
        group.addoption("--numprocesses", dest="numprocesses", default=None)
        group.addoption("--dist", dest="dist", default="no")


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin("xdist") and importlib.util.find_spec("xdist") is None:
        config.issue_config_time_warning(pytest.PytestConfigWarning(
            "pytest-xdist is not installed: the suite runs in one process (pip install -e '.[test]')"), 2)


@pytest.fixture(autouse=True)
def _no_one_shot_state() -> Iterator[None]:
    """No test may leave plan's whole-process state behind (main() sets ONE_SHOT, and then
    each load freezes the heap): the rest of the session would run frozen and slow."""
    yield
    assert not common.ONE_SHOT, "a test left cli.common.ONE_SHOT set"
    assert gc.get_freeze_count() == 0, "a test left the collector's heap frozen"


@pytest.fixture
def git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    """Git run by the code under test sees no user or system config and a fixed identity."""
    for name, value in GIT_IDENTITY.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[..., Path]:
    """Write a small plan repository; `progress` maps relative paths to YAML text."""

    def make(progress: dict[str, str] | None = None, tree: str = TREE_YAML,
             plan: str = PLAN_YAML, departments: str = DEPARTMENTS_YAML,
             extra: dict[str, str] | None = None) -> Path:
        return build_repo(tmp_path / "repo", progress, tree, plan, departments, extra)

    return make


@pytest.fixture
def cli() -> Callable[..., Any]:
    """Run `plan ARGS...` in-process; returns the typer Result."""
    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None) -> Any:
        return runner.invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "80", **(env or {})})

    return run


@pytest.fixture
def status_json(cli: Callable[..., Any]) -> Callable[..., dict[str, Any]]:
    """`plan status --format json` on a root, parsed, with targets by id."""

    def run(root: Path, *args: str) -> dict[str, Any]:
        result = cli("status", "--root", str(root), "--format", "json", *args)
        assert result.exit_code in (0, 1), result.output
        doc = json.loads(result.stdout)
        doc["by_id"] = {t["id"]: t for t in doc["targets"]}
        return doc

    return run


@pytest.fixture(autouse=True, scope="session")
def _cache_key_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The cache's per-user key (cache.py) goes to a temporary folder, not the tester's home."""
    import os

    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


@pytest.fixture(scope="session")
def lo_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One LibreOffice user profile for the session: making one costs seconds per soffice run.
    Under pytest-xdist each worker has its own (tmp_path_factory is per worker): two soffice
    never share a profile, and a worker runs its tests one at a time."""
    return tmp_path_factory.mktemp("lo-profile")
