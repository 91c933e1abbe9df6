"""The status table: section -> task -> target, with bars and traffic-light colours."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..i18n import Lang, t
from ..model import LevelTarget, MilestoneTarget, QuantityTarget
from ..track import Evaluation, Light, Status, TargetState, mean_completion, tally, time_progress
from . import amount, bar, pct, safe_text, status_word, summary_fields
from .data import SUMMARY_ORDER, summary

LIGHT_STYLE = {
    Light.RED: "bold red",
    Light.YELLOW: "yellow",
    Light.BLUE: "cyan",
    Light.GREEN: "green",
}
CN_NUMERALS = "一二三四五六七八九十"


def goal_text(state: TargetState, lang: Lang) -> str:
    spec = state.node.spec
    if isinstance(spec, QuantityTarget | LevelTarget):
        if state.goal is None:
            return "—"
        # ASCII operators: ≥ and ≤ are ambiguous-width in Chinese terminals.
        return spec.op + amount(state.goal, spec.unit)
    if spec.kind == "milestone":
        assert isinstance(spec, MilestoneTarget)
        return safe_text(spec.stages[-1].name)
    return ""


def actual_text(state: TargetState, lang: Lang) -> str:
    spec = state.node.spec
    if isinstance(spec, QuantityTarget | LevelTarget):
        return amount(state.actual, spec.unit) if state.actual is not None else "—"
    if spec.kind == "milestone":
        return safe_text(state.stage) if state.stage else "—"
    if spec.kind == "action":
        if state.done_flag:
            return t("done", lang)
        return "…" if state.entries else "—"
    return ""


def completion_cell(value: float | None) -> str:
    return f"{bar(value)} {pct(value):>4}" if value is not None else ""


def status_cell(state: TargetState, lang: Lang) -> Text:
    label = status_word({"status": state.status.value, "days_overdue": state.days_overdue,
                         "days_late": state.days_late}, lang, sep="\n")
    return Text(label, style=LIGHT_STYLE[state.light])


def section_label(index: int, title: str) -> str:
    numeral = CN_NUMERALS[index] if index < len(CN_NUMERALS) else str(index + 1)
    return f"（{numeral}）{title}"


def status_table(ev: Evaluation, states: list[TargetState], lang: Lang, width: int) -> RenderableType:
    """Grouped table; at >= 110 columns it adds due date and last report."""
    wide = width >= 110
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), collapse_padding=True, pad_edge=False,
                  expand=False, show_edge=False)
    table.add_column(t("col.id", lang), no_wrap=True)
    table.add_column(t("col.title", lang), overflow="fold", min_width=12)
    table.add_column(t("col.lead", lang), overflow="fold", max_width=12)
    table.add_column(t("col.target", lang), overflow="fold", justify="right", max_width=10)
    table.add_column(t("col.actual", lang), overflow="fold", justify="right", max_width=10)
    table.add_column(t("col.completion", lang), no_wrap=True)
    table.add_column(t("col.status", lang), no_wrap=True)
    if wide:
        table.add_column(t("col.due", lang), no_wrap=True)
        table.add_column(t("col.last", lang), overflow="fold", max_width=16)

    selected = {s.node.id for s in states}
    plan = ev.plan

    def group_row(label: str, members: list[TargetState], style: str) -> None:
        cells: list[RenderableType] = [
            Text(safe_text(label.split(" ", 1)[0]), style=style),
            Text(safe_text(label.split(" ", 1)[1]) if " " in label else "", style=style),
            "", "", "", Text(completion_cell(mean_completion(members)), style=style),
            # 3/7 完成: the roll-up's counts (none where nothing in it is judged)
            Text(count.text(lang) if (count := tally(members)).judged else "", style=style),
        ]
        if wide:
            cells += ["", ""]
        table.add_row(*cells)

    def target_row(state: TargetState) -> None:
        node = state.node
        cells: list[RenderableType] = [
            Text(safe_text(node.id)),
            Text(safe_text(node.title)),
            Text(safe_text("、".join(node.lead or node.support))),
            Text(safe_text(goal_text(state, lang)), justify="right"),
            Text(safe_text(actual_text(state, lang)), justify="right"),
            completion_cell(state.completion),
            status_cell(state, lang),
        ]
        if wide:
            due = node.due.isoformat()
            if node.due != node.original_due:
                due += f"\n({t('was_due', lang, date=node.original_due.isoformat())})"
            last = state.last
            cells += [due, Text(safe_text(f"{last.period.text} {last.department}")) if last else "—"]
        table.add_row(*cells)

    goal_states = [s for s in states if s.node.section is None]
    if goal_states:
        group_row(f"G {t('goals', lang)}", goal_states, "bold")
        for s in goal_states:
            target_row(s)
    for i, section in enumerate(plan.sections):
        members = [ev.states[tid] for task_id in section.tasks
                   for tid in plan.tasks[task_id].targets if tid in selected]
        if not members:
            continue
        table.add_section()
        group_row(f"{section.id} {section_label(i, section.title)}", members, "bold")
        for task_id in section.tasks:
            task = plan.tasks[task_id]
            task_members = [ev.states[tid] for tid in task.targets if tid in selected]
            if not task_members:
                continue
            group_row(f"{task.id} {task.title}", task_members, "italic")
            for s in task_members:
                target_row(s)
    return table


def summary_text(ev: Evaluation, states: list[TargetState], lang: Lang) -> Text:
    numbers = summary(states)
    meta = ev.plan.meta
    elapsed = time_progress(meta.start, meta.end, ev.as_of)
    text = Text(t("summary", lang, **summary_fields(numbers, lang), elapsed=pct(elapsed)),
                overflow="fold")
    for status in SUMMARY_ORDER:
        label = t(status.value, lang)
        start = text.plain.find(label)
        if start >= 0 and numbers[status.value]:
            style = {Status.DONE: "green", Status.DONE_LATE: "green", Status.OVERDUE: "bold red",
                     Status.AT_RISK: "yellow"}.get(status)
            if style:
                text.stylize(style, start, start + len(label))
    return text


def status_view(ev: Evaluation, states: list[TargetState], lang: Lang, width: int) -> RenderableType:
    title = Text(t("title.status", lang, title=safe_text(ev.plan.meta.title), as_of=ev.as_of.isoformat()),
                 style="bold")
    if not states:
        return Group(title, Text(t("nothing", lang)))
    return Group(title, status_table(ev, states, lang, width), summary_text(ev, states, lang))
