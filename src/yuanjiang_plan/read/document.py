"""A plan document's text as blocks (paragraphs and tables), for `plan draft` (SPEC §7).

`.txt` is read as UTF-8 (BOM ok, GB18030 as the usual fallback of Chinese offices); `.docx`
through python-docx, paragraphs and tables in document order, since many 分工方案 are a
责任分工表. Merged cells repeat their text in every grid cell they cover, as python-docx gives
them, so each row keeps its columns.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

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
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            if item.text.strip():
                blocks.append(item.text)
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
