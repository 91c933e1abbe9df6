"""Terminal pictures: completion per section as ASCII bars against the 序时进度 marker.

Only `#`, `.` and `|`: block and box characters are ambiguous-width in Chinese terminals, so a
bar drawn with them would not line up.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import set_cell_size
from rich.console import Group, RenderableType
from rich.text import Text

from ..core.words import Lang, t
from ..ops.report import gap_light, time_progress_of
from ..ops.track import Evaluation, Light, TargetState, mean_completion
from . import pct, safe_text
from .table import LIGHT_STYLE, section_label
from .terminal import cell

LABEL_CELLS = 24


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: a section's completion and its 序时进度."""

    id: str
    label: str
    completion: float | None
    time_progress: float
    light: Light


def section_bars(ev: Evaluation, states: list[TargetState], lang: Lang) -> list[Bar]:
    """Goals first, then each section that has a selected target."""
    plan = ev.plan
    lights = plan.meta.lights
    selected = {s.node.id for s in states}
    groups: list[tuple[str, str, list[TargetState]]] = []
    goals = [s for s in states if s.node.section is None]
    if goals:
        groups.append(("G", t("goals", lang), goals))
    for section in plan.top_sections:
        members = [ev.states[tid] for tid in plan.targets_under(section.id) if tid in selected]
        if members:
            groups.append((section.id, section_label(plan, section.id), members))
    bars = []
    for gid, label, members in groups:
        done = mean_completion(members)
        progress = time_progress_of(members)
        bars.append(Bar(gid, label, done, progress,
                        gap_light(done, progress, lights.red_gap, lights.yellow_gap)))
    return bars


def ascii_bar(completion: float | None, progress: float, width: int) -> str:
    """`#` done, `.` to go, `|` where 序时进度 stands."""
    filled = 0 if completion is None else round(max(0.0, min(1.0, completion)) * width)
    cells = ["#"] * filled + ["."] * (width - filled)
    marker = min(width - 1, round(max(0.0, min(1.0, progress)) * width))
    cells[marker] = "|"
    return "".join(cells)


def section_chart(ev: Evaluation, states: list[TargetState], lang: Lang, width: int) -> RenderableType:
    """One line per section: `id label [###..|...]  62%`, within `width` columns (max 100)."""
    width = max(40, min(width, 100))
    bars = section_bars(ev, states, lang)
    label_cells = min(LABEL_CELLS, width // 3)
    bar_width = width - 3 - label_cells - 1 - 2 - 5  # id, label, space, brackets, " 100%"
    lines: list[RenderableType] = []
    for b in bars:
        # the label is cut to its cells as it will be printed: escapes lengthen it
        line = cell(f"{b.id:<3}" + set_cell_size(safe_text(b.label), label_cells) + " [")
        drawn = ascii_bar(b.completion, b.time_progress, bar_width)
        for ch in drawn:
            line.append(ch, style=LIGHT_STYLE[b.light] if ch == "#" else ("bold" if ch == "|" else ""))
        line.append("]" + f"{pct(b.completion) if b.completion is not None else '-':>5}")
        lines.append(line)
    legend = Text(t("chart.legend", lang), style="dim")
    return Group(*lines, legend)


def chart_view(ev: Evaluation, states: list[TargetState], lang: Lang, width: int) -> RenderableType:
    """`plan status --chart`: title, one bar per section, the summary footer."""
    from .table import summary_text

    title = cell(t("title.status", lang, title=ev.plan.meta.title, as_of=ev.as_of.isoformat()), "bold")
    if not states:
        return Group(title, Text(t("nothing", lang)))
    return Group(title, section_chart(ev, states, lang, width), summary_text(ev, states, lang))
