"""`plan status`: the completion table."""

from __future__ import annotations

from typing import Annotated

import typer

from . import (
    AsOfOpt,
    DeptOpt,
    Lang,
    LangOpt,
    RootOpt,
    SectionOpt,
    StatusOpt,
    TableFormat,
    app,
    guarded,
    load,
    make_console,
    parse_date,
    print_data,
    report_problems,
)


@app.command()
@guarded
def status(
    root: RootOpt = None,
    as_of: AsOfOpt = None,
    dept: DeptOpt = None,
    section: SectionOpt = None,
    status_: StatusOpt = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="输出格式 (output format)")] = TableFormat.table,
    lang: LangOpt = Lang.zh,
) -> None:
    """完成情况表：按部分 → 任务 → 指标 (completion table by section, task and target).

    Flags overdue (逾期) and at-risk (滞后) targets in traffic-light colours and ends with a
    summary. Errors in progress files are listed on stderr; the rest is still shown (exit 1).

    例 (examples):
      plan status
      plan status --as-of 2024-10-31 --dept 市交通运输局
      plan status --status overdue,at_risk --format json
    """
    from ..track import evaluate
    from ..views import filter_states

    day = parse_date(as_of)
    repo = load(root)
    code = report_problems(repo, lang)
    ev = evaluate(repo.plan, repo.entries, day)
    states = filter_states(ev, dept=dept, section=section, statuses=status_)
    out = make_console()
    if fmt == TableFormat.json:
        from ..render.data import status_document
        from ..render.json import dumps

        print_data(dumps(status_document(ev, states)))
    else:
        from ..render.table import status_view

        out.print(status_view(ev, states, lang.value, out.width))
    raise typer.Exit(code)
