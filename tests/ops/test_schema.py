"""`plan schema`: committed schemas match the models; the bundled files validate against them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO
from yuanjiang_plan.loader import load_repo
from yuanjiang_plan.ops.schema import FILES, dump, schemas
from yuanjiang_plan.read import yamlio

SCHEMA_DIR = REPO / "schema"
REGENERATE = "plan schema --out schema"


def test_committed_schemas_match_the_models() -> None:
    fresh = schemas()
    assert sorted(p.name for p in SCHEMA_DIR.glob("*.json")) == sorted(fresh), (
        f"schema/ lists other files than `plan schema` writes; regenerate with: {REGENERATE}")
    for name, document in fresh.items():
        committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert committed == dump(document), (
            f"schema/{name} is out of date with the models; regenerate with: {REGENERATE}")


def test_schema_prints_all_and_writes_files(cli: Callable[..., Any], tmp_path: Path) -> None:
    result = cli("schema")
    assert result.exit_code == 0, result.output
    assert sorted(json.loads(result.stdout)) == sorted(FILES)
    result = cli("schema", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    for name in FILES:
        assert (tmp_path / "out" / name).read_text(encoding="utf-8") == (SCHEMA_DIR / name).read_text(
            encoding="utf-8")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert cli("schema", "--out", str(tmp_path / "file")).exit_code == 2


def _validator(name: str) -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _as_json(data: Any) -> Any:
    """YAML data as an editor's YAML server sees it: dates are strings."""
    return json.loads(json.dumps(data, default=str))


def _read(path: Path) -> Any:
    data, problems = yamlio.read(path, path.name)
    assert not problems
    return _as_json(data)


def test_bundled_files_validate_against_the_schemas() -> None:
    for path in sorted((REPO / "plan").glob("*.yaml")):
        stem = path.stem
        name = f"{stem}.schema.json" if f"{stem}.schema.json" in FILES else "tree.schema.json"
        errors = list(_validator(name).iter_errors(_read(path)))
        assert not errors, f"{path.name}: {errors[0].message} at {list(errors[0].absolute_path)}"
    progress = _validator("progress.schema.json")
    files = sorted((REPO / "progress").rglob("*.yaml"))
    assert files
    for path in files:
        errors = list(progress.iter_errors(_read(path)))
        assert not errors, f"{path}: {errors[0].message}"


def test_schema_catches_what_the_loader_rejects() -> None:
    progress = _validator("progress.schema.json")
    good = {"department": "fgj", "period": 2024, "submitted": "2024-07-04",
            "entries": [{"target": "1.2.3", "value": "4.5万", "evidence": "沅交发〔2024〕12号"}]}
    assert not list(progress.iter_errors(good))
    bad = {"department": "fgj", "period": "2024-06", "entries": [{"target": "1.2.3", "valeu": 3}]}
    messages = [e.message for e in progress.iter_errors(bad)]
    assert any("valeu" in m for m in messages)
    assert list(progress.iter_errors({"department": "fgj", "period": "2024-06", "entries": []}))
    titles = json.loads((SCHEMA_DIR / "progress.schema.json").read_text(encoding="utf-8"))
    assert "填报单位" in titles["properties"]["department"]["description"]


def test_the_yaml_language_server_header_loads(make_repo: Callable[..., Path]) -> None:
    header = "# yaml-language-server: $schema=../../schema/progress.schema.json\n"
    root = make_repo(progress={
        "2024-09/交通局.yaml": header + "department: 交通局\nperiod: 2024-09\nentries:\n"
                                       "  - target: 1.1.1\n    value: 60\n",
        "2024-09/发改局.yaml": "# 发改局九月\n" + header + "department: fgj\nperiod: 2024-09\n"
                                                 "entries:\n  - target: G1\n    value: 6.3\n",
    })
    repo = load_repo(root)
    assert not [d for d in repo.diagnostics if d.is_error]
    assert {e.target for e in repo.entries} == {"1.1.1", "G1"}
