"""`plan record`: append one entry to a unit's report for a period."""

from __future__ import annotations

from typing import Annotated

import typer

from ..core.diagnostics import UsageError
from ..core.settings import Settings
from .common import (
    Lang,
    LangOpt,
    RootOpt,
    command,
    find,
    lock_dir,
    make_console,
    parse_date,
    print_diagnostics,
    today_of,
)

ForceOpt = Annotated[bool, typer.Option("--force", help="单位不是该指标的责任单位时仍写入 "
                                                        "(record even if the unit is not responsible)")]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="只显示将写入的内容 (show what would be written)")]


@command
def record(
    target: Annotated[str, typer.Argument(metavar="ID", help="指标编号，如 1.2.1 (target id)", show_default=False)],
    value: Annotated[str | None, typer.Argument(
        metavar="VALUE",
        help="数值（62、4.5万亩）或里程碑阶段名；工作类指标可省略 "
             "(a number, a Chinese quantity, or a stage name; omit for actions)", show_default=False)] = None,
    dept: Annotated[str, typer.Option("--dept", help="填报单位：名称、简称或代码 (reporting unit)",
                                      show_default=False)] = "",
    period: Annotated[str, typer.Option("--period", help="报告期：2024-10、2024-Q4、2024-H2、2024 (period)",
                                        show_default=False)] = "",
    note: Annotated[str | None, typer.Option("--note", help="进展说明 (note)", show_default=False)] = None,
    evidence: Annotated[list[str] | None, typer.Option(
        "--evidence", help="佐证材料（文号等），可重复 (evidence, repeatable)", show_default=False)] = None,
    done: Annotated[bool, typer.Option("--done", help="工作类指标已完成 (the action is done)")] = False,
    submitted: Annotated[str | None, typer.Option(
        "--submitted", metavar="YYYY-MM-DD",
        help="新建报告时的提交日期（默认今天）(submission date of a new report; default today)",
        show_default=False)] = None,
    force: ForceOpt = False,
    dry_run: DryRunOpt = False,
    root: RootOpt = None,
    lang: LangOpt = Lang.zh,
    settings: Settings | None = None,
) -> None:
    """记录一条进度 (append one entry to the unit's report for the period).

    The entry is checked against the plan first (unknown target, wrong unit, stage not in
    the list, unit not responsible: refused, nothing written), then appended to the unit's
    existing report for the period whatever its file name, or to a new
    progress/<period>/<unit>.yaml. The file keeps its comments, order, quoting, indentation,
    line endings and BOM; the write is locked and atomic.

    \b
    例 (examples):
      plan record 4.3.5 71 --dept 市交通运输局 --period 2024-10 --evidence 沅交发〔2024〕12号
      plan record 2.2.3 3.3万亩 --dept sthjj --period 2024-Q3
      plan record 1.2.1 主体完工 --dept jtj --period 2024-10 --note 路基完成80%
      plan record 1.2.5 --dept jtj --period 2024-10 --note 已完成验收 --done
      plan record --dept fgj --period 2024-10 G1 -- -0.5     # a negative number after --
    """

    from ..loader import load_plan_or_fail
    from ..render.write import added_lines, already_lines, format_refusal, state_line
    from ..write.record import WriteRefused, record_entry

    if not dept or not period:
        raise UsageError("--dept 和 --period 必须给出 (--dept and --period are required)",
                         "例：plan record 4.3.5 71 --dept 市交通运输局 --period 2024-10")
    if value is None and note is None and not done:
        raise UsageError("缺少 VALUE (missing VALUE)",
                         "数量/水平类填数值，里程碑填阶段名；工作类可只给 --note 或 --done "
                         "(give a value or stage; actions may give only --note/--done)")
    today = today_of(settings)
    when = parse_date(submitted, "--submitted") if submitted else None
    found = find(root, settings)
    plan = load_plan_or_fail(found)
    err = make_console(stderr=True)
    try:
        result = record_entry(found, plan, target, value, dept, period, note, evidence or (),
                              True if done else None, submitted=when, today=today, locks=lock_dir(settings, found), force=force,
                              dry_run=dry_run)
    except WriteRefused as exc:
        for line in format_refusal(exc.diagnostics):
            err.print(line, markup=False, highlight=False, soft_wrap=True)
        raise
    out = make_console()
    if result.entries:
        for line in added_lines(result.rel, result.added, result.created, result.written, lang.value):
            out.print(line, markup=False, highlight=False, soft_wrap=True)
    for line in already_lines(result.rel, [e.target for e in result.already], lang.value) if result.already else []:
        out.print(line, markup=False, highlight=False, soft_wrap=True)
    if when is not None and not result.created:
        err.print("提示 (note): 报告已存在，--submitted 未使用 (the report exists; --submitted not used)",
                  markup=False)
    print_diagnostics(err, list(result.warnings))
    if result.written:
        from ..loader import load_repo
        from ..ops.track import evaluate
        from ..read.gitinfo import first_commit_dates

        repo = load_repo(found, first_commit_dates(found), use_cache=settings is None or settings.cache,
                         today=settings.today if settings is not None else None,
                         cache_dir=settings.state_dir(found) if settings is not None else None,
                         workers=settings.workers if settings is not None else None)
        # What the loader now says about the new entries (a conflict with an older entry of the
        # same report, a missing document number...): the clerk should hear it now.
        new = {("entries", e.index) for e in result.entries}
        mine = repo.located(d for d in repo.problems if d.path == result.rel and d.loc
                            and tuple(d.loc[:2]) in new)
        print_diagnostics(err, [d for d in mine if d not in result.warnings])
        as_of = result.period.end
        state = evaluate(repo.plan, repo.entries, as_of).states[result.entries[0].target]
        suffix = f" (as of {as_of})" if lang.value == "en" else f"（截至 {as_of}）"
        out.print(state_line(state, lang.value) + suffix, markup=False, highlight=False, soft_wrap=True)
