"""Writing a drafted plan: checked in memory first, then created file by file, never overwriting.

Each file is created with O_CREAT|O_EXCL, so an existing file is never replaced, even one that
appears between the check and the write; a run that meets one removes the files it created.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path

from ..core.diagnostics import Diagnostic, UsageError
from ..loader import PlanInvalid, load_repo
from ..read.files import MemorySource


def check_files(files: Mapping[str, str]) -> list[Diagnostic]:
    """What `plan validate` would say about the draft, read from memory (paths `plan/<name>`)."""
    source = MemorySource({f"plan/{name}": text.encode("utf-8") for name, text in files.items()})
    try:
        repo = load_repo(Path("."), source=source, use_cache=False)
    except PlanInvalid as exc:
        return list(exc.diagnostics)
    return list(repo.diagnostics)


def refuse_existing(out: Path, names: list[str]) -> None:
    """UsageError (exit 2) when the folder already holds a plan file or any of `names`."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} 已存在且不是目录 (exists and is not a folder)", "用 --out 指定一个新目录")
    clash = [n for n in names if (out / n).exists() or (out / n).is_symlink()]
    present = sorted(p.name for p in out.glob("*.y*ml")) if out.is_dir() else []
    if clash or present:
        shown = "、".join(clash or present)
        raise UsageError(
            f"{out}/ 中已有计划文件（{shown}），草稿不会覆盖任何文件 "
            "(the folder already holds plan files; nothing is overwritten)",
            "用 --out 指定一个新目录，如 --out draft/plan (choose an empty folder with --out)",
        )


def write_new(out: Path, files: Mapping[str, str]) -> list[Path]:
    """Create every file in `out`; FileExistsError leaves nothing of this run behind."""
    refuse_existing(out, list(files))
    out.mkdir(parents=True, exist_ok=True)
    created: list[Path] = []
    try:
        for name, text in files.items():
            path = out / name
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            created.append(path)
            with os.fdopen(fd, "wb") as handle:
                handle.write(text.encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
    except FileExistsError as exc:
        for path in created:
            with contextlib.suppress(OSError):
                path.unlink()
        raise UsageError(f"{exc.filename} 已存在，未覆盖 (exists; not overwritten)",
                         "用 --out 指定一个新目录") from None
    return created
