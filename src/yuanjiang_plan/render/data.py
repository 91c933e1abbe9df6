"""Evaluations as plain data: the JSON fields of README *Read the status*, shared by
json/csv/markdown."""

from __future__ import annotations

from typing import Any

from ..core.model import LevelTarget, MilestoneTarget, QuantityTarget
from ..ops.track import (
    Evaluation,
    Light,
    Status,
    TargetState,
    counts,
    light_counts,
    mean_completion,
    tally,
)

# Each status once (a done_late target is not also `done`), README *Read the status*.
SUMMARY_ORDER = (Status.DONE, Status.DONE_LATE, Status.ON_TRACK, Status.AT_RISK, Status.OVERDUE,
                 Status.NOT_STARTED, Status.NO_TARGET, Status.PENDING)


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def target_goal(state: TargetState) -> float | str | None:
    spec = state.node.spec
    if isinstance(spec, MilestoneTarget):
        return spec.stages[-1].name
    return state.goal


def target_unit(state: TargetState) -> str | None:
    spec = state.node.spec
    return spec.unit if isinstance(spec, QuantityTarget | LevelTarget) else None


def target_row(state: TargetState) -> dict[str, Any]:
    node = state.node
    last = state.last
    return {
        "id": node.id,
        "title": node.title,
        "section": node.section,
        "task": node.task,
        "kind": node.kind,
        "lead": list(node.lead),
        "support": list(node.support),
        "target": target_goal(state),
        "unit": target_unit(state),
        "actual": state.actual,
        "stage": state.stage,
        "completion": _round(state.completion),
        "status": state.status.value,
        "light": state.light.value,
        "due": node.due.isoformat(),
        "days_overdue": state.days_overdue,
        "days_late": state.days_late,
        "last_period": last.period.text if last else None,
        "last_department": last.department if last else None,
        # version 2 (README *Encoding a real plan*, *Read the status*)
        "label": node.label,
        "leaders": list(node.leaders),
        "responsible": list(node.responsible),
        "reporter": node.reporters[0] if node.reporters and (node.reporter or node.lead) else None,
        "wording": getattr(node.spec, "wording", None),
        "step": {"period": state.step.text, "value": state.step.value} if state.step else None,
        "units": [{"name": u.unit, "share": u.share.share, "actual": u.state.actual if u.state.actual
                   is not None else u.state.stage, "completion": _round(u.state.completion),
                   "status": u.state.status.value} for u in state.units],
    }


TARGET_FIELDS = ("id", "title", "section", "task", "kind", "lead", "support", "target", "unit",
                 "actual", "stage", "completion", "status", "light", "due", "days_overdue",
                 "days_late", "last_period", "last_department",
                 # version 2 (README *Read the status*)
                 "label", "leaders", "responsible", "reporter", "wording", "step", "units")


def summary(states: list[TargetState]) -> dict[str, Any]:
    c = counts(states)
    out: dict[str, Any] = {"targets": len(states)}
    for status in SUMMARY_ORDER:
        out[status.value] = c[status]
    out["completion"] = _round(mean_completion(states))
    # The roll-up's counts (`3/7 完成`): done (on time or late) of the judged targets.
    t = tally(states)
    out["judged"] = t.judged
    out["done_total"] = t.done
    lights = light_counts(states)
    out["lights"] = {light.value: lights[light] for light in Light}
    return out


def status_document(ev: Evaluation, states: list[TargetState]) -> dict[str, Any]:
    meta = ev.plan.meta
    return {
        "plan": {"id": meta.id, "title": meta.title},
        "as_of": ev.as_of.isoformat(),
        "summary": summary(states),
        "targets": [target_row(s) for s in states],
    }
