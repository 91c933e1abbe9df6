"""A revision's (or the index's) files, read in memory from git's object database."""

from __future__ import annotations

import errno
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ...core.diagnostics import Diagnostic
from ..files import ignored_diagnostics, memory_walk
from ..yamlio import MAX_PLAN_BYTES
from .run import GitError, locate, resolve_rev, run_git

# The folders a plan repository consists of (README *Layout*).
DATA_FOLDERS = ("plan", "progress")


def tree_files(root: Path, rev: str, folders: Sequence[str] = DATA_FOLDERS,
               max_bytes: int | None = None) -> dict[str, bytes | OSError]:
    """The files under `folders` at `rev` (root-relative path -> bytes), read in one pass.

    Regular files only (symlinks and submodules are left out, as a checkout would not make
    them readable plan files). Blobs over `max_bytes` are not read: their value is an OSError.
    """
    where = locate(root)
    commit = resolve_rev(root, rev)
    listing = run_git(where.top, "ls-tree", "-r", "-l", "-z", commit, "--",
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
    out = run_git(top, "cat-file", "--batch", stdin=stdin)
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
    listing = run_git(where.top, "ls-files", "--stage", "-z", "--", *(where.to_git(f) for f in folders))
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
