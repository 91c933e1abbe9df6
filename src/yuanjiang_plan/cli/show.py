"""`plan show ID`: one target with every entry and where it was written."""

from __future__ import annotations

from typing import Annotated

import typer

from ..core.diagnostics import UsageError
from ..core.settings import Settings
from .common import (
    AsOfOpt,
    Lang,
    LangOpt,
    RootOpt,
    TableFormat,
    command,
    emit,
    load,
    make_console,
    parse_date,
    report_problems,
    today_of,
)
from .complete import complete_target_id


@command
def show(
    node_id: Annotated[str, typer.Argument(metavar="ID", help="指标、任务或部分编号，如 1.2.1 (target, task or section id)",
                                           autocompletion=complete_target_id)],
    root: RootOpt = None,
    as_of: AsOfOpt = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="输出格式 (output format)")] = TableFormat.table,
    lang: LangOpt = Lang.zh,
    settings: Settings | None = None,
) -> None:
    """一项指标的全部情况 (one target: text, responsibility, target, entries, status).

    Shows the document's sentence, lead (牵头) and supporting (配合) units, the target with its
    qualifier (以上、左右、力争、以下、基本同步), the due date and any extension (延期), every
    entry counted at the as-of date in time order with its file:line, and the resulting status,
    light, completion and 序时进度 — and the trend: the figure, completion and 序时进度 at the
    end of each reporting period (then the as-of date), with a one-line sparkline of each.
    JSON adds `trend`: [{period, date, actual, stage, completion, time_progress, status, light,
    reported}]. A task or section id lists its targets' statuses.

    \b
    例 (examples):
      plan show 1.2.1
      plan show 4.3.5 --as-of 2024-09-30
      plan show 2.3 --format json
    """
    from ..ops.track import evaluate
    from ..read.progress import entry_lines
    from ..render.formats import Context
    from ..render.show import FORMATS, node_document, target_document

    day = parse_date(as_of, today=today_of(settings))
    repo = load(root, settings)
    plan = repo.plan
    key = node_id.strip()
    known_nodes = set(plan.tasks) | {s.id for s in plan.sections}
    if key not in plan.targets and key not in known_nodes:
        guess = plan.suggest_node(key)
        raise UsageError(f"没有编号为 '{key}' 的指标 (unknown id)",
                         f"是不是 {guess}? (did you mean)" if guess else "用 plan status 查看编号 (see plan status)")
    code = report_problems(repo, lang)
    ev = evaluate(plan, repo.entries, day)
    if key in plan.targets:
        state = ev.states[key]
        doc = target_document(ev, state, entry_lines(repo.root, state.entries))
        from ..read.gitinfo import entry_commits

        # History: the commit that added each entry (`git blame` of these files only).
        commits = entry_commits(repo.root, state.entries)
        for e, row in zip(state.entries, doc["entries"], strict=True):
            added = commits.get((e.file, e.index))
            if added:
                row["commit"] = added.as_dict()
        from ..ops.trend import history, target_trend
        from ..render.trend import point_dict

        # Trend: the target at each period's end (and today), as those days' commands said.
        doc["trend"] = [point_dict(p) for p in
                        target_trend(history(plan, repo.entries, day, ev), key)]
    else:
        doc = node_document(ev, key)
    out = make_console()
    rendered = FORMATS[fmt.value](doc, Context(plan.meta.title, day.isoformat(), lang.value, out.width))
    emit(out, rendered)
    raise typer.Exit(code)
