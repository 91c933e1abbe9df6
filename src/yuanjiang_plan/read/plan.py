"""Plan files -> the resolved plan tree (`Plan`) and its diagnostics."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostic, Loc, error
from ..core.model import (
    DepartmentsFile,
    Extension,
    ExtensionsFile,
    PlanMeta,
    Section,
    Target,
    TreeFile,
)
from ..core.tree import Plan
from .files import FileSource, Source, read_source_doc
from .resolve import resolve_plan
from .validate import validate
from .yaml import Located


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
    docs: dict[str, Located] = {}  # each file's node tree, to place what resolving finds
    for rel in source.paths("plan", recursive=False):
        parsed, problems = read_source_doc(source, rel)
        diags += problems
        if parsed is None:
            continue
        docs[rel] = parsed
        data = parsed.data
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
        return None, _placed(diags, docs)
    plan, problems = _resolve(g, g.meta)
    return plan, _placed(diags + problems, docs)


def _placed(diags: list[Diagnostic], docs: dict[str, Located]) -> list[Diagnostic]:
    out = []
    for d in diags:
        doc = docs.get(d.path)
        if d.line is None and d.loc is not None and doc is not None:
            d = d.located(*doc.locate(d.loc))
        out.append(d)
    return out


def _resolve(g: _Gather, meta: PlanMeta) -> tuple[Plan, list[Diagnostic]]:
    return resolve_plan(meta, g.departments, g.groups, g.goals, g.sections, g.extensions, g.dept_file)
