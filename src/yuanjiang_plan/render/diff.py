"""`plan diff` as a rich table or Markdown; both return, neither prints."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..core.quantity import format_quantity
from ..core.words import Lang, t
from ..ops.diff import Changes, FileChange, Side
from . import pct, safe_name
from .markdown import escape
from .terminal import cell

_WORDS: dict[str, tuple[str, str]] = {
    "title": ("进度变化 {old} → {new}（按 {as_of} 计算）", "Changes {old} -> {new} (as of {as_of})"),
    "targets": ("指标变化", "Targets changed"),
    "plan": ("计划变化", "Plan changes"),
    "files": ("变动的文件", "Files changed"),
    "none": ("没有变化。", "No changes."),
    "col.id": ("编号", "ID"),
    "col.title": ("指标 / 文件", "Target / files"),
    "col.before": ("之前", "Before"),
    "col.after": ("之后", "After"),
    "col.change": ("变化", "Change"),
    "added": ("新增", "added"),
    "modified": ("修改", "modified"),
    "removed": ("删除", "removed"),
    "lead": ("牵头单位", "lead"),
    "support": ("配合单位", "support"),
    "due": ("截止日期", "due"),
    "target": ("目标值", "target"),
    "unit": ("计量单位", "unit"),
    "op": ("比较方式", "op"),
    "qualifier": ("限定语", "qualifier"),
    "tolerance": ("容差", "tolerance"),
    "baseline": ("基数", "baseline"),
    "change": ("变化量", "change"),
    "ref": ("参照指标", "ref"),
    "stages": ("阶段", "stages"),
    "kind": ("指标类型", "kind"),
    "extension": ("延期", "extension"),
    "schedule": ("节点目标", "schedule"),
    "basis": ("统计口径", "basis"),
    "start": ("开始", "start"),
    "end": ("结束", "end"),
    "responsible": ("责任单位", "responsible"),
    "reporter": ("汇总单位", "reporter"),
    "leaders": ("责任领导", "leaders"),
    "breakdown": ("任务分解", "breakdown"),
    "reporting": ("报送要求", "reporting"),
    "evidence": ("佐证要求", "evidence"),
    "department": ("单位", "department"),
    "group": ("单位组", "group"),
    "reporting.cadence": ("报送周期", "reporting cadence"),
    "reporting.due_day": ("报送截止日", "report due day"),
    "reporting.due_in": ("报送月份", "report due month"),
    "lights.red_gap": ("红灯阈值", "red light gap"),
    "lights.yellow_gap": ("黄灯阈值", "yellow light gap"),
    "lights.due_soon_days": ("蓝灯天数", "blue light days"),
    "plan-wide": ("全局", "plan-wide"),
    "worktree": ("工作区", "working tree"),
    "done": ("已完成", "done"),
    "not_done": ("未完成", "not done"),
}


def word(key: str, lang: Lang, **fields: object) -> str:
    # A plan field without a word of its own (one added to the format later) is named as the
    # file writes it: a change is never dropped for want of a label.
    pair = _WORDS.get(key, (key, key))
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**fields) if fields else text


def value_text(value: float | str | bool | None, unit: str | None, lang: Lang) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return word("done" if value else "not_done", lang)
    if isinstance(value, str):
        return value
    return format_quantity(value, unit)


def side_text(s: Side, unit: str | None, lang: Lang) -> str:
    return f"{value_text(s.value, unit, lang)} {pct(s.completion)} {t(s.status, lang)}/{t(s.light, lang)}"


def _plain_text(value: Any) -> str:
    """A plan value in words: lists joined with 、, mappings as `key: value`, nulls left out."""
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "、".join(_plain_text(v) for v in value) or "—"
    if isinstance(value, dict):
        if set(value) <= {"name", "due"} and "name" in value:  # a stage
            return str(value["name"]) + (f"({value['due']})" if value.get("due") else "")
        return "；".join(f"{k}: {_plain_text(v)}" for k, v in value.items()
                        if v not in (None, [], {})) or "—"
    return str(value)


def _file_line(f: FileChange, lang: Lang) -> str:
    return f"{word(f.change, lang)} {safe_name(f.path)}"


def diff_view(changes: Changes, old: str, new: str, as_of: str, lang: Lang) -> RenderableType:
    parts: list[RenderableType] = [
        cell(word("title", lang, old=old, new=new, as_of=as_of), "bold")]
    if not (changes.targets or changes.plan or changes.files):
        parts.append(Text(word("none", lang)))
        return Group(*parts)
    if changes.targets:
        table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), collapse_padding=True, pad_edge=False,
                      show_edge=False, title=word("targets", lang), title_justify="left")
        table.add_column(word("col.id", lang), no_wrap=True)
        table.add_column(word("col.title", lang), overflow="fold", min_width=14)
        table.add_column(word("col.before", lang), overflow="fold", max_width=20)
        table.add_column(word("col.after", lang), overflow="fold", max_width=20)
        for c in changes.targets:
            title = cell(c.title)
            for f in c.files:
                short = FileChange(f.path.removeprefix("progress/"), f.change)
                title.append("\n" + _file_line(short, lang), style="dim")
            table.add_row(c.id, title, side_text(c.before, c.unit, lang),
                          cell(side_text(c.after, c.unit, lang), "bold"))
        parts.append(table)
    if changes.plan:
        table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), collapse_padding=True, pad_edge=False,
                      show_edge=False, title=word("plan", lang), title_justify="left")
        table.add_column(word("col.change", lang), no_wrap=True)
        table.add_column(word("col.id", lang), no_wrap=True)
        table.add_column(t("col.title", lang), overflow="fold", min_width=12)
        table.add_column(word("col.before", lang), overflow="fold", max_width=18)
        table.add_column(word("col.after", lang), overflow="fold", max_width=18)
        for p in changes.plan:
            table.add_row(word(p.kind, lang), p.id or word("plan-wide", lang), p.title,
                          _plain_text(p.before), _plain_text(p.after))
        parts.append(table)
    if changes.files:
        parts.append(Text(word("files", lang), style="bold"))
        parts.extend(Text("  " + _file_line(f, lang), overflow="fold") for f in changes.files)
    return Group(*parts)


def _md(text: str) -> str:
    return escape(text, newline=" ")


def diff_markdown(changes: Changes, old: str, new: str, as_of: str, lang: Lang) -> str:
    lines = [f"### {_md(word('title', lang, old=old, new=new, as_of=as_of))}", ""]
    if not (changes.targets or changes.plan or changes.files):
        return "\n".join([*lines, word("none", lang), ""])
    if changes.targets:
        lines += [f"#### {word('targets', lang)}", "",
                  f"| {word('col.id', lang)} | {word('col.title', lang)} | {word('col.before', lang)} "
                  f"| {word('col.after', lang)} |", "|---|---|---|---|"]
        for c in changes.targets:
            files = "<br>".join(_md(_file_line(f, lang)) for f in c.files)
            title = _md(c.title) + (f"<br>{files}" if files else "")
            lines.append(f"| {_md(c.id)} | {title} | {_md(side_text(c.before, c.unit, lang))} "
                         f"| {_md(side_text(c.after, c.unit, lang))} |")
        lines.append("")
    if changes.plan:
        lines += [f"#### {word('plan', lang)}", "",
                  f"| {word('col.change', lang)} | {word('col.id', lang)} | {word('col.title', lang)} "
                  f"| {word('col.before', lang)} | {word('col.after', lang)} |", "|---|---|---|---|---|"]
        for p in changes.plan:
            lines.append(f"| {_md(word(p.kind, lang))} | {_md(p.id or word('plan-wide', lang))} | {_md(p.title)} "
                         f"| {_md(_plain_text(p.before))} | {_md(_plain_text(p.after))} |")
        lines.append("")
    if changes.files:
        lines += [f"#### {word('files', lang)}", ""]
        lines += [f"- {_md(_file_line(f, lang))}" for f in changes.files]
        lines.append("")
    return "\n".join(lines)
