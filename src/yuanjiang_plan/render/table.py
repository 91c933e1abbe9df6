"""The status table: section -> task -> target, with bars and the traffic light as a word and a colour."""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..core.model import LevelTarget, MilestoneTarget, QuantityTarget
from ..core.quantity import format_quantity
from ..core.tree import Plan
from ..core.words import Lang, goal_words, t
from ..ops.track import (
    Evaluation,
    Light,
    Status,
    TargetState,
    mean_completion,
    tally,
    time_progress,
)
from . import bar, pct, status_word, summary_fields, unit_lines
from .data import SUMMARY_ORDER, summary
from .terminal import cell, inert

LIGHT_STYLE = {
    Light.RED: "bold red",
    Light.YELLOW: "yellow",
    Light.BLUE: "cyan",
    Light.GREEN: "green",
}


def goal_text(state: TargetState, lang: Lang) -> str:
    """The goal in words; user text as it is (each output format escapes it at its boundary)."""
    spec = state.node.spec
    if isinstance(spec, QuantityTarget | LevelTarget):
        if spec.wording:
            return spec.wording
        if state.goal is None:
            return "—"
        # ASCII operators: ≥ and ≤ are ambiguous-width in Chinese terminals.
        return goal_words(spec.op, spec.qualifier, format_quantity(state.goal, spec.unit), lang)
    if spec.kind == "milestone":
        assert isinstance(spec, MilestoneTarget)
        return spec.wording or spec.stages[-1].name
    return spec.wording or ""


def actual_text(state: TargetState, lang: Lang) -> str:
    spec = state.node.spec
    if isinstance(spec, QuantityTarget | LevelTarget):
        return format_quantity(state.actual, spec.unit) if state.actual is not None else "—"
    if spec.kind == "milestone":
        return state.stage if state.stage else "—"
    if spec.kind == "action":
        if state.done_flag:
            return t("done", lang)
        return "…" if state.entries else "—"
    return ""


def completion_cell(value: float | None) -> str:
    return f"{bar(value)} {pct(value):>4}" if value is not None else ""


def status_cell(state: TargetState, lang: Lang, wide: bool = True) -> Text:
    row = {"status": state.status.value, "days_overdue": state.days_overdue, "days_late": state.days_late}
    label = status_word(row, lang, sep="\n") if wide else status_word(row, lang)
    return Text(label, style=LIGHT_STYLE[state.light])


def section_label(plan: Plan, node_id: str) -> str:
    """A section or task as the document names it: its own `label` and title. The tool never
    prints a numbering it computed (README *Encoding a real plan*)."""
    return plan.named(node_id)


def light_cell(light: Light, lang: Lang) -> Text:
    """The light as a word as well as a colour: NO_COLOR, a pipe or a grey printout keeps it."""
    return Text(t(f"light.{light.value}", lang), style=LIGHT_STYLE[light])


def units_text(units: tuple[str, ...] | list[str], lang: Lang) -> str:
    """The first unit and how many more (`市文旅广体局等4家`): one line in the compact table."""
    if len(units) <= 1:
        return "".join(units)
    return t("units_more", lang, first=units[0], n=len(units))


