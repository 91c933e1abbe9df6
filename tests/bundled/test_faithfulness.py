"""The bundled plan (plan/*.yaml) encodes the source document faithfully.

SPEC §2: every number, unit, department and qualifier of 沅江市区域共进行动实施方案 appears in
the plan, in its field or in a node's `text`; nothing is invented. The document is parsed here
independently of the package, and each check is a function returning the problems it finds, so
the negative tests at the bottom can show that every check fails on a mutated plan.
"""

from __future__ import annotations

import copy
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from helpers import REPO, TESTS

PLAN_DIR = REPO / "plan"
SOURCE_NAME = "yuanjiang-2024-regional-plan.txt"
# The copy under tests/data is what CI reads on a clean clone; ../shared/source is the original.
BUNDLED_SOURCE = TESTS / "data" / SOURCE_NAME
SHARED_SOURCE = REPO.parent / "shared" / "source" / SOURCE_NAME

try:
    from yuanjiang_plan.core import model
except ModuleNotFoundError:  # a clean clone without `pip install -e .`
    sys.path.insert(0, str(REPO / "src"))
    from yuanjiang_plan.core import model

Plan = dict[str, Any]
Node = dict[str, Any]


# ---------------------------------------------------------------- the source document

CN_DIGITS = "一二三四五六七八九十"
SECTION_RE = re.compile(r"^（([一二三四五六七八九十]+)）(.+)$")
# "1.持续深化与长沙市产业创新协作。<paragraph>（<units>等按职能分工负责）"
TASK_RE = re.compile(r"^(\d+)\.(.+?)。(.*)（([^（）]*按职能分工负责)）$")
RESPONSIBILITY_RE = re.compile(r"^(?:(?P<lead>.+?)牵头，)?(?P<support>.+?)等按职能分工负责$")
COORDINATION_RE = re.compile(
    r"^成立(?P<name>.+?)，由(?P<convener>.+?)任召集人，(?P<deputies>.+?)任副召集人，"
    r"成员单位包括(?P<members>.+?)等。专班办公室设在(?P<office>.+?)，(?P<duty>.+?)。$"
)
# Bodies outside the city's own units that the text names as actors.
EXTERNAL_ACTORS = ("省科技厅", "益阳市")


@dataclass(frozen=True)
class DocTask:
    id: str
    title: str
    text: str
    lead: list[str]
    support: list[str]


@dataclass(frozen=True)
class Document:
    text: str
    preamble: str
    goals_text: str
    sections: list[tuple[str, str]]
    tasks: list[DocTask]
    coordination_text: str
    coordination: dict[str, Any]


def _split_units(text: str) -> list[str]:
    return [u for u in text.split("、") if u]


def parse_document(text: str) -> Document:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    preamble = lines[0]
    goals_text = lines[lines.index("一、工作目标") + 1]
    coordination_text = lines[lines.index("三、推进机制") + 1]
    sections: list[tuple[str, str]] = []
    tasks: list[DocTask] = []
    for line in lines[lines.index("二、工作任务") + 1 : lines.index("三、推进机制")]:
        if m := SECTION_RE.match(line):
            sections.append((str(CN_DIGITS.index(m[1]) + 1), m[2]))
        elif m := TASK_RE.match(line):
            r = RESPONSIBILITY_RE.match(m[4])
            assert r, f"cannot parse the responsibility parenthesis （{m[4]}）"
            lead = _split_units(r["lead"]) if r["lead"] else []
            tasks.append(
                DocTask(f"{sections[-1][0]}.{m[1]}", m[2], m[3], lead, _split_units(r["support"]))
            )
        else:
            raise AssertionError(f"unparsed line in 二、工作任务: {line[:40]}…")
    c = COORDINATION_RE.match(coordination_text)
    assert c, "cannot parse 三、推进机制"
    coordination = {
        "name": c["name"],
        "convener": c["convener"],
        "deputies": _split_units(c["deputies"]),
        "members": _split_units(c["members"]),
        "office": c["office"],
        "duty": c["duty"],
    }
    return Document(text, preamble, goals_text, sections, tasks, coordination_text, coordination)


def _source_path() -> Path | None:
    candidates = [BUNDLED_SOURCE]
    if env := os.environ.get("PLAN_SOURCE_TEXT"):
        candidates.append(Path(env))
    candidates.append(SHARED_SOURCE)
    return next((p for p in candidates if p.is_file()), None)


