"""Shell completion of target IDs and department names (typer `autocompletion=` callbacks).

Completion runs the program on every TAB, so this module imports nothing heavy: the plan files
are scanned line by line with regular expressions instead of being parsed (no ruamel, no
pydantic). Plan files are written in block style (README *Encoding a real plan*, the bundled
plan); a file in another style simply completes less. A callback never raises and never prints: it
returns [] instead.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

_ID = re.compile(r"""^\s*(?:-\s+)?id:\s*(['"]?)([^'"#\s]+)\1\s*(?:#.*)?$""")
_TITLE = re.compile(r"""^\s*(?:-\s+)?title:\s*(['"]?)(.*?)\1\s*(?:#.*)?$""")
_KEY = re.compile(r"""^(\s*)(?:-\s+)?(name|full_name|code|aliases):\s*(.*?)\s*(?:#.*)?$""")
_ITEM = re.compile(r"""^(\s*)-\s+(['"]?)([^'"#]+?)\2\s*(?:#.*)?$""")
MAX_BYTES = 2 * 1024 * 1024  # larger plan files are not scanned while a user waits on TAB


def find_root(explicit: Any = None) -> Path | None:
    """`--root`, else PLAN_ROOT, else the first folder upwards holding plan/ (like `find_root`)."""
    given = explicit or os.environ.get("PLAN_ROOT")
    if given:
        root = Path(str(given)).expanduser()
        return root if (root / "plan").is_dir() else None
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "plan").is_dir():
            return folder
    return None


def _plan_texts(root: Path) -> list[str]:
    texts = []
    for path in sorted((root / "plan").glob("*.y*ml")):
        if path.name.startswith(".") or path.stat().st_size > MAX_BYTES:
            continue
        texts.append(path.read_text(encoding="utf-8-sig", errors="replace"))
    return texts


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def node_ids(root: Path) -> list[tuple[str, str]]:
    """(id, title) of every goal, section, task and target, in file order."""
    found: list[tuple[str, str]] = []
    pending: int | None = None  # index in `found` still waiting for its title
    for text in _plan_texts(root):
        for line in text.splitlines():
            m = _ID.match(line)
            if m and not line.startswith("id:"):
                # A top-level `id:` is the plan's own (plan.yaml), not a node: `plan show` would
                # refuse it (issue 17). Nodes sit in lists, so their `id:` is indented or dashed.
                found.append((m.group(2), ""))
                pending = len(found) - 1
                continue
            m = _TITLE.match(line)
            if m and pending is not None:
                found[pending] = (found[pending][0], m.group(2))
                pending = None
    return found


def department_keys(root: Path) -> list[tuple[str, str]]:
    """(name, alias or code the CLI accepts; the canonical name as help)."""
    keys: list[tuple[str, str]] = []
    for text in _plan_texts(root):
        if not re.search(r"^departments:", text, re.MULTILINE):
            continue
        name = ""
        in_aliases: int | None = None  # indentation of a block-style alias list
        for line in text.splitlines():
            item = _ITEM.match(line)
            if in_aliases is not None and item and len(item.group(1)) >= in_aliases and not _KEY.match(line):
                keys.append((item.group(3), name))
                continue
            in_aliases = None
            m = _KEY.match(line)
            if not m:
                continue
            indent, key, value = m.groups()
            if key == "name":
                name = _unquote(value)
                keys.append((name, name))
            elif key in ("code", "full_name") and value:
                keys.append((_unquote(value), name))
            elif key == "aliases":
                if value.startswith("["):
                    keys += [(_unquote(v), name) for v in value.strip("[]").split(",") if v.strip()]
                elif value:
                    keys.append((_unquote(value), name))
                else:
                    in_aliases = len(indent)
    return keys


def _root_of(ctx: Any) -> Path | None:
    params = getattr(ctx, "params", None) or {}
    return find_root(params.get("root"))


def complete_target_id(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """IDs starting with what was typed, with their titles as help."""
    try:
        root = _root_of(ctx)
        if root is None:
            return []
        return [(i, title) for i, title in node_ids(root) if i.startswith(incomplete)]
    except Exception:  # completion must never show a traceback in the user's shell
        return []


def complete_department(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Department names, aliases and codes starting with what was typed."""
    try:
        root = _root_of(ctx)
        if root is None:
            return []
        seen: set[str] = set()
        out = []
        for key, name in department_keys(root):
            if key and key not in seen and key.startswith(incomplete):
                seen.add(key)
                out.append((key, name if name != key else ""))
        return out
    except Exception:  # completion must never show a traceback in the user's shell
        return []
