"""`plan show ID`: one target (or task, section) as a document; one renderer per format."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..core.model import LevelTarget, MilestoneTarget, QuantityTarget
from ..core.progress import ReportEntry
from ..core.quantity import format_quantity
from ..core.words import Lang, goal_words, t
from ..ops.track import DEFAULT_TOLERANCE, Evaluation, TargetState, time_progress
from . import pct, safe_name, status_word, summary_fields, unit_lines
from .data import summary, target_row
from .flat import document_formats
from .formats import Context, Renderer
from .json import dumps
from .overdue import LIGHT_STYLE
from .terminal import cell
from .trend import sparkline

# ---------------------------------------------------------------- data


def _reading(e: ReportEntry) -> object:
    return e.value if e.value is not None else e.stage if e.stage is not None else e.done


def _section_label(ev: Evaluation, section_id: str | None) -> dict[str, str] | None:
    """The section as the document names it (its own `label`, never a computed number)."""
    s = ev.plan.section(section_id) if section_id else None
    if s is None:
        return None
    return {"id": s.id, "title": s.title, "label": ev.plan.named(s.id)}


def target_document(ev: Evaluation, state: TargetState,
                    lines: dict[tuple[str, int], int]) -> dict[str, Any]:
    """The status row plus everything `show` needs: text, qualifier, extension, entries."""
    node = state.node
    spec = node.spec
    doc = target_row(state)  # the status row first, then the details
    doc["original_due"] = node.original_due.isoformat() if node.extension else None
    task = ev.plan.tasks.get(node.task) if node.task else None
    doc.update({
        "text": spec.text,
        "section_title": (_section_label(ev, node.section) or {}).get("label"),
        "task_title": ev.plan.named(task.id) if task else None,
        "qualifier": spec.qualifier,
        "tolerance": None,
        "op": None,
        "baseline": None,
        "change": None,
        "ref": None,
        "stages": None,
        "extension": None,
        "time_progress": round(state.time_progress, 4),
        "note": spec.note,
    })
    doc["basis"] = node.basis if isinstance(spec, QuantityTarget) else None
    doc["schedule"] = [{"period": st.text, "end": st.end.isoformat(), "value": st.value}
                       for st in node.schedule]
    doc["start"] = node.start.isoformat() if node.start else None
    doc["missed_step"] = state.missed_step.text if state.missed_step else None
    if isinstance(spec, QuantityTarget | LevelTarget):
        doc["op"] = spec.op
        doc["baseline"] = spec.baseline
        if spec.qualifier in ("about", "same_pace"):
            doc["tolerance"] = spec.tolerance if spec.tolerance is not None else DEFAULT_TOLERANCE
    if isinstance(spec, LevelTarget):
        doc["change"] = spec.change
        doc["ref"] = spec.ref
    if isinstance(spec, MilestoneTarget):
        doc["stages"] = [{"name": s.name, "due": s.due.isoformat() if s.due else None}
                         for s in spec.stages]
    if node.extension:
        x = node.extension
        doc["extension"] = {"due": x.due.isoformat(), "original_due": node.original_due.isoformat(),
                            "approved_by": x.approved_by, "reason": x.reason, "date": x.date.isoformat()}
    # Units of a breakdown and responsible units report their own parts: those differ
    # legitimately and are no conflict (README *Encoding a real plan*).
    def part(e: ReportEntry) -> tuple[str, str]:
        own = node.share_of(e.department) is not None or (
            e.department in node.responsible and e.department not in node.reporters[:1])
        return (e.period.text, e.department if own else "")

    readings: dict[tuple[str, str], set[str]] = {}
    for e in state.entries:
        if _reading(e) is not None:
            readings.setdefault(part(e), set()).add(repr(_reading(e)))
    doc["entries"] = [{
        "period": e.period.text,
        "department": e.department,
        "submitted": e.submitted.isoformat() if e.submitted else None,
        "value": e.value,
        "stage": e.stage,
        "note": e.note,
        "done": e.done,
        "percent": e.percent,
        "evidence": list(e.evidence),
        "file": e.file,
        "line": lines.get((e.file, e.index), 1),
        "used": e is state.last,
        "conflict": len(readings.get(part(e), ())) > 1 and _reading(e) is not None,
    } for e in state.entries]
    return doc


def node_document(ev: Evaluation, node_id: str) -> dict[str, Any]:
    """A task or section: its title, text, units and its targets' status rows."""
    plan = ev.plan
    if node_id in plan.tasks:
        task = plan.tasks[node_id]
        kind, title, text, lead, support = "task", plan.named(node_id), task.text, task.lead, task.support
    else:
        section = next(s for s in plan.sections if s.id == node_id)
        kind, title, text, lead, support = "section", plan.named(node_id), section.text, (), ()
    ids = plan.targets_under(node_id)  # sub-sections and sub-items too
    states = ev.select(ids)
    elapsed = time_progress(plan.meta.start, plan.meta.end, ev.as_of)
    return {"id": node_id, "type": kind, "title": title, "text": text, "lead": list(lead),
            "support": list(support), "summary": summary(states),
            "time_progress": round(elapsed, 4), "targets": [target_row(s) for s in states]}