@pytest.fixture(scope="module")
def doc() -> Document:
    path = _source_path()
    if path is None:
        pytest.skip(
            f"source text not found: neither {BUNDLED_SOURCE}, $PLAN_SOURCE_TEXT nor {SHARED_SOURCE}"
        )
    return parse_document(path.read_text(encoding="utf-8-sig"))


# ---------------------------------------------------------------- the plan files


def load_plan(plan_dir: Path = PLAN_DIR) -> Plan:
    """All plan files; `goals` and `sections` concatenated in file-name order (SPEC §2)."""
    yaml = YAML(typ="safe")
    files = {
        p.name: yaml.load(p.read_text(encoding="utf-8")) for p in sorted(plan_dir.glob("*.yaml"))
    }
    plan: Plan = {"files": files, "goals": [], "sections": []}
    for data in files.values():
        plan["goals"] += data.get("goals") or []
        plan["sections"] += data.get("sections") or []
    plan["meta"] = files.get("plan.yaml", {})
    plan["departments"] = files.get("departments.yaml", {}).get("departments", [])
    return plan


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan()


def tasks_of(plan: Plan) -> Iterator[Node]:
    for section in plan["sections"]:
        yield from section.get("tasks") or []


def targets_of(plan: Plan) -> Iterator[Node]:
    """Goals first, then every task's targets."""
    yield from plan["goals"]
    for task in tasks_of(plan):
        yield from task.get("targets") or []


def nodes_of(plan: Plan) -> Iterator[Node]:
    yield from plan["goals"]
    for section in plan["sections"]:
        yield section
        for task in section.get("tasks") or []:
            yield task
            yield from task.get("targets") or []


def plan_texts(plan: Plan) -> list[str]:
    """Every free text of the plan: node text/title/note, the preamble, 三、推进机制."""
    texts = [n.get(k) or "" for n in nodes_of(plan) for k in ("text", "title", "note")]
    texts.append(plan["meta"].get("text") or "")
    texts.append((plan["meta"].get("coordination") or {}).get("text") or "")
    return texts


def clauses(text: str) -> list[str]:
    return [c for c in re.split(r"[，。]", text) if c]


def sentences(text: str) -> list[str]:
    return [s for s in text.split("。") if s]


# ---------------------------------------------------------------- checks (each returns problems)

NUMBER_RE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(万|亿)?(个百分点|个村|个|家|亩|%|年度|年)?")
TASK_NUMBER_RE = re.compile(r"(?<=\n)\d+\.(?!\d)")
MAGNITUDE = {None: 1, "万": 10_000, "亿": 100_000_000}
# A number with one of these units is a target: it must sit in a field with a compatible unit.
MEASURED_UNITS = {
    "%": {"%"},
    "个百分点": {"%", "个百分点"},
    "个村": {"个", "个村"},
    "个": {"个"},
    "家": {"家"},
    "亩": {"亩"},
}


def _same(a: Any, b: float) -> bool:
    return isinstance(a, int | float) and not isinstance(a, bool) and abs(a - b) < 1e-9


def _clause_around(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(c, 0, start) for c in "，。\n") + 1
    rights = [i for i in (text.find(c, end) for c in "，。\n") if i != -1]
    return left, min(rights, default=len(text))


