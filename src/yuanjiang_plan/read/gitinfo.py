"""What git knows about the plan repository: file dates, revisions in memory, line history.

Everything here reads git's object database only: `git ls-tree`, one `git cat-file --batch`
for all blobs of a revision, `git log`, `git blame`. Nothing checks out, nor touches the working
tree or the index (`GIT_OPTIONAL_LOCKS=0` keeps even index refreshes away). Paths go through
`-z` so Chinese file names are never octal-quoted (NOTES.md).
"""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import os
import shutil
import subprocess
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.diagnostics import Diagnostic, FatalError
from .disk import read_file
from .files import ignored_diagnostics, memory_walk
from .yamlio import MAX_FILE_BYTES, MAX_PLAN_BYTES, positions

if TYPE_CHECKING:
    from ..core.progress import ReportEntry

# The folders a plan repository consists of (SPEC §1).
DATA_FOLDERS = ("plan", "progress")
UNCOMMITTED = "0" * 40


class GitError(FatalError):
    """Git cannot answer: not a repository, git missing, or a bad revision (exit 2)."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message, hint, exit_code=2)


# Every call runs with these: a repository's own `.git/config` (a clone unpacked from an archive,
# a colleague's folder) must not make a reading command run programs (issue 18). No fsmonitor
# daemon, no hooks, no external diff or textconv driver, no pager, no signature verification
# (`gpg.program`), no replace refs rewriting history.
HARDENING = (
    "--no-pager", "--no-replace-objects",
    "-c", "core.quotepath=false", "-c", "core.fsmonitor=", "-c", "core.hooksPath=/dev/null",
    "-c", "diff.external=", "-c", "core.pager=cat", "-c", "log.showSignature=false",
    "-c", "blame.ignoreRevsFile=",
)
# Options of the commands that could show file content through a diff driver.
NO_DRIVERS = ("--no-textconv", "--no-ext-diff")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["GIT_OPTIONAL_LOCKS"] = "0"  # never refresh (= rewrite) the index behind the user's back
    env["GIT_LITERAL_PATHSPECS"] = "1"  # a file named `*.yaml` is a name, not a pattern
    env["GIT_PAGER"] = env["PAGER"] = "cat"
    env["GIT_TERMINAL_PROMPT"] = "0"
    for name in ("GIT_INDEX_FILE", "GIT_EXTERNAL_DIFF", "GIT_DIFF_OPTS"):
        env.pop(name, None)
    return env


def _git(cwd: Path, *args: str, stdin: bytes | None = None, timeout: int = 120) -> bytes:
    """Run git and return stdout; GitError with git's own message when it fails."""
    if shutil.which("git") is None:
        raise GitError("找不到 git 命令 (git is not installed)", "安装 git 后重试 (install git)")
    try:
        proc = subprocess.run(
            ["git", *HARDENING, *args], cwd=cwd, input=stdin, stdin=None if stdin is not None
            else subprocess.DEVNULL, capture_output=True, timeout=timeout, env=_env(), check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(f"无法运行 git (cannot run git): {exc}") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise GitError(f"git: {message[0] if message else 'exit ' + str(proc.returncode)}")
    return proc.stdout


@dataclass(frozen=True)
class Location:
    """Where a plan repository sits inside its git repository."""

    top: Path  # the git work tree's top level
    prefix: str  # the plan root relative to `top` ("" when they are the same)

    def to_git(self, rel: str) -> str:
        return f"{self.prefix}/{rel}" if self.prefix else rel

    def from_git(self, path: str) -> str | None:
        """Git path -> root-relative path; None when outside the plan root."""
        if not self.prefix:
            return path
        return path[len(self.prefix) + 1:] if path.startswith(self.prefix + "/") else None


def locate(root: Path) -> Location:
    """The git repository holding `root`; GitError when there is none."""
    try:
        out = _git(root, "rev-parse", "--show-toplevel")
    except GitError as exc:
        raise GitError(
            f"{root} 不在 git 仓库中 (not a git repository): {exc.message}",
            "在计划仓库里运行 git init 并提交，或去掉 --rev / diff (run inside a git repository)",
        ) from None
    top = Path(out.decode("utf-8").strip()).resolve()
    prefix = root.resolve().relative_to(top).as_posix()
    return Location(top, "" if prefix == "." else prefix)


def git_prefix(root: Path) -> str:
    """`root`'s path inside its git repository (`data` for --root data), "" at the top or
    outside git."""
    try:
        return locate(root).prefix
    except GitError:
        return ""


def resolve_rev(root: Path, rev: str) -> str:
    """A revision (HEAD~2, a tag, a hash) -> the full commit hash; GitError with git's message."""
    where = locate(root)
    if not rev or rev.startswith("-"):
        raise GitError(f"无效的版本 '{rev}' (bad revision)", "例如 HEAD~1、main 或提交哈希 (e.g. HEAD~1)")
    try:
        out = _git(where.top, "rev-parse", "--verify", "--end-of-options", f"{rev}^{{commit}}")
    except GitError as exc:
        raise GitError(f"无效的版本 '{rev}' (bad revision) — {exc.message}",
                       "用 git log --oneline 查看可用的版本 (see git log --oneline)") from None
    return out.decode("ascii").strip()


def tree_files(root: Path, rev: str, folders: Sequence[str] = DATA_FOLDERS,
               max_bytes: int | None = None) -> dict[str, bytes | OSError]:
    """The files under `folders` at `rev` (root-relative path -> bytes), read in one pass.

    Regular files only (symlinks and submodules are left out, as a checkout would not make
    them readable plan files). Blobs over `max_bytes` are not read: their value is an OSError.
    """
    where = locate(root)
    commit = resolve_rev(root, rev)
    listing = _git(where.top, "ls-tree", "-r", "-l", "-z", commit, "--",
                   *(where.to_git(f) for f in folders))
    wanted: list[tuple[str, str]] = []  # (rel, sha)
    files: dict[str, bytes | OSError] = {}
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, sha, size = meta.decode("ascii").split()
        rel = where.from_git(raw_path.decode("utf-8", errors="surrogateescape"))
        if rel is None or kind != "blob" or mode not in ("100644", "100755"):
            continue
        if max_bytes is not None and int(size) > max_bytes:
            files[rel] = OSError(errno.EFBIG, "文件过大 (file too large)")
            continue
        wanted.append((rel, sha))
    files.update(_read_blobs(where.top, wanted))
    return dict(sorted(files.items()))


def _read_blobs(top: Path, wanted: Sequence[tuple[str, str]]) -> dict[str, bytes]:
    """(rel, sha) pairs -> rel -> contents, in one `git cat-file --batch`."""
    files: dict[str, bytes] = {}
    if not wanted:
        return files
    stdin = "".join(f"{sha}\n" for _, sha in wanted).encode("ascii")
    out = _git(top, "cat-file", "--batch", stdin=stdin)
    pos = 0
    for rel, sha in wanted:
        end = out.index(b"\n", pos)
        header = out[pos:end].decode("ascii").split()
        if len(header) != 3 or header[0] != sha:
            raise GitError(f"git cat-file 输出异常 (unexpected output): {' '.join(header)}")
        length = int(header[2])
        files[rel] = out[end + 1:end + 1 + length]
        pos = end + 1 + length + 1  # contents are followed by a newline
    return files


def index_files(root: Path, folders: Sequence[str] = DATA_FOLDERS,
                max_bytes: int | None = MAX_PLAN_BYTES) -> dict[str, bytes | OSError]:
    """The files under `folders` as staged in the git index: what the next commit will hold.

    For the pre-commit hook (issue 17): an untracked draft or an unstaged edit is not part of
    the commit, so it must not block it. A file with a merge conflict in the index is read as
    the working tree has it (git keeps no single staged version of it).
    """
    where = locate(root)
    listing = _git(where.top, "ls-files", "--stage", "-z", "--", *(where.to_git(f) for f in folders))
    wanted: list[tuple[str, str]] = []
    files: dict[str, bytes | OSError] = {}
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, sha, stage = meta.decode("ascii").split()
        rel = where.from_git(raw_path.decode("utf-8", errors="surrogateescape"))
        if rel is None or mode not in ("100644", "100755"):
            continue
        if stage != "0":
            try:
                files[rel] = (root / rel).read_bytes()
            except OSError as exc:
                files[rel] = exc
            continue
        wanted.append((rel, sha))
    for rel, data in _read_blobs(where.top, wanted).items():
        too_big = max_bytes is not None and len(data) > max_bytes
        files[rel] = OSError(errno.EFBIG, "文件过大 (file too large)") if too_big else data
    return dict(sorted(files.items()))


@dataclass(frozen=True)
class RevisionSource:
    """A `load.Source` over the files of one revision, held in memory."""

    files: Mapping[str, bytes | OSError]
    commit: str | None = None  # the revision's commit (blame of late edits reads it)

    def paths(self, folder: str, recursive: bool) -> list[str]:
        return memory_walk(self.files, folder, recursive).files

    def ignored(self, folder: str, recursive: bool) -> list[Diagnostic]:
        return ignored_diagnostics(memory_walk(self.files, folder, recursive))

    def read(self, rel: str) -> bytes:
        data = self.files.get(rel)
        if data is None:
            raise FileNotFoundError(errno.ENOENT, "不存在 (no such file)", rel)
        if isinstance(data, OSError):
            raise data
        return data

    def refuse(self, rel: str) -> None:
        return None


def revision_files(root: Path, rev: str) -> dict[str, bytes | OSError]:
    """`tree_files` of the data folders with the loader's size limit."""
    return tree_files(root, rev, max_bytes=MAX_PLAN_BYTES)  # the larger of the two limits


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
        out = _git(where.top, "log", "--topo-order", "--reverse", "-M", "--name-status", "-z",
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


# ---------------------------------------------------------------- line history


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
        out = _git(where.top, "blame", "--porcelain", *NO_DRIVERS, rev, "--", where.to_git(rel))
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


# ---------------------------------------------------------------- the plan's history


def plan_commits(root: Path) -> list[tuple[str, dt.date]]:
    """(commit, committer date) of every commit that changed `plan/`, oldest first; one
    `git log` call. Empty outside git: responsibility is then the current plan's (SPEC §3)."""
    try:
        where = locate(root)
        out = _git(where.top, "log", "--reverse", "--format=%H %cs", "HEAD", "--", where.to_git("plan"))
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
