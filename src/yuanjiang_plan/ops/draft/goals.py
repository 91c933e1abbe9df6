"""The 工作目标 (goals) and the 推进机制 (the 工作专班; its items with units become tasks)."""

from __future__ import annotations

import re

from .context import Context
from .coordination import coordination
from .model import CoordinationDraft, Draft, TargetDraft, Todos
from .roles import parse_clause, trailing_clauses
from .sections import heading, item
from .targets import clause_targets
from .tree import Node

_GOALS = re.compile(r"目标|指标")
HEADINGS = ("part", "cn", "cnp", "u")


def goal_targets(node: Node, ctx: Context) -> list[TargetDraft]:
    """The goals under a 目标 heading (G1, G2, …): its paragraphs' clauses and its items."""
    goals: list[TargetDraft] = []
    for line in node.lines:
        # a paragraph of goals may close with its units: （市发改局、市统计局牵头，…负责）
        pos = 0
        for start, end, inner in trailing_clauses(line):
            todos = Todos()
            roles, _ = parse_clause(inner, todos)
            found = clause_targets(line[pos:start], ctx)
            for t in found:
                t.roles = roles
                t.todos.items += todos.items
            goals += found
            pos = end
        if line[pos:].strip("。 "):
            goals += clause_targets(line[pos:], ctx)
    for child in _leaves(node):
        todos = Todos()
        roles, due, body = item(child, todos)
        found = clause_targets(body, ctx) if body else []
        if len(found) == 1 and child.label:
            found[0].label = child.label
        for t in found:
            t.roles = roles
            t.due = t.due or due
        if found:
            found[0].todos.items += todos.items
        goals += found
    for i, goal in enumerate(goals, 1):
        goal.id = f"G{i}"
    _refs(goals)
    return goals


def is_goals(node: Node) -> bool:
    """A heading of goals (目标, 指标), not of tasks or of 保障."""
    return node.style in HEADINGS and bool(_GOALS.search(node.title)) \
        and not re.search(r"重点任务|主要任务|工作任务|任务分工|保障", node.title) and len(node.title) <= 30


def _leaves(node: Node) -> list[Node]:
    out: list[Node] = []
    for child in node.children:
        out += _leaves(child) if child.children else [child]
    return out


def _refs(goals: list[TargetDraft]) -> None:
    """收入增长与经济增长基本同步: the pace is the goal for 地区生产总值 (GDP) growth."""
    gdp = next((g for g in goals if "生产总值" in g.title and g.kind == "level"), None)
    for goal in goals:
        if goal.qualifier == "same_pace" and goal.target is None:
            if gdp is not None:
                goal.ref = gdp.id
                goal.todos.add("ref", f"“经济增长”按{gdp.id}（{gdp.title}）比较")
            else:
                goal.todos.add("target", "“基本同步”的比较对象不在文件中")


def mechanism(node: Node, result: Draft, tree_nodes: list[Node]) -> None:
    """推进机制: its 工作专班 becomes the coordination; its items naming units stay as tasks."""
    found: CoordinationDraft | None = None
    for line in [node.title, *node.lines, *(x for c in node.children for x in [c.title, *c.lines])]:
        found = found or coordination(line)
    if found is not None:
        result.coordination = found
    rest = [c for c in node.children if has_roles(c)]
    if rest:
        kept = Node(node.style, node.label, node.number, node.title, children=rest)
        tree_nodes.append(kept)
    elif node.children or (node.lines and found is None):
        result.meta.todos.add("", f"“{heading(node)}”无责任单位，未列为任务")


def has_roles(node: Node) -> bool:
    """Does the node, or anything under it, name responsible units?"""
    if node.roles_lines or node.row is not None:
        return True
    return any(trailing_clauses(x) for x in [node.title, *node.lines]) or any(
        has_roles(c) for c in node.children)
