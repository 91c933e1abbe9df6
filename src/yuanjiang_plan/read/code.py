"""This program's own source, hashed: results and answers made by other code are never reused.

The load cache (cache.py), the duty cache (loader.py) and the answer cache (program.py) all key
on it; `code_hash` reads the package once per process however many of them ask.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]  # yuanjiang_plan/, this module being in read/


def source_hash(package: Path) -> str:
    """Hash of every module under `package` (every layer: the models, the checks and rules that
    shape a result), by relative name and content."""
    h = hashlib.sha1(usedforsecurity=False)
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


@functools.cache
def code_hash() -> str:
    """`source_hash` of the installed package, worked out once per process."""
    return source_hash(PACKAGE)
