"""Safe appends to progress reports: validate, append as text, re-check, lock, atomic replace.

The file is never re-serialised: new entries are written as text in the file's own layout
(indentation, quoting of ids, evidence style, line endings, BOM) and inserted after the last
entry, so the only change `git diff` shows is the new entry (README *Bad input and limits*). The
new text is then read back through the loader and must mean exactly the old document plus the new
entries, with no new errors, before anything touches the disk.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostic, FatalError, error
from ..core.forms import SCHEMA_HEADER
from ..core.progress import ReportEntry
from ..core.quantity import Period, PeriodError, parse_period
from ..core.tree import Plan
from ..loader import load_repo
from ..ops.checks import entry_key, run_checks
from ..read import yamlio
from ..read.atomic import locked, write_atomic
from ..read.files import rel_path, yaml_files
from ..read.progress import report_from_data
from .entries import (
    Batch,
    NewEntry,
    RecordResult,
    WriteRefused,
    check_batch,
    new_entry,
    parse_value,
    resolve_unit_period,
)

__all__ = [
    "Batch",
    "NewEntry",
    "RecordResult",
    "WriteRefused",
    "canonical_path",
    "check_batch",
    "find_report",
    "lock_path",
    "new_entry",
    "parse_value",
    "record_batches",
    "record_entry",
    "resolve_unit_period",
]

# ---------------------------------------------------------------- finding the report

_HEADER_LINE = re.compile(r"""^(department|period)[ \t]*:[ \t]*["']?([^"'#\r\n]*?)["']?[ \t]*(?:#.*)?$""",
                          re.MULTILINE)


def _header_guess(raw: bytes) -> tuple[str | None, str | None]:
    """department/period of a file that does not parse (merge conflict...), read as text."""
    text = raw.decode("utf-8-sig", errors="replace")
    found: dict[str, str] = {}
    for m in _HEADER_LINE.finditer(text):
        found.setdefault(m.group(1), m.group(2).strip())
    return found.get("department"), found.get("period")


def _same_report(plan: Plan, department: str, period: Period, dept_raw: Any, period_raw: Any) -> bool:
    if not isinstance(dept_raw, str) or plan.departments.resolve(dept_raw.strip()) != department:
        return False
    try:
        return parse_period(str(period_raw).strip()) == period
    except PeriodError:
        return False


def canonical_path(root: Path, department: str, period: Period) -> Path:
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", department).strip(". ") or "report"
    return root / "progress" / period.text / f"{safe}.yaml"


def find_report(root: Path, plan: Plan, department: str, period: Period) -> Path:
    """The unit's existing report for the period, whatever its file name; else the canonical path.

    A file that does not parse still counts when its header lines name the unit and period,
    so that writing refuses it instead of starting a second report beside it.
    """
    canonical = canonical_path(root, department, period)
    matches: list[Path] = []
    for path, rel in yaml_files(root, "progress", recursive=True):
        if path.is_symlink() and path != canonical:
            try:
                path.resolve().relative_to(root.resolve())
            except ValueError:
                continue  # the loader does not read it either
        try:
            raw = path.read_bytes()
        except OSError:
            continue
        text, problems = yamlio.decode(raw, rel)
        data: Any = None
        if text is not None:
            data, problems = yamlio.parse(text, rel)
        if not problems and isinstance(data, dict):
            if _same_report(plan, department, period, data.get("department"), data.get("period")):
                matches.append(path)
        else:
            dept_raw, period_raw = _header_guess(raw)
            if _same_report(plan, department, period, dept_raw, period_raw):
                matches.append(path)
    if canonical in matches or not matches:
        return canonical
    return matches[0]


# ---------------------------------------------------------------- safety


def _check_path(root: Path, path: Path) -> None:
    rel = rel_path(root, path)
    if path.is_symlink():
        raise WriteRefused("拒绝写入符号链接 (refusing to write through a symlink)", [error(
            rel, "symlink", "目标文件是符号链接，不会写入 (the report is a symlink)",
            "用普通文件代替符号链接 (replace the link by the file itself)", line=1, col=1)])
    try:
        path.parent.resolve().relative_to(root.resolve())
    except ValueError:
        raise WriteRefused("拒绝写入仓库之外的路径 (path outside the repository)", [error(
            rel, "outside-root", "目标路径在仓库之外 (path leads outside the repository)",
            None, line=1, col=1)]) from None
    if path.exists() and not path.is_file():
        raise WriteRefused("目标不是普通文件 (not a regular file)", [error(
            rel, "not-a-file", "目标不是普通文件 (not a regular file)", None, line=1, col=1)])


