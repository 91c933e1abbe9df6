"""`plan diff REV [REV2]`: what changed in progress and status between two revisions."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..core.settings import Settings
from .common import (
    AsOfOpt,
    Lang,
    LangOpt,
    RootOpt,
    command,
    find,
    make_console,
    parse_date,
    today_of,
)

if TYPE_CHECKING:
    from ..loader import Repo


class DiffFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


def _worktree(root: Path, settings: Settings) -> tuple[Repo, dict[str, bytes]]:
    from ..loader import load_repo
    from ..read.files import FileSource
    from ..read.gitinfo import DATA_FOLDERS, first_commit_dates

    source = FileSource(root)
    files: dict[str, bytes] = {}
    for folder in DATA_FOLDERS:
        for rel in source.paths(folder, recursive=folder != "plan"):
            try:
                files[rel] = source.read(rel)
            except OSError as exc:
                files[rel] = repr(exc).encode()
    return load_repo(root, first_commit_dates(root), use_cache=settings.cache, today=settings.today,
                     cache_dir=settings.state_dir(root), workers=settings.workers), files


def _revision(root: Path, rev: str, commit: str) -> tuple[Repo, dict[str, bytes]]:
    from ..loader import repo_at
    from ..read.gitinfo import revision_files

    files = revision_files(root, commit)
    repo = repo_at(root, rev, files)  # `rev` as the user wrote it, for messages
    return repo, {k: v if isinstance(v, bytes) else repr(v).encode() for k, v in files.items()}


@command
def diff(
    rev: Annotated[str, typer.Argument(metavar="REV", help="旧版本，如 HEAD~1、main、标签或哈希 (older revision)",
                                       show_default=False)],
    rev2: Annotated[str | None, typer.Argument(metavar="[REV2]", help="新版本，默认为工作区 (newer revision; "
                                               "default: the working tree)", show_default=False)] = None,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="输出格式 (output format)")] = DiffFormat.table,
    lang: LangOpt = Lang.zh,
    settings: Settings | None = None,
) -> None:
    """两个版本之间的进度与计划变化 (what changed in progress and plan between two revisions).

    Both sides are evaluated at the same --as-of date (default today). Lists each target whose
    entries, actual, status or light changed, before and after, with the progress files that
    changed; plan changes (targets added, removed, re-assigned, due moved) separately.
    Reads revisions from git's object store: nothing is checked out, the working tree and the
    index are never touched.

    \b
    例 (examples):
      plan diff HEAD~1
      plan diff main HEAD --as-of 2024-10-31 --format json
      plan diff v2024-09 --format markdown >> summary.md
    """
    from ..ops.diff import changes_document, compare, file_changes
    from ..read.gitinfo import locate, resolve_rev

    found = find(root, settings)
    locate(found)
    day = parse_date(as_of, today=today_of(settings))
    old_commit = resolve_rev(found, rev)
    new_commit = resolve_rev(found, rev2) if rev2 is not None else None
    old_repo, old_files = _revision(found, rev, old_commit)
    new_repo, new_files = _revision(found, rev2, new_commit) if rev2 and new_commit else _worktree(found, settings or Settings.from_environment(os.environ))

    from ..ops.track import evaluate

    before = evaluate(old_repo.plan, old_repo.entries, day)
    after = evaluate(new_repo.plan, new_repo.entries, day)
    changes = compare(before, after, file_changes(old_files, new_files))
    new_label = rev2 if rev2 is not None else ("工作区" if lang == Lang.zh else "working tree")

    errors = sum(d.is_error for d in new_repo.problems)
    if errors:
        err = make_console(stderr=True)
        err.print(f"注意 (note): {new_label} 的进度文件有 {errors} 个错误，相关记录未计入；"
                  f"运行 plan validate 查看 ({errors} errors skipped; run plan validate)",
                  markup=False, style="yellow")
    out = make_console()
    if fmt == DiffFormat.json:
        from ..render.json import dumps

        doc = changes_document(changes, day.isoformat(),
                               {"rev": rev, "commit": old_commit, "worktree": False},
                               {"rev": rev2, "commit": new_commit, "worktree": new_commit is None})
        out.print(dumps(doc), markup=False, highlight=False, soft_wrap=True)
    elif fmt == DiffFormat.markdown:
        from ..render.diff import diff_markdown

        out.print(diff_markdown(changes, rev, new_label, day.isoformat(), lang.value),
                  markup=False, highlight=False, soft_wrap=True)
    else:
        from ..render.diff import diff_view

        out.print(diff_view(changes, rev, new_label, day.isoformat(), lang.value))
