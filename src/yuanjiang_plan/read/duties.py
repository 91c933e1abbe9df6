"""The cache of who owed which report under each committed version of the plan (README
*Supervision*).

A commit never changes, so what its plan made each unit owe is kept per commit hash in
`duties.json` in this repository's folder under the user's cache home (never in the repository,
issue 18; plain JSON: nothing in it is executed; anything malformed is a miss).
The header names the tool version and source hash: new rules recompute everything.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..core.diagnostics import FatalError
from .atomic import private_dir, write_atomic
from .disk import read_file

FILE = "duties.json"
MAX_BYTES = 64 * 1024 * 1024

# commit -> unit -> [[period text, deadline ISO date], ...]
Stored = dict[str, dict[str, list[list[str]]]]


def load(folder: Path, header: str) -> Stored:
    """What `save` kept in `folder` (this repository's private folder under the cache home)."""
    try:
        doc = json.loads(read_file(folder / FILE, MAX_BYTES, folder).decode("utf-8"))
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


def save(folder: Path, header: str, stored: Stored) -> None:
    """Write atomically into `folder`, which must be this user's own; a read-only or full cache
    home simply runs without it. Never raises."""
    data = json.dumps({"header": header, "commits": stored}, ensure_ascii=False).encode("utf-8")
    try:
        private_dir(folder)
        write_atomic(folder / FILE, data, 0o600, durable=False)
    except (OSError, FatalError):
        pass
