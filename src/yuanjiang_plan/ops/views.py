"""Selecting targets for a view: by unit, section or task, and status."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from ..core.diagnostics import UsageError
from ..core.similar import normalise
from .track import Evaluation, Light, Status, TargetState


def _words(raw: Iterable[str]) -> Iterator[str]:
    for item in raw:
        for word in item.replace("，", ",").split(","):
            word = word.strip().replace("-", "_").lower()
            if word:
                yield word


def parse_statuses(raw: Iterable[str] | None) -> set[Status] | None:
    if not raw:
        return None
    wanted: set[Status] = set()
    for word in _words(raw):
        try:
            wanted.add(Status(word))
        except ValueError:
            raise UsageError(
                f"未知状态 '{word}' (unknown status)",
                "可选 (choose from): " + ", ".join(s.value for s in Status),
            ) from None
    return wanted


def parse_lights(raw: Iterable[str] | None) -> set[Light] | None:
    """`--light red,yellow` -> the lights wanted; None when not given."""
    if not raw:
        return None
    wanted: set[Light] = set()
    for word in _words(raw):
        try:
            wanted.add(Light(word))
        except ValueError:
            raise UsageError(
                f"未知灯色 '{word}' (unknown light)",
                "可选 (choose from): " + ", ".join(light.value for light in Light),
            ) from None
    return wanted


def status_matches(state: TargetState, wanted: set[Status]) -> bool:
    """`--status at_risk` also matches a not-started target with a red or yellow light (README
    *Read the status*)."""
    return state.status in wanted or (Status.AT_RISK in wanted and state.behind)


def light_matches(state: TargetState, wanted: set[Light]) -> bool:
    """`--light` selects targets that are judged and not done (done ones have no light)."""
    return state.light in wanted and state.judged and not state.done


def resolve_department(ev: Evaluation, dept: str) -> str:
    directory = ev.plan.departments
    canonical = directory.resolve(dept)
    if canonical is None:
        guess = directory.suggest(dept)
        raise UsageError(f"未知单位 '{dept}' (unknown department)",
                         f"是不是 '{guess}'? (did you mean)" if guess else "用 plan depts 查看单位列表")
    return canonical


def resolve_units(ev: Evaluation, name: str) -> tuple[str, ...]:
    """`--dept`: a unit, or a group standing for its members (README *Encoding a real plan*); an
    open group stands for itself (the targets that name it)."""
    directory = ev.plan.departments
    if directory.resolve(name) is None and directory.group(name) is not None:
        members = directory.expand(name) or ()
        group = directory.group(name)
        assert group is not None
        return members or (group.name,)
    return (resolve_department(ev, name),)


def resolve_leader(ev: Evaluation, name: str) -> str:
    """`--leader`: one of the 责任领导 named in the plan."""
    leaders = ev.plan.leaders
    if name in leaders:
        return name
    folded = {normalise(p): p for p in leaders}
    if normalise(name) in folded:
        return folded[normalise(name)]
    close = difflib.get_close_matches(name, leaders, n=1, cutoff=0.5)
    raise UsageError(f"计划中没有责任领导 '{name}' (no such leader in the plan)",
                     f"是不是 '{close[0]}'? (did you mean)" if close else
                     ("计划中的责任领导 (leaders)：" + "、".join(leaders) if leaders else
                      "计划未写 leaders (the plan names no leaders)"))


def filter_states(ev: Evaluation, dept: str | None = None, section: str | None = None,
                  statuses: Iterable[str] | None = None,
                  lights: Iterable[str] | None = None,
                  leader: str | None = None) -> list[TargetState]:
    states = list(ev.states.values())
    if dept:
        units = set(resolve_units(ev, dept))
        states = [s for s in states if units & set(s.node.involved)]
    if leader:
        person = resolve_leader(ev, leader)
        states = [s for s in states if person in s.node.leaders]
    if section:
        key = section.strip()
        known = {s.id for s in ev.plan.sections} | set(ev.plan.tasks) | {"G"}
        if key not in known:
            raise UsageError(f"没有编号为 '{key}' 的部分或任务 (no such section or task)",
                             "部分 (sections): " + ", ".join(s.id for s in ev.plan.sections) + "；目标用 G")
        if key == "G":
            states = [s for s in states if s.node.section is None]
        else:
            states = [s for s in states if s.node.section == key or s.node.task == key
                      or key in s.node.path]  # sub-sections and sub-items too
    wanted = parse_statuses(statuses)
    if wanted is not None:
        states = [s for s in states if status_matches(s, wanted)]
    colours = parse_lights(lights)
    if colours is not None:
        states = [s for s in states if light_matches(s, colours)]
    return states


def overdue_states(states: Iterable[TargetState], at_risk: bool = False) -> list[TargetState]:
    """Overdue targets, most days overdue first; with `at_risk`, the at-risk ones after them.

    At-risk targets (and not-started ones with a red or yellow light, README *Read the status*) come
    red before yellow, then furthest behind 序时进度 first.
    """
    states = list(states)
    order = {s.node.id: i for i, s in enumerate(states)}
    late = sorted((s for s in states if s.status == Status.OVERDUE),
                  key=lambda s: (-s.days_overdue, order[s.node.id]))
    if not at_risk:
        return late

    def behind(s: TargetState) -> float:
        return s.time_progress - (s.completion or 0.0)

    risky = sorted((s for s in states if s.behind),
                   key=lambda s: (s.light != Light.RED, -behind(s), order[s.node.id]))
    return late + risky
