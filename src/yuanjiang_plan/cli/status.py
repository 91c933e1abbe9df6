"""`plan status`: the completion table."""

from __future__ import annotations

from typing import Annotated

import typer

from ..core.diagnostics import UsageError
from ..core.settings import Settings
from .common import (
    AsOfOpt,
    DeptOpt,
    Lang,
    LangOpt,
    LeaderOpt,
    LightOpt,
    RootOpt,
    SectionOpt,
    StatusOpt,
    TableFormat,
    command,
    emit,
    evaluated,
    make_console,
    parse_date,
    today_of,
)


@command
def status(
    root: RootOpt = None,
    as_of: AsOfOpt = None,
    dept: DeptOpt = None,
    section: SectionOpt = None,
    leader: LeaderOpt = None,
    status_: StatusOpt = None,
    light: LightOpt = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="输出格式 (output format)")] = TableFormat.table,
    chart: Annotated[bool, typer.Option("--chart", help="按部分画完成度条形图，| 为序时进度 "
                                                        "(bars per section against time elapsed)")] = False,
    wide: Annotated[bool, typer.Option("--wide", help="完整表格：全部列、长文本折行 (every column, long text "
                                                      "folded over lines)")] = False,
    lang: LangOpt = Lang.zh,
    rev: Annotated[str | None, typer.Option("--rev", metavar="REV",
                                            help="按 git 版本 REV 时的文件计算，不检出 (evaluate the files as "
                                                 "they were at git revision REV, without checking out)",
                                            show_default=False)] = None,
    settings: Settings | None = None,
) -> None:
    """完成情况表：按部分 → 任务 → 指标 (completion table by section, task and target).

    One line per target (long titles cut with …; --wide for every column in full), the
    traffic light as a word (红/黄/蓝/绿) and a colour, and a summary at the end. Errors in progress files are listed on stderr; the rest is still shown (exit 1).

    \b
    例 (examples):
      plan status
      plan status --as-of 2024-10-31 --dept 市交通运输局
      plan status --leader 杜新国
      plan status --status overdue,at_risk --format json
      plan status --light red,yellow   # everything behind, started or not
      plan status --rev HEAD~3 --as-of 2024-09-30
      plan status --format csv > 指标.csv
      plan status --chart
      plan status --wide
    """
    from ..ops.views import filter_states

    if chart and fmt != TableFormat.table:
        raise UsageError("--chart 只用于表格输出 (--chart draws in the terminal, not with --format)",
                         "去掉 --format，或用 plan report 生成带图的报告 (drop --format)")
    _, ev, code = evaluated(root, parse_date(as_of, today=today_of(settings)), lang, rev, settings=settings)
    day = ev.as_of
    states = filter_states(ev, dept=dept, section=section, statuses=status_, lights=light,
                           leader=leader)
    out = make_console()
    if chart:
        from ..render.chart import chart_view

        out.print(chart_view(ev, states, lang.value, out.width))
        raise typer.Exit(code)
    from ..render.formats import Context
    from ..render.status import FORMATS, StatusInput

    ctx = Context(ev.plan.meta.title, day.isoformat(), lang.value, out.width)
    emit(out, FORMATS[fmt.value](StatusInput(ev, states, wide), ctx))
    raise typer.Exit(code)
