"""Two evaluations of the same plan repository -> what changed (pure, no I/O).

`plan diff REV [REV2]` loads both sides (from git or the working tree), evaluates them at the
same as-of date and hands them here. Target changes (entries, actual, status, light) and plan
changes (targets added or removed, re-assigned, due moved) are kept apart: an analyst reads
the first as progress, the second as a decision of the 专班.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..core.model import LevelTarget, QuantityTarget
from .track import Evaluation, TargetState

FileChangeKind = Literal["added", "modified", "removed"]
PlanChangeKind = Literal["added", "removed", "lead", "support", "due"]


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
        targets.append(TargetChange(tid, new.node.title, unit, a, b, touched))
    return Changes(tuple(targets), tuple(plan_changes(before, after)), tuple(files))


def plan_changes(before: Evaluation, after: Evaluation) -> list[PlanChange]:
    old_plan, new_plan = before.plan, after.plan
    out: list[PlanChange] = []
    for tid, node in old_plan.targets.items():
        if tid not in new_plan.targets:
            out.append(PlanChange("removed", tid, node.title, node.title, None))
    for tid, node in new_plan.targets.items():
        old = old_plan.targets.get(tid)
        if old is None:
            out.append(PlanChange("added", tid, node.title, None, node.title))
            continue
        if old.lead != node.lead:
            out.append(PlanChange("lead", tid, node.title, list(old.lead), list(node.lead)))
        if old.support != node.support:
            out.append(PlanChange("support", tid, node.title, list(old.support), list(node.support)))
        if old.due != node.due:
            out.append(PlanChange("due", tid, node.title, old.due.isoformat(), node.due.isoformat()))
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
