"""Plan files -> the resolved plan tree (`Plan`) and its diagnostics."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostic, Loc, error, warning
from ..core.model import (
    DepartmentsFile,
    Extension,
    ExtensionsFile,
    LevelTarget,
    MilestoneTarget,
    PlanMeta,
    Section,
    Target,
    TreeFile,
    when_end,
)
from ..core.tree import Directory, Plan, SectionNode, TargetNode, TaskNode
from .files import FileSource, Source, read_source_doc
from .validate import validate
from .yaml import Located


@dataclass
class _Gather:
    meta: PlanMeta | None = None
    departments: list[Any] = field(default_factory=list)
    goals: list[tuple[Target, str, Loc]] = field(default_factory=list)
    sections: list[tuple[Section, str, Loc]] = field(default_factory=list)
    extensions: list[tuple[Extension, str, Loc]] = field(default_factory=list)
    dept_file: str = "plan/departments.yaml"


def load_plan(root: Path, source: Source | None = None) -> tuple[Plan | None, list[Diagnostic]]:
    """Read every plan file and resolve the tree; None when the plan is unusable."""
    source = source or FileSource(root)
    diags: list[Diagnostic] = []
    g = _Gather()
    docs: dict[str, Located] = {}  # each file's node tree, to place what resolving finds
    for rel in source.paths("plan", recursive=False):
        parsed, problems = read_source_doc(source, rel)
        diags += problems
        if parsed is None:
            continue
        docs[rel] = parsed
        data = parsed.data
        name = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        models: dict[str, type[TreeFile] | type[ExtensionsFile]] = {
            "plan": PlanMeta, "departments": DepartmentsFile, "extensions": ExtensionsFile,
        }
        model = models.get(name, TreeFile)
        doc, problems = validate(model, data, rel)
        diags += problems
        if doc is None:
            continue
        if isinstance(doc, ExtensionsFile):
            g.extensions += [(x, rel, ("extensions", i)) for i, x in enumerate(doc.extensions)]
            continue
        assert isinstance(doc, TreeFile)
        if isinstance(doc, PlanMeta):
            g.meta = doc
        if isinstance(doc, DepartmentsFile):
            g.departments += doc.departments
            g.dept_file = rel
        g.goals += [(t, rel, ("goals", i)) for i, t in enumerate(doc.goals)]
        g.sections += [(s, rel, ("sections", i)) for i, s in enumerate(doc.sections)]
    if g.meta is None:
        if not any(d.path == "plan/plan.yaml" for d in diags):
            diags.append(error(
                "plan/plan.yaml", "missing-file", "缺少 plan/plan.yaml (the plan's header file is missing)",
                "参照 README 中的格式创建 (see the README)", line=1, col=1,
            ))
        return None, _placed(diags, docs)
    plan, problems = _resolve(g, g.meta)
    return plan, _placed(diags + problems, docs)


def _placed(diags: list[Diagnostic], docs: dict[str, Located]) -> list[Diagnostic]:
    out = []
    for d in diags:
        doc = docs.get(d.path)
        if d.line is None and d.loc is not None and doc is not None:
            d = d.located(*doc.locate(d.loc))
        out.append(d)
    return out


def _resolve(g: _Gather, meta: PlanMeta) -> tuple[Plan, list[Diagnostic]]:
    diags: list[Diagnostic] = []
    directory = Directory.build(g.departments)
    seen_keys: dict[str, str] = {}
    for i, unit in enumerate(g.departments):
        for key in {unit.name, unit.code, *unit.aliases} - {None}:
            assert key is not None
            owner = seen_keys.setdefault(key, unit.name)
            if owner != unit.name:
                diags.append(error(
                    g.dept_file, "ambiguous-alias",
                    f"'{key}' 同时指向 {owner} 和 {unit.name} (alias used by two units)",
                    "每个别名只能属于一个单位 (an alias belongs to one unit)",
                    loc=("departments", i),
                ))

    def units(names: list[str] | None, rel: str, loc: Loc) -> tuple[str, ...] | None:
        if names is None:
            return None
        out = []
        for j, raw in enumerate(names):
            canonical = directory.resolve(raw)
            if canonical is None:
                guess = directory.suggest(raw)
                diags.append(error(
                    rel, "unknown-department", f"未知单位 '{raw}' (unknown department)",
                    f"是不是 '{guess}'? (did you mean)" if guess else
                    "在 plan/departments.yaml 中登记该单位 (add it to departments.yaml)",
                    loc=(*loc, j),
                ))
            elif canonical not in out:
                out.append(canonical)
        return tuple(out)

    office = directory.resolve(meta.coordination.office) if meta.coordination else None
    if meta.coordination and office is None:
        diags.append(error("plan/plan.yaml", "unknown-department",
                           f"专班办公室 '{meta.coordination.office}' 不在单位名录中 (unknown office)",
                           loc=("coordination", "office")))
    plan_end = meta.end
    extensions = {x.target: (x, rel, loc) for x, rel, loc in g.extensions}
    targets: dict[str, TargetNode] = {}
    ids: dict[str, str] = {}

    def add_target(t: Target, section: str | None, task: str | None, lead: tuple[str, ...],
                   support: tuple[str, ...], due: dt.date, rel: str, loc: Loc) -> None:
        if t.id in ids:
            diags.append(error(rel, "duplicate-id", f"编号 {t.id} 重复，已在 {ids[t.id]} 中出现 (duplicate id)",
                               loc=(*loc, "id")))
            return
        ids[t.id] = rel
        lead = units(t.lead, rel, (*loc, "lead")) or () if t.lead is not None else lead
        support = units(t.support, rel, (*loc, "support")) or () if t.support is not None else support
        if section is None and not lead and not support and office:
            lead = (office,)  # 工作目标 with no unit: the 专班办公室 reports it
        if not lead and not support:
            diags.append(error(rel, "no-responsible-unit",
                               f"指标 {t.id} 没有任何责任单位 (no lead or supporting unit)",
                               "给任务或指标写上 lead/support (set lead or support)", loc=loc))
        original = when_end(t.due) or due
        ext = extensions.get(t.id)
        effective = original
        if ext:
            effective = ext[0].due
            if ext[0].due <= original:
                diags.append(error(ext[1], "bad-extension",
                                   f"{t.id} 的延期日期 {ext[0].due} 不晚于原截止日期 {original} "
                                   "(extension must be after the original due date)",
                                   loc=(*ext[2], "due")))
                effective = original
        if isinstance(t, MilestoneTarget):
            for k, stage in enumerate(t.stages):
                if stage.due and stage.due > effective:
                    diags.append(warning(rel, "stage-after-due",
                                         f"阶段 '{stage.name}' 的截止日期晚于指标截止日期 {effective} "
                                         "(stage due after the target's due)",
                                         loc=(*loc, "stages", k, "due")))
        targets[t.id] = TargetNode(t, section, task, lead, support, effective, original,
                                   ext[0] if ext and effective != original else None, rel, loc)

    goal_ids = []
    for t, rel, loc in g.goals:
        add_target(t, None, None, (), (), plan_end, rel, loc)
        goal_ids.append(t.id)
    sections: list[SectionNode] = []
    tasks: dict[str, TaskNode] = {}
    for s, rel, sloc in g.sections:
        if s.id in ids:
            diags.append(error(rel, "duplicate-id", f"编号 {s.id} 重复 (duplicate id)", loc=(*sloc, "id")))
            continue
        ids[s.id] = rel
        s_lead = units(s.lead, rel, (*sloc, "lead")) or ()
        s_support = units(s.support, rel, (*sloc, "support")) or ()
        task_ids = []
        for ti, task in enumerate(s.tasks):
            tloc = (*sloc, "tasks", ti)
            if task.id in ids:
                diags.append(error(rel, "duplicate-id", f"编号 {task.id} 重复 (duplicate id)",
                                   loc=(*tloc, "id")))
                continue
            ids[task.id] = rel
            own_lead = units(task.lead, rel, (*tloc, "lead"))
            own_support = units(task.support, rel, (*tloc, "support"))
            lead = s_lead if own_lead is None else own_lead
            support = s_support if own_support is None else own_support
            due = when_end(task.due) or when_end(s.due) or plan_end
            for k, t in enumerate(task.targets):
                add_target(t, s.id, task.id, lead, support, due, rel, (*tloc, "targets", k))
            tasks[task.id] = TaskNode(task.id, task.title, task.text, s.id, lead, support,
                                      tuple(t.id for t in task.targets if t.id in targets))
            task_ids.append(task.id)
        sections.append(SectionNode(s.id, s.title, s.text, tuple(task_ids)))
    for node in targets.values():
        if isinstance(node.spec, LevelTarget) and node.spec.ref is not None:
            if node.spec.ref not in targets or node.spec.ref == node.id:
                diags.append(error(node.file, "unknown-target",
                                   f"ref 指向不存在的指标 '{node.spec.ref}' (unknown ref)",
                                   loc=(*node.loc, "ref")))
    for x, rel, loc in g.extensions:
        if x.target not in targets:
            guess = difflib.get_close_matches(x.target, list(targets), n=1)
            diags.append(error(rel, "unknown-target", f"延期的指标 '{x.target}' 不存在 (unknown target)",
                               f"是不是 {guess[0]}? (did you mean)" if guess else None,
                               loc=(*loc, "target")))
    plan = Plan(meta, directory, tuple(goal_ids), tuple(sections), tasks, targets,
                tuple(x for x, _, _ in g.extensions))
    return plan, diags


