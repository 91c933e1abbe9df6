"""Files' bytes -> text -> data, through the one YAML reader (read/yaml/), and the writers'
YAML helpers (ruamel.yaml, imported only to write: `dump`, `inline`).

Decoding refuses what is not UTF-8 text of sane size before any parsing; parsing is
read/yaml/ alone. Positions of diagnostics found while a file is being read come from the
node tree of that same parse (`read_doc`); `locate_all` places the few found later (cross-file
checks) by parsing only the files they point into, and only for diagnostics to be printed.
Nothing here raises on bad user data: problems come back as diagnostics.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostic, Loc, error
from . import yaml
from .disk import Refused, read_file
from .heap import no_gc

# Progress files are a few KB; plan files tens of KB (a province's plan in one file ~3 MB, 58k
# lines). Larger files are refused rather than risking minutes of parsing or gigabytes of
# memory (documented in the README); the limits and hints differ for the two kinds.
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_PLAN_BYTES = 32 * 1024 * 1024
MAX_DEPTH = yaml.MAX_DEPTH  # the reader's limit, for the README's table
# A unit's monthly report is tens of lines; 20,000 is ~10,000 entries, no unit's report.
MAX_LINES = 20_000
MAX_PLAN_LINES = 400_000
_SPLIT_REPORTS = "进度文件应按单位、按期拆分 (split reports by unit and period)"
_SPLIT_PLAN = "计划可按部分拆成多个文件 plan/section-*.yaml (split the plan one file per section)"


def _is_plan(rel: str) -> bool:
    return rel.startswith("plan/")


def max_bytes(rel: str) -> int:
    """The size limit of the file at root-relative `rel` (plan files have their own)."""
    return MAX_PLAN_BYTES if _is_plan(rel) else MAX_FILE_BYTES


def refusal_hint(rel: str, exc: Refused) -> str:
    """The hint of a refused read; a plan file too large is split by section, not by unit."""
    return _SPLIT_PLAN if exc.code == "file-too-large" and _is_plan(rel) else exc.hint


_CONFLICT = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)
# C0 controls except TAB, LF, CR; DEL; C1 controls. YAML forbids most of them anyway, but the
# scanner's message for them is cryptic.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def decode(raw: bytes, rel: str) -> tuple[str | None, list[Diagnostic]]:
    """Bytes -> text: UTF-8 (BOM allowed); anything else is reported with a way to fix it."""
    plan = _is_plan(rel)
    max_bytes = MAX_PLAN_BYTES if plan else MAX_FILE_BYTES
    if len(raw) > max_bytes:
        return None, [error(
            rel, "file-too-large",
            f"文件过大 ({len(raw) // 1024 // 1024} MB)，超过 {max_bytes // 1024 // 1024} MB 上限 "
            "(file too large)",
            _SPLIT_PLAN if plan else _SPLIT_REPORTS,
            line=1, col=1,
        )]
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        len(raw) >= 2 and (raw[0] == 0) != (raw[1] == 0)
    ):
        return None, [error(
            rel, "bad-encoding", "文件是 UTF-16 编码 (file is UTF-16, not UTF-8)",
            "用编辑器另存为 UTF-8 (save the file as UTF-8)", line=1, col=1,
        )]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8", errors="replace")
        line, col = _line_col(good, len(good))
        try:
            raw.decode("gb18030")
            what = "看起来是 GBK/GB18030 编码 (looks like GBK/GB18030)"
        except UnicodeDecodeError:
            what = "不是有效的 UTF-8 (not valid UTF-8)"
        return None, [error(
            rel, "bad-encoding", f"文件编码错误：{what}",
            "用记事本/WPS/VS Code 另存为 UTF-8 编码 (re-save the file as UTF-8)",
            line=line, col=col,
        )]
    lines = text.count("\n") + 1
    max_lines = MAX_PLAN_LINES if plan else MAX_LINES
    if lines > max_lines:
        return None, [error(
            rel, "file-too-long", f"文件有 {lines} 行，超过 {max_lines} 行上限 (file too long)",
            _SPLIT_PLAN if plan else _SPLIT_REPORTS, line=1, col=1,
        )]
    diags: list[Diagnostic] = []
    for m in _CONFLICT.finditer(text):
        line, col = _line_col(text, m.start())
        diags.append(error(
            rel, "merge-conflict", "文件含有 git 合并冲突标记 (merge-conflict marker)",
            "解决冲突后删除 <<<<<<< ======= >>>>>>> 行 (resolve the conflict first)",
            line=line, col=col,
        ))
        break
    bad = _CONTROL.search(text)
    if bad:
        line, col = _line_col(text, bad.start())
        diags.append(error(
            rel, "control-character",
            f"文件含有控制字符 U+{ord(bad.group()):04X} (control character)",
            "删除该字符；文件可能已损坏 (remove it; the file may be damaged)",
            line=line, col=col,
        ))
    return (None if diags else text), diags


def parse(text: str, rel: str) -> tuple[Any, list[Diagnostic]]:
    """Text -> plain Python data (dict/list/str/int/float/bool/date/None), YAML 1.2 rules."""
    doc, diags = yaml.parse(text, rel)
    return (None if doc is None else doc.data), diags


def read(path: Path, rel: str) -> tuple[Any, list[Diagnostic]]:
    """Read, decode and parse one file; (None, diagnostics) when it cannot be used."""
    doc, diags = read_path_doc(path, rel)
    return (None if doc is None else doc.data), diags


def read_path_doc(path: Path, rel: str) -> tuple[yaml.Located | None, list[Diagnostic]]:
    """`read`, keeping the node tree that places the file's diagnostics."""
    try:
        raw = read_file(path, max_bytes(rel))
    except Refused as exc:
        return None, [error(rel, exc.code, exc.message, refusal_hint(rel, exc), line=1, col=1)]
    except OSError as exc:
        return None, [error(rel, "unreadable", f"无法读取文件 (cannot read): {exc.strerror or exc}",
                            line=1, col=1)]
    return read_doc(raw, rel)


