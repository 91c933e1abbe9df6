"""Writing an output file (a report) safely: atomic replace, never into the plan's own data."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ..core.diagnostics import UsageError

PROTECTED = ("plan", "progress")


def check_destination(path: Path, root: Path) -> None:
    """Refuse to write into plan/ or progress/: a report there would be read as data."""
    target = path.resolve()
    for folder in PROTECTED:
        guarded = (root / folder).resolve()
        if target == guarded or guarded in target.parents:
            raise UsageError(f"不能把报告写到 {folder}/ 目录里：{path} (refusing to write into {folder}/)",
                             "换一个位置，如 reports/ (write it elsewhere, e.g. reports/)")
    if target.is_dir():
        raise UsageError(f"{path} 是目录 (is a directory)", "给出文件名，如 通报.html (name a file)")


def write_atomic(path: Path, data: bytes) -> None:
    """Temp file in the same folder, fsync, `os.replace`: readers see the old file or the new one."""
    folder = path.resolve().parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes 0600; a report is an ordinary file others may read.
        mode = 0o666 & ~_umask()
        with contextlib.suppress(OSError):
            os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def create_new(path: Path, data: bytes) -> None:
    """A new file, complete or not at all, never over an existing one, and with no lock file
    left beside it (issue 17: `template --xlsx` left an empty `.x.xlsx.lock`).

    The data goes to a temp file in the same folder, then `os.link` gives it its name: the link
    fails if the name exists, so two writers cannot both create it. Raises FileExistsError.
    """
    folder = path.resolve().parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:
            # A file system without hard links: exclusive create, then the bytes.
            with open(path, "xb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
