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
import time
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


def create_new(path: Path, data: bytes, mode: int | None = None, *, durable: bool = True) -> None:
    """A new file, complete or not at all, never over an existing one (FileExistsError), with no
    lock file left beside it: the data goes to a temp file, then `os.link` gives it its name,
    which fails if the name exists, so two writers cannot both create it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temp(path.parent, path.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, umask_mode() if mode is None else mode)
        try:
            os.link(tmp, path, follow_symlinks=False)
        except FileExistsError:
            raise
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                raise
            # A file system without hard links: exclusive create (never through a link).
            out = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC,
                          umask_mode() if mode is None else mode)
            with os.fdopen(out, "wb") as handle:
                handle.write(data)
                handle.flush()
                if durable:
                    os.fsync(handle.fileno())
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


class UnsafeFolder(FatalError):
    """A folder of the program's own state that others could write or that is not a folder."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(f"{path} 不安全，拒绝使用 (unsafe folder: {why})",
                         "删除它后重试，或设置 XDG_CACHE_HOME 指向自己的目录 "
                         "(remove it, or point XDG_CACHE_HOME at a folder of your own)", exit_code=2)


def private_dir(path: Path) -> Path:
    """`path` as a folder only this user can use: missing parts created 0700; the folder itself
    must be a real folder (not a link), owned by this user, writable by nobody else.

    Lock files, the load cache and the sent-log live here, never in the repository: a merge
    request can carry a link named like any file in it (issue 18).
    """
    missing = []
    here = path
    while not os.path.lexists(here) and here != here.parent:
        missing.append(here)
        here = here.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
        except OSError as exc:
            raise UnsafeFolder(folder, exc.strerror or str(exc)) from None
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise UnsafeFolder(path, exc.strerror or str(exc)) from None
    if stat.S_ISLNK(info.st_mode):
        raise UnsafeFolder(path, "是符号链接 (a symlink)")
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeFolder(path, "不是目录 (not a folder)")
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        raise UnsafeFolder(path, "属于其他用户 (owned by another user)")
    if info.st_mode & 0o022:
        raise UnsafeFolder(path, "其他用户可写 (writable by others)")
    return path


def _open_lock(lock_path: Path, what: str) -> int:
    """The lock file, opened without following a link; a link, folder or FIFO there is refused."""
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _CLOEXEC | os.O_NONBLOCK, 0o600)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO, errno.EMLINK):
            kind = "符号链接或目录 (a symlink or a folder)"
            raise FatalError(f"{what} 的锁文件 {lock_path} 是{kind}，拒绝使用 (refusing an unsafe lock file)",
                             "删除该锁文件后重试 (remove it and try again)", exit_code=2) from None
        raise FatalError(f"无法创建 {what} 的锁文件 {lock_path} (cannot create the lock file): "
                         f"{exc.strerror or exc}", "检查缓存目录的权限和空间 (check the cache folder)",
                         exit_code=1) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise FatalError(f"{what} 的锁文件 {lock_path} 不是普通文件，拒绝使用 (refusing an unsafe lock file)",
                         "删除该锁文件后重试 (remove it and try again)", exit_code=2)
    return fd


@contextlib.contextmanager
def locked(lock_path: Path, what: str, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the lock file `lock_path` (kept under the cache folder, never beside a report:
    `os.replace` swaps the data file's inode, and a data repository would commit lock files).
    `what` names the locked file in the message when another writer holds it too long.

    The lock file is opened with O_NOFOLLOW (a link planted there would otherwise be
    truncated through) in a folder only this user can write (`private_dir`).
    """
    private_dir(lock_path.parent)
    try:
        import fcntl
    except ImportError:  # not POSIX: the portable lock
        from filelock import FileLock, Timeout

        try:
            with FileLock(str(lock_path), timeout=timeout):
                yield
        except Timeout:
            raise FatalError(f"{what} 正被其他进程写入，等待超时 (file is locked by another writer)",
                             "稍后重试 (try again shortly)") from None
        return
    fd = _open_lock(lock_path, what)
    try:
        deadline = time.monotonic() + timeout
        delay = 0.005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise FatalError(f"{what} 正被其他进程写入，等待超时 (file is locked by another writer)",
                                     "稍后重试 (try again shortly)") from None
                time.sleep(delay)
                delay = min(delay * 2, 0.1)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