def lock_path(locks: Path, root: Path, path: Path) -> Path:
    """The lock file for `path`: under `locks` (the cache folder), named by the file's place."""
    key = hashlib.sha1(rel_path(root, path).encode("utf-8"), usedforsecurity=False).hexdigest()
    return locks / f"{key}.lock"


# ---------------------------------------------------------------- text


@dataclass(frozen=True)
class _Prepared:
    path: Path
    rel: str
    created: bool
    data: bytes
    added: str
    mode: int | None
    entries: tuple[ReportEntry, ...]
    warnings: tuple[Diagnostic, ...] = field(default=())
    already: tuple[NewEntry, ...] = ()
    unchanged: bool = False  # every entry was already there: nothing to write
    text: str = ""  # the file as it would be


def _id_text(target: str, quote: str | None) -> str:
    text = yamlio.inline(target)
    if quote and not text.startswith(("'", '"')):
        # Match the file's quoting; JSON string escapes are valid YAML double-quoted escapes.
        return "'" + text.replace("'", "''") + "'" if quote == "'" else json.dumps(text, ensure_ascii=False)
    return text


def serialize(entries: Sequence[NewEntry], layout: yamlio.EntriesLayout) -> list[str]:
    """New entries as lines (without line endings) in the file's own layout."""
    lines: list[str] = []
    lead = " " * layout.dash_col + "-" + " " * (layout.key_col - layout.dash_col - 1)
    body = " " * layout.key_col
    for entry in entries:
        for n, (key, val) in enumerate(entry.as_data().items()):
            prefix = lead if n == 0 else body
            if key == "target":
                lines.append(f"{prefix}target: {_id_text(val, layout.id_quote)}")
            elif key == "evidence" and not layout.flow_evidence:
                lines.append(f"{prefix}evidence:")
                dash = " " * (layout.key_col + layout.evidence_offset)
                lines += [f"{dash}- {yamlio.inline(item)}" for item in val]
            else:
                lines.append(f"{prefix}{key}: {yamlio.inline(val)}")
    return lines


NEW_FILE_LAYOUT = yamlio.EntriesLayout(0, 2, 4, "'", True, 2)


def new_report_text(department: str, period: Period, submitted: dt.date) -> str:
    return (f"{SCHEMA_HEADER}\n"
            f"department: {yamlio.inline(department)}\n"
            f"period: {yamlio.inline(period.text)}\n"
            f"submitted: {submitted.isoformat()}\n"
            "entries:\n")


def _refuse_file(rel: str, text: str | None, diags: list[Diagnostic], what: str) -> WriteRefused:
    located = [d if d.line is not None else d.located(*(yamlio.positions(text)(d.loc or ()) if text else (1, 1)))
               for d in diags]
    return WriteRefused(f"{rel} {what}，未写入 (nothing written)", located,
                        "先修正该文件，再重新记录 (fix the file first, then record again)")


def _key(d: Diagnostic) -> tuple[str, str, str, Any]:
    return (d.severity, d.code, d.message, d.loc)


