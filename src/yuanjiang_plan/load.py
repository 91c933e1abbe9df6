"""Files -> models + diagnostics. Never raises on bad user data (STYLE: parse -> check)."""

from __future__ import annotations

import datetime as dt
import difflib
import math
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import yamlio
from .diagnostics import Diagnostic, FatalError, Loc, error, warning
from .model import (
    DepartmentsFile,
    Entry,
    Extension,
    ExtensionsFile,
    LevelTarget,
    MilestoneTarget,
    PlanMeta,
    ProgressHeader,
    QuantityTarget,
    Section,
    Target,
    TreeFile,
)
from .quantity import Period, PeriodError, QuantityError, UnitMismatch, parse_period, parse_quantity
from .resolve import resolve_plan
from .tree import Plan

if TYPE_CHECKING:
    from .cache import Cache

M = TypeVar("M", bound=BaseModel)

# Values beyond this are typing accidents, not measurements (1e300 mu of wetland).
ABSURD = 1e15


# ---------------------------------------------------------------- the repository


def find_root(start: Path, override: str | os.PathLike[str] | None = None) -> Path:
    """Like git: the first folder upwards holding `plan/`; `--root`/PLAN_ROOT override."""
    if override:
        root = Path(override).expanduser().resolve()
        if not (root / "plan").is_dir():
            raise FatalError(
                f"{root} 下没有 plan/ 目录 (no plan/ folder under --root)",
                "用 --root 指向含 plan/ 的仓库根目录 (point --root at the repository root)",
                exit_code=2,
            )
        return root
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / "plan").is_dir():
            return folder
    raise FatalError(
        f"找不到计划仓库：{here} 及其上级目录都没有 plan/ (no plan repository found)",
        "进入计划仓库目录，或使用 --root PATH / 环境变量 PLAN_ROOT (cd into the repository or use --root)",
        exit_code=2,
    )