def read_bytes(raw: bytes, rel: str) -> tuple[Any, list[Diagnostic]]:
    """Decode and parse a file's bytes (read from disk or from a git revision)."""
    doc, diags = read_doc(raw, rel)
    return (None if doc is None else doc.data), diags


def read_doc(raw: bytes, rel: str) -> tuple[yaml.Located | None, list[Diagnostic]]:
    """`read_bytes` keeping the node tree, to locate what validating the data finds."""
    text, diags = decode(raw, rel)
    if text is None:
        return None, diags
    return yaml.parse(text, rel)


def dump(data: Any) -> str:
    """Plain data -> block-style YAML text that `parse` reads back equal (used by tests/writers)."""
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096  # never fold a long note over lines
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]  # keep key order
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


# ---------------------------------------------------------------- positions on demand


def positions(text: str) -> Callable[[Loc], tuple[int, int]]:
    """Return a function mapping a path inside the document to its 1-based (line, col).

    Segments that are not keys or indices (pydantic's union tags such as 'quantity') are
    skipped; the deepest node found is used. A text the reader refuses gives (1, 1).
    """
    return yaml.locator(text)


def locate_all(diags: list[Diagnostic], root: Path,
               reader: Callable[[str], bytes] | None = None) -> list[Diagnostic]:
    """Fill line/col of diagnostics that carry only a document path, parsing each file once.

    Only what is still unplaced is parsed: diagnostics found while reading a file were placed
    from that parse. `reader` maps a root-relative path to the file's bytes (default: the file
    under `root`; a git revision supplies its own). Each file's node tree is dropped as soon as
    its diagnostics are placed, and the collector is held off meanwhile (read/heap.py): keeping
    2,000 trees alive while it ran made placing a province's cross-file warnings take 1.4 s.
    """
    read_one = reader or (lambda rel: read_file(root / rel, MAX_PLAN_BYTES, root))
    out: list[Diagnostic | None] = [None] * len(diags)
    waiting: dict[str, list[int]] = {}
    for i, d in enumerate(diags):
        if d.line is not None or d.loc is None:
            out[i] = d if d.line is not None else d.located(1, 1)
        else:
            waiting.setdefault(d.path, []).append(i)
    with no_gc():
        for path, indexes in waiting.items():
            finder: Callable[[Loc], tuple[int, int]] | None
            try:
                finder = positions(read_one(path).decode("utf-8-sig"))
            except (OSError, KeyError, UnicodeDecodeError):
                finder = None
            for i in indexes:
                d = diags[i]
                assert d.loc is not None
                out[i] = d.located(*(finder(d.loc) if finder else (1, 1)))
    return out  # type: ignore[return-value]  # every slot filled above


