"""The HTML report's pictures: inline SVG bar charts and trend small multiples, no script.

Every user string goes through `esc` (control characters shown escaped, then `html.escape`), so
titles and department names can never become markup. Printed in grey the charts stay readable:
each outcome has its own fill pattern, and every bar carries words or figures.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from ..core.words import Lang
from ..ops.report import ReportContent, SectionLine
from ..ops.timeliness import Scorecard
from ..ops.track import Light, Status, TargetState
from . import pct, safe_text
from .report_text import STATUS_ORDER, label, section_title, word
from .trend import svg_trend

# 督办 traffic-light colours, readable on white and in greyscale print.
COLOURS = {
    Light.RED: "#d93025",
    Light.YELLOW: "#f2a600",
    Light.BLUE: "#1a73e8",
    Light.GREEN: "#188038",
}
STATUS_COLOURS = {
    Status.DONE: "#188038",
    Status.DONE_LATE: "#5f9e6e",
    Status.PENDING: "#e8eaed",
    Status.ON_TRACK: "#7cb342",
    Status.AT_RISK: "#f2a600",
    Status.OVERDUE: "#d93025",
    Status.NOT_STARTED: "#9aa0a6",
    Status.NO_TARGET: "#dadce0",
}
OUTCOME_COLOURS = {"on_time": "#188038", "late": "#f2a600", "missing": "#d93025"}
FONT_STACK = ('"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", '
              "sans-serif")

# Chart geometry (SVG user units = CSS px).
LABEL_W = 230
TRACK_W = 400
ROW_H = 26
BAR_H = 16

# Printed in grey, colours alone would merge (按时 green and 未报 red are the same grey): each
# outcome also has its own fill pattern, and the legend and every bar carry words or figures.
PATTERNS = (
    '<defs>'
    '<pattern id="p-late" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    f'<rect width="6" height="6" fill="{OUTCOME_COLOURS["late"]}"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2.5"/></pattern>'
    '<pattern id="p-missing" width="6" height="6" patternUnits="userSpaceOnUse">'
    '<rect width="6" height="6" fill="#ffffff"/>'
    f'<path d="M0 0L6 6M6 0L0 6" stroke="{OUTCOME_COLOURS["missing"]}" stroke-width="1.5"/></pattern>'
    '</defs>'
)
OUTCOME_FILLS = {"on_time": OUTCOME_COLOURS["on_time"], "late": "url(#p-late)", "missing": "url(#p-missing)"}


def esc(text: object) -> str:
    """User text made inert in HTML: controls escaped visibly, then &, <, >, quotes."""
    return html.escape(safe_text(text), quote=True).replace("\n", "<br>")


def _short(text: str, limit: int = 13) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _svg_open(kind: str, width: int, height: int) -> str:
    """A chart that scales with the page: the viewBox keeps its drawing, CSS its width (100%,
    at most its natural size)."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {kind}" width="100%" '
            f'viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" '
            f'style="max-width: {width}px" role="img">')


def section_chart(sections: Sequence[SectionLine], lang: Lang) -> str:
    """Horizontal bars of completion per section, a dark line at each section's 序时进度."""
    height = ROW_H * len(sections) + 28
    width = LABEL_W + TRACK_W + 100
    parts = [_svg_open("chart-sections", width, height)]
    for i, sec in enumerate(sections):
        y = 4 + i * ROW_H
        name = section_title(sec.id, sec.title, lang)
        done = sec.completion or 0.0
        bar_w = round(done * TRACK_W, 2)
        marker_x = round(LABEL_W + sec.time_progress * TRACK_W, 2)
        parts.append(f'<text x="{LABEL_W - 8}" y="{y + BAR_H - 3}" text-anchor="end">'
                     f"<title>{esc(name)}</title>{esc(sec.id)} {esc(_short(name))}</text>")
        parts.append(f'<rect class="track" x="{LABEL_W}" y="{y}" width="{TRACK_W}" height="{BAR_H}" '
                     f'fill="#f1f3f4"/>')
        parts.append(f'<rect class="bar" data-section="{esc(sec.id)}" data-completion="{done:.4f}" '
                     f'x="{LABEL_W}" y="{y}" width="{bar_w}" height="{BAR_H}" '
                     f'fill="{COLOURS[sec.light]}"/>')
        parts.append(f'<line class="marker" x1="{marker_x}" x2="{marker_x}" y1="{y - 3}" '
                     f'y2="{y + BAR_H + 3}" stroke="#202124" stroke-width="2"/>')
        parts.append(f'<text x="{LABEL_W + TRACK_W + 8}" y="{y + BAR_H - 3}">{pct(sec.completion)} '
                     f"{esc(word(sec.light.value, lang))}</text>")
    legend_y = height - 8
    parts.append(f'<line x1="{LABEL_W}" x2="{LABEL_W}" y1="{legend_y - 10}" y2="{legend_y + 2}" '
                 f'stroke="#202124" stroke-width="2"/>'
                 f'<text x="{LABEL_W + 6}" y="{legend_y}">{esc(label("progress", lang))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def status_chart(content: ReportContent, lang: Lang) -> str:
    """One bar per status, length by count, in the status colours."""
    statuses = list(STATUS_ORDER)
    biggest = max([content.counts[s] for s in statuses] + [1])
    height = ROW_H * len(statuses) + 4
    width = LABEL_W + TRACK_W + 60
    parts = [_svg_open("chart-status", width, height)]
    for i, s in enumerate(statuses):
        y = 4 + i * ROW_H
        n = content.counts[s]
        parts.append(f'<text x="{LABEL_W - 8}" y="{y + BAR_H - 3}" text-anchor="end">'
                     f"{esc(word(s.value, lang))}</text>")
        parts.append(f'<rect class="status-bar" data-status="{s.value}" data-count="{n}" x="{LABEL_W}" '
                     f'y="{y}" width="{round(n / biggest * TRACK_W, 2)}" height="{BAR_H}" '
                     f'fill="{STATUS_COLOURS[s]}"/>')
        parts.append(f'<text x="{LABEL_W + round(n / biggest * TRACK_W, 2) + 6}" y="{y + BAR_H - 3}">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def timeliness_chart(departments: Sequence[Scorecard], lang: Lang) -> str:
    """Per unit, one stacked bar: on time, late, missing — as shares of the reports owed."""
    owing = [d for d in departments if d.reports_due]
    height = ROW_H * len(owing) + 30
    width = LABEL_W + TRACK_W + 60
    parts = [_svg_open("chart-depts", width, height), PATTERNS]
    for i, d in enumerate(owing):
        y = 4 + i * ROW_H
        parts.append(f'<text x="{LABEL_W - 8}" y="{y + BAR_H - 3}" text-anchor="end">'
                     f"<title>{esc(d.name)}</title>{esc(_short(d.name))}</text>")
        x = float(LABEL_W)
        for outcome, n in (("on_time", d.on_time), ("late", d.late), ("missing", d.missing)):
            w = round(n / d.reports_due * TRACK_W, 2)
            if w:
                parts.append(f'<rect class="dept-{outcome}" data-count="{n}" x="{round(x, 2)}" y="{y}" '
                             f'width="{w}" height="{BAR_H}" fill="{OUTCOME_FILLS[outcome]}" '
                             f'stroke="{OUTCOME_COLOURS[outcome]}" stroke-width="0.5"/>')
            x += w
        parts.append(f'<text x="{LABEL_W + TRACK_W + 8}" y="{y + BAR_H - 3}">'
                     f"{d.on_time}/{d.reports_due}</text>")
    legend_y = height - 8
    x = LABEL_W
    for outcome in ("on_time", "late", "missing"):
        parts.append(f'<rect x="{x}" y="{legend_y - 10}" width="12" height="12" '
                     f'fill="{OUTCOME_FILLS[outcome]}" stroke="{OUTCOME_COLOURS[outcome]}"/>'
                     f'<text x="{x + 16}" y="{legend_y}">{esc(label(outcome, lang))}</text>')
        x += 90
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------- trends (issue 16)

TREND_CSS = """
.trends { display: flex; flex-wrap: wrap; gap: 8px 16px; margin: 8px 0; }
.trends figure { margin: 0; width: 240px; max-width: 100%; break-inside: avoid; }
.trends figcaption { font-weight: normal; font-size: 13px; margin: 0; overflow: hidden;
  text-overflow: ellipsis; white-space: nowrap; }
svg.trend { display: block; width: 100%; height: auto; }
svg.trend text.axis { font-size: 10px; fill: #5f6368; }
p.legend { color: #5f6368; font-size: 12px; margin: 4px 0; }
"""


def _trend_figure(caption: str, labels: list[str], completion: list[float | None],
                  progress: list[float], light: Light) -> str:
    svg = svg_trend([esc(x) for x in labels], completion, progress, COLOURS[light], esc(caption))
    return f'<figure><figcaption title="{esc(caption)}">{esc(caption)}</figcaption>{svg}</figure>'


def section_trends_html(content: ReportContent, lang: Lang) -> str:
    """Small multiples: each section's completion and 序时进度 at each period's end."""
    figures = []
    for sec in content.sections:
        points = content.section_trends.get(sec.id, ())
        if not points:
            continue
        figures.append(_trend_figure(
            section_title(sec.id, sec.title, lang), [p.label for p in points],
            [p.completion for p in points], [p.time_progress for p in points], sec.light))
    if not figures:
        return ""
    return (f"<h3>{esc(label('chart.trends', lang))}</h3>"
            f'<p class="legend">{esc(label("trend.legend", lang))}</p>'
            f'<div class="trends">{"".join(figures)}</div>')


def target_trends_html(states: Sequence[TargetState], content: ReportContent, lang: Lang) -> str:
    figures = []
    for s in states:
        points = content.target_trends.get(s.node.id, ())
        if points:
            figures.append(_trend_figure(
                f"{s.node.id} {s.node.named}", [p.label for p in points],
                [p.completion for p in points], [p.time_progress for p in points], s.light))
    if not figures:
        return ""
    return (f'<p class="legend">{esc(label("chart.target_trends", lang))} · '
            f'{esc(label("trend.legend", lang))}</p><div class="trends">{"".join(figures)}</div>')
