"""A plan document's text as blocks (paragraphs and tables), for `plan draft` (README *Drafting a
plan from its document*).

`.txt` is read as UTF-8 (BOM ok, GB18030 as the usual fallback of Chinese offices); `.docx`
through python-docx, paragraphs and tables in document order, since many 分工方案 are a
责任分工表. Merged cells repeat their text in every grid cell they cover, as python-docx gives
them, so each row keeps its columns.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from ..core.diagnostics import UsageError

# A Word file or a text larger than this is not a plan document.
MAX_BYTES = 50 * 1024 * 1024

Block = str | tuple[tuple[str, ...], ...]


def read_document(path: Path) -> list[Block]:
    """The document's blocks; UsageError (exit 2) when it cannot be read."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise UsageError(f"找不到文件 {path} (no such file)", "给出 .txt 或 .docx 文件的路径")
    if path.stat().st_size > MAX_BYTES:
        raise UsageError(f"{path} 超过 50 MB，不像方案文件 (too large)", "")
    if suffix == ".docx":
        return _docx(path)
    if suffix in (".txt", ".text", ".md", ""):
        return [_text(path)]
    if suffix == ".doc":
        raise UsageError(f"{path}：旧版 .doc 格式无法读取 (.doc is not supported)",
                         "在 Word/WPS 中另存为 .docx 或 .txt 后再试")
    raise UsageError(f"{path}：只支持 .txt 和 .docx (unsupported file type)", "")


def _text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UsageError(f"{path} 不是 UTF-8 或 GB18030 编码的文本 (cannot decode)",
                     "用记事本另存为 UTF-8 后再试")


def _docx(path: Path) -> list[Block]:
    import docx  # python-docx: imported here so that other commands start without lxml
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UsageError(f"{path} 不是有效的 .docx 文件 (not a valid .docx): {exc}", "") from None
    blocks: list[Block] = []
    numbering = _Numbering(document)
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            label = numbering.label(item)
            if item.text.strip():
                blocks.append((label or "") + item.text)
        elif isinstance(item, Table):
            blocks.append(_table(item))
    return blocks


def _table(table: object) -> tuple[tuple[str, ...], ...]:
    from docx.table import Table

    assert isinstance(table, Table)
    rows: list[tuple[str, ...]] = []
    for row in table.rows:
        rows.append(tuple(cell.text.strip() for cell in row.cells))
    return tuple(rows)


_CN = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    return str(n)


def _format(n: int, fmt: str) -> str | None:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographDigital"):
        return _chinese(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(ord("①") + n - 1)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) - ord("0") + ord("０")) for c in str(n))
    if fmt == "lowerLetter" and n <= 26:
        return chr(ord("a") + n - 1)
    if fmt == "upperLetter" and n <= 26:
        return chr(ord("A") + n - 1)
    if fmt in ("decimal", "decimalZero"):
        return f"{n:02d}" if fmt == "decimalZero" and n < 10 else str(n)
    return None  # bullets and exotic formats carry no number


class _Numbering:
    """Word's automatic numbering (一、 （一） 1.) as the document shows it: python-docx's
    `paragraph.text` leaves it out, and without it the 公文 structure is lost."""

    def __init__(self, document: Any) -> None:
        from docx.oxml.ns import qn

        self._qn = qn
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for node in root.findall(qn("w:abstractNum")):
            levels: dict[int, tuple[int, str, str]] = {}
            for lvl in node.findall(qn("w:lvl")):
                start = lvl.find(qn("w:start"))
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    int(start.get(qn("w:val"), "1")) if start is not None else 1,
                    fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
                    text.get(qn("w:val"), "") if text is not None else "",
                )
            abstract[node.get(qn("w:abstractNumId"), "")] = levels
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                self.levels[num.get(qn("w:numId"), "")] = abstract.get(ref.get(qn("w:val"), ""), {})

    def _num_pr(self, paragraph: Any) -> tuple[str, int] | None:
        qn = self._qn
        candidates = [paragraph._p.pPr]
        style = paragraph.style
        while style is not None:
            candidates.append(style.element.pPr)
            style = style.base_style
        num_id: str | None = None
        ilvl: int | None = None
        for ppr in candidates:
            if ppr is None:
                continue
            num_pr = ppr.find(qn("w:numPr"))
            if num_pr is None:
                continue
            if num_id is None and (n := num_pr.find(qn("w:numId"))) is not None:
                num_id = n.get(qn("w:val"))
            if ilvl is None and (lv := num_pr.find(qn("w:ilvl"))) is not None:
                ilvl = int(lv.get(qn("w:val"), "0"))
            if num_id is not None and ilvl is not None:
                break
        if num_id is None or num_id == "0" or num_id not in self.levels:
            return None
        return num_id, ilvl or 0

    def label(self, paragraph: Any) -> str | None:
        found = self._num_pr(paragraph)
        if found is None:
            return None
        num_id, ilvl = found
        levels = self.levels[num_id]
        if ilvl not in levels:
            return None
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl][0] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = levels[ilvl][2]
        for level in range(ilvl + 1):
            if f"%{level + 1}" not in text:
                continue
            start, fmt, _ = levels.get(level, (1, "decimal", ""))
            shown = _format(counters.get(level, start), fmt)
            if shown is None:
                return None
            text = text.replace(f"%{level + 1}", shown)
        return text if re.search(r"[0-9一二三四五六七八九十①-⑳A-Za-z０-９]", text) else None