def check_numbers(doc: Document, plan: Plan) -> list[str]:
    """(a) Every Arabic number of the source is in the plan; no number of the plan is invented."""
    problems = []
    texts = plan_texts(plan)
    targets = list(targets_of(plan))
    for m in NUMBER_RE.finditer(doc.text):
        if TASK_NUMBER_RE.match(doc.text, m.start()):
            continue  # the task numbering "1." itself; checked by check_ids
        token, number, magnitude, unit = m[0], m[1], m[2], m[3]
        left, right = _clause_around(doc.text, m.start(), m.end())
        clause = doc.text[left:right]
        if unit in MEASURED_UNITS:
            value = float(number) * MAGNITUDE[magnitude]
            if not any(
                t.get("unit") in MEASURED_UNITS[unit]
                and (_same(t.get("target"), value) or _same(t.get("change"), value))
                and token in (t.get("text") or "")
                for t in targets
            ):
                problems.append(
                    f"number {token!r} (= {value:g} {unit}) in «{clause}» is not the "
                    f"`target`/`change` of any target whose unit is {sorted(MEASURED_UNITS[unit])} "
                    f"and whose text contains {token!r}"
                )
        else:
            # Road names (S313), PM2.5, “4×4”, years: the number with its neighbours in some text.
            snippet = doc.text[max(left, m.start() - 2) : min(right, m.end() + 2)]
            if not any(snippet in t for t in texts):
                problems.append(
                    f"number {token!r} («{snippet}» in «{clause}») is in no text of the plan"
                )
    for t in targets:
        for field in ("target", "change"):
            value = t.get(field)
            if value is None:
                continue
            stated = [
                float(m[1]) * MAGNITUDE[m[2]]
                for m in NUMBER_RE.finditer(t.get("text") or "")
                if m[3] in MEASURED_UNITS and t.get("unit") in MEASURED_UNITS[m[3]]
            ]
            if not any(_same(value, s) for s in stated):
                problems.append(
                    f"target {t.get('id')}: `{field}: {value}` {t.get('unit')} is not stated in "
                    f"its text «{t.get('text')}» (invented or mistyped number)"
                )
    for n in nodes_of(plan):
        if n.get("baseline") is not None:
            problems.append(
                f"{n.get('id')}: `baseline: {n['baseline']}` — the document gives no baseline"
            )
        if n.get("due") is not None:
            problems.append(f"{n.get('id')}: `due: {n['due']}` — the document gives no deadline")
        for stage in n.get("stages") or []:
            if isinstance(stage, dict) and stage.get("due") is not None:
                problems.append(
                    f"{n.get('id')}: stage {stage.get('name')!r} has `due: {stage['due']}` — "
                    "the document gives no stage deadlines"
                )
    return problems


def _document_units(doc: Document) -> list[tuple[str, str]]:
    units = []
    for task in doc.tasks:
        units += [(u, f"task {task.id} 牵头") for u in task.lead]
        units += [(u, f"task {task.id} 按职能分工负责") for u in task.support]
    units += [(u, "三、推进机制 成员单位") for u in doc.coordination["members"]]
    units.append((doc.coordination["office"], "三、推进机制 专班办公室"))
    units += [(u, "named as an actor in the text") for u in EXTERNAL_ACTORS if u in doc.text]
    return units


def check_departments(doc: Document, plan: Plan) -> list[str]:
    """(b) Every unit of the document is a department; plan references use canonical names."""
    problems = []
    depts = plan["departments"]
    names = [d.get("name") for d in depts]
    for name, n in Counter(names).items():
        if n > 1:
            problems.append(f"department {name!r} is listed {n} times in departments.yaml")
    for unit, where in _document_units(doc):
        if unit not in names:
            problems.append(f"unit {unit!r} ({where}) is missing from departments.yaml")
    if "市政府办" in doc.text and "市政府办" not in names:
        problems.append("unit '市政府办' (三、推进机制 副召集人) is missing from departments.yaml")
    for d in depts:
        if d.get("name") in EXTERNAL_ACTORS and not d.get("note"):
            problems.append(f"external body {d.get('name')!r} needs a `note` saying what it is")
    owners: dict[str, list[str]] = {}
    for d in depts:
        for key in [d.get("name"), *(d.get("aliases") or []), d.get("code")]:
            if key:
                owners.setdefault(key, []).append(d.get("name"))
    for key, who in owners.items():
        if len(who) > 1:
            problems.append(f"name/alias/code {key!r} is shared by {who}")
    for d in depts:
        code = d.get("code")
        if not code or not re.fullmatch(r"[a-z][a-z0-9_-]*", code):
            problems.append(
                f"department {d.get('name')!r} has no lowercase ASCII `code` (found {code!r})"
            )
    for n in nodes_of(plan):
        for unit in [*(n.get("lead") or []), *(n.get("support") or [])]:
            if unit not in names:
                problems.append(f"{n.get('id')}: {unit!r} is not a canonical department name")
    coordination = plan["meta"].get("coordination") or {}
    for unit in [coordination.get("office"), *(coordination.get("members") or [])]:
        if unit not in names:
            problems.append(f"coordination: {unit!r} is not a canonical department name")
    return problems