def status_table(ev: Evaluation, states: list[TargetState], lang: Lang, width: int,
                 wide: bool = False) -> RenderableType:
    """Grouped table. Compact by default: one line per target, long titles cut with …, the
    first lead unit only; at >= 110 columns it adds goal, actual and due. `wide`: every column
    in full, text folded over several lines (at >= 110 columns also the last report)."""
    roomy = width >= 110
    show_goal = wide or roomy
    show_due = roomy
    show_last = wide and roomy
    plan = ev.plan
    selected = {s.node.id for s in states}
    Row = list[RenderableType]
    rows: list[Row | None] = []  # None: a section break

    def group_row(label: str, members: list[TargetState], style: str) -> None:
        cells: Row = [cell(label.split(" ", 1)[0], style),
                      cell(label.split(" ", 1)[1] if " " in label else "", style), ""]
        if show_goal:
            cells += ["", ""]
        # 3/7 完成: the roll-up's counts (none where nothing in it is judged)
        count = tally(members)
        cells += [Text(completion_cell(mean_completion(members)), style=style), "",
                  Text(count.text(lang) if count.judged else "", style=style)]
        cells += [""] * (show_due + show_last)
        rows.append(cells)

    def target_row(state: TargetState) -> None:
        node = state.node
        units = node.lead or node.support
        cells: Row = [node.id, plan.named(node.id), unit_lines(units) if wide else units_text(units, lang)]
        if show_goal:
            cells += [cell(goal_text(state, lang), justify="right"),
                      cell(actual_text(state, lang), justify="right")]
        cells += [Text(completion_cell(state.completion)), light_cell(state.light, lang),
                  status_cell(state, lang, wide)]
        if show_due:
            due = node.due.isoformat()
            if node.due != node.original_due:
                # extended (延期): the original date in the wide table, a mark in the compact one
                due += f"\n({t('was_due', lang, date=node.original_due.isoformat())})" if wide else "*"
            cells.append(Text(due))
        if show_last:
            last = state.last
            cells.append(f"{last.period.text} {last.department}" if last else "—")
        rows.append(cells)

    goal_states = [s for s in states if s.node.section is None]
    if goal_states:
        group_row(f"G {t('goals', lang)}", goal_states, "bold")
        for s in goal_states:
            target_row(s)
    def task_rows(task_id: str) -> None:
        task = plan.tasks[task_id]
        task_members = [ev.states[tid] for tid in plan.targets_under(task_id) if tid in selected]
        if not task_members:
            return
        group_row(f"{task.id} {plan.named(task.id)}", task_members, "italic")
        for tid in task.targets:
            if tid in selected:
                target_row(ev.states[tid])
        for sub in task.tasks:
            task_rows(sub)

    for section in plan.sections:  # sub-sections follow their parent, each with its roll-up
        members = [ev.states[tid] for tid in plan.targets_under(section.id) if tid in selected]
        if not members:
            continue
        if section.depth == 0:
            rows.append(None)
        group_row(f"{section.id} {section_label(plan, section.id)}", members, "bold")
        for task_id in section.tasks:
            task_rows(task_id)

    headers = [t("col.id", lang), t("col.title", lang), t("col.lead", lang)]
    if show_goal:
        headers += [t("col.target", lang), t("col.actual", lang)]
    headers += [t("col.completion", lang), t("col.light", lang), t("col.status", lang)]
    if show_due:
        headers.append(t("col.due", lang))
    if show_last:
        headers.append(t("col.last", lang))
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), collapse_padding=True, pad_edge=False,
                  expand=False, show_edge=False)
    # Widths are measured on the text as it will be printed: escapes lengthen it.
    rows = [None if r is None else [inert(c) for c in r] for r in rows]

    def shown(c: RenderableType) -> int:
        return max(cell_len(line) for line in c.plain.split("\n")) if isinstance(c, Text) else 0

    natural = [max([cell_len(header)] + [shown(r[j]) for r in rows if r is not None])
               for j, header in enumerate(headers)]
    if wide:
        table.add_column(headers[0], no_wrap=True)
        table.add_column(headers[1], overflow="fold", min_width=12)
        table.add_column(headers[2], overflow="fold", max_width=10 if not roomy else 12)
        if show_goal:
            table.add_column(headers[3], overflow="fold", justify="right", max_width=8 if not roomy else 10)
            table.add_column(headers[4], overflow="fold", justify="right", max_width=8 if not roomy else 10)
        for j in range(5 if show_goal else 3, len(headers)):
            if show_last and j == len(headers) - 1:
                table.add_column(headers[j], overflow="fold", max_width=16)
            else:  # completion, light, status, due: never squeezed
                table.add_column(headers[j], no_wrap=True, min_width=natural[j])
    else:
        # Every column but the title keeps its natural width (capped); the title takes what is
        # left and is cut with …, so each target stays on one line at any width.
        caps = {2: 18, 3: 12, 4: 12} if show_goal else {2: 18}
        natural = [min(w, caps.get(j, w)) for j, w in enumerate(natural)]
        rest = sum(w for j, w in enumerate(natural) if j != 1) + 2 * (len(headers) - 1)  # padding + rule
        title_width = max(12, min(natural[1], width - rest))
        for j, header in enumerate(headers):
            table.add_column(header, no_wrap=True, overflow="ellipsis",
                             justify="right" if show_goal and j in (3, 4) else "left",
                             width=title_width if j == 1 else natural[j])
    for row in rows:
        if row is None:
            table.add_section()
        else:
            table.add_row(*row)
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


def status_view(ev: Evaluation, states: list[TargetState], lang: Lang, width: int,
                wide: bool = False) -> RenderableType:
    title = cell(t("title.status", lang, title=ev.plan.meta.title, as_of=ev.as_of.isoformat()), "bold")
    if not states:
        return Group(title, Text(t("nothing", lang)))
    return Group(title, status_table(ev, states, lang, width, wide), summary_text(ev, states, lang))
