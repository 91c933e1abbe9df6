"""Lines → the document's heading tree (一、 > （一） > 1. > （1）, unnumbered sub-headings)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from .model import Block
from .roles import is_role_line
from .text import STYLE_ORDER, clean, looks_like_heading, numbered


@dataclass
class Row:
    """A 责任分工表 row, by column role (number, text, lead, responsible, support, leaders, due)."""

    cells: dict[str, str]


@dataclass
class Node:
    style: str  # "root", "u" (unnumbered heading), "table" (a table row) or a numbering style
    label: str | None
    number: int | None
    title: str
    lines: list[str] = field(default_factory=list)
    roles_lines: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    row: Row | None = None


def _rank(style: str) -> int:
    return STYLE_ORDER.index(style) if style in STYLE_ORDER else len(STYLE_ORDER)


@dataclass
class Event:
    line: str
    row: Row | None = None
    category: str | None = None
    raw: str = ""


# Column headers of a 责任分工表 (first match wins, in this order).
_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("number", re.compile(r"^(?:序号|编号|序)$")),
    ("leaders", re.compile(r"领导")),
    ("lead", re.compile(r"牵头")),
    ("support", re.compile(r"配合|协办|协同|参与")),
    ("responsible", re.compile(r"责任(?:单位|部门)|主办|承办|实施(?:单位|主体)|责任主体")),
    ("due", re.compile(r"时限|时间|期限|节点")),
    ("category", re.compile(r"类别|分类|领域|板块|方面|项目类型")),
    ("text", re.compile(r"任务|内容|事项|工作|举措|措施|目标|指标|要求|项目")),
)


def _header(row: tuple[str, ...]) -> dict[int, str] | None:
    roles: dict[int, str] = {}
    for i, cell in enumerate(row):
        cell = clean(cell)
        for role, pattern in _COLUMNS:
            if pattern.search(cell):
                if role == "text" and "text" in roles.values():
                    role = "text2" if "text2" not in roles.values() else "extra"
                roles[i] = role
                break
    if "text" in roles.values() and any(r in roles.values() for r in ("lead", "responsible", "support")):
        return roles
    return None


_UNIT_COLUMNS = ("lead", "responsible", "support", "leaders", "due")


def table_events(rows: tuple[tuple[str, ...], ...]) -> list[Event]:
    """Rows of a 责任分工表 as items; rows before the header row and merged title rows as lines."""
    out: list[Event] = []
    columns: dict[int, str] | None = None
    header: tuple[str, ...] = ()
    # rows in order: a heading (str) or a row's cells by column role
    body: list[dict[str, str] | str] = []
    for row in rows:
        cells = tuple(clean(c) for c in row)
        if columns is None:
            columns = _header(cells)
            header = cells
            if columns is None:
                out += [Event(c) for c in dict.fromkeys(cells) if c]
            continue
        if cells == header:
            continue  # the header repeated (a table pasted page by page)
        if len(set(c for c in cells if c)) == 1:
            # one cell merged across the row, or a row with only a heading: a heading in the table
            body.append(next(c for c in cells if c))
            continue
        values: dict[str, str] = {}
        for i, role in columns.items():
            if i < len(cells) and cells[i] and role not in values:
                values[role] = cells[i]
        if "text" not in values and "text2" not in values:
            continue
        body.append(values)
    # Two task columns: the first is a heading when its cells repeat down the rows (a merged
    # cell gives its text to every row it spans: 重点工作 | 具体任务), else both are the task.
    texts = [v.get("text") for v in body if isinstance(v, dict)]
    repeats = any(a is not None and a == b for a, b in itertools.pairwise(texts))
    for item in body:
        if isinstance(item, str):
            out.append(Event(item))
            continue
        values = item
        category = values.pop("category", None)
        if "text2" in values:
            if repeats or "text" not in values:
                category = category or values.pop("text", None)
                values["text"] = values.pop("text2")
            else:
                values["text"] = values["text"].rstrip("。") + "。" + values.pop("text2")
        number = values.get("number", "")
        if not any(k in values for k in _UNIT_COLUMNS) and re.fullmatch(r"[一二三四五六七八九十]+、?|[（(][一二三四五六七八九十]+[）)]", number):
            # a category row numbered 一、（一）: a heading of the table
            out.append(Event(number.rstrip("、") + ("" if number.endswith((")", "）")) else "、") + values["text"]))
            continue
        out.append(Event(values["text"], Row(values), category))
    return out


def events(blocks: list[Block]) -> list[Event]:
    out: list[Event] = []
    for block in blocks:
        if isinstance(block, str):
            out += [Event(clean(x), raw=x.strip()) for x in block.splitlines() if clean(x)]
        else:
            out += table_events(block)
    return out


def build(evs: list[Event]) -> tuple[list[Event], Node]:
    """(the preamble's lines, the root of the heading tree)."""
    root = Node("root", None, None, "")
    stack = [root]
    preamble: list[Event] = []
    started = False
    last_category: str | None = None
    for i, ev in enumerate(evs):
        line = ev.line
        if ev.row is not None:
            started = True
            if ev.category and ev.category != last_category:
                _pop_for(stack, "u")
                node = Node("u", None, None, ev.category)
                stack[-1].children.append(node)
                stack.append(node)
                last_category = ev.category
            num = numbered(line)
            number = _int(ev.row.cells.get("number"))
            title = num.rest if num else line
            label = ev.row.cells.get("number") or (num.label if num else None)
            node = Node("table", label, number, title, row=ev.row)
            while stack[-1].style == "table":
                stack.pop()
            stack[-1].children.append(node)
            continue
        num = numbered(line)
        if num is not None and (num.style in ("part", "cn", "cnp") or started):
            started = True
            _pop_for(stack, num.style)
            node = Node(num.style, num.label, num.number, num.rest)
            stack[-1].children.append(node)
            stack.append(node)
            continue
        if num is not None and not started and _items_follow(evs, i):
            started = True
            _pop_for(stack, num.style)
            node = Node(num.style, num.label, num.number, num.rest)
            stack[-1].children.append(node)
            stack.append(node)
            continue
        if not started:
            preamble.append(ev)
            continue
        nxt = numbered(evs[i + 1].line) if i + 1 < len(evs) else None
        if looks_like_heading(line) and (nxt is not None or (i + 1 < len(evs) and evs[i + 1].row)):
            _pop_for(stack, nxt.style if nxt else "table", unnumbered=True)
            node = Node("u", None, None, line)
            stack[-1].children.append(node)
            stack.append(node)
            continue
        if is_role_line(line):
            stack[-1].roles_lines.append(line)
        else:
            stack[-1].lines.append(line)
    return preamble, root


def _items_follow(evs: list[Event], i: int) -> bool:
    """An arabic-numbered line starts the body when the next numbered line continues its count."""
    first = numbered(evs[i].line)
    assert first is not None
    for ev in evs[i + 1: i + 12]:
        nxt = numbered(ev.line)
        if nxt is not None and nxt.style == first.style:
            return nxt.number == first.number + 1
    return False


def _pop_for(stack: list[Node], style: str, unnumbered: bool = False) -> None:
    """Pop the stack so a node of `style` (or an unnumbered heading above it) can be pushed."""
    if unnumbered:
        while len(stack) > 1 and (stack[-1].style == "u" or stack[-1].style == "table"
                                  or _rank(stack[-1].style) >= _rank(style)):
            stack.pop()
        return
    if any(n.style == style for n in stack):
        while stack[-1].style != style:
            stack.pop()
        stack.pop()
        return
    while len(stack) > 1 and stack[-1].style != "u" and _rank(stack[-1].style) > _rank(style):
        stack.pop()


def _int(text: str | None) -> int | None:
    if text and re.fullmatch(r"\d{1,4}", text.strip()):
        return int(text)
    return None