def check_responsibility(doc: Document, plan: Plan) -> list[str]:
    """(c) Each task's lead/support is what its parenthesis says; targets and goals inherit."""
    problems = []
    tasks = {t.get("id"): t for t in tasks_of(plan)}
    for dt in doc.tasks:
        task = tasks.get(dt.id)
        if task is None:
            problems.append(f"task {dt.id} ({dt.title}) is missing from the plan")
            continue
        for field, expected in (("lead", dt.lead), ("support", dt.support)):
            if task.get(field) != expected:
                problems.append(
                    f"task {dt.id}: `{field}` is {task.get(field)!r}, the document says {expected!r}"
                )
        for target in task.get("targets") or []:
            for field in ("lead", "support"):
                if field in target:
                    problems.append(
                        f"target {target.get('id')}: overrides `{field}` but the document assigns "
                        "units only per task"
                    )
    for goal in plan["goals"]:
        for field in ("lead", "support"):
            if goal.get(field):
                problems.append(
                    f"goal {goal.get('id')}: `{field}` is set but the document names no unit for goals"
                )
    return problems


QUALIFIER_WORDS = {
    "以上": "at_least",
    "左右": "about",
    "力争": "strive",
    "基本同步": "same_pace",
    "以下": "at_most",
}
MEASURED_KINDS = ("quantity", "level")


def check_qualifiers(doc: Document, plan: Plan) -> list[str]:
    """(d) 以上/左右/力争/基本同步 map to the qualifier of the target that states them."""
    problems = []
    measured = [t for t in targets_of(plan) if t.get("kind") in MEASURED_KINDS]
    paragraphs = [doc.goals_text, *(t.text for t in doc.tasks)]
    for clause in (c for p in paragraphs for c in clauses(p)):
        for word, qualifier in QUALIFIER_WORDS.items():
            if word not in clause:
                continue
            owners = [t for t in measured if clause in (t.get("text") or "")]
            if not owners:
                problems.append(
                    f"«{clause}» says {word} but no quantity/level target's text contains it"
                )
            for t in owners:
                if t.get("qualifier") != qualifier:
                    problems.append(
                        f"target {t.get('id')}: «{clause}» says {word} → `qualifier: {qualifier}`, "
                        f"found {t.get('qualifier')!r}"
                    )
    words = {q: w for w, q in QUALIFIER_WORDS.items()}
    for t in targets_of(plan):
        q = t.get("qualifier")
        if q is not None and words.get(q, "?") not in (t.get("text") or ""):
            problems.append(
                f"target {t.get('id')}: `qualifier: {q}` but its text «{t.get('text')}» has no "
                f"{words.get(q, q)}"
            )
    return problems


def check_coverage(doc: Document, plan: Plan) -> list[str]:
    """(e) Every sentence and clause of the document is in the plan, verbatim."""
    problems = []
    meta = plan["meta"]
    if meta.get("text") != doc.preamble:
        problems.append(f"plan.yaml `text` is not the preamble «{doc.preamble}»")
    coordination = meta.get("coordination") or {}
    if coordination.get("text") != doc.coordination_text:
        problems.append("plan.yaml coordination `text` is not the paragraph of 三、推进机制")
    for key, expected in doc.coordination.items():
        if coordination.get(key) != expected:
            problems.append(
                f"plan.yaml coordination `{key}` is {coordination.get(key)!r}, "
                f"the document says {expected!r}"
            )
    goal_texts = [g.get(k) or "" for g in plan["goals"] for k in ("text", "note")]
    for clause in clauses(doc.goals_text):
        if not any(clause in t for t in goal_texts):
            problems.append(f"一、工作目标: «{clause}» is in no goal's text or note")
    for g in plan["goals"]:
        if (g.get("text") or "") not in doc.goals_text:
            problems.append(
                f"goal {g.get('id')}: text «{g.get('text')}» is not verbatim from 一、工作目标"
            )
    tasks = {t.get("id"): t for t in tasks_of(plan)}
    for dt in doc.tasks:
        task = tasks.get(dt.id)
        if task is None:
            problems.append(f"task {dt.id} ({dt.title}) is missing from the plan")
            continue
        if task.get("title") != dt.title:
            problems.append(
                f"task {dt.id}: title {task.get('title')!r}, the document says {dt.title!r}"
            )
        if task.get("text") != dt.text:
            problems.append(f"task {dt.id}: `text` is not the task's paragraph «{dt.text[:30]}…»")
        targets = task.get("targets") or []
        target_texts = [t.get("text") or "" for t in targets]
        for sentence in sentences(dt.text):
            if not any(sentence in t for t in [task.get("text") or "", *target_texts]):
                problems.append(
                    f"task {dt.id}: sentence «{sentence}» is in neither the task's nor a target's text"
                )
        for clause in clauses(dt.text):
            if not any(clause in t for t in target_texts):
                problems.append(f"task {dt.id}: clause «{clause}» is in no target's text")
        for t in targets:
            if not t.get("text"):
                problems.append(f"target {t.get('id')}: no `text`")
            elif t["text"] not in dt.text:
                problems.append(
                    f"target {t.get('id')}: text «{t['text']}» is not verbatim from task {dt.id}"
                )
    return problems


