"""The resolved plan: responsibility and deadlines inherited, names canonical (SPEC §2).

Built by ``load`` from the validated files; immutable afterwards and free of I/O.
"""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from .diagnostics import Loc
from .model import Department, Extension, PlanMeta, Target


def normalise(text: str) -> str:
    """Fold full-width forms and stray spaces, as a clerk's look-alike typing would need."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


@dataclass(frozen=True)
class Directory:
    """Departments by canonical name, with every alias and code resolved to it."""

    units: tuple[Department, ...]
    _index: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, units: Iterable[Department]) -> Directory:
        units = tuple(units)
        index: dict[str, str] = {}
        for unit in units:
            for key in (unit.name, unit.full_name, unit.code, *unit.aliases):
                if key:
                    index.setdefault(key, unit.name)
                    if unit.code and key == unit.code:
                        index.setdefault(key.lower(), unit.name)
        return cls(units, index)

    def resolve(self, name: str) -> str | None:
        """Exact name, alias or code -> canonical name; look-alikes are not silently accepted."""
        return self._index.get(name) or self._index.get(name.lower())

    def suggest(self, name: str) -> str | None:
        """A did-you-mean for an unknown name: look-alikes first, then close spellings."""
        folded = normalise(name)
        for key, canonical in self._index.items():
            if normalise(key) == folded:
                return canonical
        close = difflib.get_close_matches(name, list(self._index), n=1, cutoff=0.5)
        return self._index[close[0]] if close else None

    @property
    def names(self) -> list[str]:
        return [u.name for u in self.units]

    def get(self, name: str) -> Department | None:
        canonical = self.resolve(name)
        return next((u for u in self.units if u.name == canonical), None)


@dataclass(frozen=True)
class TargetNode:
    """One measurable line of the plan, with everything it inherits."""

    spec: Target
    section: str | None  # section id; None for a goal (一、工作目标)
    task: str | None
    lead: tuple[str, ...]
    support: tuple[str, ...]
    due: dt.date  # effective due: an approved extension replaces the original
    original_due: dt.date
    extension: Extension | None
    file: str
    loc: Loc

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def kind(self) -> str:
        return self.spec.kind

    @cached_property  # asked once per progress entry (issue 7)
    def responsible(self) -> tuple[str, ...]:
        return self.lead + tuple(s for s in self.support if s not in self.lead)

    @property
    def reporters(self) -> tuple[str, ...]:
        """Units that owe reports: the lead (牵头), or everyone where there is no lead."""
        return self.lead or self.support


@dataclass(frozen=True)
class TaskNode:
    id: str
    title: str
    text: str | None
    section: str
    lead: tuple[str, ...]
    support: tuple[str, ...]
    targets: tuple[str, ...]


@dataclass(frozen=True)
class SectionNode:
    id: str
    title: str
    text: str | None
    tasks: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    meta: PlanMeta
    departments: Directory
    goals: tuple[str, ...]
    sections: tuple[SectionNode, ...]
    tasks: dict[str, TaskNode]
    targets: dict[str, TargetNode]  # in document order: goals, then section by section
    extensions: tuple[Extension, ...] = ()

    def suggest_target(self, raw: str) -> str | None:
        folded = normalise(raw)
        for tid in self.targets:
            if normalise(tid) == folded:
                return tid
        close = difflib.get_close_matches(raw, list(self.targets), n=1, cutoff=0.6)
        return close[0] if close else None

    def suggest_node(self, raw: str) -> str | None:
        """A did-you-mean for any node: targets first, then tasks and sections."""
        guess = self.suggest_target(raw)
        if guess is None:
            nodes = sorted(set(self.tasks) | {s.id for s in self.sections})
            close = difflib.get_close_matches(raw, nodes, n=1, cutoff=0.6)
            guess = close[0] if close else None
        return guess

    def node_title(self, node_id: str) -> str | None:
        if node_id in self.targets:
            return self.targets[node_id].title
        if node_id in self.tasks:
            return self.tasks[node_id].title
        return next((s.title for s in self.sections if s.id == node_id), None)