def locate_in(root: Path, path: str, locs: list[Loc]) -> list[tuple[int, int]]:
    """1-based (line, col) of several nodes of one file, read once; (1, 1) if it cannot be read."""
    try:
        finder = positions(read_file(root / path, MAX_PLAN_BYTES, root).decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return [(1, 1) for _ in locs]
    return [finder(loc) for loc in locs]


# ---------------------------------------------------------------- writing helpers (write.py)

_PLAIN_BUT_AMBIGUOUS = {"yes", "no", "on", "off", "y", "n", "true", "false", "null", "~"}


def inline(value: Any) -> str:
    """A scalar, or a flat list of scalars, as one line of YAML that reads back the same.

    ruamel chooses the quoting; words that YAML 1.1 readers take for booleans are quoted too,
    so a file written here means the same to every tool.
    """
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = True
    yaml.width = 1 << 30  # never fold a long Chinese note
    yaml.allow_unicode = True
    buf = io.StringIO()
    yaml.dump(value, buf)
    text = buf.getvalue()
    text = text.removesuffix("\n...\n").removesuffix("\n")
    if isinstance(value, str) and text.lower() in _PLAIN_BUT_AMBIGUOUS:
        text = f"'{text}'"
    if "\n" in text:  # pragma: no cover - width is unbounded; kept as a guard
        raise ValueError("inline YAML spans lines")
    return text


@dataclass(frozen=True)
class EntriesLayout:
    """Where and how new items go at the end of a document's block sequence `entries`."""

    insert_at: int  # character offset: the start of the line after the last entry's content
    dash_col: int  # column of the items' '-'
    key_col: int  # column of the items' keys
    id_quote: str | None  # "'" or '"' when existing target ids are quoted, else None
    flow_evidence: bool  # `evidence: [a, b]` (True) or a block sequence (False)
    evidence_offset: int  # block evidence: columns from the key `evidence` to its '-'


def entries_layout(text: str) -> EntriesLayout | None:
    """Measure the `entries` block of a progress file; None if it is not a block sequence."""
    from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

    try:
        root = yaml.compose(text)
    except Exception:  # the caller parsed this text first; a layout is only a courtesy
        return None
    if not isinstance(root, MappingNode):
        return None
    seq = next((v for k, v in root.value if isinstance(k, ScalarNode) and k.value == "entries"), None)
    if not isinstance(seq, SequenceNode) or seq.flow_style or not seq.value:
        return None

    def end_of(node: Node) -> int:
        if isinstance(node, MappingNode):
            return max((end_of(v) for pair in node.value for v in pair), default=node.end_mark.index)
        if isinstance(node, SequenceNode) and not node.flow_style:
            return max((end_of(v) for v in node.value), default=node.end_mark.index)
        return int(node.end_mark.index)

    end = end_of(seq.value[-1])
    if end > 0 and text[end - 1] == "\n":
        insert_at = end  # a block scalar took its line break with it
    else:
        newline = text.find("\n", end)
        insert_at = len(text) if newline < 0 else newline + 1
    dash_col = int(seq.start_mark.column)
    first = seq.value[0]
    same_line = first.start_mark.line == seq.start_mark.line
    key_col = int(first.start_mark.column) if same_line else dash_col + 2
    id_quote: str | None = None
    flow_evidence = True
    evidence_offset = 2
    for item in seq.value:
        if not isinstance(item, MappingNode):
            continue
        for k, v in item.value:
            if not isinstance(k, ScalarNode):
                continue
            if k.value == "target" and isinstance(v, ScalarNode) and item is first:
                id_quote = v.style if v.style in ("'", '"') else None
            if k.value == "evidence" and isinstance(v, SequenceNode):
                flow_evidence = bool(v.flow_style)
                if not v.flow_style:
                    evidence_offset = int(v.start_mark.column - k.start_mark.column)
    return EntriesLayout(insert_at, dash_col, key_col, id_quote, flow_evidence, evidence_offset)


def locate_all_text(diags: list[Diagnostic], rel: str, text: str) -> list[Diagnostic]:
    """Like `locate_all`, for diagnostics about a text not (yet) on disk."""
    finder = positions(text)
    return [d if d.line is not None else d.located(*(finder(d.loc) if d.loc else (1, 1)))
            for d in diags if d.path == rel]
