"""`--format csv|markdown` for every list command: one function per format over row dicts.

Each command keeps its own `FORMATS` table (`render.formats`); these factories give the CSV and
Markdown entries of such a table. `tests/render/test_formats.py` fails when a `TableFormat` member has
no renderer in a command's table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..core.words import has, pair
from .formats import Context, Renderer


def row_formats(columns: Sequence[str] = ()) -> dict[str, Renderer]:
    """CSV and Markdown for a list of row dicts (the JSON rows); `columns` fixes the header
    even when there are no rows."""
    from . import csv, markdown

    def as_csv(rows: Any, ctx: Context) -> str:
        return csv.render(rows, columns)

    def as_markdown(rows: Any, ctx: Context) -> str:
        return markdown.render_readable(rows, columns, ctx.lang)

    return {"csv": as_csv, "markdown": as_markdown}


def document_formats(*lists: str) -> dict[str, Renderer]:
    """CSV and Markdown for one object (a target, a unit): CSV is the first of `lists` the object has
    (a target's entries, a task's targets), one row each; Markdown is the object's plain fields as a two-column table,
    then each list as a table of its own."""
    from . import csv, markdown

    def as_csv(doc: Any, ctx: Context) -> str:
        present = [k for k in lists if k in doc]
        return csv.render(doc[present[0]] or [] if present else [])

    def as_markdown(doc: Any, ctx: Context) -> str:
        plain = {k: v for k, v in doc.items() if k not in lists and v not in (None, "", [], {})}
        header, (values,), _ = markdown.readable([plain], list(plain), ctx.lang)
        en = ctx.lang == "en"
        out = markdown.table(["项目", "内容"] if not en else ["Field", "Value"],
                             [[h, v] for h, v in zip(header, values, strict=True)])
        for key in (k for k in lists if k in doc):
            items = doc.get(key) or []
            heading = pair("field." + key)[en] if has("field." + key) else key
            out += ["", f"### {heading}", ""]
            out.append(markdown.render_readable(items, (), ctx.lang).rstrip("\n") if items else "—")
        return "\n".join(out) + "\n"

    return {"csv": as_csv, "markdown": as_markdown}