# ---------------------------------------------------------------- text


def _colon(lang: Lang) -> str:
    return "：" if lang == "zh" else ": "


def _paren(text: str, lang: Lang) -> str:
    return f"（{text}）" if lang == "zh" else f" ({text})"


def _words(names: list[str], lang: Lang) -> str:
    return "、".join(names) if names else t("none", lang)


def goal_text(doc: dict[str, Any], lang: Lang) -> str:
    """The target as the document says it: its `wording`, else number, unit and qualifier in
    words (6.2%左右, 8%以上, 力争6.5%; README *Encoding a real plan*)."""
    if doc.get("wording"):
        return str(doc["wording"])
    qualifier = ""
    tolerance = f"±{doc['tolerance'] * 100:g}%" if doc.get("tolerance") else ""
    extra = ("，" if lang == "zh" else ", ").join(x for x in (qualifier, tolerance) if x)
    extra = _paren(extra, lang) if extra else ""
    if doc["kind"] == "milestone":
        stages = [s["name"] + (f"（{s['due']}）" if s["due"] else "") for s in doc["stages"]]
        return "、".join(stages) + extra
    if doc["kind"] == "action":
        return (t("action", lang) + extra) if extra else t("action", lang)
    if doc.get("ref"):
        got = format_quantity(doc["target"], doc["unit"]) if doc["target"] is not None else "—"
        if doc.get("qualifier") == "same_pace":
            return (f"与 {doc['ref']}（{got}）基本同步{extra}" if lang == "zh"
                    else f"in step with {doc['ref']} ({got}){extra}")
        return f"= {doc['ref']} ({got}){extra}"
    if doc["target"] is None:
        return t("no_target", lang) + extra
    text = goal_words(doc["op"], doc.get("qualifier"), format_quantity(doc["target"], doc["unit"]),
                      lang) + extra
    if doc.get("change") is not None and doc.get("baseline") is not None:
        text += f"  [{t('f.baseline', lang)} {format_quantity(doc['baseline'], doc['unit'])} " \
                f"+ {doc['change']:g}]"
    return text


def _entry_lines(doc: dict[str, Any], lang: Lang) -> list[RenderableType]:
    out: list[RenderableType] = []
    if not doc["entries"]:
        return [Text("  " + t("no_entries", lang))]
    for e in doc["entries"]:
        said = e["stage"] or (format_quantity(e["value"], doc["unit"]) if e["value"] is not None else "")
        if e["done"]:
            said = t("done", lang)
        elif e.get("percent") is not None:
            said = (said + "  " if said else "") + t("percent_done", lang, n=f"{e['percent']:g}")
        head = f"  {e['period']}  {e['department']}"
        if said:
            head += f"  {said}"
        sub = f"{t('f.submitted', lang)} {e['submitted']}" if e["submitted"] else t("undated", lang)
        head += f"  ({sub})"
        line = cell(head)
        if e["used"]:
            line.append(f"  [{t('used', lang)}]", style="bold")
        if e["conflict"]:
            line.append(f"  [{t('conflict', lang)}]", style="yellow")
        out.append(line)
        if e["note"]:
            out.append(f"      {t('f.note', lang)}{_colon(lang)}{e['note']}")
        if e["evidence"]:
            out.append(f"      {t('f.evidence', lang)}{_colon(lang)}{'、'.join(e['evidence'])}")
        out.append(Text(f"      {safe_name(e['file'])}:{e['line']}", style="dim"))
        if e.get("commit"):  # history from git blame, when the repository is a git repo
            c = e["commit"]
            out.append(cell(f"      {c['hash'][:8]} {c['date']} {c['author']}", "dim"))
    return out


