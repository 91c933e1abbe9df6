"""`plan depts [NAME]`: the per-unit scorecard (红黑榜), or one unit's targets and reports."""

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
    history,
    make_console,
    parse_date,
    today_of,
)
from .complete import complete_department


@command
def depts(
    name: Annotated[str | None, typer.Argument(metavar="[NAME]", help="单位名称、简称或代码 (a unit: name, alias or code)",
                                               show_default=False, autocompletion=complete_department)] = None,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
    section: SectionOpt = None,
    dept: DeptOpt = None,
    leader: LeaderOpt = None,
    by: Annotated[str, typer.Option("--by", metavar="unit|leader",
                                    help="按单位（默认）或按责任领导评分 (score units, or 责任领导)")] = "unit",
    light: LightOpt = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="输出格式 (output format)")] = TableFormat.table,
    lang: LangOpt = Lang.zh,
    settings: Settings | None = None,
) -> None:
    """单位红黑榜：指标完成与按时报送情况，最弱在前 (per-unit scorecard, weakest first).

    One row per unit that leads (牵头) or supports (配合) a target: targets it answers for by
    status, mean completion, and reports due / on time / late / missing; units with two or more
    missing reports in a row are called out below. With NAME, that unit's targets and its
    reports period by period.

    \b
    例 (examples):
      plan depts --as-of 2024-10-15
      plan depts 沅江高新区
      plan depts jtj --format json
      plan depts --section 2          # targets of section 2 only
      plan depts --by leader          # one row per 责任领导
      plan depts --dept 各区县         # a group: its members
    """
    from ..core.diagnostics import UsageError
    from ..ops.timeliness import leader_scorecards, scorecards
    from ..ops.views import filter_states, resolve_department, resolve_units
    from ..render.depts import FORMATS, UNIT_FORMATS, unit_document
    from ..render.formats import Context

    repo, ev, code = evaluated(root, parse_date(as_of, today=today_of(settings)), lang, settings=settings)
    day = ev.as_of
    unit = resolve_department(ev, name) if name is not None else None
    if by not in ("unit", "leader"):
        raise UsageError(f"--by 只能是 unit 或 leader，不是 '{by}' (--by unit|leader)")
    narrowed = section or leader or light
    only = {s.node.id for s in filter_states(ev, section=section, leader=leader, lights=light)} \
        if narrowed else None
    if by == "leader":
        cards = leader_scorecards(ev, only)
    else:
        cards = scorecards(ev, repo.reports, only, history(repo, settings))
        if leader:  # the units answering for this leader's targets
            cards = [c for c in cards if c.led or c.supported]
    if dept:
        members = set(resolve_units(ev, dept))
        cards = [c for c in cards if c.name in members]
    out = make_console()
    ctx = Context(repo.plan.meta.title, day.isoformat(), lang.value, out.width)
    if unit is None:
        rendered = FORMATS[fmt.value]([c.as_dict() for c in cards], ctx)
    else:
        card = next((c for c in cards if c.name == unit), None)
        if card is None:
            raise UsageError(f"{unit} 不负责任何指标 (this unit carries no target)",
                             "用 plan depts 查看有指标的单位 (see plan depts)")
        rendered = UNIT_FORMATS[fmt.value](unit_document(ev, card), ctx)
    emit(out, rendered)
    raise typer.Exit(code)
