"""Who may file for whom (issue 18): CODEOWNERS from the units' `owners`, and the check that a
report was committed by one of its unit's owners. Pure: git's answers arrive as values.

A unit's reports are the files named after it (its name, aliases or code, at any depth under
`progress/`: `plan record` writes `progress/<period>/<name>.yaml`) plus every file that already
reports for it under another name. The plan itself belongs to the office (专班办公室). The
host's protected branches then require an owner's approval for a merge request that touches
a unit's report — filing under another unit's name needs that unit's review.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, Protocol

from ..core.diagnostics import Diagnostic, warning
from ..core.progress import Report
from ..core.tree import Plan

Flavour = Literal["github", "gitlab"]

_SPECIAL = re.compile(r"([\\\s#*?\[\]!])")


def _pattern(path: str) -> str:
    """A literal path as a CODEOWNERS pattern (gitignore syntax: specials escaped)."""
    return _SPECIAL.sub(r"\\\1", path)


def owner_handle(owner: str) -> str:
    """`zhangsan` -> `@zhangsan`; teams and e-mails as written."""
    return owner if owner.startswith("@") or "@" in owner else "@" + owner


def codeowners(plan: Plan, reports: Iterable[Report], flavour: Flavour = "github",
               prefix: str = "") -> str:
    """The CODEOWNERS text; `prefix` is the plan root's path inside the git repository."""
    base = f"/{prefix}/" if prefix else "/"
    lines = [
        "# Written by `plan codeowners` from plan/departments.yaml (owners); do not edit by hand:",
        "# change the owners there and run it again. The last matching line wins.",
    ]
    office = plan.meta.coordination.office if plan.meta.coordination else None
    office_unit = plan.departments.resolve(office) if office else None
    units = {u.name: u for u in plan.departments.units}
    office_owners = [owner_handle(o) for o in getattr(units.get(office_unit or ""), "owners", [])]
    files: dict[str, set[str]] = {}
    for r in reports:
        files.setdefault(r.department, set()).add(r.file)
    sections: list[tuple[str, list[str]]] = []
    if office_owners:
        sections.append(("计划 (plan)", [f"{_pattern(base + 'plan/')} {' '.join(office_owners)}",
                                        f"{_pattern(base + 'progress/')} {' '.join(office_owners)}"]))
    for unit in plan.departments.units:
        owners = [owner_handle(o) for o in getattr(unit, "owners", [])]
        if not owners:
            continue
        who = " ".join(owners)
        names = sorted({n for n in (unit.name, unit.code, *unit.aliases) if n})
        rules = [f"{_pattern(base + 'progress/')}**/{_pattern(n + '.yaml')} {who}" for n in names]
        rules += [f"{_pattern(base + path)} {who}" for path in sorted(files.get(unit.name, ()))]
        sections.append((unit.name, rules))
    for title, rules in sections:
        lines.append("")
        lines.append(f"[{title}]" if flavour == "gitlab" else f"# {title}")
        lines += rules
    return "\n".join(lines) + "\n"


class Authored(Protocol):
    """What git says of a file's last commit (read.gitinfo.FileHistory)."""

    @property
    def author(self) -> str: ...


_NOREPLY = re.compile(r"^(?:\d+\+)?([^@]+)@users\.noreply\.(?:github\.com|gitlab\.com)$", re.I)


def _identities(author: str) -> set[str]:
    """The names a commit's author may be known by: name, e-mail, its local part, the
    account behind a host's no-reply address."""
    name, _, email = author.partition(" <")
    email = email.rstrip(">").strip().lower()
    found = {name.strip().lower(), email}
    if email:
        found.add(email.split("@", 1)[0])
        noreply = _NOREPLY.match(email)
        if noreply:
            found.add(noreply.group(1))
    return found - {""}


def foreign_commits(plan: Plan, reports: Sequence[Report],
                    history: Mapping[str, Authored]) -> list[Diagnostic]:
    """`not-an-owner`: a report whose last commit's author is none of its unit's owners.

    Units without owners are not checked, nor units with a team among them (the team's
    members are the host's to know).
    """
    units = {u.name: u for u in plan.departments.units}
    out: list[Diagnostic] = []
    for r in reports:
        unit = units.get(r.department)
        owners = list(getattr(unit, "owners", []) or [])
        info = history.get(r.file)
        if not owners or info is None or not info.author or any("/" in o for o in owners):
            continue
        accounts = {o.lstrip("@").lower() for o in owners}
        if accounts & _identities(info.author):
            continue
        out.append(warning(r.file, "not-an-owner",
                           f"{r.department} 的报告最后由 {info.author} 提交，不在该单位的 owners 中 "
                           "(last committed by someone who is not among the unit's owners)",
                           f"{r.department} 的 owners：{'、'.join(owners)}；运行 plan codeowners 让代码托管平台"
                           "要求其审核 (run plan codeowners so the host requires their review)",
                           loc=("department",)))
    return out
