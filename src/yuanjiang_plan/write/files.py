"""Writing an output file (a report) safely: atomic replace, never into the plan's own data."""

from __future__ import annotations

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
