"""The terminal boundary: user text (unit names, titles, notes, file names) made inert in one place.

Everything a command prints goes through `TerminalConsole.print`, which passes each object through
`inert`: strings and rich `Text` have their control characters shown as escapes (`safe_text`:
ESC, C1, bidi overrides), a table's cells, headers and title likewise, and a group's parts. Text is
never parsed as markup (the console is built with markup, emoji and highlighting off, and strings
become `Text`). Renderers therefore hand user strings over as they are, with two exceptions, both
through `cell`:

- text that gets a style as a whole (a bold title): rich's `Text()` silently drops BEL, BS, VT, FF
  and CR, so the escapes are made before it sees them;
- text whose width is measured before printing (the status table sizes its columns, the chart pads
  its labels): escaping lengthens it, so it is escaped before it is measured.

JSON, CSV, Markdown, HTML, xlsx and docx have their own boundaries (`render.json`, `csv.cell`,
`markdown.escape`, `report_charts.esc`, the xlsx and docx cell writers).
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

from rich.console import Console, Group, JustifyMethod, RenderableType
from rich.style import StyleType
from rich.table import Table
from rich.text import Span, Text

from . import safe_text


def cell(text: object, style: StyleType = "", justify: JustifyMethod | None = None) -> Text:
    """User text as a rich Text, its control characters shown escaped before rich can drop them."""
    return Text(safe_text(text), style=style, justify=justify)


def _inert_text(text: Text) -> Text:
    """`text` with its control characters escaped; each span stretched over what it covered."""
    plain = text.plain
    if safe_text(plain) == plain:
        return text
    where = [0] * (len(plain) + 1)  # old offset -> new offset
    pieces = []
    at = 0
    for i, char in enumerate(plain):
        where[i] = at
        piece = safe_text(char)
        pieces.append(piece)
        at += len(piece)
    where[len(plain)] = at
    out = text.copy()
    out.plain = "".join(pieces)
    out.spans = [Span(where[min(s.start, len(plain))], where[min(s.end, len(plain))], s.style)
                 for s in text.spans]
    return out


def _line(text: str | Text) -> Text:
    return Text(safe_text(text)) if isinstance(text, str) else _inert_text(text)


def _same_kind(text: str | Text) -> str | Text:
    return safe_text(text) if isinstance(text, str) else _inert_text(text)


def inert(renderable: Any) -> RenderableType:
    """What a command prints, with every piece of text in it made inert (see the module's doc).

    Only the kinds of renderable the renderers build are known; anything else is refused rather
    than printed unchecked."""
    if isinstance(renderable, str | Text):
        return _line(renderable)
    if isinstance(renderable, Group):
        return Group(*(inert(r) for r in renderable.renderables), fit=renderable.fit)
    if isinstance(renderable, Table):
        table = copy.copy(renderable)
        # A title or caption given as a string gets the table's title style: it stays a string.
        table.title = None if renderable.title is None else _same_kind(renderable.title)
        table.caption = None if renderable.caption is None else _same_kind(renderable.caption)
        table.columns = [dataclasses.replace(c, header=inert(c.header), footer=inert(c.footer),
                                             _cells=[inert(x) for x in c.cells])
                         for c in renderable.columns]
        return table
    if isinstance(renderable, int | float):
        return Text(str(renderable))
    raise TypeError(f"not known to be safe for a terminal: {type(renderable).__name__}")


class TerminalConsole(Console):
    """A console whose `print` makes every object inert first: the one place user text meets the
    terminal."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        super().print(*(inert(o) for o in objects), **kwargs)

    def print_lines(self, lines: Iterable[str],
                    style: Callable[[str], StyleType | None] = lambda line: None) -> None:
        """Each line as `print(line, soft_wrap=True, style=style(line))` prints it, byte for byte.

        Where this console styles nothing (not a terminal: no colour system) a line is written
        as it is, made inert, unless it holds a tab (rich expands tabs): rich renders ~15,000
        lines a second, and a province's `plan validate` prints 8,000 warnings (0.7 s; a
        terminal still gets them through rich, in colour)."""
        plain = self.color_system is None and not self.record and not self.quiet \
            and not self.legacy_windows
        pending: list[str] = []
        for line in lines:
            if plain and "\t" not in line:
                pending.append(safe_text(line) + "\n")
                continue
            self._write_plain(pending)
            self.print(line, markup=False, highlight=False, soft_wrap=True, style=style(line))
        self._write_plain(pending)

    def _write_plain(self, pending: list[str]) -> None:
        if pending:
            self.file.write("".join(pending))
            self.file.flush()
            pending.clear()
