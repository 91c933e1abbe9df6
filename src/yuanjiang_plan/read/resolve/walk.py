"""The tree walk: every section, task and target resolved with what it inherits, checked on
the way, into the `Plan`."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...core.diagnostics import Diagnostic, Loc, error, warning
from ...core.directory import TRACKING_OFFICE, Directory
from ...core.model import (
    Department,
    Extension,
    Group,
    LevelTarget,
    MilestoneTarget,
    PlanMeta,
    QuantityTarget,
    Section,
    Target,
    Task,
    when_end,
)
from ...core.tree import Plan, SectionNode, Share, Step, TargetNode, TaskNode
from .inherit import Context, inherit
from .units import UnitNames, directory_problems


@dataclass
class _Resolver:
    """The walk's state: the ids claimed so far (each once), the nodes built, the office."""

    meta: PlanMeta
    names: UnitNames
    extensions: dict[str, tuple[Extension, str, Loc]]
    diags: list[Diagnostic] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)
    targets: dict[str, TargetNode] = field(default_factory=dict)
    tasks: dict[str, TaskNode] = field(default_factory=dict)
    sections: list[SectionNode] = field(default_factory=list)
    office: str | None = None
    needs_office: bool = False

    def claim(self, node_id: str, rel: str, loc: Loc) -> bool:
        if node_id in self.ids:
            self.diags.append(error(rel, "duplicate-id",
                                    f"编号 {node_id} 重复，已在 {self.ids[node_id]} 中出现 (duplicate id)",
                                    loc=(*loc, "id")))
            return False
        self.ids[node_id] = rel
        return True

    def section(self, s: Section, ctx: Context, rel: str, loc: Loc, parent: str | None,
                depth: int) -> None:
        if not self.claim(s.id, rel, loc):
            return
        ctx = inherit(self.names, s, ctx, rel, loc, path=(*ctx.path, s.id), section=s.id, task=None)
        position = len(self.sections)
        self.sections.append(SectionNode(s.id, s.title, s.text, (), s.label, (), parent, depth))
        task_ids = [t.id for i, t in enumerate(s.tasks)
                    if self.task(t, ctx, rel, (*loc, "tasks", i), None)]
        sub_ids = []
        for i, sub in enumerate(s.sections):
            if sub.id not in self.ids:
                sub_ids.append(sub.id)
            self.section(sub, ctx, rel, (*loc, "sections", i), s.id, depth + 1)
        self.sections[position] = SectionNode(s.id, s.title, s.text, tuple(task_ids), s.label,
                                              tuple(i for i in sub_ids if i in self.ids),
                                              parent, depth)

    def task(self, t: Task, ctx: Context, rel: str, loc: Loc, parent: str | None) -> bool:
        if not self.claim(t.id, rel, loc):
            return False
        ctx = inherit(self.names, t, ctx, rel, loc, path=(*ctx.path, t.id), task=t.id)
        own = [x.id for k, x in enumerate(t.targets)
               if self.target(x, ctx, rel, (*loc, "targets", k))]
        subs = [x.id for k, x in enumerate(t.tasks) if self.task(x, ctx, rel, (*loc, "tasks", k), t.id)]
        section = ctx.section or ""
        self.tasks[t.id] = TaskNode(t.id, t.title, t.text, section, ctx.lead, ctx.support,
                                    tuple(own), t.label, tuple(subs), parent, ctx.leaders,
                                    ctx.responsible)
        return True

    def target(self, t: Target, ctx: Context, rel: str, loc: Loc) -> bool:
        if not self.claim(t.id, rel, loc):
            return False
        ctx = inherit(self.names, t, ctx, rel, loc)
        lead = ctx.lead
        is_goal = ctx.section is None
        breakdown = self.breakdown(t, rel, loc)
        if is_goal and not (lead or ctx.support or ctx.responsible or breakdown) \
                and self.meta.coordination is not None and self.office:
            lead = (self.office,)  # 工作目标 with no unit: the 专班办公室 reports it (v1 rule)
        schedule = self.schedule(t, rel, loc)
        spec = _with_defaults(t, schedule, breakdown)
        original = ctx.due or self.meta.end
        ext = self.extensions.get(t.id)
        effective = original
        if ext:
            effective = ext[0].due
            if ext[0].due <= original:
                self.diags.append(error(ext[1], "bad-extension",
                                        f"{t.id} 的延期日期 {ext[0].due} 不晚于原截止日期 {original} "
                                        "(extension must be after the original due date)",
                                        loc=(*ext[2], "due")))
                effective = original
        if isinstance(t, MilestoneTarget):
            for k, stage in enumerate(t.stages):
                if stage.due and stage.due > effective:
                    self.diags.append(warning(rel, "stage-after-due",
                                              f"阶段 '{stage.name}' 的截止日期晚于指标截止日期 {effective} "
                                              "(stage due after the target's due)",
                                              loc=(*loc, "stages", k, "due")))
        if ctx.start and ctx.start > effective:
            self.diags.append(error(rel, "start-after-due",
                                    f"{t.id} 的开始 {ctx.start} 晚于截止 {effective} (start after due)",
                                    loc=(*loc, "start")))
        if schedule and schedule[-1].end > effective:
            self.diags.append(warning(rel, "schedule-after-due",
                                      f"{t.id} 的阶段目标 {schedule[-1].text} 晚于截止日期 {effective} "
                                      "(a schedule step ends after the target's due)",
                                      loc=(*loc, "schedule")))
        evidence = ctx.evidence or self.meta.evidence or ("optional" if t.kind == "level" else "required")
        node = TargetNode(
            spec, ctx.section, ctx.task, lead, ctx.support, effective, original,
            ext[0] if ext and effective != original else None, rel, loc,
            responsible=ctx.responsible, leaders=ctx.leaders, reporter=ctx.reporter,
            start=ctx.start, basis=ctx.basis, reporting=ctx.reporting,
            evidence_required=evidence == "required", breakdown=breakdown, schedule=schedule,
            path=ctx.path, open_groups=frozenset(self.names.open_groups), office=self.office,
        )
        if not node.named_reporters:
            self.needs_office = True
            self.diags.append(warning(
                rel, "no-responsible-unit",
                f"指标 {t.id} 没有责任单位，由跟踪办公室报送 (no responsible unit: the tracking office "
                "reports it)",
                "如方案写明了单位，写上 lead / responsible / support (set the units if the document "
                "names them)", loc=loc))
        if ctx.reporter and ctx.reporter not in (*lead, *ctx.responsible):
            self.diags.append(warning(
                rel, "reporter-not-lead", f"汇总单位 {ctx.reporter} 不是 {t.id} 的牵头或责任单位 "
                "(the reporter is not one of the target's lead or responsible units)",
                loc=(*loc, "reporter")))
        self.targets[t.id] = node
        return True

    def breakdown(self, t: Target, rel: str, loc: Loc) -> tuple[Share, ...]:
        if not t.breakdown:
            return ()
        out: list[Share] = []
        for raw, share in t.breakdown.items():
            units = self.names.units([raw], rel, (*loc, "breakdown"))
            for unit in units or ():
                if unit in self.names.open_groups:
                    self.diags.append(error(
                        rel, "open-group-share", f"开放单位组 '{unit}' 不能分配份额 (an open group cannot "
                        "hold a share)", "在 departments.yaml 中列出其 members (list its members)",
                        loc=(*loc, "breakdown", raw)))
                    continue
                if any(s.unit == unit for s in out):
                    self.diags.append(error(
                        rel, "duplicate-share", f"{unit} 在 breakdown 中出现两次 (a unit holds two shares)",
                        loc=(*loc, "breakdown", raw)))
                    continue
                out.append(Share(unit, share))
        return tuple(out)

    def schedule(self, t: Target, rel: str, loc: Loc) -> tuple[Step, ...]:
        if not isinstance(t, QuantityTarget | LevelTarget) or not t.schedule:
            return ()
        steps = []
        for text, value in t.schedule.items():
            end = dt.date.fromisoformat(text) if len(text) == 10 else when_end(text)
            assert end is not None
            steps.append(Step(text, end, float(value)))
        if steps[0].end < self.meta.start:
            self.diags.append(error(rel, "schedule-before-start",
                                    f"阶段目标 {steps[0].text} 在计划开始 {self.meta.start} 之前 "
                                    "(a schedule step before the plan's start)", loc=(*loc, "schedule")))
        return tuple(steps)


