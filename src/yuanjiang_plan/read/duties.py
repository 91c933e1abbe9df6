"""The cache of who owed which report under each committed version of the plan (SPEC §3).

A commit never changes, so what its plan made each unit owe is kept per commit hash in
`.plan-cache/duties.json` (plain JSON: nothing in it is executed; anything malformed is a miss).
The header names the tool version and source hash: new rules recompute everything.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

FOLDER = ".plan-cache"
FILE = "duties.json"

# commit -> unit -> [[period text, deadline ISO date], ...]
Stored = dict[str, dict[str, list[list[str]]]]


def load(root: Path, header: str) -> Stored:
    try:
        doc = json.loads((root / FOLDER / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(doc, dict) or doc.get("header") != header or not isinstance(doc.get("commits"), dict):
        return {}
    out: Stored = {}
    for sha, units in doc["commits"].items():
        if _valid(units):
            out[str(sha)] = units
    return out


def _valid(units: Any) -> bool:
    return isinstance(units, dict) and all(
        isinstance(rows, list) and all(isinstance(r, list) and len(r) == 2 and all(isinstance(x, str) for x in r)
                                       for r in rows)
        for rows in units.values())


def save(root: Path, header: str, stored: Stored) -> None:
    """Write atomically; a read-only checkout simply runs without it. Never raises."""
    folder = root / FOLDER
    tmp = None
    try:
        folder.mkdir(exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# written by plan: never commit the cache\n*\n", encoding="utf-8")
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".duties-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"header": header, "commits": stored}, fh, ensure_ascii=False)
        os.replace(tmp, folder / FILE)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