def rel_path(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def yaml_files(root: Path, folder: str, recursive: bool) -> Iterator[tuple[Path, str]]:
    """YAML files under root/folder in sorted order, skipping our temp files and hidden ones."""
    for rel in yaml_rels(root, folder, recursive):
        yield root / rel, rel


def yaml_rels(root: Path, folder: str, recursive: bool) -> list[str]:
    """`yaml_files` as root-relative paths only: a province has ~10,000 files, and building
    and relativising a Path for each took ~0.4 s of a warm run (issue 7)."""
    base = root / folder
    if not base.is_dir():
        return []
    if base.is_symlink() and _resolves_outside(base, root):
        return [folder]
    prefix = str(base)
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        rel_dir = rel_path(root, Path(dirpath)) if not dirpath.startswith(prefix) \
            else folder + dirpath[len(prefix):].replace(os.sep, "/")
        # Linked folders are not walked; one leading outside is handed on so that the reader
        # reports it (`outside-root`) instead of its reports silently going missing.
        found += [f"{rel_dir}/{d}" for d in dirnames
                  if (Path(dirpath) / d).is_symlink() and _resolves_outside(Path(dirpath) / d, root)]
        found += [f"{rel_dir}/{name}" for name in filenames
                  if not name.startswith(".") and name.endswith((".yaml", ".yml"))]
        if not recursive:
            break
    found.sort()
    return found


def _resolves_outside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return True
    except (OSError, RuntimeError):  # a symlink loop: reported when the file is read
        return False
    return False


def _outside_root(path: Path, root: Path, rel: str) -> Diagnostic | None:
    if path.is_symlink():
        try:
            path.resolve(strict=True)
        except (OSError, RuntimeError) as exc:  # a loop or a dangling link
            return error(
                rel, "unreadable", f"符号链接无法解析 (broken symlink: {type(exc).__name__})",
                "删除该链接，把文件本身放进仓库 (remove the link; commit the file itself)",
                line=1, col=1,
            )
        if _resolves_outside(path, root):
            return error(
                rel, "outside-root", "符号链接指向仓库之外，已拒绝读取 (symlink leads outside the repository)",
                "把文件本身放进仓库 (commit the file itself)", line=1, col=1,
            )
    return None


# ---------------------------------------------------------------- where files come from


class Source(Protocol):
    """Where the loader reads files: the working tree (default) or a git revision in memory."""

    def paths(self, folder: str, recursive: bool) -> list[str]:
        """Root-relative paths of the YAML files under `folder`, sorted."""
        ...

    def read(self, rel: str) -> bytes:
        """The file's bytes; OSError when unreadable."""
        ...

    def refuse(self, rel: str) -> Diagnostic | None:
        """A diagnostic when the file must not be read (e.g. a symlink out of the root)."""
        ...


@dataclass(frozen=True)
class FileSource:
    """The files under `root` on disk."""

    root: Path

    def paths(self, folder: str, recursive: bool) -> list[str]:
        return yaml_rels(self.root, folder, recursive)

    def read(self, rel: str) -> bytes:
        return (self.root / rel).read_bytes()

    def refuse(self, rel: str) -> Diagnostic | None:
        return _outside_root(self.root / rel, self.root, rel)


@dataclass(frozen=True)
class MemorySource:
    """Files held in memory (rel path -> bytes), e.g. a git revision read with `git cat-file`."""

    files: Mapping[str, bytes]

    def paths(self, folder: str, recursive: bool) -> list[str]:
        found = []
        for rel in self.files:
            if not rel.startswith(folder + "/"):
                continue
            parts = rel[len(folder) + 1:].split("/")
            if not recursive and len(parts) > 1:
                continue
            if any(p.startswith(".") for p in parts) or not parts[-1].endswith((".yaml", ".yml")):
                continue
            found.append(rel)
        return sorted(found)

    def read(self, rel: str) -> bytes:
        try:
            return self.files[rel]
        except KeyError:
            raise FileNotFoundError(rel) from None

    def refuse(self, rel: str) -> Diagnostic | None:
        return None


def _read(source: Source, rel: str) -> tuple[Any, list[Diagnostic]]:
    bad = source.refuse(rel)
    if bad:
        return None, [bad]
    try:
        raw = source.read(rel)
    except OSError as exc:
        return None, [error(rel, "unreadable", f"无法读取文件 (cannot read): {exc.strerror}")]
    return yamlio.read_bytes(raw, rel)


# ---------------------------------------------------------------- schema validation

_KNOWN_KEYS: set[str] = set()


def _known_keys() -> set[str]:
    if not _KNOWN_KEYS:
        from . import model

        for obj in vars(model).values():
            if isinstance(obj, type) and issubclass(obj, BaseModel) and obj is not BaseModel:
                _KNOWN_KEYS.update(obj.model_fields)
    return _KNOWN_KEYS


_MESSAGES = {
    "missing": "缺少必填项 (missing)",
    "extra_forbidden": "未知的键 (unknown key)",
    "union_tag_invalid": "kind 只能是 quantity、level、milestone 或 action (bad kind)",
    "union_tag_not_found": "缺少 kind: quantity|level|milestone|action (missing kind)",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD (bad date)",
    "date_parsing": "日期格式应为 YYYY-MM-DD (bad date)",
    "date_type": "日期格式应为 YYYY-MM-DD (bad date)",
    "finite_number": "数值必须是有限数 (must be finite, no .nan/.inf)",
    "too_short": "不能为空 (must not be empty)",
    "string_too_long": "太长 (too long)",
    "too_long": "太长 (too long)",
    "model_type": "应为键值映射 (expected a mapping)",
    "list_type": "应为列表 (expected a list)",
    "dict_type": "应为键值映射 (expected a mapping)",
}
_CODES = {
    "missing": "missing-key",
    "extra_forbidden": "unknown-key",
    "union_tag_invalid": "bad-kind",
    "union_tag_not_found": "bad-kind",
    "date_from_datetime_parsing": "bad-date",
    "date_parsing": "bad-date",
    "date_type": "bad-date",
    "finite_number": "not-finite",
}


def _clean_loc(data: Any, loc: tuple[Any, ...]) -> Loc:
    """Keep the segments of a pydantic loc that exist in the data (drop union tags)."""
    out: list[str | int] = []
    node = data
    for seg in loc:
        if isinstance(node, Mapping) and seg in node:
            out.append(seg)
            node = node[seg]
        elif isinstance(node, list) and isinstance(seg, int) and 0 <= seg < len(node):
            out.append(seg)
            node = node[seg]
        elif isinstance(node, Mapping) and isinstance(seg, str) and _is_field(seg):
            out.append(seg)  # a missing key: keep it so the message names it
            break
    return tuple(out)


def _is_field(name: str) -> bool:
    return name in _known_keys()


def validate(model: type[M], data: Any, rel: str, prefix: Loc = ()) -> tuple[M | None, list[Diagnostic]]:
    """Validate a parsed document (or the part of it at `prefix`); errors become diagnostics."""
    if prefix and not isinstance(data, dict):
        return None, [error(rel, "bad-shape", f"{'.'.join(map(str, prefix))}: 应为键值映射 (expected a mapping)",
                            "每条记录形如 - target: 1.2.3 (each entry is a mapping)", loc=prefix)]
    if not isinstance(data, dict):
        what = "空文件" if data is None else f"顶层是 {type(data).__name__}"
        return None, [error(
            rel, "empty-file" if data is None else "bad-shape",
            f"{what}，应为键值映射 (expected a mapping at the top level)",
            "参照 plan template 生成的文件格式 (see `plan template`)", line=1, col=1,
        )]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        diags = []
        for err in exc.errors(include_url=False):
            loc = prefix + _clean_loc(data, err["loc"])
            kind = err["type"]
            where = ".".join(str(s) for s in loc) or "(顶层)"
            hint = None
            if kind == "extra_forbidden":
                close = difflib.get_close_matches(str(loc[-1]) if loc else "", _known_keys(), n=1)
                hint = f"是不是 '{close[0]}'? (did you mean)" if close else "删除该键 (remove it)"
            text = _MESSAGES.get(kind)
            if text is None or kind == "value_error":
                text = err["msg"].removeprefix("Value error, ")
            diags.append(error(rel, _CODES.get(kind, "bad-value"), f"{where}: {text}", hint, loc=loc))
        return None, diags


# ---------------------------------------------------------------- the plan


@dataclass
class _Gather:
    meta: PlanMeta | None = None
    departments: list[Any] = field(default_factory=list)
    groups: list[Any] = field(default_factory=list)
    goals: list[tuple[Target, str, Loc]] = field(default_factory=list)
    sections: list[tuple[Section, str, Loc]] = field(default_factory=list)
    extensions: list[tuple[Extension, str, Loc]] = field(default_factory=list)
    dept_file: str = "plan/departments.yaml"


def load_plan(root: Path, source: Source | None = None) -> tuple[Plan | None, list[Diagnostic]]:
    """Read every plan file and resolve the tree; None when the plan is unusable."""
    source = source or FileSource(root)
    diags: list[Diagnostic] = []
    g = _Gather()
    for rel in source.paths("plan", recursive=False):
        data, problems = _read(source, rel)
        diags += problems
        if problems:
            continue
        name = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        models: dict[str, type[TreeFile] | type[ExtensionsFile]] = {
            "plan": PlanMeta, "departments": DepartmentsFile, "extensions": ExtensionsFile,
        }
        model = models.get(name, TreeFile)
        doc, problems = validate(model, data, rel)
        diags += problems
        if doc is None:
            continue
        if isinstance(doc, ExtensionsFile):
            g.extensions += [(x, rel, ("extensions", i)) for i, x in enumerate(doc.extensions)]
            continue
        assert isinstance(doc, TreeFile)
        if isinstance(doc, PlanMeta):
            g.meta = doc
        if isinstance(doc, DepartmentsFile):
            g.departments += doc.departments
            g.groups += doc.groups
            g.dept_file = rel
        g.goals += [(t, rel, ("goals", i)) for i, t in enumerate(doc.goals)]
        g.sections += [(s, rel, ("sections", i)) for i, s in enumerate(doc.sections)]
    if g.meta is None:
        if not any(d.path == "plan/plan.yaml" for d in diags):
            diags.append(error(
                "plan/plan.yaml", "missing-file", "缺少 plan/plan.yaml (the plan's header file is missing)",
                "参照 README 中的格式创建 (see the README)", line=1, col=1,
            ))
        return None, diags
    plan, problems = _resolve(g, g.meta)
    return plan, diags + problems


def _resolve(g: _Gather, meta: PlanMeta) -> tuple[Plan, list[Diagnostic]]:
    return resolve_plan(meta, g.departments, g.groups, g.goals, g.sections, g.extensions, g.dept_file)


# ---------------------------------------------------------------- progress


@dataclass(frozen=True)
class ReportEntry:
    """One entry of one report, resolved against the plan."""

    target: str
    department: str
    period: Period
    submitted: dt.date | None
    value: float | None
    stage: str | None
    note: str | None
    done: bool | None
    evidence: tuple[str, ...]
    file: str
    index: int  # position in the file's `entries`

    @property
    def loc(self) -> Loc:
        return ("entries", self.index)


@dataclass(frozen=True)
class Report:
    """One progress file: a unit's report for one period."""

    file: str
    department: str
    period: Period
    submitted: dt.date | None
    submitted_from: str  # "file" | "git" | "unknown"
    entries: tuple[ReportEntry, ...]


def load_report(path: Path, rel: str, plan: Plan, root: Path,
                git_dates: Mapping[str, dt.date] | None = None,
                source: Source | None = None,
                raw: bytes | None = None) -> tuple[Report | None, list[Diagnostic]]:
    """One progress file -> Report; bad entries are reported and left out.

    `path` is read from disk unless a `source` (e.g. a git revision) supplies `rel`, or
    `raw` holds the bytes already read (and hashed for the cache, pool.py).
    """
    if raw is not None:
        bad = _outside_root(path, root, rel) if source is None else source.refuse(rel)
        data, diags = (None, [bad]) if bad else yamlio.read_bytes(raw, rel)
    elif source is None:
        bad = _outside_root(path, root, rel)
        if bad:
            return None, [bad]
        data, diags = yamlio.read(path, rel)
    else:
        data, diags = _read(source, rel)
    if diags:
        return None, diags
    return report_from_data(data, rel, plan, git_dates)


def report_from_data(data: Any, rel: str, plan: Plan,
                     git_dates: Mapping[str, dt.date] | None = None) -> tuple[Report | None, list[Diagnostic]]:
    """A parsed progress document -> Report; shared by loading and by `write` (re-check)."""
    doc, diags = validate(ProgressHeader, data, rel)
    if doc is None:
        return None, diags
    department = plan.departments.resolve(doc.department)
    if department is None:
        guess = plan.departments.suggest(doc.department)
        return None, [error(rel, "unknown-department", f"未知单位 '{doc.department}' (unknown department)",
                            f"是不是 '{guess}'? (did you mean)" if guess else
                            "单位名称、简称或代码须在 plan/departments.yaml 中 (see departments.yaml)",
                            loc=("department",))]
    try:
        period = parse_period(doc.period)
    except PeriodError as exc:
        return None, [error(rel, "bad-period", exc.message, exc.hint, loc=("period",))]
    meta = plan.meta
    if period.end < meta.start or period.start > meta.end:
        return None, [error(rel, "period-outside-plan",
                            f"报告期 {period.text} 不在计划期 {meta.start} ~ {meta.end} 内 "
                            "(period outside the plan)", None, loc=("period",))]
    submitted, origin = doc.submitted, "file"
    if submitted is None:
        submitted = (git_dates or {}).get(rel)
        origin = "git" if submitted else "unknown"
    entries = []
    problems: list[Diagnostic] = []
    raws = doc.entries
    blank = [is_blank_entry(raw) for raw in raws]
    models = _validate_entries([raw for raw, b in zip(raws, blank, strict=True) if not b])
    valid = iter(models or ())
    for i, raw in enumerate(raws):
        if blank[i]:
            # A `plan template` line nobody filled in: skipped, not an error (README).
            problems.append(warning(rel, "empty-entry",
                                    f"指标 {raw.get('target')} 未填写，已跳过 (blank entry skipped)",
                                    "填写 value/stage/note，或删除该条 (fill it in or delete it)",
                                    loc=("entries", i)))
            continue
        if models is not None:
            resolved, found = _resolve_entry(next(valid), i, rel, plan, department, period, submitted)
        else:
            resolved, found = check_entry(raw, i, rel, plan, department, period, submitted)
        problems += found
        if resolved is not None:
            entries.append(resolved)
    if not entries and not any(d.is_error for d in problems):
        return None, [*problems, error(rel, "no-entries", "报告中没有已填写的记录 (no filled-in entries)",
                                       "至少填写一条记录 (fill in at least one entry)", loc=("entries",))]
    return Report(rel, department, period, submitted, origin, tuple(entries)), problems


_ENTRY_LIST: TypeAdapter[list[Entry]] | None = None


def _validate_entries(raws: list[Any]) -> list[Entry] | None:
    """A file's entries validated in one pydantic call (240k calls cost a province ~1 s);
    None when any entry is not valid: then each is validated alone (`check_entry`), so the
    diagnostics are exactly those of entry-by-entry validation."""
    global _ENTRY_LIST
    if not all(type(raw) is dict for raw in raws):
        return None
    if _ENTRY_LIST is None:
        _ENTRY_LIST = TypeAdapter(list[Entry])
    try:
        return _ENTRY_LIST.validate_python(raws)
    except ValidationError:
        return None


def is_blank_entry(raw: Any) -> bool:
    """An entry naming only its target, every other field left empty (an unfilled template line)."""
    if not isinstance(raw, dict) or raw.get("target") in (None, ""):
        return False
    for k, v in raw.items():
        if k != "target" and not (v is None or v == "" or v == []):
            return False
    return True


def check_entry(raw: Any, i: int, rel: str, plan: Plan, department: str, period: Period,
                submitted: dt.date | None) -> tuple[ReportEntry | None, list[Diagnostic]]:
    """One raw entry (as parsed from YAML) checked against the plan, exactly as loading does."""
    entry, found = validate(Entry, raw, rel, ("entries", i))
    if entry is None:
        return None, found
    return _resolve_entry(entry, i, rel, plan, department, period, submitted)


def _resolve_entry(entry: Entry, i: int, rel: str, plan: Plan, department: str, period: Period,
                   submitted: dt.date | None) -> tuple[ReportEntry | None, list[Diagnostic]]:
    loc: Loc = ("entries", i)
    node = plan.targets.get(entry.target)
    if node is None:
        guess = plan.suggest_target(entry.target)
        return None, [error(rel, "unknown-target", f"未知指标编号 '{entry.target}' (unknown target)",
                            f"是不是 {guess}? (did you mean)" if guess else "用 plan status 查看指标编号",
                            loc=(*loc, "target"))]
    spec = node.spec
    diags: list[Diagnostic] = []
    value: float | None = None
    if entry.value is not None:
        if not isinstance(spec, QuantityTarget | LevelTarget):
            return None, [error(rel, "bad-field",
                                f"{spec.id} 是{_KIND_ZH[spec.kind]}类指标，不填 value (this kind takes no value)",
                                "里程碑填 stage，工作类填 note/done (milestones take stage; actions take note/done)",
                                loc=(*loc, "value"))]
        try:
            value = parse_quantity(entry.value, spec.unit)
        except UnitMismatch as exc:
            return None, [error(rel, "unit-mismatch", exc.message, exc.hint, loc=(*loc, "value"))]
        except QuantityError as exc:
            return None, [error(rel, "bad-value", exc.message, exc.hint, loc=(*loc, "value"))]
        if not math.isfinite(value) or abs(value) > ABSURD:
            return None, [error(rel, "absurd-value", f"数值 {entry.value} 超出合理范围 (implausible value)",
                                "检查是否多打了零或单位 (check the digits and unit)", loc=(*loc, "value"))]
        if isinstance(spec, QuantityTarget) and value < 0:
            return None, [error(rel, "negative-value",
                                f"累计数量不能为负数：{entry.value} (a cumulative quantity cannot be negative)",
                                "填年初至今的累计数 (report the year-to-date total)", loc=(*loc, "value"))]
    if entry.stage is not None:
        if not isinstance(spec, MilestoneTarget):
            return None, [error(rel, "bad-field", f"{spec.id} 不是里程碑类指标，不填 stage (only milestones take stage)",
                                None, loc=(*loc, "stage"))]
        names = [s.name for s in spec.stages]
        if entry.stage not in names:
            close = difflib.get_close_matches(entry.stage, names, n=1, cutoff=0.3)
            return None, [error(rel, "unknown-stage", f"'{entry.stage}' 不是 {spec.id} 的阶段 (unknown stage)",
                                f"可选阶段 (stages)：{'、'.join(names)}" + (f"；是不是 '{close[0]}'?" if close else ""),
                                loc=(*loc, "stage"))]
    if entry.done is not None and spec.kind != "action":
        return None, [error(rel, "bad-field", f"{spec.id} 不是工作类指标，不填 done (only actions take done)",
                            "数量/水平类填 value，里程碑填 stage", loc=(*loc, "done"))]
    if department not in node.involved:
        diags.append(warning(rel, "not-responsible",
                             f"{department} 不是 {spec.id} 的责任单位 (not responsible for this target)",
                             f"责任单位 (responsible)：{'、'.join(node.involved) or '无'}",
                             loc=(*loc, "target")))
    return ReportEntry(spec.id, department, period, submitted, value, entry.stage, entry.note,
                       entry.done, tuple(entry.evidence), rel, i), diags


_KIND_ZH = {"quantity": "数量", "level": "水平", "milestone": "里程碑", "action": "工作"}


def entry_lines(root: Path, entries: Iterable[ReportEntry]) -> dict[tuple[str, int], int]:
    """(file, entry index) -> line, reading only the files these entries came from."""
    by_file: dict[str, list[int]] = {}
    for e in entries:
        by_file.setdefault(e.file, []).append(e.index)
    lines: dict[tuple[str, int], int] = {}
    for path, indexes in by_file.items():
        found = yamlio.locate_in(root, path, [("entries", i) for i in indexes])
        lines.update({(path, i): line for i, (line, _) in zip(indexes, found, strict=True)})
    return lines


@dataclass(frozen=True)
class Repo:
    root: Path
    plan: Plan
    reports: tuple[Report, ...]
    diagnostics: tuple[Diagnostic, ...]

    @property
    def entries(self) -> list[ReportEntry]:
        return [e for r in self.reports for e in r.entries]


def load_progress(root: Path, plan: Plan, git_dates: Mapping[str, dt.date] | None = None,
                  source: Source | None = None, cache: Cache | None = None,
                  plan_id: str = "") -> tuple[list[Report], list[Diagnostic]]:
    """Every progress file, from the cache where unchanged, the rest on every core (pool.py)."""
    from .cache import Cache
    from .pool import load_reports

    source = source or FileSource(root)
    cache = cache or Cache(root, enabled=False)
    files = [(root / rel, rel) for rel in source.paths("progress", recursive=True)]
    dates = git_dates or {}
    results = cache.reports(files, lambda rel: (plan_id, dates.get(rel)),
                            lambda todo: load_reports(todo, plan, root, git_dates, source))
    reports: list[Report] = []
    diags: list[Diagnostic] = []
    for report, problems in results:
        diags += problems
        if report is not None:
            reports.append(report)
    return reports, diags


def load_repo(root: Path, git_dates: Mapping[str, dt.date] | None = None,
              source: Source | None = None, use_cache: bool = True) -> Repo:
    """Plan and progress, with every diagnostic located; FatalError if the plan is unusable.

    Files come from `source` (default: the working tree under `root`). Unchanged working-tree
    files come from `.plan-cache/` (cache.py) unless `use_cache` is False or PLAN_NO_CACHE is
    set; the result is the same either way.
    """
    from .cache import Cache, plan_id
    from .checks import run_checks

    source = source or FileSource(root)
    cache = Cache.open(root, use_cache and isinstance(source, FileSource))
    keys = tuple(cache.key(root / rel, rel) for rel in source.paths("plan", recursive=False))
    plan_keys = None if None in keys else keys
    plan, found = cache.plan_result(plan_keys, lambda: load_plan(root, source))  # type: ignore[arg-type]
    diags = list(found)  # the cached list is not ours to extend
    if plan is None or any(d.is_error and d.path.startswith("plan/") for d in diags):
        located = yamlio.locate_all(diags, root, source.read)
        raise PlanInvalid(located)
    reports, problems = load_progress(root, plan, git_dates, source, cache, plan_id(plan_keys))
    diags += problems

    def check_and_locate() -> list[Diagnostic]:
        return yamlio.locate_all(diags + run_checks(plan, reports), root, source.read)

    # Cross-file checks and positions depend on every file: cached only when nothing changed.
    located = cache.whole_repo_result(check_and_locate)
    cache.save()
    return Repo(root, plan, tuple(reports), tuple(located))


def load_plan_or_fail(root: Path) -> Plan:
    """The plan alone (for writers, which read progress files one by one); PlanInvalid if unusable."""
    plan, diags = load_plan(root)
    if plan is None or any(d.is_error for d in diags):
        raise PlanInvalid(yamlio.locate_all(diags, root))
    return plan


class PlanInvalid(FatalError):
    """The plan itself has errors: nothing can be evaluated against it."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("计划文件有错误，无法计算进度 (the plan has errors)",
                         "先修正 plan/ 下的错误 (fix the plan files first)")
        self.diagnostics = diagnostics