def _prepare(root: Path, plan: Plan, path: Path, batch: Batch, today: dt.date, force: bool) -> _Prepared:
    rel = rel_path(root, path)
    _check_path(root, path)
    n_old = 0
    old_data: dict[str, Any] | None = None
    before: set[tuple[str, str, str, Any]] = set()
    bom = False
    if path.exists():
        raw = path.read_bytes()
        bom = raw.startswith(codecs.BOM_UTF8)
        text, diags = yamlio.decode(raw, rel)
        if text is None:
            raise _refuse_file(rel, None, diags, "无法读取 (cannot be read)")
        data, diags = yamlio.parse(text, rel)
        if diags:
            raise _refuse_file(rel, text, diags, "无法解析 (does not parse)")
        _, diags = report_from_data(data, rel, plan)
        # An untouched `plan template` (only blank entries) is the one report with an error
        # that an append cures; any other file-level error is for a person to fix.
        blocking = [d for d in diags if d.is_error and d.loc is not None and len(d.loc) < 2
                    and d.code != "no-entries"] + [d for d in diags if d.is_error and d.loc is None]
        if blocking:
            raise _refuse_file(rel, text, blocking, "有错误 (has errors)")
        if not isinstance(data, dict) or not _same_report(plan, batch.department, batch.period,
                                                          data.get("department"), data.get("period")):
            raise WriteRefused(f"{rel} 不是 {batch.department} {batch.period.text} 的报告 "
                               "(the file changed meanwhile)", [], "重新运行 (run again)")
        layout = yamlio.entries_layout(text)
        if layout is None:
            raise WriteRefused(f"{rel} 的 entries 不是块状列表，无法安全追加 "
                               "(entries is not a block sequence: cannot append safely)", [],
                               "把 entries 改写成 `- target: ...` 的列表形式 (use the block list form)")
        assert isinstance(data, dict)
        old_data = data
        n_old = len(data["entries"])
        before = {_key(d) for d in diags}
        newline = "\r\n" if "\r\n" in text else "\n"
        lines = serialize(batch.entries, layout)
        if layout.insert_at >= len(text) and text and not text.endswith("\n"):
            new_text = text + newline + newline.join(lines)  # keep "no newline at end of file"
        else:
            block = "".join(line + newline for line in lines)
            new_text = text[: layout.insert_at] + block + text[layout.insert_at :]
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
        created = False
    else:
        lines = serialize(batch.entries, NEW_FILE_LAYOUT)
        new_text = new_report_text(batch.department, batch.period, batch.submitted or today)
        new_text += "".join(line + "\n" for line in lines)
        mode = None
        created = True
    added = "".join(line + "\n" for line in lines)
    new_bytes = (codecs.BOM_UTF8 if bom else b"") + new_text.encode("utf-8")

    # Read the result back exactly as `plan status` will, before anything is written.
    text2, diags = yamlio.decode(new_bytes, rel)
    data2: Any = None
    if text2 is not None:
        data2, diags = yamlio.parse(text2, rel)
    if diags or not isinstance(data2, dict):
        raise _refuse_file(rel, text2, diags, "追加后无法解析 (would not parse after the append)")
    assert text2 is not None
    report2, after = report_from_data(data2, rel, plan)
    fresh = [d for d in after if _key(d) not in before]
    errors = [d for d in fresh if d.is_error]
    refused = [d for d in fresh if d.code == "not-responsible" and not force]
    if report2 is None or errors or refused:
        raise _refuse_file(rel, text2, errors + refused, "追加后会有错误 (would have errors after the append)")
    expected = [e.as_data() for e in batch.entries]
    same_rest = old_data is None or (
        {k: v for k, v in data2.items() if k != "entries"} == {k: v for k, v in old_data.items() if k != "entries"}
        and data2["entries"][:n_old] == old_data["entries"])
    if not same_rest or data2["entries"][n_old:] != expected:
        raise WriteRefused(f"{rel}: 追加的文本读回后与预期不符，已放弃 (the appended text did not read back "
                           "as intended; nothing written)", [],
                           "请报告此问题并手工编辑该文件 (please report this and edit the file by hand)")
    new_entries = tuple(e for e in report2.entries if e.index >= n_old)
    # Idempotent (README *Add a report*): an entry identical to one already filed (or earlier in
    # this batch) is not added; what remains is prepared again from the original file.
    seen = {entry_key(e) for e in report2.entries if e.index < n_old}
    keep: list[NewEntry] = []
    already: list[NewEntry] = []
    for new, resolved in zip(batch.entries, new_entries, strict=True):
        key = entry_key(resolved)
        (already if key in seen else keep).append(new)
        seen.add(key)
    if already:
        if not keep:
            return _Prepared(path, rel, created, b"", "", mode, (), (), tuple(already), True)
        again = _prepare(root, plan, path, Batch(batch.department, batch.period, tuple(keep),
                                                 batch.submitted), today, force)
        return dataclasses.replace(again, already=tuple(already))
    located = yamlio.locate_all_text(fresh, rel, text2) if fresh else []
    return _Prepared(path, rel, created, new_bytes, added, mode, new_entries, tuple(located), text=text2)


