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
    rev: Annotated[str | None, typer.Option("--rev", metavar="REV",
                                            help="按 git 版本 REV 时的文件计算，不检出 (evaluate the files as "
                                                 "they were at git revision REV, without checking out)",
                                            show_default=False)] = None,
) -> None:
    """完成情况表：按部分 → 任务 → 指标 (completion table by section, task and target).

    Flags overdue (逾期) and at-risk (滞后) targets in traffic-light colours and ends with a
    summary. Errors in progress files are listed on stderr; the rest is still shown (exit 1).

    例 (examples):
      plan status
      plan status --as-of 2024-10-31 --dept 市交通运输局
      plan status --status overdue,at_risk --format json
      plan status --rev HEAD~3 --as-of 2024-09-30
    """
    from ..track import evaluate
    from ..views import filter_states

    day = parse_date(as_of)
    if rev is None:
        repo = load(root)
    else:
        from pathlib import Path

        from ..gitinfo import repo_at
        from ..load import find_root

        repo = repo_at(find_root(Path.cwd(), root), rev)
    code = report_problems(repo, lang)
    ev = evaluate(repo.plan, repo.entries, day)
    states = filter_states(ev, dept=dept, section=section, statuses=status_)
    out = make_console()
    if fmt == TableFormat.json:
        from ..render.data import status_document
        from ..render.json import dumps

        out.print(dumps(status_document(ev, states)), markup=False, highlight=False, soft_wrap=True)
    else:
        from ..render.table import status_view

        out.print(status_view(ev, states, lang.value, out.width))
    raise typer.Exit(code)
