"""`plan codeowners`: a CODEOWNERS file from the units' owners (GitHub or GitLab syntax)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..core.settings import Settings
from .common import RootOpt, command, make_console


class Host(StrEnum):
    github = "github"
    gitlab = "gitlab"


@command
def codeowners(
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="FILE", help="写入该文件，如 .github/CODEOWNERS (write FILE; default: print)",
        show_default=False)] = None,
    host: Annotated[Host, typer.Option("--host", help="语法 (syntax)")] = Host.github,
    root: RootOpt = None,
    settings: Settings | None = None,
) -> None:
    """按单位 owners 生成 CODEOWNERS (a CODEOWNERS file from the units' owners).

    Each unit's `owners` in plan/departments.yaml (git-host accounts: @name, @org/team, or
    an e-mail) own the reports filed under its name, aliases or code, and every file that
    reports for it; the office's owners own plan/ and progress/ by default. With protected
    branches the host then requires an owner's approval for a merge request touching a unit's
    report. `plan validate` warns when a report was last committed by someone else.

    \b
    例 (examples):
      plan codeowners --out .github/CODEOWNERS
      plan codeowners --host gitlab --out .gitlab/CODEOWNERS
    """
    from ..core.diagnostics import UsageError
    from ..ops.owners import codeowners as make
    from ..read.atomic import write_atomic
    from ..read.gitinfo import GitError, locate
    from .common import load

    repo = load(root, settings)
    try:
        prefix = locate(repo.root).prefix
    except GitError:
        prefix = ""
    text = make(repo.plan, repo.reports, host.value, prefix)
    if not any(getattr(u, "owners", None) for u in repo.plan.departments.units):
        err = make_console(stderr=True)
        err.print("注意 (note): departments.yaml 中没有单位填写 owners (no unit has owners)",
                  markup=False, style="yellow")
    if out is None:
        make_console().print(text, markup=False, highlight=False, soft_wrap=True, end="")
        return
    if out.is_dir():
        raise UsageError(f"{out} 是目录 (is a folder)", "给出文件名，如 .github/CODEOWNERS (name a file)")
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, text.encode("utf-8"))
    make_console(stderr=True).print(f"已写入 (wrote) {out}", markup=False, highlight=False, soft_wrap=True)
