"""Reading one file from disk without trusting what a merge request can put there (issue 18).

A committed name ending in `.yaml` may be a FIFO (every command would hang), a device or a
link to `/dev/zero` (read until memory runs out), a 3 GB sparse file, or a link out of the
repository. So: `lstat` first, only regular files (a link only when it stays inside the
root), the size from `stat` before a byte is read, opened non-blocking and checked again on
the open descriptor (the name may be swapped between the checks), and never more than the
limit read. Every refusal is an `OSError` whose `code` the reader turns into a diagnostic.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class Refused(OSError):
    """A file the reader will not read; `code` names the diagnostic."""

    def __init__(self, code: str, message: str, hint: str) -> None:
        super().__init__(errno.EPERM, message)
        self.code = code
        self.message = message
        self.hint = hint


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "目录 (a folder)"
    if stat.S_ISFIFO(mode):
        return "命名管道 (a FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件 (a device)"
    if stat.S_ISSOCK(mode):
        return "套接字 (a socket)"
    return "特殊文件 (not a regular file)"


def not_regular(mode: int) -> Refused:
    return Refused("not-a-file", f"不是普通文件，而是{_kind(mode)}，已拒绝读取 (not a regular file)",
                   "进度和计划文件必须是普通文件 (reports and plan files must be plain files)")


def too_large(size: int, limit: int) -> Refused:
    return Refused("file-too-large",
                   f"文件过大 ({size // 1024 // 1024} MB)，超过 {limit // 1024 // 1024} MB 上限 (file too large)",
                   "进度文件应按单位、按期拆分 (split reports by unit and period)")


def outside(root: Path) -> Refused:
    return Refused("outside-root", "符号链接指向仓库之外，已拒绝读取 (symlink leads outside the repository)",
                   "把文件本身放进仓库 (commit the file itself)")


def inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def read_file(path: Path, limit: int, root: Path | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; `Refused` or the OS's own error.

    With `root`, a symbolic link is followed only when its target is inside `root`.
    """
    info = os.lstat(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    target = path
    if stat.S_ISLNK(info.st_mode):
        target = Path(os.path.realpath(path, strict=True))
        if root is not None and not inside(target, Path(os.path.realpath(root))):
            raise outside(root)
        info = os.stat(target)
    if not stat.S_ISREG(info.st_mode):
        raise not_regular(info.st_mode)
    if info.st_size > limit:
        raise too_large(info.st_size, limit)
    fd = os.open(target, flags | getattr(os, "O_NOFOLLOW", 0))
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            raise not_regular(opened.st_mode)
        if opened.st_size > limit:
            raise too_large(opened.st_size, limit)
        chunks: list[bytes] = []
        left = limit + 1  # a file growing while read is still caught
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise too_large(len(data), limit)
    return data
