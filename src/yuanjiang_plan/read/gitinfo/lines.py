"""Line history: `git blame`, and the commits and dates of a report's entries."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..disk import read_file
from ..yamlio import MAX_FILE_BYTES, positions
from .run import NO_DRIVERS, GitError, locate, run_git

if TYPE_CHECKING:
    from ...core.progress import ReportEntry


UNCOMMITTED = "0" * 40


@dataclass(frozen=True)
class Commit:
    hash: str
    author: str
    date: dt.date  # author date, in the author's time zone

    def as_dict(self) -> dict[str, str]:
        return {"hash": self.hash, "author": self.author, "date": self.date.isoformat()}


def blame(root: Path, rel: str, rev: str = "HEAD", content: bytes | None = None) -> dict[int, Commit]:
    """1-based line of the file's `content` (default: the working-tree file) -> the commit
    that last wrote it, as of `rev`.

    Blames the committed file, never the working tree: git would pass working-tree content
    through the repository's clean filter, a program `.git/config` names (issue 18).
    Lines of `content` are matched to committed ones as `git blame` does (a line diff); lines
    not yet committed are absent. Empty when git cannot say (untracked file, no repo).
    """
    try:
        where = locate(root)
        out = run_git(where.top, "blame", "--porcelain", *NO_DRIVERS, rev, "--", where.to_git(rel))
        raw = content if content is not None else read_file(root / rel, MAX_FILE_BYTES, root)
        working = raw.decode("utf-8", errors="replace").splitlines()
    except (GitError, OSError):
        return {}
    committed, texts = _parse_porcelain(out)
    lines = [texts.get(n, "") for n in range(1, max(texts, default=0) + 1)]
    matcher = difflib.SequenceMatcher(None, lines, working, autojunk=False)
    found: dict[int, Commit] = {}
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            commit = committed.get(a + k + 1)
            if commit is not None:
                found[b + k + 1] = commit
    return found


def _parse_porcelain(out: bytes) -> tuple[dict[int, Commit], dict[int, str]]:
    """`git blame --porcelain` -> (line -> commit, line -> text)."""
    info: dict[str, dict[str, str]] = {}
    lines: dict[int, str] = {}
    texts: dict[int, str] = {}
    current = ""
    final = 0
    for raw in out.split(b"\n"):
        if raw.startswith(b"\t"):
            texts[final] = raw[1:].decode("utf-8", errors="replace").removesuffix("\r")
            continue
        if not raw:
            continue
        text = raw.decode("utf-8", errors="replace")
        head, _, rest = text.partition(" ")
        if len(head) == 40 and all(c in "0123456789abcdef" for c in head):
            current = head
            parts = rest.split()
            final = int(parts[1])
            lines[final] = head
            info.setdefault(head, {})
        elif current:
            info[current].setdefault(head, rest)
    commits: dict[str, Commit] = {}
    for sha, fields in info.items():
        if sha == UNCOMMITTED:
            continue
        try:
            seconds = int(fields.get("author-time", "0"))
            tz = fields.get("author-tz", "+0000")
            offset = dt.timedelta(hours=int(tz[1:3]), minutes=int(tz[3:5])) * (-1 if tz[0] == "-" else 1)
            day = dt.datetime.fromtimestamp(seconds, dt.timezone(offset)).date()
        except (ValueError, IndexError, OverflowError):
            continue
        commits[sha] = Commit(sha, fields.get("author", ""), day)
    return {line: commits[sha] for line, sha in lines.items() if sha in commits}, texts


def entry_commits(root: Path, entries: Iterable[ReportEntry]) -> dict[tuple[str, int], Commit]:
    """(file, entry index) -> the commit that added the entry (its `- target:` line).

    Blames only the files the given entries come from, one `git blame` per file.
    """
    by_file: dict[str, list[int]] = {}
    for e in entries:
        by_file.setdefault(e.file, []).append(e.index)
    found: dict[tuple[str, int], Commit] = {}
    for rel, indices in sorted(by_file.items()):
        history = blame(root, rel)
        if not history:
            continue
        try:
            locate_in = positions(read_file(root / rel, MAX_FILE_BYTES, root).decode("utf-8-sig"))
        except (OSError, UnicodeDecodeError):
            continue
        for i in indices:
            line, _ = locate_in(("entries", i))
            if line in history:
                found[(rel, i)] = history[line]
    return found


def entry_dates(root: Path, wanted: Mapping[str, Sequence[int]], rev: str | None = None,
                reader: Callable[[str], bytes] | None = None) -> dict[tuple[str, int], dt.date]:
    """(file, entry index) -> the latest author date among the entry's committed lines.

    An entry's lines run from its `- target:` line to the next entry's; a value changed in a
    later commit dates the entry to that commit. One `git blame` per file asked for (the
    loader asks only for files changed after their period's deadline), of the working tree
    or, with `rev` and `reader`, of that revision. Uncommitted lines have no date.
    """
    found: dict[tuple[str, int], dt.date] = {}
    for rel, indices in sorted(wanted.items()):
        try:
            raw = reader(rel) if reader is not None else read_file(root / rel, MAX_FILE_BYTES, root)
            text = raw.decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        history = blame(root, rel, rev or "HEAD", raw)
        if not history:
            continue
        locate_in = positions(text)
        total = text.count("\n") + 1
        count = max(indices, default=-1) + 1
        starts = [locate_in(("entries", i))[0] for i in range(count + 1)]
        for i in indices:
            first = starts[i]
            last = starts[i + 1] - 1 if starts[i + 1] > first else total
            days = [c.date for n, c in history.items() if first <= n <= last]
            if days:
                found[(rel, i)] = max(days)
    return found
