"""`plan overdue`: what is past its deadline, most days overdue first."""

from __future__ import annotations

from typing import Annotated

import typer

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
    TableFormat,
    command,
    emit,
    evaluated,
    make_console,
    parse_date,
    today_of,
)


@command
def overdue(
    root: RootOpt = None,
    as_of: AsOfOpt = None,
    dept: DeptOpt = None,
    section: SectionOpt = None,
    leader: LeaderOpt = None,
    at_risk: Annotated[bool, typer.Option("--at-risk", help="同时列出滞后（红灯、黄灯）指标，包括未启动的 "
                                                            "(add at-risk targets, not-started ones too)")] = False,
    light: LightOpt = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="输出格式 (output format)")] = TableFormat.table,
    lang: LangOpt = Lang.zh,
    settings: Settings | None = None,
) -> None:
    """逾期指标：逾期天数多的在前 (overdue targets, most days overdue first).

    Each row shows the lead unit and the last report (period and unit); an extended deadline
    (延期) shows the original beside the new one. `--at-risk` lists the at-risk (red, yellow)
    targets after the overdue ones. JSON: a list of `plan status` target rows.

    \b
    例 (examples):
      plan overdue
      plan overdue --as-of 2024-12-31 --at-risk
      plan overdue --dept jtj --format json
    """
    from ..ops.views import filter_states, overdue_states
    from ..render.formats import Context
    from ..render.overdue import FORMATS, overdue_row

    repo, ev, code = evaluated(root, parse_date(as_of, today=today_of(settings)), lang, settings=settings)
    day = ev.as_of
    states = overdue_states(filter_states(ev, dept=dept, section=section, lights=light, leader=leader),
                            at_risk=at_risk)
    rows = [overdue_row(s) for s in states]
    out = make_console()
    ctx = Context(repo.plan.meta.title, day.isoformat(), lang.value, out.width,
                  ("at_risk",) if at_risk else ())
    rendered = FORMATS[fmt.value](rows, ctx)
    emit(out, rendered)
    raise typer.Exit(code)
