"""Schedules (到2021年…，到2022年…): a target repeated with one figure per year becomes one
target with a `schedule`."""

from __future__ import annotations

import itertools
import re

from .model import Draft, SectionDraft, TargetDraft

_FILLER = re.compile(r"\d{4}年(?:底|末)?(?:前)?|到|至|全[市区县省]|累计|力争|达到|新增|新建|完成|实现|确保|共|计|年度|，|,")


def _template(t: TargetDraft) -> str:
    return _FILLER.sub("", t.title)


def _similar(a: str, b: str) -> bool:
    """Two titles of one indicator (全市新建充电桩 / 新建公共充电桩): most character pairs shared."""
    if a == b:
        return True
    pa = {a[i: i + 2] for i in range(len(a) - 1)}
    pb = {b[i: i + 2] for i in range(len(b) - 1)}
    return bool(pa and pb) and len(pa & pb) / min(len(pa), len(pb)) >= 0.6


def schedules(result: Draft) -> None:
    """Targets that repeat with one figure per year (到2021年137个，到2022年253个) become one
    target with a `schedule`; sibling items that held only those steps are folded in."""
    _merge(result.goals)

    def walk(section: SectionDraft) -> None:
        for sub in section.sections:
            walk(sub)
        _merge_tasks(section)
        for task in section.tasks:
            _merge(task.targets)

    for s in result.sections:
        walk(s)


def _merge(targets: list[TargetDraft]) -> list[TargetDraft]:
    """Folds each run of yearly steps of one indicator into its first target, in place;
    returns the targets folded away."""
    groups: dict[tuple[str, str | None, str], list[TargetDraft]] = {}
    last_key: tuple[str, str | None, str] | None = None
    for t in targets:
        if t.kind in ("quantity", "level") and t.due and t.target is not None:
            key = next((k for k in groups if k[1:] == (t.unit, t.kind) and _similar(k[0], _template(t))
                        and t.due not in {x.due for x in groups[k]}), None)
            if key is None and t.continues and last_key is not None and last_key[1:] == (t.unit, t.kind) \
                    and t.due not in {x.due for x in groups[last_key]}:
                key = last_key  # 到2025年底，达到90%: the same indicator as the step before
            last_key = key or (_template(t), t.unit, t.kind)
            groups.setdefault(key or (_template(t), t.unit, t.kind), []).append(t)
    removed: list[TargetDraft] = []
    for steps in groups.values():
        years = [s.due for s in steps]
        if len(steps) < 2 or len(set(years)) != len(years):
            continue
        steps.sort(key=lambda s: s.due or "")
        first = steps[0]
        first.schedule = {s.due: s.target for s in steps if s.due and s.target is not None}
        last = steps[-1]
        first.target, first.due = last.target, last.due
        first.text = "；".join(s.text for s in steps)
        first.wording = None
        if len({s.title for s in steps}) > 1:
            first.todos.add("schedule", "按指标名称相近合并为逐年目标：" + "／".join(dict.fromkeys(s.title for s in steps)))
        values = list(first.schedule.values())
        if first.kind == "quantity":
            if any(b < a for a, b in itertools.pairwise(values)):
                first.basis = "year"
                first.todos.add("basis", "逐年数值不递增，按“当年”计（basis: year）；请核对")
            else:
                first.todos.add("schedule", "逐年数值按累计计；如为当年新增，请改为 basis: year")
        for s in steps[1:]:
            removed.append(s)
    for r in removed:
        targets.remove(r)
    return removed


def _merge_tasks(section: SectionDraft) -> None:
    """Sibling items, one per year (1、到2021年… 2、到2022年…): their yearly figures merge."""
    pool = [t for task in section.tasks for t in task.targets]
    removed = _merge(pool)
    if not removed:
        return
    for task in section.tasks:
        task.targets = [t for t in task.targets if t not in removed]
    keep = [task for task in section.tasks if task.targets or task.tasks]
    for task in section.tasks:
        if task not in keep:
            holder = next((t for t in pool if t.schedule and t not in removed), None)
            if holder is not None:
                holder.todos.add("schedule", f"已并入“{(task.label or task.id).rstrip('、.．')}”项的逐年数字")
    section.tasks = keep
    for task in section.tasks:
        for k, t in enumerate(task.targets, 1):
            t.id = f"{task.id}.{k}"
