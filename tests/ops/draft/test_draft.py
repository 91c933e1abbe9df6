"""`plan draft`: one small document per clause, heading, number and 时限 form (tests/draft_cases/),
checked through the rendered YAML, which must also pass the plan loader without errors."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from helpers import REPO, TESTS
from yuanjiang_plan.ops.draft import draft
from yuanjiang_plan.render.draft import render
from yuanjiang_plan.write.draft import check_files

CASES = TESTS / "draft_cases"
NAMES = sorted(p.stem for p in CASES.glob("*.txt"))


def drafted(text: str, plan_id: str = "case") -> dict[str, str]:
    return render(draft([text], plan_id), "case.txt")


def parsed(files: dict[str, str]) -> dict[str, Any]:
    y = YAML(typ="safe", pure=True)
    return {name: y.load(text) for name, text in files.items()}


def nodes(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every node of the drafted tree by id."""
    out: dict[str, dict[str, Any]] = {}

    def walk(node: dict[str, Any]) -> None:
        assert str(node["id"]) not in out, f"duplicate id {node['id']}"
        out[str(node["id"])] = node
        for key in ("sections", "tasks", "targets"):
            for child in node.get(key, []):
                walk(child)

    for doc in data.values():
        for key in ("goals", "sections"):
            for node in doc.get(key, []) or []:
                walk(node)
    return out


def todos(files: dict[str, str]) -> list[str]:
    return [line for text in files.values() for line in text.splitlines() if "TODO 请核对:" in line]


@pytest.mark.parametrize("name", NAMES)
def test_case(name: str) -> None:
    text = (CASES / f"{name}.txt").read_text(encoding="utf-8")
    expect = json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))
    files = drafted(text)
    data = parsed(files)
    found = nodes(data)
    for node_id, fields in expect.get("nodes", {}).items():
        assert node_id in found, f"{name}: no node {node_id}; have {sorted(found)}"
        for key, value in fields.items():
            assert found[node_id].get(key) == value, (name, node_id, key, found[node_id])
    for needle in expect.get("todos", []):
        assert any(needle in line for line in todos(files)), (name, needle, todos(files))
    if "groups" in expect:
        groups = [g["name"] for g in data["departments.yaml"].get("groups", [])]
        assert groups == expect["groups"]
    if "no_todo" in expect:
        assert not any(expect["no_todo"] in line for line in todos(files)), todos(files)
    if "units" in expect:
        assert [u["name"] for u in data["departments.yaml"].get("departments", [])] == expect["units"]
    if "files" in expect:
        assert list(files) == expect["files"]
    if expect.get("no_numbers"):
        assert not [n for n in found.values() if n.get("target") is not None or n.get("change") is not None]
    meta = data["plan.yaml"]
    for key, value in expect.get("meta", {}).items():
        got = meta.get(key)
        if isinstance(got, dt.date):
            got = got.isoformat()
        if isinstance(value, dict):
            for k, v in value.items():
                assert got[k] == v, (name, key, k, got)
        else:
            assert got == value, (name, key, got)
    errors = [d for d in check_files(files) if d.is_error]
    assert not errors, [f"{d.path}:{d.line}: {d.message}" for d in errors]


def test_every_case_has_expectations() -> None:
    for name in NAMES:
        assert (CASES / f"{name}.json").exists(), name
    assert len(NAMES) >= 30


def test_bundled_document_drafts_to_a_valid_plan() -> None:
    source = REPO / "plan"
    assert source.is_dir()
    doc = _bundled()
    if doc is None:
        pytest.skip("shared/source not present")
    files = render(draft([doc.read_text(encoding="utf-8")], "yuanjiang"), doc.name)
    assert [d for d in check_files(files) if d.is_error] == []
    found = nodes(parsed(files))
    assert found["1.1"]["lead"] == ["沅江高新区"]
    assert found["1.3"]["lead"] == [] and found["1.3"]["support"][0] == "市文旅广体局"
    assert found["2.2.2"]["target"] == 40000
    meta = parsed(files)["plan.yaml"]
    assert meta["coordination"]["office"] == "市发改局"
    assert len(meta["coordination"]["members"]) == 22


def _bundled() -> Path | None:
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "shared" / "source" / "yuanjiang-2024-regional-plan.txt"
        if candidate.is_file():
            return candidate
    return None


def test_todo_comments_sit_on_the_line_they_concern() -> None:
    files = drafted("（一）水利\n1.加固堤防。完成堤防加固工程。（市水利局负责）")
    line = next(x for x in files["section-1.yaml"].splitlines() if "“负责”" in x)
    assert re.match(r"\s+lead: \[市水利局\]\s+# TODO 请核对: ", line)


def test_quoting_survives_a_round_trip() -> None:
    text = "（一）任务\n1.推进“#1:项目”建设：{a}、[b]、'c'、\"d\"、- e、@f、% g。（市发改局牵头）"
    files = drafted(text)
    found = nodes(parsed(files))
    assert "“#1:项目”建设：{a}、[b]、'c'、\"d\"、- e、@f、% g" in found["1.1"]["title"] + (found["1.1"].get("text") or "")
    assert [d for d in check_files(files) if d.is_error] == []


def test_departments_registry_has_aliases_and_groups() -> None:
    files = drafted("（一）任务\n1.推进工作。（市发改局牵头，市住建局、各乡镇等按职能分工负责）")
    deps = parsed(files)["departments.yaml"]
    by_name = {d["name"]: d for d in deps["departments"]}
    assert by_name["市发改局"]["aliases"] == ["发改局", "市发展和改革局"]
    assert "住建局" in by_name["市住建局"]["aliases"]
    assert [g["name"] for g in deps["groups"]] == ["各乡镇"]
    assert "members" not in deps["groups"][0]


def test_grep_finds_only_real_todos() -> None:
    files = drafted("（一）任务\n1.推进工作。（市发改局牵头）")
    for text in files.values():
        for line in text.splitlines():
            if "TODO 请核对" in line:
                assert "# TODO 请核对: " in line and not line.startswith("# 草稿")
