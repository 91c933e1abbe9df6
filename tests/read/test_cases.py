"""The bad-input corpus: one folder per case under tests/cases/, its expectation beside it.

Each case folder holds files laid out as in a plan repository (`progress/x.yaml` ...) and an
`expected.json`:

    about        what the case is
    exit         exit status of `plan validate` (and of `plan status`)
    diagnostics  [{code, path, line, message?, hint?}]: each must be reported
    actual       {target id: number} that `plan status --format json` must show
    generate     {path, parts: [[text, times], ...], encoding?, prefix_hex?, suffix_hex?}:
                 files made at test time (binary encodings, NUL bytes, 50 MB)
    symlink      {path, to}: a symlink made at test time (`to` relative to the link's folder)
    cwd, root    run from this folder (relative to the tmp dir) with `--root ROOT`
                 ({root} = the repository's absolute path)
    absent       files (relative to the tmp dir) that must not exist afterwards
    plan_invalid the case breaks the plan itself: status evaluates nothing
    stderr       text the stderr of `plan validate` must contain

Every case is also checked for what all cases share: no traceback, no internal error, every
diagnostic located (line >= 1) and naming its file relative to the root.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import TESTS

CASES = TESTS / "cases"
NAMES = sorted(p.name for p in CASES.iterdir() if (p / "expected.json").is_file())


def _generate(root: Path, spec: dict[str, Any]) -> None:
    text = "".join(part * times for part, times in spec["parts"])
    raw = text.encode(spec.get("encoding", "utf-8"))
    raw = bytes.fromhex(spec.get("prefix_hex", "")) + raw + bytes.fromhex(spec.get("suffix_hex", ""))
    path = root / spec["path"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)


def _build(name: str, make_repo: Callable[..., Path], tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    folder = CASES / name
    expected: dict[str, Any] = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    root = make_repo()
    for path in folder.rglob("*"):
        if path.is_file() and path.name != "expected.json":
            target = root / path.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    if "generate" in expected:
        _generate(root, expected["generate"])
    if "symlink" in expected:
        outside = tmp_path / "outside"
        outside.mkdir(exist_ok=True)
        (outside / "secret.yaml").write_text("department: 交通局\nperiod: 2024-09\nentries:\n"
                                             "  - target: 1.1.1\n    value: 99\n", encoding="utf-8")
        link = root / expected["symlink"]["path"]
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(expected["symlink"]["to"], link)
    return root, expected


def _clean(result: Any, root: Path) -> None:
    """What every case shares: no traceback, no crash, no absolute tmp path in messages."""
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream
        assert "内部错误" not in stream and "internal error" not in stream
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


@pytest.mark.parametrize("name", NAMES)
def test_case(name: str, make_repo: Callable[..., Path], cli: Callable[..., Any],
              tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, expected = _build(name, make_repo, tmp_path)
    monkeypatch.chdir(tmp_path / expected.get("cwd", "."))
    root_arg = expected.get("root", "{root}").format(root=root)

    result = cli("validate", "--root", root_arg, "--format", "json")
    _clean(result, root)
    assert result.exit_code == expected["exit"], result.output
    if "stderr" in expected:
        assert expected["stderr"] in result.stderr
    if expected["exit"] == 2:
        return
    found = json.loads(result.stdout)
    for d in found:
        assert d["line"] >= 1 and d["col"] >= 1, d
        assert not d["path"].startswith("/") and str(tmp_path) not in d["path"] + d["message"], d
        assert (root / d["path"]).exists() or (root / d["path"]).is_symlink(), d
    if expected["exit"] == 0:
        assert not [d for d in found if d["severity"] == "error"], found
    for want in expected["diagnostics"]:
        hits = [d for d in found
                if (d["code"], d["path"], d["line"]) == (want["code"], want["path"], want["line"])]
        assert hits, f"{want} not in {[(d['code'], d['path'], d['line']) for d in found]}"
        if want.get("message"):
            assert any(want["message"] in d["message"] for d in hits), hits
        if want.get("hint"):
            assert any(want["hint"] in (d["hint"] or "") for d in hits), hits

    # The text format names the file relative to the root, with its line.
    text = cli("validate", "--root", root_arg)
    _clean(text, root)
    for want in expected["diagnostics"]:
        assert f"{want['path']}:{want['line']}:" in text.stdout

    status = cli("status", "--root", root_arg, "--format", "json", "--as-of", "2024-10-15")
    _clean(status, root)
    assert status.exit_code == expected["exit"], status.output
    if expected.get("plan_invalid"):
        assert status.stdout == "" and "计划文件有错误" in status.stderr  # nothing evaluated
    else:
        targets = {t["id"]: t for t in json.loads(status.stdout)["targets"]}
        for target_id, actual in expected.get("actual", {}).items():
            assert targets[target_id]["actual"] == actual
    table = cli("status", "--root", root_arg, "--as-of", "2024-10-15")
    _clean(table, root)
    assert table.exit_code == expected["exit"]

    for rel in expected.get("absent", []):
        assert not (tmp_path / rel).exists() and not (root / rel).exists()
