"""Two evaluations of the same plan repository -> what changed (pure, no I/O).

`plan diff REV [REV2]` loads both sides (from git or the working tree), evaluates them at the
same as-of date and hands them here. Target changes (entries, actual, status, light) and plan
changes (targets added or removed, re-assigned, due moved) are kept apart: an analyst reads
the first as progress, the second as a decision of the 专班.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass
from typing import Any, Literal

from pydantic import BaseModel

from ..core.model import LevelTarget, QuantityTarget
from ..core.tree import Plan, TargetNode
from .track import Evaluation, TargetState

FileChangeKind = Literal["added", "modified", "removed"]
# "added", "removed", or the name of the field that changed ("target", "lead", "due",
# "reporting.due_day", "lights.red_gap", "department", "group", ...).
PlanChangeKind = str


@dataclass(frozen=True)
class FileChange:
    path: str
    change: FileChangeKind


@dataclass(frozen=True)
class Side:
    """A target's standing on one side of the diff."""

    value: float | str | bool | None  # actual (quantity/level), stage (milestone), done (action)
    completion: float | None
    status: str
    light: str
    entries: int

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value,
                "completion": None if self.completion is None else round(self.completion, 4),
                "status": self.status, "light": self.light, "entries": self.entries}


@dataclass(frozen=True)
class TargetChange:
    id: str
    title: str
    unit: str | None  # of quantity and level targets
    before: Side
    after: Side
    files: tuple[FileChange, ...]  # changed progress files holding entries for this target


@dataclass(frozen=True)
class PlanChange:
    kind: PlanChangeKind
    id: str
    title: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Changes:
    targets: tuple[TargetChange, ...]
    plan: tuple[PlanChange, ...]
    files: tuple[FileChange, ...]


def file_changes(before: Mapping[str, bytes], after: Mapping[str, bytes]) -> list[FileChange]:
    """Files added, modified (bytes differ) or removed, sorted by path."""
    out = []
    for path in sorted(set(before) | set(after)):
        if path not in before:
            out.append(FileChange(path, "added"))
        elif path not in after:
            out.append(FileChange(path, "removed"))
        elif before[path] != after[path]:
            out.append(FileChange(path, "modified"))
    return out


def side(state: TargetState) -> Side:
    kind = state.node.kind
    value: float | str | bool | None
    if kind == "milestone":
        value = state.stage
    elif kind == "action":
        value = state.done_flag if state.entries else None
    else:
        value = state.actual
    return Side(value, state.completion, state.status.value, state.light.value, len(state.entries))


def _entry_signature(state: TargetState) -> tuple[tuple[Any, ...], ...]:
    """What the entries say, not where they sit: moving an entry within a file is no change."""
    return tuple(sorted(
        (e.department, e.period.text, repr(e.value), e.stage or "", e.note or "", repr(e.done),
         e.evidence, e.submitted.isoformat() if e.submitted else "")
        for e in state.entries
    ))


def compare(before: Evaluation, after: Evaluation, files: list[FileChange]) -> Changes:
    """Both evaluations must share the as-of date; `files` from `file_changes`."""
    changed = {f.path: f for f in files}
    targets: list[TargetChange] = []
    for tid, new in after.states.items():
        old = before.states.get(tid)
        if old is None:
            continue
        a, b = side(old), side(new)
        if a == b and _entry_signature(old) == _entry_signature(new):
            continue
        paths = {e.file for e in (*old.entries, *new.entries)}
        touched = tuple(changed[p] for p in sorted(paths) if p in changed)
        spec = new.node.spec
        unit = spec.unit if isinstance(spec, QuantityTarget | LevelTarget) else None
        targets.append(TargetChange(tid, new.node.named, unit, a, b, touched))
    return Changes(tuple(targets), tuple(plan_changes(before, after)), tuple(files))


# Fields that never move a figure: names and prose. Everything else a plan carries (numbers,
# units, ops, qualifiers, dues, schedules, roles, reporting, lights, extensions, the registry
# of units and groups) is compared field by field, so a field added to the format later is
# diffed without a change here (issue 18: a lowered goal or a later due_day was invisible).
_PROSE = frozenset({"id", "title", "text", "note", "label", "wording", "full_name"})
# Node fields derived from others or about where the node sits, not what it asks.
_NODE_SKIP = frozenset({"spec", "file", "loc", "section", "task", "original_due"})
# Plan-wide fields compared elsewhere (the tree) or prose.
_META_SKIP = frozenset({"goals", "sections", "departments", "id", "title", "text", "issuer",
                        "published"})


