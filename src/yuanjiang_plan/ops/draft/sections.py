"""Sections and tasks: headings become sections, items tasks, each with its units and 时限."""

from __future__ import annotations

import re

from .context import Context
from .model import MetaDraft, Roles, SectionDraft, TargetDraft, TaskDraft, Todos
from .numbers import dues, figures
from .roles import keyed, parse_clause, trailing_clauses
from .targets import no_lead_time, sentence_targets
from .text import sentences, shorten, unwrap
from .tree import Node


def heading(node: Node) -> str:
    """A heading as the document shows it: its own label, then its title."""
    return f"{node.label or ''}{node.title}"


def sections_of(nodes: list[Node], ctx: Context, meta: MetaDraft) -> list[SectionDraft]:
    """The body's top nodes -> sections; loose items under no heading share one section."""
    if not nodes:
        return []
    parent_heading: str | None = None
    wrappers = [n for n in nodes if n.style in ("part", "cn", "u") and n.children]
    if len(nodes) == 1 and wrappers and not nodes[0].lines and all(c.children for c in nodes[0].children):
        parent_heading = heading(nodes[0])
        nodes = nodes[0].children
    out: list[SectionDraft] = []
    loose: list[Node] = []
    for k, node in enumerate(nodes, 1):
        if node.children and not _is_item(node):
            out.append(_section(node, _seg(node, k), ctx))
        else:
            loose.append(node)
    if loose:
        title = meta.title or "工作任务"
        holder = SectionDraft(id=str(len(out) + 1) if out else "1", title=title)
        holder.todos.add("title", "文件在此处没有小标题，章节名为暂拟")
        holder.tasks = [_task(n, f"{holder.id}.{_seg(n, k)}", False, ctx)
                        for k, n in enumerate(loose, 1)]
        out.append(holder)
    for s in out:
        s.parent_heading = parent_heading
    return out


def _seg(node: Node, k: int) -> str:
    return str(node.number) if node.number is not None else f"s{k}"


def _is_item(node: Node) -> bool:
    """A numbered node that carries its own text or responsibility is an item, even with sub-items
    (a responsibility clause on a short heading makes it a section with roles instead)."""
    return bool(node.roles_lines or node.row or any(trailing_clauses(x) for x in node.lines)
                or len(_without_clause(node.title)) > 40 or node.lines)


def _without_clause(text: str) -> str:
    found = trailing_clauses(text)
    if found:
        start, end, _ = found[-1]
        return (text[:start] + text[end:]).strip()
    return text


def _section(node: Node, sid: str, ctx: Context, prefix: str | None = None,
             inherited: bool = False) -> SectionDraft:
    """A heading; items under an unnumbered heading keep the numbered parent's prefix."""
    prefix = prefix or sid
    section = SectionDraft(id=sid, title=node.title.rstrip("。"), label=node.label)
    clause = trailing_clauses(node.title)
    if clause:
        inner = clause[-1][2]
        section.roles, due = parse_clause(inner, section.todos)
        section.title = _without_clause(node.title).rstrip("。")
        if due and (found := dues(due, ctx.year, deadline=True)):
            section.due = found[-1].period
    if node.style == "u":
        section.label = None
    inherited = inherited or section.roles.stated
    title_sentences = sentences(_without_clause(node.title))
    if len(title_sentences) > 1:
        section.title, _ = shorten(title_sentences[0])
        section.text = node.title
    if node.lines:
        section.text = unwrap("\n".join(node.lines))
    unnumbered = 0
    for k, child in enumerate(node.children, 1):
        if child.style == "u":
            unnumbered += 1
        if child.children and not _is_item(child):
            if child.number is not None:
                section.sections.append(
                    _section(child, f"{prefix}.{child.number}", ctx, inherited=inherited))
            else:
                section.sections.append(
                    _section(child, f"{sid}.s{unnumbered}", ctx, prefix=prefix, inherited=inherited))
        else:
            seg = str(child.number) if child.number is not None else str(k)
            section.tasks.append(_task(child, f"{prefix}.{seg}", inherited, ctx))
    return section


