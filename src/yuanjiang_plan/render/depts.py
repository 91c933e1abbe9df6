"""`plan depts [NAME]`: the per-unit scorecard (红黑榜) and one unit's record, as rows."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..core.words import Lang, t
from ..ops.timeliness import Outcome, Scorecard
from ..ops.track import Evaluation
from . import pct, safe_name, status_word
from .flat import document_formats, row_formats
from .formats import Context, Renderer, Rows
from .json import dumps
from .overdue import LIGHT_STYLE, overdue_row
from .terminal import cell

OUTCOME_STYLE = {Outcome.ON_TIME.value: "green", Outcome.LATE.value: "yellow",
                 Outcome.MISSING.value: "bold red"}

# ---------------------------------------------------------------- data


def unit_document(ev: Evaluation, card: Scorecard) -> dict[str, Any]:
    """One unit: its scorecard, its targets (led and supported) and its reports period by period."""
    targets = []
    for state in ev.states.values():
        node = state.node
        if card.name not in node.involved:
            continue
        role = "lead" if card.name in node.lead else "joint" if card.name in node.reporters else "support"
        targets.append({**overdue_row(state), "role": role})
    record = [{
        "period": o.period.text,
        "deadline": o.deadline.isoformat(),
        "outcome": o.outcome.value,
        "submitted": o.submitted.isoformat() if o.submitted else None,
        "submitted_from": o.submitted_from or None,
        "days_late": o.days_late,
        "file": o.file,
    } for o in card.record]
    return {**card.as_dict(), "targets": targets, "record": record}


# ---------------------------------------------------------------- text


def _table() -> Table:
    return Table(box=box.SIMPLE_HEAD, padding=(0, 1), collapse_padding=True, pad_edge=False,
                 show_edge=False)


def callouts(rows: Rows, lang: Lang) -> list[Text]:
    """Units with two or more missing reports in a row, by name (README *Supervision*)."""
    out = []
    for row in rows:
        runs = row["missing_runs"]
        for k, run in enumerate(runs):
            line = cell(t("streak", lang, name=row["name"], n=len(run), periods="、".join(run)), "bold red")
            if k == len(runs) - 1 and row["missing_streak"] == len(run):
                line.append(t("streak_now", lang))  # the run reaches the latest period owed
            out.append(line)
    return out


def table(rows: Rows, ctx: Context) -> RenderableType:
    lang = ctx.lang
    title = cell(t("title.depts", lang, title=ctx.plan_title, as_of=ctx.as_of), "bold")
    tab = _table()
    tab.add_column(t("col.dept", lang), overflow="fold", max_width=16)
    for key in ("col.led", "col.supported", "col.n_done", "col.n_at_risk", "col.n_overdue", "col.mean"):
        tab.add_column(t(key, lang), justify="right", no_wrap=True)
    for key in ("col.reports", "col.on_time", "col.late", "col.missing"):
        tab.add_column(t(key, lang), justify="right", no_wrap=True)
    for row in rows:
        tab.add_row(
            # 完成 as `done/judged` (3/7): the completion beside it never hides unfinished work;
            # late ones (逾期完成) are named below the table.
            row["name"], str(row["led"]), str(row["supported"]),
            f"{row['done_total']}/{row['judged']}",
            Text(str(row["at_risk"]), style="yellow" if row["at_risk"] else ""),
            Text(str(row["overdue"]), style="bold red" if row["overdue"] else ""),
            pct(row["completion"]), str(row["reports_due"]), str(row["on_time"]),
            Text(str(row["late"]), style="yellow" if row["late"] else ""),
            Text(str(row["missing"]), style="bold red" if row["missing"] else ""),
        )
    late = [cell(t("dept_done_late", lang, name=r["name"], n=r["done_late"]), "yellow")
            for r in rows if r.get("done_late")]
    return Group(title, tab, *callouts(rows, lang), *late, Text(t("depts_order", lang), style="dim"))


def unit_table(doc: dict[str, Any], ctx: Context) -> RenderableType:
    lang = ctx.lang
    title = cell(t("title.dept", lang, name=doc["name"], as_of=ctx.as_of), "bold")
    targets = _table()
    targets.add_column(t("col.id", lang), no_wrap=True)
    targets.add_column(t("col.title", lang), overflow="fold", min_width=12)
    targets.add_column(t("col.role", lang), no_wrap=True)
    targets.add_column(t("col.completion", lang), no_wrap=True, justify="right")
    targets.add_column(t("col.status", lang), no_wrap=True)
    targets.add_column(t("col.due", lang), no_wrap=True)
    for row in doc["targets"]:
        label = status_word(row, lang)
        due = row["due"] + (f"\n({t('was_due', lang, date=row['original_due'])})" if row["original_due"] else "")
        targets.add_row(row["id"], (row.get("label") or "") + row["title"], t("role." + row["role"], lang),
                        pct(row["completion"]), Text(label, style=LIGHT_STYLE.get(row["light"], "")), due)
    parts: list[RenderableType] = [title, targets]
    s = doc
    parts.append(Text(t("summary_unit", lang, led=s["led"], supported=s["supported"], done=s["done"],
                        done_late=s["done_late"], on_track=s["on_track"], at_risk=s["at_risk"],
                        overdue=s["overdue"], not_started=s["not_started"],
                        completion=pct(s["completion"]), done_total=s["done_total"],
                        judged=s["judged"])))
    if doc["record"]:
        record = _table()
        record.add_column(t("col.period", lang), no_wrap=True)
        record.add_column(t("col.deadline", lang), no_wrap=True)
        record.add_column(t("col.submitted", lang), no_wrap=True)
        record.add_column(t("col.outcome", lang), no_wrap=True)
        record.add_column(t("col.file", lang), overflow="fold")
        for r in doc["record"]:
            outcome = t(r["outcome"], lang)
            if r["days_late"]:
                outcome = t("days_late", lang, n=r["days_late"])
            submitted = r["submitted"] or ("—" if r["outcome"] == "missing" else t("undated", lang))
            record.add_row(r["period"], r["deadline"], submitted,
                           Text(outcome, style=OUTCOME_STYLE[r["outcome"]]),
                           Text(safe_name(r["file"] or "")))
        parts.append(record)
        parts.append(Text(t("summary_reports", lang, reports_due=s["reports_due"], on_time=s["on_time"],
                            late=s["late"], missing=s["missing"])))
    else:
        parts.append(Text(t("no_reports_owed", lang)))
    parts += callouts([doc], lang)
    return Group(*parts)


def json(rows: Any, ctx: Context) -> str:
    return dumps(rows)


FORMATS: dict[str, Renderer] = {"table": table, "json": json, **row_formats()}
UNIT_FORMATS: dict[str, Renderer] = {"table": unit_table, "json": json,
                                     **document_formats("targets", "record")}
