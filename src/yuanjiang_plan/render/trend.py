"""Trends rendered: one-line sparklines, JSON rows, and small inline SVG line charts.

The charts share the HTML report's conventions: SVG user units are CSS px, every user string is
escaped by the caller's `esc`, no script. Completion is drawn as a solid line in the light's
colour, 序时进度 as a dashed grey line, both on a fixed 0–100% scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..ops.trend import Point

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float | None]) -> str:
    """Shares 0..1 as eighth-blocks on a fixed 0–100% scale (so two lines compare); None is a
    space. The blocks are ambiguous-width: keep the line out of table cells."""
    top = len(SPARKS) - 1
    return "".join(" " if v is None else SPARKS[min(top, max(0, round(v * top)))] for v in values)


def _r(v: float | None) -> float | None:
    return None if v is None else round(v, 4)


def point_dict(p: Point) -> dict[str, Any]:
    return {"period": p.label, "date": p.day.isoformat(), "actual": p.actual, "stage": p.stage,
            "completion": _r(p.completion), "time_progress": _r(p.time_progress),
            "status": p.status.value, "light": p.light.value, "reported": p.reported}


# ---------------------------------------------------------------- SVG

W, H = 240, 90  # the chart, px
PAD_L, PAD_R, PAD_T, PAD_B = 30, 8, 8, 20


def svg_trend(labels: Sequence[str], completion: Sequence[float | None],
              progress: Sequence[float], colour: str, caption: str, css_class: str = "trend") -> str:
    """A small line chart: completion (solid, `colour`) and 序时进度 (dashed) per point.

    `labels` and `caption` must already be escaped for HTML. The first and last labels are
    written under the axis; each point carries its values in a <title> tooltip.
    """
    n = len(labels)
    inner_w, inner_h = W - PAD_L - PAD_R, H - PAD_T - PAD_B

    def x(i: int) -> float:
        return round(PAD_L + (inner_w * i / (n - 1) if n > 1 else inner_w / 2), 1)

    def y(v: float) -> float:
        return round(PAD_T + inner_h * (1 - max(0.0, min(1.0, v))), 1)

    # Scales with the page like the report's other charts: width 100% of its box, height from
    # the viewBox (no fixed height).
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" width="100%" '
             f'viewBox="0 0 {W} {H}" preserveAspectRatio="xMinYMin meet" '
             f'style="max-width: {W}px" role="img" aria-label="{caption}">']
    for v in (0.0, 0.5, 1.0):
        parts.append(f'<line x1="{PAD_L}" x2="{W - PAD_R}" y1="{y(v)}" y2="{y(v)}" stroke="#e8eaed"/>')
        parts.append(f'<text class="axis" x="{PAD_L - 4}" y="{y(v) + 4}" text-anchor="end">'
                     f"{int(v * 100)}%</text>")
    if n:
        line = " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(progress))
        parts.append(f'<polyline class="time" points="{line}" fill="none" stroke="#5f6368" '
                     f'stroke-width="1.5" stroke-dasharray="4 3"/>')
        done = [(i, v) for i, v in enumerate(completion) if v is not None]
        if done:
            line = " ".join(f"{x(i)},{y(v)}" for i, v in done)
            parts.append(f'<polyline class="done" points="{line}" fill="none" stroke="{colour}" '
                         f'stroke-width="2"/>')
        for i, v in done:
            parts.append(f'<circle class="point" cx="{x(i)}" cy="{y(v)}" r="2.5" fill="{colour}">'
                         f"<title>{labels[i]}: {round(v * 100)}% / {round(progress[i] * 100)}%"
                         "</title></circle>")
        parts.append(f'<text class="axis" x="{x(0)}" y="{H - 6}" text-anchor="start">{labels[0]}</text>')
        if n > 1:
            parts.append(f'<text class="axis" x="{x(n - 1)}" y="{H - 6}" text-anchor="end">'
                         f"{labels[-1]}</text>")
    parts.append("</svg>")
    return "".join(parts)