def _with_defaults(t: Target, schedule: tuple[Step, ...], breakdown: tuple[Share, ...]) -> Target:
    """A quantity or level target without a `target`: the last schedule step, else (quantity)
    the sum of the breakdown's shares (README *Encoding a real plan*)."""
    if not isinstance(t, QuantityTarget | LevelTarget) or t.target is not None:
        return t
    if isinstance(t, LevelTarget) and (t.change is not None or t.ref is not None):
        return t
    if schedule:
        return t.model_copy(update={"target": _number(schedule[-1].value)})
    if isinstance(t, QuantityTarget) and breakdown and all(
            isinstance(s.share, int | float) for s in breakdown):
        return t.model_copy(update={"target": _number(sum(float(s.share) for s in breakdown
                                                          if isinstance(s.share, int | float)))})
    return t


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def resolve_plan(meta: PlanMeta, departments: Sequence[Department], groups: Sequence[Group],
                 goals: Sequence[tuple[Target, str, Loc]], sections: Sequence[tuple[Section, str, Loc]],
                 extensions: Sequence[tuple[Extension, str, Loc]],
                 dept_file: str = "plan/departments.yaml") -> tuple[Plan, list[Diagnostic]]:
    """The validated files -> the resolved plan and the problems found on the way."""
    diags: list[Diagnostic] = []
    directory = Directory.build(departments, groups)
    diags += directory_problems(directory, departments, groups, dept_file)
    office = directory.resolve(meta.coordination.office) if meta.coordination else None
    if meta.coordination and office is None:
        diags.append(error("plan/plan.yaml", "unknown-department",
                           f"专班办公室 '{meta.coordination.office}' 不在单位名录中 (unknown office)",
                           loc=("coordination", "office")))
    r = _Resolver(meta, UnitNames(directory, diags),
                  {x.target: (x, rel, loc) for x, rel, loc in extensions}, diags)
    r.office = office
    base = Context(reporting=meta.reporting, basis=meta.basis)
    if office is None:
        # Targets naming nobody are reported by the tracking office: give it a name first.
        r.office = office = TRACKING_OFFICE.name
    for t, rel, loc in goals:
        r.target(t, base, rel, loc)
    for s, rel, loc in sections:
        r.section(s, base, rel, loc, None, 0)
    goal_ids = tuple(t.id for t, _, _ in goals if t.id in r.targets)
    targets = r.targets  # each made with the office (`_Resolver.target`)
    if r.needs_office and directory.resolve(office) is None:
        directory = directory.with_unit(TRACKING_OFFICE)
    for node in targets.values():
        if isinstance(node.spec, LevelTarget) and node.spec.ref is not None:
            if node.spec.ref not in targets or node.spec.ref == node.id:
                diags.append(error(node.file, "unknown-target",
                                   f"ref 指向不存在的指标 '{node.spec.ref}' (unknown ref)",
                                   loc=(*node.loc, "ref")))
    for x, rel, loc in extensions:
        if x.target not in targets:
            guess = difflib.get_close_matches(x.target, list(targets), n=1)
            diags.append(error(rel, "unknown-target", f"延期的指标 '{x.target}' 不存在 (unknown target)",
                               f"是不是 {guess[0]}? (did you mean)" if guess else None,
                               loc=(*loc, "target")))
    plan = Plan(meta, directory, goal_ids, tuple(r.sections), r.tasks, targets,
                tuple(x for x, _, _ in extensions), office if r.needs_office or meta.coordination else None)
    return plan, diags