def record_batches(root: Path, plan: Plan, batches: Sequence[Batch], *, today: dt.date,
                   locks: Path, force: bool = False, dry_run: bool = False, source: str = "plan record"
                   ) -> list[RecordResult]:
    """Append each batch to its unit's report; all checked first, then written (one write each).

    Nothing is written unless every entry of every batch is valid. Locks of every file
    involved are held together (in path order, so two writers cannot deadlock) while the files
    are re-read, checked and replaced.
    """
    problems: list[Diagnostic] = []
    for batch in batches:
        _, diags = check_batch(plan, batch, source, force=force)
        problems += [d for d in diags if d.is_error]
    if problems:
        raise WriteRefused("记录有错误，未写入任何内容 (invalid entries: nothing written)", problems)
    grouped: dict[Path, Batch] = {}
    for batch in batches:
        path = find_report(root, plan, batch.department, batch.period)
        if path in grouped:
            prev = grouped[path]
            batch = Batch(prev.department, prev.period, prev.entries + batch.entries,
                          prev.submitted or batch.submitted)
        grouped[path] = batch
    paths = sorted(grouped)
    for path in paths:
        _check_path(root, path)  # before creating a lock file anywhere
    with contextlib.ExitStack() as stack:
        if not dry_run:
            for path in paths:
                path.parent.mkdir(parents=True, exist_ok=True)
                stack.enter_context(locked(lock_path(locks, root, path), rel_path(root, path)))
        prepared = [_prepare(root, plan, path, grouped[path], today, force) for path in paths]
        results = []
        for p in prepared:
            if not dry_run and not p.unchanged:
                try:
                    write_atomic(p.path, p.data, p.mode)
                except OSError as exc:
                    raise FatalError(f"写入 {p.rel} 失败，原文件未改动 (write failed; the file is unchanged): "
                                     f"{exc.strerror or exc}") from None
            batch = grouped[p.path]
            results.append(RecordResult(p.path, p.rel, p.created and not p.unchanged, p.added,
                                        batch.department, batch.period, p.entries,
                                        p.warnings + _would_warn(root, plan, p),
                                        not dry_run and not p.unchanged, p.already))
    return results


def _would_warn(root: Path, plan: Plan, p: _Prepared) -> tuple[Diagnostic, ...]:
    """The cross-file warnings the new entries would cause once written (conflict, missing
    evidence, regression, a duplicate in another file...), for `--dry-run` as well (README *Add a
    report*)."""
    if p.unchanged or not p.entries:
        return ()
    data, problems = yamlio.parse(p.text, p.rel)
    if problems:
        return ()
    report, _ = report_from_data(data, p.rel, plan)
    if report is None:
        return ()
    # The cache is not written: a dry run leaves the repository exactly as it was.
    others = [r for r in load_repo(root, use_cache=False).reports if r.file != p.rel]
    new = {e.loc for e in p.entries}
    found = [d for d in run_checks(plan, [*others, report])
             if d.path == p.rel and d.loc is not None and tuple(d.loc[:2]) in new
             and not d.is_error and d not in p.warnings]
    return tuple(yamlio.locate_all_text(found, p.rel, p.text)) if found else ()


def record_entry(root: Path, plan: Plan, target_id: str, raw_value: str | None, dept: str, period: str,
                 note: str | None = None, evidence: Sequence[str] = (), done: bool | None = None, *,
                 submitted: dt.date | None = None, today: dt.date, locks: Path, force: bool = False,
                 dry_run: bool = False) -> RecordResult:
    """`plan record`: one entry appended to the unit's report for the period."""
    unit, when = resolve_unit_period(plan, dept, period)
    entry = new_entry(plan, target_id.strip(), raw_value, note=note, evidence=evidence, done=done)
    batch = Batch(unit, when, (entry,), submitted)
    return record_batches(root, plan, [batch], today=today, locks=locks, force=force, dry_run=dry_run)[0]
