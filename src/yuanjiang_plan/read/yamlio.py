"""The only module that imports ruamel.yaml: safe reading, and positions on demand.

Reading is two-speed (NOTES.md): documents are parsed with the C-accelerated safe loader, and
only files that have a problem to report are parsed again in round-trip mode to find line and
column of each problem. Nothing here raises on bad user data: problems come back as diagnostics.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostic, Loc, error
from .disk import Refused, read_file

# Progress files are a few KB; plan files tens of KB. Larger files are refused rather than
# risking minutes of parsing or gigabytes of memory (documented in the README).
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64
# A unit's monthly report is tens of lines; the whole bundled plan is ~600. Parsing time grows
# faster than linearly (100,000 entries: ~10 s), so very long files are refused unparsed.
MAX_LINES = 20_000

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
    if len(raw) > MAX_FILE_BYTES:
        return None, [error(
            rel, "file-too-large",
            f"文件过大 ({len(raw) // 1024 // 1024} MB)，超过 {MAX_FILE_BYTES // 1024 // 1024} MB 上限 "
            "(file too large)",
            "进度文件应按单位、按期拆分 (split reports by unit and period)",
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
    if lines > MAX_LINES:
        return None, [error(
            rel, "file-too-long", f"文件有 {lines} 行，超过 {MAX_LINES} 行上限 (file too long)",
            "进度文件应按单位、按期拆分 (split reports by unit and period)", line=1, col=1,
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


def _yaml(typ: str) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ=typ, pure=False)
    yaml.allow_duplicate_keys = False
    if typ == "safe":
        yaml.Constructor = _plain_constructor()
    return yaml


# The core tags plain YAML resolves to by itself. `!!binary`, `!!set`, `!!omap`, `!!pairs`
# build bytes, sets and pair lists no report needs; every other tag has no constructor at all.
_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("null", "bool", "int", "float", "timestamp", "str", "seq", "map")
}


class BadScalar(Exception):
    """A scalar the constructor could not turn into a value (2024-02-30, `!!bool maybe`)."""

    def __init__(self, value: str, reason: str, line: int, col: int) -> None:
        super().__init__(reason)
        self.value, self.reason, self.line, self.col = value, reason, line, col


def _plain_constructor() -> Any:
    from ruamel.yaml.constructor import ConstructorError, SafeConstructor
    from ruamel.yaml.nodes import ScalarNode

    class PlainConstructor(SafeConstructor):
        """Safe construction of plain YAML only, with every failure tied to its node."""

        yaml_constructors: dict[Any, Any] = {  # noqa: RUF012 (ruamel reads it per class)
            tag: fn for tag, fn in SafeConstructor.yaml_constructors.items()
            if tag in _PLAIN_TAGS or tag is None  # None: unknown tags -> ConstructorError
        }

        def construct_object(self, node: Any, deep: bool = False) -> Any:
            try:
                return super().construct_object(node, deep)
            # The constructors raise plain ValueError (impossible dates, 5000-digit integers),
            # KeyError (`!!bool maybe`) or OverflowError: none of them is a YAMLError.
            except (ValueError, KeyError, OverflowError) as exc:
                value = node.value if isinstance(node.value, str) else ""
                mark = node.start_mark
                raise BadScalar(value, _first_line(exc), mark.line + 1, mark.column + 1) from None

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            # `? [a, b]` would become a tuple key: keys are plain text or numbers, nothing else.
            for key_node, _ in node.value:
                if not isinstance(key_node, ScalarNode):
                    raise ConstructorError(None, None, "found unhashable key", key_node.start_mark)
            return super().construct_mapping(node, deep)

    return PlainConstructor


_safe: Any = None


def _shape_mark(text: str, code: str) -> tuple[int, int]:
    """Where the first alias of a collection, or the first too-deep collection, starts."""
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent

    collections: set[str] = set()
    depth = 0
    try:
        for event in _safe.parse(text):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if event.anchor:
                    collections.add(str(event.anchor))
                if code == "too-deep" and depth > MAX_DEPTH + 1:
                    return event.start_mark.line + 1, event.start_mark.column + 1
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
            elif code == "yaml-alias" and isinstance(event, AliasEvent) and str(event.anchor) in collections:
                return event.start_mark.line + 1, event.start_mark.column + 1
    except YAMLError:  # the file parsed once already; a position is only a courtesy
        pass
    return 1, 1


def _check_shape(data: Any, rel: str, text: str) -> list[Diagnostic]:
    """Refuse aliases of collections (alias bombs) and absurd nesting, in one walk."""
    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, dict | list):
            continue
        if id(node) in seen:
            line, col = _shape_mark(text, "yaml-alias")
            return [error(
                rel, "yaml-alias", "不支持 YAML 锚点/别名 (& / *) (anchors and aliases are not allowed)",
                "把内容直接写出来 (write the content out)", line=line, col=col,
            )]
        seen.add(id(node))
        if depth > MAX_DEPTH:
            line, col = _shape_mark(text, "too-deep")
            return [error(
                rel, "too-deep", f"嵌套超过 {MAX_DEPTH} 层 (nesting too deep)", None, line=line, col=col,
            )]
        if isinstance(node, dict) and any(isinstance(k, tuple) for k in node):
            # A list key smuggled in through a merge (`<<: {[a]: 1}`).
            return [error(rel, "yaml-syntax", "键必须是普通文字 (a key must be plain text)", None,
                          line=1, col=1)]
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, depth + 1) for child in children)
    return []


def _mark(exc: Any) -> tuple[int, int]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is None:
        return 1, 1
    return mark.line + 1, mark.column + 1


def parse(text: str, rel: str) -> tuple[Any, list[Diagnostic]]:
    """Text -> plain Python data (dict/list/str/int/float/bool/date/None), YAML 1.2 rules."""
    global _safe
    from . import fastyaml

    # libyaml via PyYAML with ruamel's 1.2 rules; it has already refused aliases and deep
    # nesting (as UNSURE), so only ruamel's results need _check_shape.
    fast = fastyaml.load(text)
    if fast is not fastyaml.UNSURE:
        return fast, []
    from ruamel.yaml.composer import ComposerError
    from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError
    from ruamel.yaml.error import YAMLError

    if _safe is None:
        _safe = _yaml("safe")
    try:
        data = _safe.load(text)
    except DuplicateKeyError as exc:
        line, col = _mark(exc)
        key = re.search(r'duplicate key "([^"]*)"', str(exc))
        name = key.group(1) if key else "?"
        return None, [error(
            rel, "duplicate-key", f"键 '{name}' 重复 (duplicate key)",
            "删除或合并重复的键 (remove or merge the repeated key)", line=line, col=col,
        )]
    except BadScalar as exc:
        if _DATE_START.match(exc.value):
            return None, [error(
                rel, "bad-date", f"无效的日期 {exc.value} ({exc.reason})",
                "日期写成 2024-07-05 这样的真实日期 (use a real date, YYYY-MM-DD)",
                line=exc.line, col=exc.col,
            )]
        shown = exc.value if len(exc.value) <= 40 else exc.value[:40] + "…"
        return None, [error(
            rel, "bad-value", f"无法读取的值 '{shown}' (value cannot be read: {exc.reason})",
            "写普通的数字或文字，不要加 !! 标签 (plain numbers or text, no tags)",
            line=exc.line, col=exc.col,
        )]
    except ConstructorError as exc:
        line, col = _mark(exc)
        if "unhashable" in str(exc):
            return None, [error(
                rel, "yaml-syntax", "键必须是普通文字，不能是列表或映射 (a key must be plain text)",
                "检查是否多写了 ? 或括号 (check for a stray '?' or brackets)", line=line, col=col,
            )]
        tag = re.search(r"tag '([^']*)'", str(exc))
        name = tag.group(1).replace("tag:yaml.org,2002:", "!!") if tag else ""
        return None, [error(
            rel, "yaml-tag", f"不允许的 YAML 标签 {name} (tags are not allowed)",
            "只写普通的键和值 (plain YAML only)", line=line, col=col,
        )]
    except ComposerError as exc:
        line, col = _mark(exc)
        if "single document" in str(exc):
            return None, [error(
                rel, "multiple-documents", "一个文件只能有一个 YAML 文档 (more than one document)",
                "删除多余的 '---' 或拆分成多个文件 (one document per file)", line=line, col=col,
            )]
        return None, [error(rel, "yaml-syntax", _first_line(exc), None, line=line, col=col)]
    except YAMLError as exc:
        line, col = _mark(exc)
        return None, [error(
            rel, "yaml-syntax", f"YAML 语法错误：{_problem(exc)} (syntax error)",
            "检查缩进（用空格，不用 Tab）、冒号后的空格和引号配对 "
            "(check indentation, spaces after colons, quotes)",
            line=line, col=col,
        )]
    except RecursionError:
        return None, [error(rel, "too-deep", "嵌套层数过多 (nesting too deep)", None, line=1, col=1)]
    shape = _check_shape(data, rel, text)
    # A refused document is not handed on: a 5,000-deep list would break whoever walks it next.
    return (None if shape else data), shape


def _problem(exc: Any) -> str:
    return str(getattr(exc, "problem", None) or _first_line(exc))


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


_DATE_START = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def read(path: Path, rel: str) -> tuple[Any, list[Diagnostic]]:
    """Read, decode and parse one file; (None, diagnostics) when it cannot be used."""
    try:
        raw = read_file(path, MAX_FILE_BYTES)
    except Refused as exc:
        return None, [error(rel, exc.code, exc.message, exc.hint, line=1, col=1)]
    except OSError as exc:
        return None, [error(rel, "unreadable", f"无法读取文件 (cannot read): {exc.strerror or exc}",
                            line=1, col=1)]
    return read_bytes(raw, rel)


def read_bytes(raw: bytes, rel: str) -> tuple[Any, list[Diagnostic]]:
    """Decode and parse a file's bytes (read from disk or from a git revision)."""
    text, diags = decode(raw, rel)
    if text is None:
        return None, diags
    return parse(text, rel)


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
    skipped; the deepest node found is used.
    """
    try:
        doc = _yaml("rt").load(text)
    except Exception:  # positions are a courtesy: a file that parsed safely should parse here
        doc = None

    def locate(loc: Loc) -> tuple[int, int]:
        node: Any = doc
        best = (1, 1)
        if node is not None and hasattr(node, "lc"):
            best = (node.lc.line + 1, node.lc.col + 1)
        for segment in loc:
            if isinstance(node, dict) and segment in node:  # CommentedMap
                line, col = _lc(node).value(segment)
                key_line, key_col = _lc(node).key(segment)
                child = node[segment]
                if isinstance(child, dict | list) and hasattr(child, "lc") and child:
                    best = (_lc(child).line + 1, _lc(child).col + 1)
                elif isinstance(child, dict | list) or child is None:
                    best = (key_line + 1, key_col + 1)
                else:
                    best = (line + 1, col + 1)
                node = child
            elif isinstance(node, list) and isinstance(segment, int) and 0 <= segment < len(node):
                line, col = _lc(node).item(segment)
                best = (line + 1, col + 1)
                node = node[segment]
            else:
                continue
        return best

    return locate


def _lc(node: Any) -> Any:
    """ruamel's round-trip containers carry their positions in `.lc`."""
    return node.lc


