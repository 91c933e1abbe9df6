"""`plan import`: filled-in sheets (.xlsx, .xls, .ods, .csv) into progress YAML, through the same path as `record`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..core.diagnostics import FatalError, UsageError
from ..core.settings import Settings
from .common import (
    Lang,
    LangOpt,
    RootOpt,
    command,
    find,
    lock_dir,
    make_console,
    print_diagnostics,
    today_of,
)
from .record import DryRunOpt, ForceOpt


@command
def import_(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="填好的填报表：.xlsx、.xls、.ods 或 .csv "
                                                "(filled sheets: .xlsx, .xls, .ods or .csv)",
                                                show_default=False)],
    dry_run: DryRunOpt = False,
    force: ForceOpt = False,
    root: RootOpt = None,
    lang: LangOpt = Lang.zh,
    settings: Settings | None = None,
) -> None:
    """导入 Excel 填报表 (read filled-in sheets written by `plan template --xlsx`).

    The sheet may come back as .xlsx, .xls or .ods (as Excel, WPS or LibreOffice saved it) or
    as .csv with the same columns (UTF-8, with or without BOM, or GBK/GB18030 as Excel saves
    CSV in China); anything else is refused with: 请另存为 .xlsx (save as .xlsx).

    Every row is checked as `plan record` checks an entry; problems are reported with sheet,
    row and column (填报.xlsx:Sheet 填报!G7: error: ...). Nothing is written unless every row
    of every file is valid; then each unit's report gets one write (locked, atomic).

    \b
    例 (examples):
      plan import 交通局11月.xlsx --dry-run
      plan import 交通局11月.xlsx 农业局11月.xlsx
    """

    from ..loader import load_plan_or_fail
    from ..render.write import added_lines, already_lines, format_refusal
    from ..write.importer import SheetBatch, check_sheet, read_sheet
    from ..write.record import WriteRefused, record_batches

    found = find(root, settings)
    plan = load_plan_or_fail(found)
    err = make_console(stderr=True)
    sheets: list[SheetBatch] = []
    problems = []
    for file in files:
        if not file.is_file():
            # A mistyped name is a usage error (exit 2), as the README promises, not a data error.
            raise UsageError(f"找不到文件 {file} (file not found)" if not file.exists()
                             else f"{file} 不是文件 (not a file)",
                             "检查文件名和路径；可一次导入多个文件 (check the name; several files may be given)")
        sheet, diags = read_sheet(file, file.name, plan)
        problems += diags
        if sheet is not None:
            problems += check_sheet(plan, sheet, force)
            sheets.append(sheet)
    errors = [d for d in problems if d.is_error]
    if errors:
        for line in format_refusal(errors):
            err.print(line, markup=False, highlight=False, soft_wrap=True)
        raise FatalError(f"{len(errors)} 处错误，未写入任何内容 (errors found: nothing written)",
                         "改正表格后重新导入 (correct the sheet and import again)")
    batches = [s.batch for s in sheets if s.batch.entries]
    skipped = sum(s.skipped for s in sheets)
    if not batches:
        raise FatalError("表格中没有已填写的行 (no filled-in rows)", "在白色单元格填写后再导入 (fill in the white cells)")
    try:
        results = record_batches(found, plan, batches, today=today_of(settings), locks=lock_dir(settings, found), force=force, dry_run=dry_run,
                                 source="plan import")
    except WriteRefused as exc:
        for line in format_refusal(exc.diagnostics):
            err.print(line, markup=False, highlight=False, soft_wrap=True)
        raise
    out = make_console()
    for result in results:
        if result.entries:
            for line in added_lines(result.rel, result.added, result.created, result.written, lang.value):
                out.print(line, markup=False, highlight=False, soft_wrap=True)
        if result.already:
            for line in already_lines(result.rel, [e.target for e in result.already], lang.value):
                out.print(line, markup=False, highlight=False, soft_wrap=True)
        print_diagnostics(err, list(result.warnings))
    count = sum(len(r.entries) for r in results)
    verb = "将导入" if dry_run else "已导入"
    err.print(f"{verb} {count} 条记录，跳过 {skipped} 行未填 ({count} entries, {skipped} blank rows skipped)",
              markup=False)
