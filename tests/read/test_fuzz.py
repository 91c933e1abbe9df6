"""Property tests: the loader only ever returns diagnostics, and progress files round-trip.

Kept to a few seconds (max_examples 150, conftest's profiles); run longer with HYPOTHESIS_PROFILE=long.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import DEPARTMENTS_YAML, PLAN_YAML, TREE_YAML
from yuanjiang_plan.core.model import LevelTarget, MilestoneTarget, ProgressFile, QuantityTarget
from yuanjiang_plan.core.tree import Plan
from yuanjiang_plan.ops.track import evaluate
from yuanjiang_plan.read import yamlio
from yuanjiang_plan.read.plan import load_plan
from yuanjiang_plan.read.progress import load_report

# Example counts and the profiles (dev, ci, long) are set in conftest.py.


@pytest.fixture(scope="module")
def fixture_plan() -> Iterator[tuple[Path, Plan]]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "plan").mkdir()
        (root / "progress").mkdir()
        for name, text in (("plan", PLAN_YAML), ("departments", DEPARTMENTS_YAML), ("tree", TREE_YAML)):
            (root / "plan" / f"{name}.yaml").write_text(text, encoding="utf-8")
        plan, diags = load_plan(root)
        assert plan is not None and not diags
        yield root, plan


# ---------------------------------------------------------------- YAML-ish noise

KEYS = ["department", "period", "submitted", "entries", "target", "value", "stage", "note",
        "done", "evidence", "vaule", "单位", "<<", "? a", "'q'", '"k"', ""]
VALUES = ["交通局", "jtj", "2024-09", "2024-Q3", "2024-02-30", "1.1.1", "１.１.１", "4.5万亩", "-5",
          "1e300", ".nan", "-.inf", "010", "0o17", "1:30", "yes", "~", "null", "[", "]", "{", "}",
          "[a, b]", "{x: 1}", "&a", "*a", "&a [1]", "!!python/object:os.system", "!tag", "!!binary",
          "!!bool x", "|", ">-", "'", '"', '"\\e[31m"', "'it''s'", "#", "---", "...", "%YAML 1.2",
          "<<<<<<< HEAD", "=======", "- ", "-", ":", ": ", "? ", "\t", "\x00", "\x1b[2J", "\x85",
          "\u2028", "\ufeff", "路基完成80%", "[red]红[/]", ":warning:", "9" * 60, "2024年1月5日"]
INDENT = st.sampled_from(["", " ", "  ", "    ", "      ", "\t", "  - ", "- ", "- - "])
PIECE = st.one_of(st.sampled_from(KEYS), st.sampled_from(VALUES),
                  st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=6))
LINE = st.tuples(INDENT, st.lists(PIECE, max_size=4), st.sampled_from(["", ":", ": ", " ", "# c"])).map(
    lambda t: t[0] + " ".join(t[1][:1]) + t[2] + "".join(t[1][1:])
)
YAMLISH = st.tuples(st.lists(LINE, max_size=12), st.sampled_from(["\n", "\r\n", "\r"])).map(
    lambda t: t[1].join(t[0])
)

BASE = """\
department: 交通局
period: 2024-09
submitted: 2024-10-03
entries:
  - target: 1.1.1
    value: 60
    evidence: [测交〔2024〕1号]
  - target: 1.1.2
    stage: 主体完工
    note: |
      路基完成
      桥面施工中
  - target: 1.1.4
    done: true
  - target: G1
    value: 6.3
