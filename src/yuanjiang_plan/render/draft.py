"""A draft plan as YAML files (README *Encoding a real plan*, *Drafting a plan from its document*):
file name → text, TODOs as comments.

The YAML is emitted by ruamel.yaml (never by string pasting) and every uncertain value carries
`# TODO 请核对: <why>` on its own line, so `grep -n "TODO 请核对"` lists what to review.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..ops.draft.model import (
    CoordinationDraft,
    Draft,
    MetaDraft,
    Roles,
    SectionDraft,
    TargetDraft,
    TaskDraft,
    Todos,
    Unit,
)
from ..ops.draft.summary import Summary

TODO = "TODO 请核对: "


def _yaml() -> YAML:
    y = YAML()
    y.width = 4096
    y.allow_unicode = True
    y.indent(mapping=2, sequence=4, offset=2)
    # the same object twice (published and start are one date) must not become &anchor/*alias:
    # the plan reader refuses aliases (README *Bad input and limits*)
    y.representer.ignore_aliases = lambda _data: True
    y.representer.add_representer(
        type(None), lambda r, _d: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    return y


def _dump(data: CommentedMap) -> str:
    buf = io.StringIO()
    _yaml().dump(data, buf)
    return buf.getvalue()


def _flow(items: list[str]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _todos(node: CommentedMap, todos: Todos) -> None:
    """Each TODO on the line of the field it concerns (the `id` line for the node itself)."""
    by_field: dict[str, list[str]] = {}
    for fieldname, reason in todos.items:
        key = fieldname if fieldname in node else ("id" if "id" in node else next(iter(node)))
        by_field.setdefault(key, []).append(reason)
    for key, reasons in by_field.items():
        node.yaml_add_eol_comment(TODO + "；".join(reasons), key)


def _roles(node: CommentedMap, roles: Roles, explicit: bool) -> None:
    if roles.leaders:
        node["leaders"] = _flow(roles.leaders)
    if roles.lead or (explicit and roles.stated):
        node["lead"] = _flow(roles.lead)
    if roles.responsible:
        node["responsible"] = _flow(roles.responsible)
    if roles.support:
        node["support"] = _flow(roles.support)


def _target(t: TargetDraft) -> CommentedMap:
    node = CommentedMap()
    node["id"] = t.id
    if t.label:
        node["label"] = t.label
    node["title"] = t.title
    node["kind"] = t.kind
    if t.text and t.text != t.title:
        node["text"] = t.text
    if t.wording:
        node["wording"] = t.wording
    if t.kind in ("quantity", "level"):
        if t.ref is not None:
            node["ref"] = t.ref
        elif t.change is not None:
            node["change"] = t.change
            node["baseline"] = None
        else:
            node["target"] = t.target
        node["unit"] = t.unit or "%"
        if t.op and t.op != ">=":
            node["op"] = t.op
    if t.qualifier:
        node["qualifier"] = t.qualifier
    if t.basis:
        node["basis"] = t.basis
    if t.schedule:
        schedule = CommentedMap()
        for period, value in t.schedule.items():
            schedule[period] = value
        node["schedule"] = schedule
    if t.breakdown:
        shares = CommentedMap()
        for unit, value in t.breakdown.items():
            shares[unit] = value
        node["breakdown"] = shares
    if t.kind == "milestone":
        node["stages"] = _flow(t.stages)
    if t.due:
        node["due"] = t.due
    _roles(node, t.roles, explicit=False)
    _todos(node, t.todos)
    return node


def _task(task: TaskDraft) -> CommentedMap:
    node = CommentedMap()
    node["id"] = task.id
    if task.label:
        node["label"] = task.label
    node["title"] = task.title
    if task.text:
        node["text"] = task.text
    _roles(node, task.roles, explicit=True)
    if task.due:
        node["due"] = task.due
    if task.tasks:
        node["tasks"] = CommentedSeq([_task(t) for t in task.tasks])
    if task.targets:
        node["targets"] = CommentedSeq([_target(t) for t in task.targets])
    _todos(node, task.todos)
    return node


def _section(section: SectionDraft) -> CommentedMap:
    node = CommentedMap()
    node["id"] = section.id
    if section.label:
        node["label"] = section.label
    node["title"] = section.title
    if section.text:
        node["text"] = section.text
    _roles(node, section.roles, explicit=True)
    if section.due:
        node["due"] = section.due
    if section.sections:
        node["sections"] = CommentedSeq([_section(s) for s in section.sections])
    if section.tasks:
        node["tasks"] = CommentedSeq([_task(t) for t in section.tasks])
    _todos(node, section.todos)
    return node


def _meta(meta: MetaDraft, coordination: CoordinationDraft | None) -> CommentedMap:
    node = CommentedMap()
    node["id"] = meta.id
    node["title"] = meta.title or "（请填写方案标题）"
    if meta.issuer:
        node["issuer"] = meta.issuer[0] if len(meta.issuer) == 1 else _flow(meta.issuer)
    if meta.number:
        node["number"] = meta.number
    if meta.published:
        node["published"] = meta.published
    node["start"] = meta.start
    node["end"] = meta.end
    if meta.text:
        node["text"] = meta.text
    reporting = CommentedMap()
    if meta.reporting is not None:
        reporting["cadence"], reporting["due_day"], reporting["due_in"] = meta.reporting
        node["reporting"] = reporting
    else:
        reporting["cadence"] = "monthly"
        reporting["due_day"] = 5
        node["reporting"] = reporting
        node.yaml_add_eol_comment(TODO + "文件未写报送要求，暂定每月5日前报上月进度", "reporting")
    if coordination is not None and coordination.office:
        c = CommentedMap()
        c["name"] = coordination.name
        if coordination.convener:
            c["convener"] = coordination.convener
        if coordination.deputies:
            c["deputies"] = _flow(coordination.deputies)
        c["office"] = coordination.office
        if coordination.duty:
            c["duty"] = coordination.duty
        if coordination.members:
            c["members"] = CommentedSeq(coordination.members)
        c["text"] = coordination.text
        _todos(c, coordination.todos)
        node["coordination"] = c
    elif coordination is not None:
        meta.todos.add("", f"“{coordination.name}”未写明办公室所在单位，专班未写入 coordination")
    _todos(node, meta.todos)
    return node


def _unit(unit: Unit) -> CommentedMap:
    node = CommentedMap()
    node["name"] = unit.name
    if unit.aliases:
        node["aliases"] = _flow(unit.aliases)
    _todos(node, unit.todos)
    return node


def render(d: Draft, source: str) -> dict[str, str]:
    """The draft's files, in the order they are written: plan.yaml, departments.yaml, goals…"""
    # the header names the marker without writing it, so that grep finds only real TODOs
    header = f"草稿：由 plan draft 从 {source} 生成。逐条核对标有 TODO 的行，再运行 plan validate。"
    files: dict[str, str] = {}
    meta = _meta(d.meta, d.coordination)
    meta.yaml_set_start_comment(header)
    files["plan.yaml"] = _dump(meta)
    depts = CommentedMap()
    depts["departments"] = CommentedSeq([_unit(u) for u in d.units if not u.group])
    groups = [u for u in d.units if u.group]
    if groups:
        depts["groups"] = CommentedSeq([_unit(u) for u in groups])
    depts.yaml_set_start_comment(
        "文件中出现的全部单位；aliases 为简称、全称（由常见简称推出，请核对）。\n" + header)
    files["departments.yaml"] = _dump(depts)
    if d.goals:
        goals = CommentedMap()
        goals["goals"] = CommentedSeq([_target(g) for g in d.goals])
        goals.yaml_set_start_comment((d.goals_heading or "目标") + "\n" + header)
        files["goals.yaml"] = _dump(goals)
    for section in d.sections:
        body = CommentedMap()
        body["sections"] = CommentedSeq([_section(section)])
        heading = " ".join(x for x in (section.parent_heading, f"{section.label or ''}{section.title}") if x)
        body.yaml_set_start_comment(heading + "\n" + header)
        files[f"section-{_file_part(section.id)}.yaml"] = _dump(body)
    return files


def _file_part(section_id: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in section_id)


def summary_text(s: Summary, files: list[str], out: str, lang: str = "zh") -> str:
    kinds = s.targets
    if lang == "en":
        return (
            f"Drafted {len(files)} files in {out}/: {s.sections} sections, {s.items} items, "
            f"{sum(kinds.values())} targets (quantity {kinds['quantity']}, level {kinds['level']}, "
            f"milestone {kinds['milestone']}, action {kinds['action']}), {s.units} units, "
            f"{s.groups} groups, {s.leaders} leaders; {s.todos} TODOs to review "
            f"(grep -rn 'TODO 请核对' {out}/), then run plan validate."
        )
    return (
        f"已生成草稿 {len(files)} 个文件（{out}/）：章节 {s.sections}，事项 {s.items}，"
        f"指标 {sum(kinds.values())}（数量 {kinds['quantity']}，水平 {kinds['level']}，"
        f"里程碑 {kinds['milestone']}，工作 {kinds['action']}），单位 {s.units}，分组 {s.groups}，"
        f"责任领导 {s.leaders}；待核对 TODO {s.todos} 处"
        f"（grep -rn 'TODO 请核对' {out}/），核对后运行 plan validate。"
    )


__all__: list[Any] = ["render", "summary_text"]
