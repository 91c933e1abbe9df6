"""The 调度通报 as Markdown: headings, tables and lists; every user string escaped."""

from __future__ import annotations

from ..core.words import Lang
from ..ops.report import ReportContent
from . import pct, safe_name
from .markdown import escape, table
from .report_text import (
    STATUS_ORDER,
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


def render_markdown(content: ReportContent, lang: Lang = "zh") -> str:
    def L(key: str, **kw: object) -> str:
        return label(key, lang, **kw)

    out: list[str] = [f"# {escape(title(content, lang))}", ""]
    meta = f"{L('as_of')} {content.as_of.isoformat()}"
    if content.office:
        meta += f" · {L('office')}：{escape(content.office)}"
    out += [meta, ""]

    out += [f"## {L('h.overall')}", "", escape(overall_sentence(content, lang)), "",
            escape(summary_sentence(content, lang)), ""]
    out += table([L("status"), L("count")],
                 [[word(s.value, lang), content.counts[s]] for s in STATUS_ORDER], {1})
    out.append("")

    out += [f"## {L('h.sections')}", ""]
    rows: list[list[object]] = []
    for sec in content.sections:
        rows.append([escape(sec.id), "**" + escape(section_title(sec.id, sec.title, lang)) + "**",
                     sec.targets, pct(sec.completion), sec.tally.text(lang), pct(sec.time_progress),
                     word(sec.light.value, lang)])
        for task in sec.tasks:
            rows.append([escape(task.id), "　" + escape(task.title), task.targets, pct(task.completion),
                         task.tally.text(lang), pct(task.time_progress), word(task.light.value, lang)])
    out += _raw_table([L("id"), L("section"), L("targets"), L("completion"), L("tally"), L("progress"),
                       L("light")], rows, {2, 3, 5})
    out.append("")

    out += [f"## {L('h.overdue')}", ""]
    if content.overdue:
        out += table([L("id"), L("target"), L("lead"), L("due"), L("days_overdue"), L("completion"),
                      L("latest")],
                     [[s.node.id, s.node.named, list(s.node.reporters), _due(s.node.due, s.node.original_due),
                       s.days_overdue, pct(s.completion), note(s)] for s in content.overdue], {4})
    else:
        out.append(L("none.overdue"))
    out.append("")

    out += [f"## {L('h.at_risk')}", ""]
    if content.at_risk:
        out += table([L("id"), L("target"), L("lead"), L("goal"), L("actual"), L("completion"),
                      L("progress"), L("gap"), L("status")],
                     [[s.node.id, s.node.named, list(s.node.reporters), goal_text(s, lang),
                       actual_text(s, lang), pct(s.completion), progress_text(s), gap_text(s),
                       status_text(s, lang)]
                      for s in content.at_risk], {7})
        unstarted = unstarted_red_sentence(content, lang)
        if unstarted:
            out += ["", escape(unstarted)]
    else:
        out.append(L("none.at_risk"))
    out.append("")

    out += [f"## {L('h.depts')}", "", L("ranking_note"), ""]
    out += table([L("rank"), L("unit"), L("led"), word("done", lang), word("done_late", lang),
                  word("overdue", lang), word("at_risk", lang), L("completion"), L("tally"),
                  L("reports_due"), L("on_time"), L("late"), L("missing"), L("on_time_rate")],
                 [[i, d.name, d.led, d.done, d.done_late, d.overdue, d.at_risk, pct(d.completion),
                   f"{d.done_total}/{d.judged}", d.reports_due, d.on_time, d.late, d.missing,
                   pct(rate(d.on_time, d.reports_due))]
                  for i, d in enumerate(content.departments, 1)], {0, 2, 3, 4, 5, 6, 9, 10, 11, 12})
    out.append("")

    out += [f"## {L('h.missing')}", ""]
    missing = content.missing_units
    if missing:
        for d in missing:
            periods = "、".join(o.period.text for o in d.record if o.outcome == "missing")
            line = L("missing_line", unit=escape(d.name), periods=periods)
            if d.missing_streak >= 2:
                line += "**" + L("streak", n=d.missing_streak) + "**"
            out.append(f"- {line}")
    else:
        out.append(L("none.missing"))
    out.append("")

    out += [f"## {L('h.changes')}{_span(content.previous.text, content.period.text, lang)}", "",
            f"### {L('h.changed')}", ""]
    if content.changes:
        out += table([L("id"), L("target"), L("before"), L("after")],
                     [[c.after.node.id, c.after.node.named,
                       f"{status_text(c.before, lang)} {pct(c.before.completion)}",
                       f"{status_text(c.after, lang)} {pct(c.after.completion)}"]
                      for c in content.changes])
    else:
        out.append(L("none.changes"))
    out += ["", f"### {L('h.new_reports')}", ""]
    if content.new_reports:
        out += table([L("unit"), L("period"), L("submitted"), L("entries"), L("file")],
                     [[r.department, r.period.text, r.submitted.isoformat() if r.submitted else L("unknown"),
                       len(r.entries), safe_name(r.file)] for r in content.new_reports], {3})
    else:
        out.append(L("none.new_reports"))
    out += ["", f"*{L('generated')}*", ""]
    return "\n".join(out)


def _span(before: str, after: str, lang: Lang) -> str:
    return f" ({before} → {after})" if lang == "en" else f"（{before} → {after}）"


def _due(due: object, original: object) -> str:
    return f"{due}（{original}）" if due != original else str(due)


def _raw_table(header: list[str], rows: list[list[object]], numeric: set[int]) -> list[str]:
    """A table whose cells are already escaped (they carry **bold** markup of our own)."""
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---:" if i in numeric else "---" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines
