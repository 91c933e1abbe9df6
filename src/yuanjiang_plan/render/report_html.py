"""The 调度通报 as one self-contained HTML file: inline CSS and SVG, no script, no network.

Every user string goes through `esc` (control characters shown escaped, then `html.escape`),
so titles, notes and department names can never become markup. Prints on A4. The charts are
drawn in `report_charts`.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..core.words import Lang
from ..ops.report import ReportContent
from ..ops.track import Light, TargetState
from . import pct, safe_name
from .report_charts import (
    COLOURS,
    FONT_STACK,
    TREND_CSS,
    esc,
    section_chart,
    section_trends_html,
    status_chart,
    target_trends_html,
    timeliness_chart,
)
from .report_text import (
    gap_text,
    label,
    note,
    overall_sentence,
    progress_text,
    rate,
    section_title,
    status_text,
    summary_sentence,
    title,
    unstarted_red_sentence,
    word,
)
from .table import actual_text, goal_text

CSS = f"""
* {{ box-sizing: border-box; }}
body {{ font-family: {FONT_STACK}; color: #202124; margin: 24px auto; max-width: 960px;
  padding: 0 16px; line-height: 1.5; font-size: 14px; }}
h1 {{ font-size: 22px; margin: 0 0 4px; }}
h2 {{ font-size: 17px; border-bottom: 2px solid #1a73e8; padding-bottom: 2px; margin-top: 28px; }}
h3 {{ font-size: 15px; }}
.meta {{ color: #5f6368; }}
table {{ border-collapse: collapse; width: 100%; margin: 8px 0; }}
th, td {{ border: 1px solid #dadce0; padding: 3px 6px; text-align: left; vertical-align: top; }}
th {{ background: #f1f3f4; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
tr.section td {{ font-weight: bold; background: #f8f9fa; }}
td.task {{ padding-left: 20px; }}
.light {{ display: inline-block; width: 10px; height: 10px; border-radius: 50%;
  margin-right: 4px; vertical-align: middle; }}
.light-red {{ background: {COLOURS[Light.RED]}; }}
.light-yellow {{ background: {COLOURS[Light.YELLOW]}; }}
.light-blue {{ background: {COLOURS[Light.BLUE]}; }}
.light-green {{ background: {COLOURS[Light.GREEN]}; }}
.streak {{ color: {COLOURS[Light.RED]}; font-weight: bold; }}
figure {{ margin: 12px 0; }}
figcaption {{ font-weight: bold; margin-bottom: 4px; }}
svg text {{ font-family: {FONT_STACK}; font-size: 12px; fill: #202124; }}
footer {{ color: #9aa0a6; margin-top: 32px; font-size: 12px; }}
/* Phones (issue 17): charts scale to the screen (viewBox, width 100%); a wide table scrolls
   inside its own box, never the page; unit names break between units (at 、), not per character. */
svg.chart {{ display: block; width: 100%; height: auto; }}
.scroll {{ overflow-x: auto; max-width: 100%; }}
td.units, td.unit {{ min-width: 7.5em; word-break: keep-all; overflow-wrap: anywhere; }}
td.unit {{ white-space: nowrap; }}
td.title {{ min-width: 8em; }}
td.note {{ min-width: 14em; }}
td.num, td.date, .nowrap {{ white-space: nowrap; }}
th {{ word-break: keep-all; }}
@media (max-width: 600px) {{ svg text {{ font-size: 16px; }} }}
@page {{ size: A4; margin: 15mm; }}
@media print {{
  body {{ margin: 0; max-width: none; padding: 0; font-size: 10.5pt; }}
  table {{ font-size: 9pt; }}
  th, td {{ padding: 2px 4px; }}
  th {{ white-space: nowrap; }}
  .scroll {{ overflow: visible; }}
  h2 {{ break-after: avoid; }}
  figure, tr {{ break-inside: avoid; }}
  thead {{ display: table-header-group; }}
  * {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
}}
"""


def _light(light: Light, lang: Lang) -> str:
    return f'<span class="light light-{light.value}"></span>{esc(word(light.value, lang))}'


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int] | None = None,
           row_classes: Sequence[str] | None = None, kinds: dict[int, str] | None = None) -> str:
    """Cells are HTML already (callers escape user text). `kinds`: column -> class (`title`,
    `units`, `unit`, `date`) for how a column wraps; the table scrolls in its own box."""
    numeric = numeric or set()
    kinds = kinds or {}
    head = "".join(f"<th>{h}</th>" for h in header)
    body = []
    for i, row in enumerate(rows):
        cls = f' class="{row_classes[i]}"' if row_classes and row_classes[i] else ""
        cells = "".join(f'<td class="num">{c}</td>' if j in numeric
                        else f'<td class="{kinds[j]}">{c}</td>' if j in kinds else f"<td>{c}</td>"
                        for j, c in enumerate(row))
        body.append(f"<tr{cls}>{cells}</tr>")
    return (f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody>'
            "</table></div>")


def _target_cells(s: TargetState) -> list[str]:
    return [esc(s.node.id), esc(s.node.named), esc("、".join(s.node.reporters))]


def render_html(content: ReportContent, lang: Lang = "zh") -> str:
    def L(key: str, **kw: object) -> str:
        return esc(label(key, lang, **kw))

    heading = esc(title(content, lang))
    meta = f"{L('as_of')} {content.as_of.isoformat()}"
    if content.office:
        meta += f" · {L('office')}：{esc(content.office)}"
    body: list[str] = [f"<header><h1>{heading}</h1><p class=\"meta\">{meta}</p></header>"]

    body.append(f"<section><h2>{L('h.overall')}</h2><p>{esc(overall_sentence(content, lang))}</p>"
                f"<p>{esc(summary_sentence(content, lang))}</p>"
                f"<figure><figcaption>{L('chart.status')}</figcaption>{status_chart(content, lang)}</figure>"
                "</section>")

    rows: list[list[str]] = []
    classes: list[str] = []
    for sec in content.sections:
        rows.append([esc(sec.id), esc(section_title(sec.id, sec.title, lang)), str(sec.targets),
                     pct(sec.completion), esc(sec.tally.text(lang)), pct(sec.time_progress),
                     _light(sec.light, lang)])
        classes.append("section")
        for task in sec.tasks:
            rows.append([esc(task.id), f'<span class="task">{esc(task.title)}</span>', str(task.targets),
                         pct(task.completion), esc(task.tally.text(lang)), pct(task.time_progress),
                         _light(task.light, lang)])
            classes.append("task")
    body.append(f"<section><h2>{L('h.sections')}</h2>"
                f"<figure><figcaption>{L('chart.sections')}</figcaption>"
                f"{section_chart(content.sections, lang)}</figure>"
                + _table([L("id"), L("section"), L("targets"), L("completion"), L("tally"), L("progress"),
                          L("light")], rows, {2, 3, 5}, classes, {1: "title", 4: "nowrap", 6: "nowrap"})
                + section_trends_html(content, lang) + "</section>")

    if content.overdue:
        overdue = _table(
            [L("id"), L("target"), L("lead"), L("due"), L("days_overdue"), L("completion"), L("latest")],
            [[*_target_cells(s), esc(_due(s)), str(s.days_overdue), pct(s.completion), esc(note(s))]
             for s in content.overdue], {4, 5}, kinds={1: "title", 2: "units", 3: "date", 6: "note"})
    else:
        overdue = f"<p>{L('none.overdue')}</p>"
    body.append(f"<section><h2>{L('h.overdue')}</h2>{overdue}"
                f"{target_trends_html(content.overdue, content, lang)}</section>")

    if content.at_risk:
        at_risk = _table(
            [L("id"), L("target"), L("lead"), L("goal"), L("actual"), L("completion"), L("progress"), L("gap"),
             L("status")],
            [[*_target_cells(s), esc(goal_text(s, lang)), esc(actual_text(s, lang)), pct(s.completion),
              progress_text(s), gap_text(s), esc(status_text(s, lang))]
             for s in content.at_risk], {5, 6, 7},
            kinds={1: "title", 2: "units", 3: "nowrap", 4: "nowrap", 8: "nowrap"})
        unstarted = unstarted_red_sentence(content, lang)
        if unstarted:
            at_risk += f"<p>{esc(unstarted)}</p>"
    else:
        at_risk = f"<p>{L('none.at_risk')}</p>"
    body.append(f"<section><h2>{L('h.at_risk')}</h2>{at_risk}"
                f"{target_trends_html(content.at_risk, content, lang)}</section>")

    depts = content.departments
    body.append(
        f"<section><h2>{L('h.depts')}</h2><p>{L('ranking_note')}</p>"
        f"<figure><figcaption>{L('chart.depts')}</figcaption>{timeliness_chart(depts, lang)}</figure>"
        + _table([L("rank"), L("unit"), L("led"), esc(word("done", lang)), esc(word("done_late", lang)),
                  esc(word("overdue", lang)), esc(word("at_risk", lang)), L("completion"), L("tally"),
                  L("reports_due"), L("on_time"), L("late"), L("missing"), L("on_time_rate")],
                 [[str(i), esc(d.name), str(d.led), str(d.done), str(d.done_late), str(d.overdue),
                   str(d.at_risk), pct(d.completion), f"{d.done_total}/{d.judged}", str(d.reports_due),
                   str(d.on_time), str(d.late), str(d.missing), pct(rate(d.on_time, d.reports_due))]
                  for i, d in enumerate(depts, 1)],
                 set(range(2, 14)), kinds={1: "unit"}) + "</section>")

    missing = content.missing_units
    if missing:
        items = []
        for d in missing:
            periods = "、".join(o.period.text for o in d.record if o.outcome == "missing")
            item = esc(label("missing_line", lang, unit=d.name, periods=periods))
            if d.missing_streak >= 2:
                item += f'<span class="streak">{L("streak", n=d.missing_streak)}</span>'
            items.append(f"<li>{item}</li>")
        missing_html = f"<ul>{''.join(items)}</ul>"
    else:
        missing_html = f"<p>{L('none.missing')}</p>"
    body.append(f"<section><h2>{L('h.missing')}</h2>{missing_html}</section>")

    if content.changes:
        changes = _table([L("id"), L("target"), L("before"), L("after")],
                         [[esc(c.after.node.id), esc(c.after.node.named),
                           esc(f"{status_text(c.before, lang)} {pct(c.before.completion)}"),
                           esc(f"{status_text(c.after, lang)} {pct(c.after.completion)}")]
                          for c in content.changes], kinds={1: "title", 2: "nowrap", 3: "nowrap"})
    else:
        changes = f"<p>{L('none.changes')}</p>"
    if content.new_reports:
        reports = _table([L("unit"), L("period"), L("submitted"), L("entries"), L("file")],
                         [[esc(r.department), esc(r.period.text),
                           esc(r.submitted.isoformat() if r.submitted else label("unknown", lang)),
                           str(len(r.entries)), esc(safe_name(r.file))] for r in content.new_reports], {3},
                         kinds={0: "unit", 1: "nowrap", 2: "date"})
    else:
        reports = f"<p>{L('none.new_reports')}</p>"
    body.append(f"<section><h2>{L('h.changes')}（{esc(content.previous.text)} → {esc(content.period.text)}）"
                f"</h2><h3>{L('h.changed')}</h3>{changes}<h3>{L('h.new_reports')}</h3>{reports}</section>")
    body.append(f"<footer>{L('generated')} · {esc(content.plan_id)}</footer>")

    lang_attr = "en" if lang == "en" else "zh-CN"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang_attr}"><head><meta charset="utf-8">'
        # No network at all: even a stray URL in user text could not load anything.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        'style-src \'unsafe-inline\'; img-src data:">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{heading}</title><style>{CSS}{TREND_CSS}</style></head>\n<body>\n"
        + "\n".join(body) + "\n</body></html>\n"
    )


def _due(s: TargetState) -> str:
    due, original = s.node.due, s.node.original_due
    return f"{due}（{original}）" if due != original else due.isoformat()