def _fields(pairs: list[tuple[str, str | Text]], lang: Lang) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(overflow="fold")
    for label, value in pairs:
        grid.add_row(label + _colon(lang).strip(), value)
    return grid


def _target_table(doc: dict[str, Any], ctx: Context) -> RenderableType:
    lang = ctx.lang
    title = cell(f"{doc['id']} {doc['label'] or ''}{doc['title']}", "bold")
    pairs: list[tuple[str, str | Text]] = []
    if doc["text"]:
        pairs.append((t("f.text", lang), doc["text"]))
    if doc["section_title"]:
        pairs.append((t("f.section", lang), f"{doc['section']} {doc['section_title']}"))
    if doc["task_title"]:
        pairs.append((t("f.task", lang), f"{doc['task']} {doc['task_title']}"))
    nobody = t("nobody", lang)
    if doc["units"] and not doc["lead"]:
        nobody = t("by_units", lang)
    pairs.append((t("f.lead", lang), _words(doc["lead"], lang) if doc["lead"] else nobody))
    pairs.append((t("f.support", lang), _words(doc["support"], lang)))
    if doc["responsible"]:
        pairs.append((t("f.responsible", lang), _words(doc["responsible"], lang)))
    if doc["leaders"]:
        pairs.append((t("f.leaders", lang), _words(doc["leaders"], lang)))
    if doc["reporter"] and len(doc["lead"]) > 1:
        pairs.append((t("f.reporter", lang), doc["reporter"]))
    pairs.append((t("f.kind", lang), t(doc["kind"], lang)))
    pairs.append((t("f.target", lang), goal_text(doc, lang)))
    if doc["basis"] == "year":
        pairs.append((t("f.basis", lang), t("basis.year", lang)))
    if doc["schedule"]:
        steps = "、".join(f"{st['period']}: {format_quantity(st['value'], doc['unit'])}"
                          for st in doc["schedule"])
        current = doc["step"]["period"] if doc["step"] else ""
        pairs.append((t("f.schedule", lang), steps + (_paren(t("step_now", lang, step=current), lang)
                                                       if current else "")))
    if doc["missed_step"]:
        pairs.append((t("f.missed_step", lang), t("missed_step", lang, step=doc["missed_step"])))
    if doc["start"]:
        pairs.append((t("f.start", lang), doc["start"]))
    x = doc["extension"]
    if x:
        pairs.append((t("f.due", lang), t("due_extended", lang, due=x["due"], original=x["original_due"])))
        pairs.append((t("f.extension", lang), t("ext_text", lang, approved_by=x["approved_by"],
                                                   date=x["date"], reason=x["reason"])))
    else:
        pairs.append((t("f.due", lang), doc["due"]))
    if doc["note"]:
        pairs.append((t("f.note", lang), doc["note"]))
    label = status_word(doc, lang)
    status = Text(label, style=LIGHT_STYLE.get(doc["light"], ""))
    status.append(_paren(t(doc["light"], lang), lang))
    actual = doc["stage"] or (format_quantity(doc["actual"], doc["unit"]) if doc["actual"] is not None else "—")
    tail: list[tuple[str, str | Text]] = [
        (t("f.status", lang), status),
        (t("f.actual", lang), actual),
        (t("f.completion", lang), pct(doc["completion"])),
        (t("f.time_progress", lang), pct(doc["time_progress"])),
    ]
    parts: list[RenderableType] = [title, _fields(pairs, lang)]
    if doc["units"]:
        parts.append(_units_table(doc, lang))
    return Group(*parts, Text(t("f.entries", lang) + _colon(lang).strip(), style="bold"),
                 *_entry_lines(doc, lang), *_trend(doc, lang), _fields(tail, lang))


