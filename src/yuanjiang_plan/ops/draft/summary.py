"""What a draft found, counted for the analyst who reviews it."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Draft, SectionDraft


@dataclass(frozen=True)
class Summary:
    sections: int
    items: int
    targets: dict[str, int] = field(default_factory=dict)
    units: int = 0
    groups: int = 0
    leaders: int = 0
    todos: int = 0


def summarize(d: Draft) -> Summary:
    def count_sections(ss: list[SectionDraft]) -> int:
        return sum(1 + count_sections(s.sections) for s in ss)

    kinds = {"quantity": 0, "level": 0, "milestone": 0, "action": 0}
    for t in d.all_targets():
        kinds[t.kind] += 1
    leaders: set[str] = set()
    todos = len(d.meta.todos)
    for g in d.goals:
        leaders.update(g.roles.leaders)
        todos += len(g.todos)
    for task in d.all_tasks():
        leaders.update(task.roles.leaders)
        todos += len(task.todos)
        for t in task.targets:
            leaders.update(t.roles.leaders)
            todos += len(t.todos)

    def section_todos(ss: list[SectionDraft]) -> int:
        return sum(len(s.todos) + section_todos(s.sections) for s in ss)

    todos += section_todos(d.sections)
    todos += sum(len(u.todos) for u in d.units)
    if d.coordination is not None:
        todos += len(d.coordination.todos)
    return Summary(
        sections=count_sections(d.sections),
        items=len(d.all_tasks()),
        targets=kinds,
        units=sum(not u.group for u in d.units),
        groups=sum(u.group for u in d.units),
        leaders=len(leaders),
        todos=todos,
    )