def check_ids(doc: Document, plan: Plan) -> list[str]:
    """(f) IDs are unique, quoted strings, and mirror the document's numbering."""
    problems = []
    ids = [n.get("id") for n in nodes_of(plan)]
    for node_id, n in Counter(map(str, ids)).items():
        if n > 1:
            problems.append(f"id {node_id!r} is used {n} times")
    for n in nodes_of(plan):
        if not isinstance(n.get("id"), str):
            problems.append(f"id {n.get('id')!r} is not a string: quote it")
    got_sections = [(s.get("id"), s.get("title")) for s in plan["sections"]]
    if got_sections != doc.sections:
        problems.append(f"sections are {got_sections}, the document has {doc.sections}")
    got_tasks = [t.get("id") for t in tasks_of(plan)]
    want_tasks = [t.id for t in doc.tasks]
    if got_tasks != want_tasks:
        problems.append(f"task ids are {got_tasks}, the document numbers {want_tasks}")
    for section in plan["sections"]:
        for task in section.get("tasks") or []:
            if not str(task.get("id")).startswith(f"{section.get('id')}."):
                problems.append(f"task {task.get('id')} sits in section {section.get('id')}")
            got = [t.get("id") for t in task.get("targets") or []]
            want = [f"{task.get('id')}.{k}" for k in range(1, len(got) + 1)]
            if got != want:
                problems.append(f"task {task.get('id')}: target ids are {got}, expected {want}")
    got_goals = [g.get("id") for g in plan["goals"]]
    want_goals = [f"G{k}" for k in range(1, len(got_goals) + 1)]
    if got_goals != want_goals:
        problems.append(f"goal ids are {got_goals}, expected {want_goals}")
    return problems


def check_models(plan: Plan) -> list[str]:
    """(g) Every file validates with the package's pydantic models."""
    problems = []
    for name, data in plan["files"].items():
        cls = {"plan.yaml": model.PlanMeta, "departments.yaml": model.DepartmentsFile}.get(
            name, model.TreeFile
        )
        try:
            cls.model_validate(data)
        except Exception as exc:  # pydantic.ValidationError; report it with the file
            problems.append(f"plan/{name} does not validate as {cls.__name__}: {exc}")
    return problems


CHECKS: list[Callable[[Document, Plan], list[str]]] = [
    check_numbers,
    check_departments,
    check_responsibility,
    check_qualifiers,
    check_coverage,
    check_ids,
]


def _report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n  " + "\n  ".join(problems)


# ---------------------------------------------------------------- tests


def test_bundled_source_equals_shared_original() -> None:
    if not SHARED_SOURCE.is_file():
        pytest.skip(f"original not present at {SHARED_SOURCE}")
    assert BUNDLED_SOURCE.is_file(), f"missing bundled copy {BUNDLED_SOURCE}"
    assert BUNDLED_SOURCE.read_bytes() == SHARED_SOURCE.read_bytes(), (
        f"{BUNDLED_SOURCE} differs from {SHARED_SOURCE}: copy the original again"
    )


def test_document_parses(doc: Document) -> None:
    assert [s for s, _ in doc.sections] == ["1", "2", "3", "4"]
    assert len(doc.tasks) == 14
    assert len(doc.coordination["members"]) == 22


def test_every_number_is_in_the_plan(doc: Document, plan: Plan) -> None:
    problems = check_numbers(doc, plan)
    assert not problems, _report(problems)


def test_every_unit_is_a_department(doc: Document, plan: Plan) -> None:
    problems = check_departments(doc, plan)
    assert not problems, _report(problems)


def test_lead_and_support_follow_the_parentheses(doc: Document, plan: Plan) -> None:
    problems = check_responsibility(doc, plan)
    assert not problems, _report(problems)


def test_qualifiers(doc: Document, plan: Plan) -> None:
    problems = check_qualifiers(doc, plan)
    assert not problems, _report(problems)


def test_every_sentence_is_covered(doc: Document, plan: Plan) -> None:
    problems = check_coverage(doc, plan)
    assert not problems, _report(problems)


def test_ids_mirror_the_numbering(doc: Document, plan: Plan) -> None:
    problems = check_ids(doc, plan)
    assert not problems, _report(problems)


