"""Files' history: when git first saw a report, when it last changed and by whom, and the
commits that changed the plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .run import NO_DRIVERS, GitError, locate, run_git


@dataclass(frozen=True)
class FileHistory:
    """What git says of one file: when it was added and when, and by whom, it last changed.

    Dates are author dates (a rebase or cherry-pick keeps them; committer dates move, issue 18),
    followed across renames: moving a report to another folder keeps the day it arrived.
    """

    added: dt.date
    changed: dt.date
    author: str  # of the last commit touching the file: "name <email>"


def file_history(root: Path, folder: str = "progress", rev: str | None = None) -> dict[str, FileHistory]:
    """Path (relative to root) -> its history, from ONE `git log` with rename detection.

    With `rev`, the history leading to that revision. Empty when the root is not a git
    repository or git is missing: dates are then unknown, never guessed from file mtimes
    (a checkout resets them). A file deleted and added again starts a new history.
    """
    try:
        where = locate(root)
        out = run_git(where.top, "log", "--topo-order", "--reverse", "-M", "--name-status", "-z",
                      *NO_DRIVERS, "--format=%x01%as%x02%an <%ae>", *([rev] if rev else []),
                      "--", where.to_git(folder))
    except GitError:
        return {}
    history: dict[str, FileHistory] = {}
    day: dt.date | None = None
    author = ""
    tokens = out.decode("utf-8", errors="surrogateescape").split("\0")
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip("\n")
        i += 1
        if token.startswith("\x01"):
            stamp, _, author = token[1:].partition("\x02")
            try:
                day = dt.date.fromisoformat(stamp.strip())
            except ValueError:
                day = None
            continue
        if not token or day is None:
            continue
        status = token[0]
        if status in "RC":  # R<score> old new
            old, new = tokens[i:i + 2]
            i += 2
            before = history.get(old) if status == "R" else None
            if status == "R":
                history.pop(old, None)
            if before is not None:
                history[new] = FileHistory(before.added, day, author)
            else:
                history[new] = FileHistory(day, day, author)
            continue
        path = tokens[i]
        i += 1
        if status == "D":
            history.pop(path, None)
        elif status == "A" or path not in history:
            history[path] = FileHistory(day, day, author)
        else:
            history[path] = FileHistory(history[path].added, day, author)
    out_rel: dict[str, FileHistory] = {}
    for path, info in history.items():
        rel = where.from_git(path)
        if rel is not None:
            out_rel[rel] = info
    return out_rel


class GitDates(dict[str, dt.date]):
    """Path -> the day git first saw the file, with each file's whole `FileHistory` beside it
    (the loader checks `submitted:` and late edits against it)."""

    def __init__(self, history: Mapping[str, FileHistory] | None = None) -> None:
        history = dict(history or {})
        super().__init__({rel: info.added for rel, info in history.items()})
        self.history = history


def first_commit_dates(root: Path, folder: str = "progress", rev: str | None = None) -> GitDates:
    """Path -> author date of the commit that added it (followed across renames): `file_history`."""
    return GitDates(file_history(root, folder, rev))



def plan_commits(root: Path) -> list[tuple[str, dt.date]]:
    """(commit, committer date) of every commit that changed `plan/`, oldest first; one
    `git log` call. Empty outside git: responsibility is then the current plan's (README
    *Supervision*)."""
    try:
        where = locate(root)
        out = run_git(where.top, "log", "--reverse", "--format=%H %cs", "HEAD", "--", where.to_git("plan"))
    except GitError:
        return []
    found: list[tuple[str, dt.date]] = []
    for line in out.decode("ascii", errors="replace").splitlines():
        sha, _, day = line.partition(" ")
        try:
            found.append((sha, dt.date.fromisoformat(day.strip())))
        except ValueError:
            continue
    return found
