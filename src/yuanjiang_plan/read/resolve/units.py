"""Names as written -> the directory's canonical units (groups expanded to their members),
and the problems of the directory itself (`plan/departments.yaml`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ...core.diagnostics import Diagnostic, Loc, error, warning
from ...core.directory import Directory
from ...core.model import Department, Group


@dataclass
class UnitNames:
    """Resolves the unit and leader names a plan file writes; each problem is appended to
    `diags`. Open groups met on the way (kept by name, owing nothing) gather in `open_groups`."""

    directory: Directory
    diags: list[Diagnostic]
    open_groups: set[str] = field(default_factory=set)

    def units(self, names: Sequence[str] | None, rel: str, loc: Loc) -> tuple[str, ...] | None:
        """Names as written -> canonical units, groups expanded; None when not given."""
        if names is None:
            return None
        out: list[str] = []
        for j, raw in enumerate(names):
            expanded = self.directory.expand(raw)
            if expanded is None:
                guess = self.directory.suggest(raw)
                self.diags.append(error(
                    rel, "unknown-department", f"未知单位 '{raw}' (unknown department)",
                    f"是不是 '{guess}'? (did you mean)" if guess else
                    "在 plan/departments.yaml 中登记该单位或单位组 (add it to departments.yaml: "
                    "`departments` or `groups`)",
                    loc=(*loc, j),
                ))
                continue
            if not expanded and self.directory.is_open(raw):
                group = self.directory.group(raw)
                assert group is not None
                expanded = (group.name,)
                self.open_groups.add(group.name)
            out += [u for u in expanded if u not in out]
        return tuple(out)

    def people(self, names: Sequence[str] | None, rel: str, loc: Loc) -> tuple[str, ...] | None:
        if names is None:
            return None
        for j, name in enumerate(names):
            if self.directory.resolve(name) or self.directory.group(name):
                self.diags.append(error(
                    rel, "leader-is-unit", f"责任领导 '{name}' 是单位名称 (leaders are people, not units)",
                    "单位写在 lead / responsible / support 中 (put units under lead, responsible or support)",
                    loc=(*loc, j),
                ))
        return tuple(dict.fromkeys(names))

    def one_unit(self, name: str | None, rel: str, loc: Loc) -> str | None:
        if name is None:
            return None
        unit = self.directory.resolve(name)
        if unit is None:
            guess = self.directory.suggest(name)
            self.diags.append(error(
                rel, "unknown-department", f"汇总单位 '{name}' 不是单位名录中的单位 (unknown reporter)",
                f"是不是 '{guess}'? (did you mean)" if guess else "reporter 须为一个单位 (one unit)",
                loc=loc,
            ))
        return unit


def directory_problems(directory: Directory, departments: Sequence[Department],
                        groups: Sequence[Group], dept_file: str) -> list[Diagnostic]:
    diags: list[Diagnostic] = []
    seen_keys: dict[str, str] = {}
    for i, unit in enumerate(departments):
        for key in {unit.name, unit.code, *unit.aliases} - {None}:
            assert key is not None
            owner = seen_keys.setdefault(key, unit.name)
            if owner != unit.name:
                diags.append(error(
                    dept_file, "ambiguous-alias",
                    f"'{key}' 同时指向 {owner} 和 {unit.name} (alias used by two units)",
                    "每个别名只能属于一个单位 (an alias belongs to one unit)",
                    loc=("departments", i),
                ))
    for i, group in enumerate(groups):
        for key in (group.name, *group.aliases):
            owner = seen_keys.setdefault(key, group.name)
            if owner != group.name:
                diags.append(error(
                    dept_file, "ambiguous-alias",
                    f"'{key}' 同时指向 {owner} 和单位组 {group.name} (name used twice)",
                    "单位组的名称和别名不能与单位重复 (a group's names are its own)",
                    loc=("groups", i),
                ))
        if group.members is None:
            diags.append(warning(
                dept_file, "open-group",
                f"单位组 '{group.name}' 未列出成员：照原文显示，不报送、不评分 (open group: shown as "
                "written, owes no reports)",
                "方案或后续文件列明成员后写上 members (list the members once they are known)",
                loc=("groups", i, "name"),
            ))
            continue
        for j, member in enumerate(group.members):
            if directory.resolve(member) is None and directory.group(member) is None:
                guess = directory.suggest(member)
                diags.append(error(
                    dept_file, "unknown-department", f"单位组 {group.name} 的成员 '{member}' 未登记 "
                    "(unknown member)", f"是不是 '{guess}'? (did you mean)" if guess else
                    "在 departments 中登记该单位 (add it to departments)",
                    loc=("groups", i, "members", j),
                ))
    return diags
