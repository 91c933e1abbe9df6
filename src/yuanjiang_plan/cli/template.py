"""`plan template`: a fill-in progress file (YAML or Excel) listing a unit's targets."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from ..core.diagnostics import FatalError, UsageError
from ..core.settings import Settings
from .common import RootOpt, command, find, make_console


@command
def template(
    dept: Annotated[str, typer.Option("--dept", help="填报单位：名称、简称或代码 (reporting unit)",
                                      show_default=False)] = "",
    period: Annotated[str, typer.Option("--period", help="报告期：2024-10、2024-Q4 (period)",
                                        show_default=False)] = "",
    support: Annotated[bool, typer.Option("--support", help="也列出该单位配合的指标 (also targets it supports)")]
    = False,
    out: Annotated[Path | None, typer.Option(
        "--out", help="输出文件；- 为标准输出 (output file; - for stdout). 默认 YAML 写到 "
                      "progress/<period>/<unit>.yaml；Excel 必须给出 --out (an --xlsx sheet needs --out)",
        show_default=False)] = None,
    xlsx: Annotated[bool, typer.Option("--xlsx", help="生成 Excel 填报表 (write an Excel sheet)")] = False,
    root: RootOpt = None,
    settings: Settings | None = None,
) -> None:
    """生成填报模板 (write a fill-in progress file listing the unit's targets).

    One blank entry per target the unit leads (牵头; where a target has no lead, the
    supporting units report it), with the target's title, units, goal and last reported
    value as comments. Blank entries are skipped with a warning (empty-entry) when loading, so
    a half-filled template is a valid report. With --xlsx: an Excel sheet with locked
    reference columns, stage drop-downs and instructions, read back by `plan import`.

    \b
    例 (examples):
      plan template --dept 市交通运输局 --period 2024-11
      plan template --dept jtj --period 2024-11 --support --out -
      plan template --dept jtj --period 2024-11 --xlsx --out 交通局11月.xlsx
    """
    from ..core.forms import SCHEMA_FILE
    from ..loader import load_plan_or_fail, load_progress
    from ..ops.template import build_template
    from ..read.atomic import create_new
    from ..read.files import rel_path
    from ..render.template import template_xlsx, template_yaml
    from ..write.files import check_destination
    from ..write.record import canonical_path, find_report, resolve_unit_period

    if not dept or not period:
        raise UsageError("--dept 和 --period 必须给出 (--dept and --period are required)",
                         "例：plan template --dept 市交通运输局 --period 2024-11")
    found = find(root, settings)
    plan = load_plan_or_fail(found)
    unit, when = resolve_unit_period(plan, dept, period)
    reports, _ = load_progress(found, plan)
    entries = [e for r in reports for e in r.entries]
    t = build_template(plan, entries, unit, when, support)
    err = make_console(stderr=True)
    if str(out) == "-":
        if xlsx:
            raise UsageError("Excel 不能写到标准输出 (cannot write xlsx to stdout)", "用 --out 文件名.xlsx")
        make_console().print(template_yaml(t), end="", markup=False, highlight=False, soft_wrap=True)
        return
    if out is None:
        if xlsx:
            # The sheet is sent to a clerk, not kept in the repository: written into the root
            # by default it sat untracked in `git status` (issue 17). The user names the place.
            raise UsageError("Excel 填报表要用 --out 指定保存位置 (name where the sheet goes with --out)",
                             f"例：--out ~/发送/填报-{canonical_path(found, unit, when).stem}-{when.text}.xlsx "
                             "（表格是发给填报单位的，不放进仓库 (it is for sending, not for the repository)）")
        path = find_report(found, plan, unit, when)
    else:
        path = out.expanduser()
        path = path if path.is_absolute() else Path.cwd() / path
    if xlsx:
        check_destination(path, found)  # an .xlsx in progress/ or plan/ is clutter, never data
    if path.is_symlink() or path.exists():
        raise FatalError(f"{rel_path(found, path)} 已存在，未覆盖 (exists; not overwritten)",
                         "已有报告请用 plan record 追加，或用 --out 另选文件名 "
                         "(append with plan record, or choose another --out)")
    if xlsx:
        data = template_xlsx(t)
    else:
        # `$schema=` is read relative to the file's own folder (issue 17: --out progress/x.yaml
        # pointed to ../../schema/, which is outside the repository from there).
        schema = found / SCHEMA_FILE
        rel = Path(os.path.relpath(schema, path.parent)).as_posix() if schema.is_file() else None
        data = template_yaml(t, rel).encode("utf-8")
    try:
        create_new(path, data)
    except FileExistsError:
        raise FatalError(f"{rel_path(found, path)} 已存在，未覆盖 (exists; not overwritten)") from None
    what = "Excel 填报表" if xlsx else "填报模板"
    err.print(f"已生成{what} (written): {rel_path(found, path)}，共 {len(t.rows)} 项指标 ({len(t.rows)} targets)",
              markup=False, soft_wrap=True)