def locate_all(diags: list[Diagnostic], root: Path,
               reader: Callable[[str], bytes] | None = None) -> list[Diagnostic]:
    """Fill line/col of diagnostics that carry only a document path, reading each file once.

    `reader` maps a root-relative path to the file's bytes (default: the file under `root`;
    a git revision supplies its own).
    """
    read_one = reader or (lambda rel: read_file(root / rel, MAX_FILE_BYTES, root))
    out: list[Diagnostic] = []
    finders: dict[str, Callable[[Loc], tuple[int, int]] | None] = {}
    for d in diags:
        if d.line is not None or d.loc is None:
            out.append(d if d.line is not None else d.located(1, 1))
            continue
        if d.path not in finders:
            try:
                text = read_one(d.path).decode("utf-8-sig")
                finders[d.path] = positions(text)
            except (OSError, KeyError, UnicodeDecodeError):
                finders[d.path] = None
        finder = finders[d.path]
        line, col = finder(d.loc) if finder else (1, 1)
        out.append(d.located(line, col))
    return out


def locate_in(root: Path, path: str, locs: list[Loc]) -> list[tuple[int, int]]:
    """1-based (line, col) of several nodes of one file, read once; (1, 1) if it cannot be read."""
    try:
        finder = positions(read_file(root / path, MAX_FILE_BYTES, root).decode("utf-8-sig"))
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
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

    try:
        root = YAML(typ="rt").compose(text)
    except Exception:  # the caller parsed this text safely first; this is a second opinion
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