def _trend(doc: dict[str, Any], lang: Lang) -> list[RenderableType]:
    """The figure period by period with the 序时进度 beside it, then both as sparklines."""
    points = doc.get("trend") or []
    if not points:
        return []
    tab = Table(box=None, padding=(0, 1), pad_edge=False, show_edge=False, collapse_padding=True)
    tab.add_column("  " + t("col.period", lang), no_wrap=True)
    tab.add_column(t("f.actual", lang), justify="right", overflow="fold", max_width=16)
    tab.add_column(t("f.completion", lang), justify="right", no_wrap=True)
    tab.add_column(t("f.time_progress", lang), justify="right", no_wrap=True)
    tab.add_column(t("col.light", lang), no_wrap=True)
    for p in points:
        figure = p["stage"] or (format_quantity(p["actual"], doc["unit"]) if p["actual"] is not None
                                else "—")
        tab.add_row("  " + p["period"], figure, pct(p["completion"]),
                    pct(p["time_progress"]),
                    Text(t(p["light"], lang), style=LIGHT_STYLE.get(p["light"], "")))
    sparks = Table.grid(padding=(0, 1))
    sparks.add_column(no_wrap=True)
    sparks.add_column(no_wrap=True)
    sparks.add_row("  " + t("f.completion", lang), sparkline([p["completion"] for p in points]))
    sparks.add_row("  " + t("f.time_progress", lang), sparkline([p["time_progress"] for p in points]))
    return [Text(t("f.trend", lang) + _colon(lang).strip(), style="bold"), tab, sparks]


def _units_table(doc: dict[str, Any], lang: Lang) -> RenderableType:
    """A breakdown's units side by side: share, own figure, completion, status."""
    tab = Table(box=box.SIMPLE_HEAD, padding=(0, 1), collapse_padding=True, pad_edge=False,
                show_edge=False)
    for name in ("col.unit", "col.share", "col.actual", "col.completion", "col.status"):
        tab.add_column(t(name, lang), no_wrap=name != "col.unit", overflow="fold")
    for u in doc["units"]:
        share = u["share"]
        shown = (format_quantity(share, doc["unit"]) if isinstance(share, int | float) else
                 (share or t("own_part", lang)))
        actual = u["actual"]
        got = format_quantity(actual, doc["unit"]) if isinstance(actual, int | float) else (actual or "—")
        tab.add_row(u["name"], str(shown), str(got),
                    pct(u["completion"]), Text(t(u["status"], lang)))
    return tab


def _node_table(doc: dict[str, Any], ctx: Context) -> RenderableType:
    lang = ctx.lang
    title = cell(f"{doc['id']} {doc['title']}", "bold")
    pairs: list[tuple[str, str | Text]] = []
    if doc["text"]:
        pairs.append((t("f.text", lang), doc["text"]))
    if doc["type"] == "task":
        pairs.append((t("f.lead", lang), _words(doc["lead"], lang) if doc["lead"] else t("nobody", lang)))
        pairs.append((t("f.support", lang), _words(doc["support"], lang)))
    tab = Table(box=box.SIMPLE_HEAD, padding=(0, 1), collapse_padding=True, pad_edge=False,
                show_edge=False)
    tab.add_column(t("col.id", lang), no_wrap=True)
    tab.add_column(t("col.title", lang), overflow="fold", min_width=12)
    tab.add_column(t("col.lead", lang), overflow="fold", max_width=12)
    tab.add_column(t("col.completion", lang), no_wrap=True, justify="right")
    tab.add_column(t("col.status", lang), no_wrap=True)
    for row in doc["targets"]:
        label = status_word(row, lang)
        tab.add_row(row["id"], (row["label"] or "") + row["title"], unit_lines(row["lead"] or row["support"]),
                    pct(row["completion"]), Text(label, style=LIGHT_STYLE.get(row["light"], "")))
    s = doc["summary"]
    foot = Text(t("summary", lang, **summary_fields(s, lang), elapsed=pct(doc["time_progress"])),
                overflow="fold")
    return Group(title, _fields(pairs, lang), tab, foot)


def table(doc: dict[str, Any], ctx: Context) -> RenderableType:
    render: Callable[[dict[str, Any], Context], RenderableType] = (
        _node_table if doc.get("type") in ("task", "section") else _target_table)
    return render(doc, ctx)


def json(doc: dict[str, Any], ctx: Context) -> str:
    return dumps(doc)


FORMATS: dict[str, Renderer] = {"table": table, "json": json,
                                **document_formats("entries", "targets", "trend")}