def test_files_validate_with_the_models(plan: Plan) -> None:
    assert {"plan.yaml", "departments.yaml"} <= set(plan["files"]), (
        "plan.yaml or departments.yaml missing"
    )
    problems = check_models(plan)
    assert not problems, _report(problems)


def test_spec_examples(plan: Plan) -> None:
    """SPEC §3 shows entries for 1.2.1 (stage 主体完工) and 4.3.5 (value 62)."""
    targets = {t["id"]: t for t in targets_of(plan)}
    road = targets["1.2.1"]
    assert road["kind"] == "milestone" and "S313漉乐线南大膳镇新建段" in road["title"]
    assert "主体完工" in road["stages"], f"1.2.1 stages {road['stages']} lack 主体完工"
    chargers = targets["4.3.5"]
    assert (chargers["kind"], chargers["target"], chargers["unit"]) == ("quantity", 100, "个")
    assert "快充桩" in chargers["title"]


# ---------------------------------------------------------------- the checks can fail


def _find(plan: Plan, node_id: str) -> Node:
    return next(n for n in nodes_of(plan) if n.get("id") == node_id)


def _set(node_id: str, key: str, value: Any) -> Callable[[Plan], None]:
    def mutate(plan: Plan) -> None:
        _find(plan, node_id)[key] = value

    return mutate


def _drop_target(node_id: str) -> Callable[[Plan], None]:
    def mutate(plan: Plan) -> None:
        for task in tasks_of(plan):
            task["targets"] = [t for t in task["targets"] if t.get("id") != node_id]

    return mutate


def _drop_department(name: str) -> Callable[[Plan], None]:
    def mutate(plan: Plan) -> None:
        plan["departments"] = [d for d in plan["departments"] if d.get("name") != name]

    return mutate


MUTATIONS = [
    ("chargers-100-to-10", _set("4.3.5", "target", 10), check_numbers, "'100个'"),
    ("wetland-in-wan", _set("2.2.3", "target", 4), check_numbers, "'4万亩'"),
    ("invented-baseline", _set("G2", "baseline", 62.1), check_numbers, "no baseline"),
    ("invented-due", _set("1.2.1", "due", "2024-09-30"), check_numbers, "no deadline"),
    ("missing-yibao", _drop_department("市医保局"), check_departments, "'市医保局'"),
    ("missing-skjt", _drop_department("省科技厅"), check_departments, "'省科技厅'"),
    ("lead-on-no-lead-task", _set("1.3", "lead", ["市教育局"]), check_responsibility, "task 1.3"),
    ("support-dropped", _set("2.3", "support", ["沅江高新区"]), check_responsibility, "task 2.3"),
    ("target-override", _set("4.3.5", "lead", ["市住建局"]), check_responsibility, "4.3.5"),
    ("qualifier-dropped", _set("2.3.4", "qualifier", None), check_qualifiers, "at_least"),
    ("qualifier-wrong", _set("G2", "qualifier", "strive"), check_qualifiers, "about"),
    ("target-dropped", _drop_target("2.2.9"), check_coverage, "萌芽条"),
    ("text-paraphrased", _set("1.1.4", "text", "巩固六大主导产业优势"), check_coverage, "1.1.4"),
    ("duplicate-id", _set("2.2.2", "id", "2.2.1"), check_ids, "'2.2.1'"),
    ("unquoted-id", _set("3", "id", 3), check_ids, "quote it"),
]


@pytest.mark.parametrize(
    ("mutate", "check", "expected"),
    [pytest.param(m, c, e, id=name) for name, m, c, e in MUTATIONS],
)
def test_checks_catch_a_broken_plan(
    doc: Document,
    plan: Plan,
    mutate: Callable[[Plan], None],
    check: Callable[[Document, Plan], list[str]],
    expected: str,
) -> None:
    assert not check(doc, plan), "the bundled plan must pass before it is broken"
    broken = copy.deepcopy(plan)
    mutate(broken)
    problems = check(doc, broken)
    assert any(expected in p for p in problems), (
        f"{check.__name__} missed the mutation; it said: {problems}"
    )


def test_models_catch_a_broken_file(plan: Plan) -> None:
    broken = copy.deepcopy(plan)
    broken["files"]["section-4.yaml"]["sections"][0]["tasks"][2]["targets"][4]["kind"] = "amount"
    problems = check_models(broken)
    assert any("section-4.yaml" in p for p in problems), problems
