"""The benchmark generator writes a valid plan repository, the same for the same seed."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpers import REPO


def generator() -> Any:
    spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_generated_repo_validates_and_is_deterministic(tmp_path: Path, cli: Callable[..., Any]) -> None:
    gen = generator()
    counts = gen.generate(tmp_path / "a", targets=40, units=6, months=3, seed=7)
    assert counts == {"targets": 40, "units": 6, "months": 3, "files": 18, "entries": 120}
    result = cli("--no-cache", "validate", "--strict", "--root", str(tmp_path / "a"))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "120" in result.stderr  # every entry was read
    gen.generate(tmp_path / "b", targets=40, units=6, months=3, seed=7)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    assert files_a == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.yaml"))
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
