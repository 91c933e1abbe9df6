"""What git knows about progress files: the date each was first committed (SPEC §4)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path


def first_commit_dates(root: Path, folder: str = "progress") -> dict[str, dt.date]:
    """Path (relative to root) -> date of the commit that added it, from one `git log` call.

    Empty when the root is not a git repository or git is missing: dates are then unknown,
    never guessed from file mtimes (a checkout resets them).
    """
    if shutil.which("git") is None:
        return {}
    try:
        top = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-toplevel"],
            capture_output=True, text=True, check=True, timeout=30,
        ).stdout.strip()
        proc = subprocess.run(
            ["git", "-C", str(root), "-c", "core.quotepath=false", "log", "--diff-filter=A",
             "--name-only", "-z", "--format=%x00%x01%cs", "--", folder],
            capture_output=True, check=True, timeout=120,
        )
    except (subprocess.SubprocessError, OSError):
        return {}
    prefix = root.resolve().relative_to(Path(top).resolve()).as_posix() if top else ""
    dates: dict[str, dt.date] = {}
    current: dt.date | None = None
    for chunk in proc.stdout.decode("utf-8", errors="replace").split("\0"):
        chunk = chunk.strip("\n")
        if not chunk:
            continue
        if chunk.startswith("\x01"):
            try:
                current = dt.date.fromisoformat(chunk[1:].strip())
            except ValueError:
                current = None
            continue
        if current is None:
            continue
        rel = chunk
        if prefix and prefix != ".":
            if not rel.startswith(prefix + "/"):
                continue
            rel = rel[len(prefix) + 1:]
        # git log lists newest first: the last date seen for a path is its first commit.
        dates[rel] = current
    return dates
