"""Document blocks → a draft plan (README *Drafting a plan from its document*): the pipeline
events → tree → sections/tasks/targets.

metadata.py reads the document's own facts, goals.py the 工作目标 and 推进机制, sections.py
the sections and tasks, targets.py the targets in their sentences, schedules.py folds yearly
figures into schedules; this module runs them in order and makes the IDs unique.
"""

from __future__ import annotations

import re

from .context import Context
from .goals import HEADINGS, goal_targets, has_roles, is_goals, mechanism
from .metadata import metadata, plan_dates
from .model import Block, Draft, SectionDraft, TaskDraft, Todos
from .numbers import plan_year
from .registry import registry
from .schedules import schedules
from .sections import heading, sections_of
from .text import masked
from .tree import Node, build, events

_FRAME = re.compile(r"总体要求|指导思想|总体思路|基本原则|工作原则|总体考虑")
_MECHANISM = re.compile(r"推进机制|保障措施|组织保障|工作机制|组织实施|工作要求|保障机制|实施保障|工作保障")


def draft(blocks: list[Block], plan_id: str) -> Draft:
    """The plan a document describes, with a TODO wherever the text leaves a doubt."""
    evs = events(blocks)
    preamble, root = build(evs)
    whole = "\n".join(e.line for e in evs)
    ctx = Context(plan_year(masked(whole)), whole)
    meta = metadata(preamble, plan_id, ctx)
    result = Draft(meta=meta)
    tree_nodes: list[Node] = []
    for node in root.children:
        if is_goals(node) and not result.goals:
            result.goals_heading = heading(node)
            result.goals = goal_targets(node, ctx)
        elif node.style in HEADINGS and _MECHANISM.search(node.title):
            mechanism(node, result, tree_nodes)
        elif node.style in HEADINGS and _FRAME.search(node.title) and not has_roles(node):
            # 总体要求 / 指导思想 / 基本原则: prose, except a 目标 heading inside it
            inner = next((c for c in node.children if is_goals(c)), None)
            if inner is not None and not result.goals:
                result.goals_heading = f"{heading(node)} {heading(inner)}"
                result.goals = goal_targets(inner, ctx)
            others = [c for c in node.children if c is not inner]
            if others or node.lines:
                meta.todos.add("", f"“{heading(node)}”为指导性文字（无责任单位），未列为任务")
        else:
            tree_nodes.append(node)
    result.sections = sections_of(tree_nodes, ctx, meta)
    schedules(result)
    _check_ids(result)
    result.units = registry(result, meta)
    plan_dates(result, ctx)
    return result



def _check_ids(result: Draft) -> None:
    """IDs must be unique: a numbering that restarts under unnumbered headings gets a suffix."""
    seen: set[str] = set()

    def fix(node_id: str, todos: Todos) -> str:
        if node_id not in seen:
            seen.add(node_id)
            return node_id
        k = 2
        while f"{node_id}-{k}" in seen:
            k += 1
        todos.add("id", f"编号“{node_id}”重复，已改为“{node_id}-{k}”")
        seen.add(f"{node_id}-{k}")
        return f"{node_id}-{k}"

    for g in result.goals:
        g.id = fix(g.id, g.todos)

    def walk_task(task: TaskDraft) -> None:
        task.id = fix(task.id, task.todos)
        for t in task.targets:
            t.id = fix(t.id, t.todos)
        for sub in task.tasks:
            walk_task(sub)

    def walk(section: SectionDraft) -> None:
        section.id = fix(section.id, section.todos)
        for sub in section.sections:
            walk(sub)
        for task in section.tasks:
            walk_task(task)

    for s in result.sections:
        walk(s)
