"""`plan validate`: every problem in plan and progress, located."""

from __future__ import annotations

import dataclasses
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from ..core.settings import Settings
from .common import (
    Lang,
    LangOpt,
    RootOpt,
    command,
    emit,
    find,
    make_console,
)

if TYPE_CHECKING:
    from ..core.diagnostics import Diagnostic


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def _step_summary(diags: list[Diagnostic]) -> None:
    """GitHub shows 10 annotations per type: the full list goes to the job summary too."""
    import os

    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    from ..render.diagnostics import format_github_summary

    try:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(format_github_summary(diags))
    except OSError as exc:
        make_console(stderr=True).print(
            f"无法写入 GITHUB_STEP_SUMMARY (cannot write the step summary): {exc}", markup=False)


@command
def validate(
    root: RootOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="警告也算错误 (treat warnings as errors)")] = False,
    fmt: Annotated[ValidateFormat, typer.Option("--format", "-f", help="text | json | github (Actions annotations)")]
    = ValidateFormat.text,
    staged: Annotated[bool, typer.Option("--staged", help="只校验 git 暂存区中的文件，即将提交的内容（pre-commit "
                                                          "钩子用）(check the files as staged: what the commit will hold)")]
    = False,
    lang: LangOpt = Lang.zh,
    settings: Settings | None = None,
) -> None:
    """校验计划和全部进度文件 (check the plan and every progress file).

    Prints `path:line:col: error|warning: message [code]` for every problem, sorted by file
    and line. Exit 0 when valid, 1 when there are errors (with --strict: or warnings).

    \b
    例 (examples):
      plan validate
      plan validate --strict --format github     # in CI
      plan validate --staged                     # pre-commit: what is being committed

    With --format github the full list is also appended to $GITHUB_STEP_SUMMARY when set, and
    paths are relative to the git repository's root (as GitHub needs them), also with --root.
    With --staged, untracked drafts and unstaged edits are not read: they are not being
    committed, so they do not block an unrelated good commit.
    """
    from ..core.diagnostics import sort
    from ..loader import PlanInvalid, load_repo, repo_staged
    from ..read.gitinfo import first_commit_dates, git_prefix
    from ..render.diagnostics import format_github, format_json, format_text

    found = find(root, settings)
    repo = None
    try:
        today = settings.today if settings is not None else None
        if staged:
            repo = repo_staged(found, today)
        else:
            repo = load_repo(found, first_commit_dates(found), use_cache=settings is None or settings.cache,
                             today=today, cache_dir=settings.state_dir(found) if settings is not None else None,
                             workers=settings.workers if settings is not None else None)
        diags = list(repo.diagnostics)
    except PlanInvalid as exc:
        diags = exc.diagnostics
    diags = sort(d.as_warning_or_error(strict) for d in diags)
    errors = sum(d.is_error for d in diags)
    out = make_console()
    if fmt == ValidateFormat.json:
        emit(out, format_json(diags))
    elif fmt == ValidateFormat.github:
        # Annotations land on a file only with its path from the git root: with --root data the
        # loader's paths are relative to data/ (issue 17).
        prefix = git_prefix(found)
        diags = [dataclasses.replace(d, path=f"{prefix}/{d.path}") if prefix else d for d in diags]
        out.print_lines(format_github(diags))
        _step_summary(diags)
    else:
        out.print_lines(format_text(diags), style=lambda line: "red" if ": error:" in line else "yellow")
        from ..core.words import t

        err = make_console(stderr=True)
        if repo is not None and not errors:
            plan_files = len(list((found / "plan").glob("*.y*ml")))
            err.print(t("valid", lang.value, plan_files=plan_files, reports=len(repo.reports),
                        entries=len(repo.entries)) + (
                "；" + t("errors_found", lang.value, errors=0, warnings=len(diags)) if diags else ""),
                markup=False, style="green")
        else:
            err.print(t("errors_found", lang.value, errors=errors, warnings=len(diags) - errors),
                      markup=False, style="red" if errors else "yellow")
    raise typer.Exit(1 if errors else 0)
