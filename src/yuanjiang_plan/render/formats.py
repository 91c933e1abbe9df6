"""Flat output formats (`--format json|csv|markdown`): one function each, one registry.

A list command hands every format the same `Tabular`: the row dicts of `render.data` (and, for
JSON, the document those rows belong to). A new format is one module plus one entry in
`RENDERERS`; `tests/test_formats.py` fails when a `--format` choice has no renderer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Tabular:
    """Rows for CSV and Markdown; `document` (default: the rows) for JSON."""

    rows: list[dict[str, Any]]
    columns: tuple[str, ...] = ()  # header order; taken from the rows when empty
    document: Any = None
    title: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def header(self) -> list[str]:
        if self.columns:
            return list(self.columns)
        seen: dict[str, None] = {}
        for row in self.rows:
            seen.update(dict.fromkeys(row))
        return list(seen)


Renderer = Callable[[Tabular], str]


def _json(data: Tabular) -> str:
    from .json import dumps

    return dumps(data.rows if data.document is None else data.document) + "\n"


def _csv(data: Tabular) -> str:
    from .csv import render

    return render(data)


def _markdown(data: Tabular) -> str:
    from .markdown import render

    return render(data)


# Keyed by the `--format` value; `table` is the rich view and is not a flat format.
RENDERERS: dict[str, Renderer] = {
    "json": _json,
    "csv": _csv,
    "markdown": _markdown,
}


def render_flat(fmt: str, data: Tabular) -> str:
    return RENDERERS[fmt](data)