def item(node: Node, todos: Todos) -> tuple[Roles, str | None, str]:
    """An item's roles, 完成时限 text and body (its text without the responsibility clause)."""
    roles = Roles()
    due: str | None = None
    # lines joined by newlines while clauses are found: a clause closes its line
    body = "\n".join([node.title, *node.lines])
    for line in node.roles_lines:
        found, d = keyed(line, todos)
        roles.merge(found)
        due = due or d
    clauses_found = trailing_clauses(body)
    if clauses_found:
        # one clause closing the item is the item's; several split it into parts (handled by caller)
        start, end, inner = clauses_found[-1]
        found, d = parse_clause(inner, todos)
        roles.merge(found)
        due = due or d
        if len(clauses_found) == 1:
            body = (body[:start] + body[end:]).strip()
    body = unwrap(body)
    if node.row is not None:
        row = node.row.cells
        for key in ("lead", "responsible", "support"):
            if key in row:
                found, _ = keyed(f"{'牵头单位' if key == 'lead' else '责任单位' if key == 'responsible' else '配合单位'}：{row[key]}", todos)
                roles.merge(found)
        if "leaders" in row:
            found, _ = keyed(f"责任领导：{row['leaders']}", todos)
            roles.merge(found)
        due = due or row.get("due")
    return roles, due, body.strip()


def _task(node: Node, tid: str, inherited: bool, ctx: Context) -> TaskDraft:
    """An item; `inherited`: a heading above it names its units."""
    todos = Todos()
    roles, due_text, body = item(node, todos)
    task = TaskDraft(id=tid, title="", label=node.label, roles=roles, todos=todos)
    if node.style == "table" and node.label and not re.search(r"\d", node.label):
        task.label = None
    parts = sentences(body)
    if len(parts) > 1 and len(parts[0]) <= 40 and not figures(parts[0]) \
            and not trailing_clauses(parts[0]):
        task.title = parts[0]
        rest = body[len(parts[0]) + 1:].strip()
    else:
        task.title, cut = shorten(no_lead_time(parts[0]) if parts else body)
        rest = body
        if cut:
            todos.add("title", "标题为自动截取，请改写")
    segments = _segments(rest)
    task.text = rest if rest and rest.rstrip("。；; ") != task.title else None
    if due_text:
        found = dues(due_text, ctx.year, deadline=True)
        if found:
            task.due = found[-1].period
            if len(found) > 1:
                todos.add("due", f"完成时限“{due_text}”含多个时间，取最后一个")
        else:
            todos.add("due", f"完成时限“{due_text}”未能换算为日期")
    if len(segments) > 1:
        # several clauses, each closing the sentences before it: each part has its own units
        for seg_text, inner in segments:
            seg_roles, _ = parse_clause(inner, todos) if inner else (Roles(), None)
            for t in sentence_targets(seg_text, ctx):
                t.roles = seg_roles
                task.targets.append(t)
        task.roles = Roles(stated=True)
    else:
        task.targets = sentence_targets(rest or body, ctx)
    if not task.targets:
        task.targets = [TargetDraft(id="", title=task.title, kind="action", text=body or task.title)]
    for k, t in enumerate(task.targets, 1):
        t.id = f"{tid}.{k}"
    if not inherited and not roles.stated and not any(t.roles.stated for t in task.targets) \
            and not node.children:
        todos.add("", "未找到责任单位")
    unnumbered = 0
    for k, child in enumerate(node.children, 1):
        if child.style == "u":
            unnumbered += 1
        seg = str(child.number) if child.number is not None else f"s{k}"
        task.tasks.append(_task(child, f"{tid}.{seg}", inherited or task.roles.stated, ctx))
    if task.tasks:
        # a task with sub-items: its own sentences stay as text, targets live in the sub-items
        if all(t.kind == "action" for t in task.targets):
            task.targets = []
    return task


def _segments(body: str) -> list[tuple[str, str]]:
    found = trailing_clauses(body)
    if len(found) <= 1:
        return []
    out: list[tuple[str, str]] = []
    pos = 0
    for start, end, inner in found:
        out.append((body[pos:start].strip("。 "), inner))
        pos = end
    tail = body[pos:].strip("。 ")
    if tail:
        out.append((tail, ""))
    return out
