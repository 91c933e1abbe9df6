"""Dates a supervisor can believe (issue 18): a report's `submitted:` and its entries' dates
checked against what git recorded. Pure: git's answers arrive as values.

- `submitted:` earlier than the day git first saw the file is a back-dated claim: warning
  `submitted-before-commit`, and git's date counts (a clerk cannot make a late report on time
  by typing a date).
- `submitted:` after today, and a period that has not begun, are errors (`future-submitted`,
  `future-period`): nobody can have filed them yet; the report is left out.
- An entry whose lines were committed after its period's deadline, in a later commit than the
  one that brought the report, is a `late-edit` (an old month quietly changed): the entry counts
  from that day, so a replay of a date before the edit does not see it.

Commits on or before the plan's `imported_until` are no evidence (reports imported into a
repository started after the fact): their `submitted:` dates stand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Protocol

from ..core.diagnostics import Diagnostic, error, warning
from ..core.progress import Report
from ..core.tree import Plan
from .timeliness import deadline


class History(Protocol):
    """What git says of one file (read.gitinfo.FileHistory)."""

    @property
    def added(self) -> dt.date: ...

    @property
    def changed(self) -> dt.date: ...


def report_deadline(plan: Plan, report: Report) -> dt.date:
    rule = plan.meta.reporting
    return deadline(report.period, rule.due_day, rule.due_in)


def edited_late(plan: Plan, reports: Iterable[Report],
                history: Mapping[str, History]) -> dict[str, list[int]]:
    """The files (and their entry indices) changed after their period's deadline by a commit
    later than the one that added them: only these need a `git blame`."""
    wanted: dict[str, list[int]] = {}
    imported = plan.meta.imported_until or dt.date.min
    for r in reports:
        info = history.get(r.file)
        if info is None or info.changed <= info.added or info.changed <= imported:
            continue
        if info.changed > report_deadline(plan, r):
            wanted[r.file] = [e.index for e in r.entries]
    return wanted


def believe_dates(plan: Plan, reports: Sequence[Report], history: Mapping[str, History],
                  edits: Mapping[tuple[str, int], dt.date],
                  today: dt.date | None) -> tuple[list[Report], list[Diagnostic]]:
    """Reports with the dates that count, and what was wrong with the ones they claimed."""
    out: list[Report] = []
    diags: list[Diagnostic] = []
    imported = plan.meta.imported_until or dt.date.min
    edited = {path for path, _ in edits}
    for r in reports:
        info = history.get(r.file)
        if today is not None and r.period.start > today:
            diags.append(error(r.file, "future-period",
                               f"报告期 {r.period.text} 尚未开始（今天是 {today}），不能预先填报 "
                               "(the period has not begun)",
                               "到期后再报送 (file it once the period has begun)", loc=("period",)))
            continue
        if today is not None and r.submitted_from == "file" and r.submitted is not None \
                and r.submitted > today:
            diags.append(error(r.file, "future-submitted",
                               f"报送日期 {r.submitted} 晚于今天 {today} (submitted in the future)",
                               "填写实际报送日期，或删除 submitted 让 git 记录 "
                               "(give the real date, or remove it and let git's date count)",
                               loc=("submitted",)))
            continue
        if r.submitted_from == "file" and r.submitted is not None and info is not None \
                and r.submitted < info.added and info.added > imported:
            diags.append(warning(r.file, "submitted-before-commit",
                                 f"报送日期 {r.submitted} 早于文件提交到 git 的日期 {info.added}，"
                                 f"按 {info.added} 计 (submitted date earlier than the commit: "
                                 "the commit's date counts)",
                                 "删除 submitted 或填写实际日期 (remove it or give the real date)",
                                 loc=("submitted",)))
            entries = tuple(replace(e, submitted=info.added) for e in r.entries)
            r = replace(r, submitted=info.added, submitted_from="git", entries=entries)
        due = report_deadline(plan, r)
        if r.file not in edited:
            out.append(r)  # no entry of it was edited late (a province: 9,600 files, 240k entries)
            continue
        changed = False
        entries_out = []
        for e in r.entries:
            day = edits.get((r.file, e.index))
            if day is not None and day > due and day > imported and info is not None and day > info.added \
                    and (e.submitted is None or day > e.submitted):
                diags.append(warning(r.file, "late-edit",
                                     f"{e.target} 的记录于 {day} 提交，晚于 {r.period.text} 报告截止日 {due}；"
                                     f"按 {day} 计 (entry added or changed after the deadline: it "
                                     "counts from that day)",
                                     "补报新情况请写入本期报告 (report news in the current period's file)",
                                     loc=e.loc))
                e = replace(e, submitted=day)
                changed = True
            entries_out.append(e)
        out.append(replace(r, entries=tuple(entries_out)) if changed else r)
    return out, diags
