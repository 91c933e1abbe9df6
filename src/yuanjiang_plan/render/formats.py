"""What a format renderer receives: row dicts plus a little context (one function per format).

A command builds its rows once (plain dicts, the JSON fields); each output format is one
function `(rows, ctx) -> str | RenderableType` in that command's `FORMATS` table. Adding a
format (csv, markdown) is one function per table plus one `TableFormat` member; the tests
fail when a member has no renderer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.console import RenderableType

from ..core.words import Lang


@dataclass(frozen=True)
class Context:
    plan_title: str
    as_of: str
    lang: Lang = "zh"
    width: int = 80
    options: tuple[str, ...] = ()  # flags that change a heading, e.g. ("at_risk",)


Rows = list[dict[str, Any]]
Renderer = Callable[[Any, Context], "str | RenderableType"]
