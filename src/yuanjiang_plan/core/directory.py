"""The plan's units: every name, alias and code resolved to one canonical name; groups
expanded to their members."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from .model import Department, Group
from .similar import normalise

# Who reports where the plan names nobody and has no 专班办公室 (README *Encoding a real plan*
# no-responsible-unit): the office that keeps the plan's tracking files. Accepted in progress files
# by this name, `office` or `tracking-office`.
TRACKING_OFFICE = Department(name="跟踪办公室", aliases=["tracking-office"], code="office",
                             note="计划跟踪办公室：方案未写明责任单位的指标由其报送 (the tracking office)")


@dataclass(frozen=True)
class Directory:
    """Departments by canonical name, with every alias and code resolved to it."""

    units: tuple[Department, ...]
    _index: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    groups: tuple[Group, ...] = ()
    _groups: dict[str, Group] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, units: Iterable[Department], groups: Iterable[Group] = ()) -> Directory:
        units = tuple(units)
        groups = tuple(groups)
        index: dict[str, str] = {}
        for unit in units:
            for key in (unit.name, unit.full_name, unit.code, *unit.aliases):
                if key:
                    index.setdefault(key, unit.name)
                    if unit.code and key == unit.code:
                        index.setdefault(key.lower(), unit.name)
        by_name: dict[str, Group] = {}
        for group in groups:
            for key in (group.name, *group.aliases):
                if key not in index:
                    by_name.setdefault(key, group)
        return cls(units, index, groups, by_name)

    def with_unit(self, unit: Department) -> Directory:
        """The directory with one more unit (the tracking office where the plan names none)."""
        if self.resolve(unit.name):
            return self
        return Directory.build((*self.units, unit), self.groups)

    def resolve(self, name: str) -> str | None:
        """Exact name, alias or code -> canonical name; look-alikes are not silently accepted."""
        return self._index.get(name) or self._index.get(name.lower())

    def group(self, name: str) -> Group | None:
        """The group called `name` (or one of its aliases)."""
        return self._groups.get(name)

    def expand(self, name: str) -> tuple[str, ...] | None:
        """A unit -> itself; a group -> its members' canonical names (groups of groups
        flattened, cycles cut); an open group -> (). None when the name is unknown."""
        unit = self.resolve(name)
        if unit is not None:
            return (unit,)
        group = self.group(name)
        if group is None:
            return None
        out: list[str] = []
        seen = {group.name}
        todo = list(group.members or [])
        while todo:
            member = todo.pop(0)
            unit = self.resolve(member)
            if unit is not None:
                if unit not in out:
                    out.append(unit)
                continue
            sub = self.group(member)
            if sub is not None and sub.name not in seen:
                seen.add(sub.name)
                todo[:0] = list(sub.members or [])
        return tuple(out)

    def is_open(self, name: str) -> bool:
        """A group whose members the document does not list (各有关单位)."""
        group = self.group(name) if self.resolve(name) is None else None
        return group is not None and group.members is None


    def suggest(self, name: str) -> str | None:
        """A did-you-mean for an unknown name: look-alikes first, then close spellings."""
        folded = normalise(name)
        names = {**self._index, **{k: g.name for k, g in self._groups.items()}}
        for key, canonical in names.items():
            if normalise(key) == folded:
                return canonical
        close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.5)
        return names[close[0]] if close else None

    @property
    def names(self) -> list[str]:
        return [u.name for u in self.units]
