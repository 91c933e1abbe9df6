"""The one way this program writes a file, and the one way it locks one (issue 11).

Every file is written through a temp file created with O_EXCL|O_NOFOLLOW under an
unpredictable name in the destination's folder (never a name a merge request can plant a link
at), flushed and fsynced, given the mode the old file had (a new file: 0666 less the umask),
then renamed over the destination with `os.replace` — which replaces a link instead of
following it — and the folder fsynced. Readers see the old file or the new one, never half.

It lives in the reading layer because the load cache (read/cache.py) writes through it too;
`write/` and the CLI use it for reports, templates, progress files and schemas.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

from ..core.diagnostics import FatalError

LOCK_TIMEOUT = 60.0  # seconds; twenty clerks at once finish well within this
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _temp(folder: Path, name: str) -> tuple[int, Path]:
    for _ in range(100):
        tmp = folder / f".{name[:40]}.{secrets.token_hex(8)}.tmp"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {folder}")


def write_atomic(path: Path, data: bytes, mode: int | None = None, *, durable: bool = True) -> None:
    """Replace `path` by `data` atomically; `mode` defaults to the old file's (or umask's)."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    if mode is None:
        try:
            old = os.lstat(path)
            mode = stat.S_IMODE(old.st_mode) if stat.S_ISREG(old.st_mode) else umask_mode()
        except FileNotFoundError:
            mode = umask_mode()
    fd, tmp = _temp(folder, path.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        with contextlib.suppress(OSError):  # not every platform can open a folder
            dir_fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)


def create_new(path: Path, data: bytes) -> None:
    """A new file, complete or not at all, never over an existing one (FileExistsError), with no
    lock file left beside it: the data goes to a temp file, then `os.link` gives it its name,
    which fails if the name exists, so two writers cannot both create it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temp(path.parent, path.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, umask_mode())
        try:
            os.link(tmp, path, follow_symlinks=False)
        except FileExistsError:
            raise
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                raise
            # A file system without hard links: exclusive create (never through a link).
            out = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, umask_mode())
            with os.fdopen(out, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


@contextlib.contextmanager
def locked(lock_path: Path, what: str, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the lock file `lock_path` (kept under the cache folder, never beside a report:
    `os.replace` swaps the data file's inode, and a data repository would commit lock files).
    `what` names the locked file in the message when another writer holds it too long."""
    from filelock import FileLock, Timeout

    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_path), timeout=timeout)
    try:
        with lock:
            yield
    except Timeout:
        raise FatalError(f"{what} 正被其他进程写入，等待超时 (file is locked by another writer)",
                         "稍后重试 (try again shortly)") from None