def _plain(value: Any) -> Any:
    """A JSON-ready form of a plan value (models dumped, tuples as lists, dates as text)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)
                if not f.name.startswith("_")}
    return value


def _flatten(doc: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(doc, dict) and doc:
        out: dict[str, Any] = {}
        for k, v in doc.items():
            out.update(_flatten(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    return {prefix: doc}


def _target_fields(node: TargetNode) -> dict[str, Any]:
    """What a target asks, resolved: its spec's fields plus the node's inherited ones."""
    node_fields = {f.name for f in fields(node)}
    found = {k: v for k, v in node.spec.model_dump(mode="json").items()
             if k not in _PROSE and k not in node_fields}
    for f in fields(node):
        if f.name not in _NODE_SKIP and not f.name.startswith("_"):
            found[f.name] = _plain(getattr(node, f.name))
    return found


def _units(plan: Plan) -> dict[tuple[str, str], Any]:
    """(registry field, name) -> the unit or group as the plan defines it (names, aliases and
    codes decide whose report a file is, so they count)."""
    out: dict[tuple[str, str], Any] = {}
    for f in fields(plan.departments):
        if f.name.startswith("_"):
            continue
        for item in getattr(plan.departments, f.name) or ():
            dumped = _plain(item)
            name = dumped.get("name") if isinstance(dumped, dict) else None
            if name is not None:
                out[(f.name, str(name))] = {k: v for k, v in dumped.items() if k != "note"}
    return out


def plan_changes(before: Evaluation, after: Evaluation) -> list[PlanChange]:
    old_plan, new_plan = before.plan, after.plan
    out: list[PlanChange] = []
    old_meta = _flatten({k: v for k, v in old_plan.meta.model_dump(mode="json").items() if k not in _META_SKIP})
    new_meta = _flatten({k: v for k, v in new_plan.meta.model_dump(mode="json").items() if k not in _META_SKIP})
    for key in sorted(set(old_meta) | set(new_meta)):
        if old_meta.get(key) != new_meta.get(key):
            out.append(PlanChange(key, "", new_plan.meta.title, old_meta.get(key), new_meta.get(key)))
    old_units, new_units = _units(old_plan), _units(new_plan)
    for unit in sorted(set(old_units) | set(new_units)):
        if old_units.get(unit) != new_units.get(unit):
            kind = "group" if unit[0] == "groups" else "department"
            out.append(PlanChange(kind, unit[1], unit[1], old_units.get(unit), new_units.get(unit)))
    for tid, node in old_plan.targets.items():
        if tid not in new_plan.targets:
            out.append(PlanChange("removed", tid, node.title, node.title, None))
    for tid, node in new_plan.targets.items():
        old = old_plan.targets.get(tid)
        if old is None:
            out.append(PlanChange("added", tid, node.title, None, node.title))
            continue
        was, now = _target_fields(old), _target_fields(node)
        for name in [*was, *(k for k in now if k not in was)]:
            if was.get(name) != now.get(name):
                out.append(PlanChange(name, tid, node.title, was.get(name), now.get(name)))
    return out


def changes_document(changes: Changes, as_of: str, old: Mapping[str, Any],
                     new: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON form of `plan diff` (`--format json`)."""
    return {
        "from": dict(old),
        "to": dict(new),
        "as_of": as_of,
        "summary": {"targets_changed": len(changes.targets), "plan_changes": len(changes.plan),
                    "files_changed": len(changes.files)},
        "targets": [
            {"id": c.id, "title": c.title, "unit": c.unit, "before": c.before.as_dict(), "after": c.after.as_dict(),
             "files": [{"path": f.path, "change": f.change} for f in c.files]}
            for c in changes.targets
        ],
        "plan": [{"change": p.kind, "id": p.id, "title": p.title, "before": p.before, "after": p.after}
                 for p in changes.plan],
        "files": [{"path": f.path, "change": f.change} for f in changes.files],
    }