""".splitlines()


@st.composite
def mutated(draw: st.DrawFn, base: tuple[str, ...] = tuple(BASE)) -> str:
    """A valid file with a few lines broken: reaches the schema and position code paths."""
    lines = list(base)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["value", "key", "insert", "delete", "indent", "char"]))
        head, sep, _ = lines[i].partition(": ")
        piece = draw(PIECE)
        if op == "value" and sep:
            lines[i] = head + sep + piece
        elif op == "key" and sep:
            lines[i] = head[: len(head) - len(head.lstrip(" -"))] + piece + sep + lines[i].partition(": ")[2]
        elif op == "insert":
            lines.insert(i, draw(LINE))
        elif op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "indent":
            lines[i] = draw(INDENT) + lines[i].lstrip()
        else:
            j = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:j] + piece + lines[i][j:]
    return "\n".join(lines) + "\n"


def _located(diags: list[Any], rel: str) -> None:
    for d in diags:
        assert d.path == rel
        assert d.line is not None and d.line >= 1 and (d.col or 1) >= 1, d
        assert d.code and d.message


@given(text=st.one_of(YAMLISH, mutated()))
def test_yamlish_text_only_gives_diagnostics(text: str, fixture_plan: tuple[Path, Plan]) -> None:
    root, plan = fixture_plan
    rel = "progress/fuzz.yaml"
    _, diags = yamlio.parse(text, rel)
    _located(diags, rel)
    path = root / rel
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    report, diags = load_report(path, rel, plan, root)
    _located(yamlio.locate_all(diags, root), rel)
    if report is None:
        assert any(d.is_error for d in diags)


@given(tree=mutated(tuple(TREE_YAML.splitlines())), departments=mutated(tuple(DEPARTMENTS_YAML.splitlines())))
def test_broken_plan_files_only_give_diagnostics(tree: str, departments: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "plan").mkdir()
        (root / "plan" / "plan.yaml").write_text(PLAN_YAML, encoding="utf-8")
        (root / "plan" / "tree.yaml").write_text(tree, encoding="utf-8")
        (root / "plan" / "departments.yaml").write_text(departments, encoding="utf-8")
        plan, diags = load_plan(root)
        for d in yamlio.locate_all(diags, root):
            assert d.path.startswith("plan/") and d.line is not None and d.line >= 1, d
        if plan is not None and not any(d.is_error for d in diags):
            evaluate(plan, [], dt.date(2024, 10, 15))


@given(raw=st.binary(max_size=200))
def test_random_bytes_only_give_diagnostics(raw: bytes, fixture_plan: tuple[Path, Plan]) -> None:
    root, plan = fixture_plan
    rel = "progress/bytes.yaml"
    path = root / rel
    path.write_bytes(raw)
    _, diags = load_report(path, rel, plan, root)
    _located(yamlio.locate_all(diags, root), rel)


# ---------------------------------------------------------------- valid documents

# Printable text of any script, including markup-like and YAML-special strings.
TEXT = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=["Cc", "Cs", "Co", "Cn", "Zl", "Zp"],
                                   exclude_characters="\ufeff"), min_size=1, max_size=20),
    st.sampled_from(["yes", "no", "on", "010", "1:30", "2024-01-05", "null", "~", "", " x ", "#",
                     "- a", "[red]", "'", '"', "｜", "1.1.1"]),
).filter(lambda s: s.strip() != "" or s == "")
DEPARTMENTS = ["交通局", "市交通运输局", "jtj", "JTJ", "农业局", "nyj", "发改局", "fgj", "市发改局",
               "测试市发展和改革局"]
PERIODS = ["2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12", "2024-Q3", "2024-Q4",
           "2024-H2", "2024"]


def _entry(plan: Plan) -> st.SearchStrategy[dict[str, Any]]:
    def for_target(tid: str) -> st.SearchStrategy[dict[str, Any]]:
        spec = plan.targets[tid].spec
        fields: dict[str, st.SearchStrategy[Any]] = {}
        if isinstance(spec, QuantityTarget):
            fields["value"] = st.one_of(
                st.integers(min_value=0, max_value=10**12),
                st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False),
                st.sampled_from(["4万", "1.2亿", f"3.3万{spec.unit}", f"62{spec.unit}"]),
            )
        elif isinstance(spec, LevelTarget):
            fields["value"] = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
        elif isinstance(spec, MilestoneTarget):
            fields["stage"] = st.sampled_from([s.name for s in spec.stages])
        else:
            fields["done"] = st.booleans()
        optional = {"note": TEXT, "evidence": st.lists(TEXT.filter(bool), max_size=3)}
        return st.fixed_dictionaries({"target": st.just(tid), **fields}, optional=optional)

    return st.sampled_from(list(plan.targets)).flatmap(for_target)


def _document(plan: Plan) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"department": st.sampled_from(DEPARTMENTS), "period": st.sampled_from(PERIODS),
         "entries": st.lists(_entry(plan), min_size=1, max_size=6)},
        optional={"submitted": st.dates(dt.date(2024, 1, 1), dt.date(2025, 12, 31))},
    )


@given(data=st.data())
def test_valid_documents_load_without_errors(data: st.DataObject, fixture_plan: tuple[Path, Plan]) -> None:
    root, plan = fixture_plan
    doc = data.draw(_document(plan))
    ProgressFile.model_validate(doc)  # the strategy builds what the model describes
    rel = "progress/valid.yaml"
    (root / rel).write_text(yamlio.dump(doc), encoding="utf-8")
    report, diags = load_report(root / rel, rel, plan, root)
    assert [d for d in diags if d.is_error] == []
    assert report is not None and len(report.entries) == len(doc["entries"])


@given(data=st.data())
def test_parse_write_parse_is_identity(data: st.DataObject, fixture_plan: tuple[Path, Plan]) -> None:
    _, plan = fixture_plan
    doc = data.draw(_document(plan))
    text = yamlio.dump(doc)
    again, diags = yamlio.parse(text, "x.yaml")
    assert diags == []
    assert again == doc
    assert yamlio.dump(again) == text
