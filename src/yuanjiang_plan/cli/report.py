"""`plan report`: the monthly 调度通报 as Markdown, HTML (with charts) or Excel."""

from __future__ import annotations

from pathlib import Path
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
    command,
    history,
    load,
    make_console,
    parse_date,
    report_problems,
    today_of,
)


@command
def report(
    out: Annotated[Path, typer.Option("--out", "-o", help="输出文件：.md / .html / .xlsx / .docx (output file; format from the extension)",
                                      show_default=False)],
    root: RootOpt = None,
    as_of: AsOfOpt = None,
    period: Annotated[str | None, typer.Option(
        "--period", metavar="PERIOD", help="报告期，如 2024-09（默认截至日前最后一个完整报告期）(reporting period; default: "
                         "the last full one)", show_default=False)] = None,
    dept: DeptOpt = None,
    section: SectionOpt = None,
    leader: LeaderOpt = None,
    status_: StatusOpt = None,
    light: LightOpt = None,
    lang: LangOpt = Lang.zh,
    settings: Settings | None = None,
) -> None:
    """调度通报：.md / .html / .xlsx / .docx (the monthly report).

    Overall progress, sections and tasks, overdue and at-risk targets, units ranked with
    their reporting timeliness, units with missing reports, and what changed since the
    previous period.

    The format follows the extension: .md (Markdown), .html (one self-contained file with SVG
    charts, prints on A4), .xlsx (sheets 总览/指标明细/逾期/部门/趋势) or .docx (a Word 通报 in 公文
    layout: A4, GB/T 9704 margins, 小标宋 title, 3号 仿宋 body, page numbers). The file is
    written atomically; plan/ and progress/ are refused.

    \b
    例 (examples):
      plan report --out 通报-2024-09.html --as-of 2024-10-15
      plan report --out 通报.xlsx --period 2024-09
      plan report --out 通报.md
      plan report --out 杜新国.md --leader 杜新国   # one 责任领导's targets
      plan report --out 通报-2024-09.docx --as-of 2024-10-15
    """
    from ..core.quantity import PeriodError, parse_period
    from ..render.report_files import REPORT_RENDERERS

    suffix = out.suffix.lower()
    if suffix not in REPORT_RENDERERS:
        raise UsageError(f"不支持的报告格式 '{out.suffix or out.name}' (unknown report format)",
                         "文件名以 " + " / ".join(REPORT_RENDERERS) + " 结尾 (use one of these extensions)")
    day = parse_date(as_of, today=today_of(settings))
    chosen = None
    if period is not None:
        try:
            chosen = parse_period(period)
        except PeriodError as exc:
            raise UsageError(f"--period: {exc.message}", exc.hint) from None
        if chosen.end > day:
            raise UsageError(f"报告期 {chosen.text} 在 {day} 还没有结束 (the period has not ended by --as-of)",
                             "给出更晚的 --as-of，或更早的 --period (use a later --as-of or an earlier --period)")
    repo = load(root, settings)
    from ..read.atomic import write_atomic
    from ..write.files import check_destination

    check_destination(out, repo.root)
    code = report_problems(repo, lang)
    from ..ops.report import build_report

    selected = None
    if dept or section or leader or status_ or light:
        from ..ops.track import evaluate
        from ..ops.views import filter_states

        ev = evaluate(repo.plan, repo.entries, day)
        selected = {s.node.id for s in filter_states(ev, dept=dept, section=section, leader=leader,
                                                     statuses=status_, lights=light)}
    content = build_report(repo.plan, repo.reports, day, chosen, history(repo, settings), selected)
    write_atomic(out, REPORT_RENDERERS[suffix](content, lang.value))
    err = make_console(stderr=True)
    err.print(f"已写入 (written): {out}  [{content.period.text}, {day.isoformat()}]", markup=False,
              highlight=False, soft_wrap=True)
    raise typer.Exit(code)
