"""User-facing words in Chinese (default) and English (`--lang en`)."""

from __future__ import annotations

from typing import Literal

Lang = Literal["zh", "en"]

_WORDS: dict[str, tuple[str, str]] = {
    # statuses (SPEC §4)
    "done": ("完成", "done"),
    "done_late": ("逾期完成", "done late"),
    "pending": ("未开始", "pending"),
    "on_track": ("正常推进", "on track"),
    "at_risk": ("滞后", "at risk"),
    "overdue": ("逾期", "overdue"),
    "not_started": ("未启动", "not started"),
    "no_target": ("无目标值", "no target"),
    # lights
    "red": ("红灯", "red"),
    "yellow": ("黄灯", "yellow"),
    "blue": ("蓝灯", "blue"),
    "green": ("绿灯", "green"),
    # the light as one word in the status table (colour alone is lost in a pipe or on paper)
    "light.red": ("红", "red"),
    "light.yellow": ("黄", "yellow"),
    "light.blue": ("蓝", "blue"),
    "light.green": ("绿", "green"),
    "col.light": ("灯", "Light"),
    "units_more": ("{first}等{n}家", "{first} +{n}"),
    # kinds
    "quantity": ("数量", "quantity"),
    "level": ("水平", "level"),
    "milestone": ("里程碑", "milestone"),
    "action": ("工作", "action"),
    # qualifiers
    "at_least": ("以上", "at least"),
    "about": ("左右", "about"),
    "strive": ("力争", "strive for"),
    "at_most": ("以下", "at most"),
    "same_pace": ("基本同步", "in step with"),
    # table headings
    "col.id": ("编号", "ID"),
    "col.title": ("指标", "Target"),
    "col.lead": ("牵头单位", "Lead"),
    "col.target": ("目标", "Target"),
    "col.actual": ("实际", "Actual"),
    "col.completion": ("完成度", "Done"),
    "col.status": ("状态", "Status"),
    "col.due": ("截止", "Due"),
    "col.last": ("最近报告", "Last report"),
    "goals": ("工作目标", "Goals"),
    "title.status": ("{title} 完成情况（截至 {as_of}）", "{title}: status as of {as_of}"),
    "summary": (
        "共 {targets} 项指标：完成 {done}，逾期完成 {done_late}，正常推进 {on_track}，滞后 {at_risk}，"
        "逾期 {overdue}，未启动 {not_started}，无目标值 {no_target}{pending_text}。\n"
        "总体完成度 {completion}（{done_total}/{judged} 完成），序时进度 {elapsed}；"
        "未完成的指标中红灯 {red}，黄灯 {yellow}，蓝灯 {blue}，绿灯 {green}。",
        "{targets} targets: {done} done, {done_late} done late, {on_track} on track, {at_risk} at "
        "risk, {overdue} overdue, {not_started} not started, {no_target} no target{pending_text}.\n"
        "Overall completion {completion} ({done_total}/{judged} done); time elapsed {elapsed}.\n"
        "Not done: {red} red, {yellow} yellow, {blue} blue, {green} green.",
    ),
    "summary_pending": ("，未开始 {n}", ", {n} pending"),
    "percent_done": ("完成{n}%", "{n}% done"),
    "dept_done_late": ("{name} 有 {n} 项指标逾期完成", "{name}: {n} done after the due"),
    "tally": ("{done}/{judged} 完成", "{done}/{judged} done"),
    "days_overdue": ("逾期{n}天", "{n}d overdue"),
    "days_done_late": ("逾期{n}天完成", "done {n}d late"),
    "late_by": ("晚{n}天", "{n}d late"),
    "chart.legend": ("# 已完成  . 未完成  | 序时进度（按时间应达到的进度）",
                     "# done  . to go  | time elapsed (序时进度)"),
    "nothing": ("没有符合条件的指标", "no targets match"),
    # supervision views: overdue, show, depts (issue 3)
    "title.overdue": ("{title} 逾期指标（截至 {as_of}）", "{title}: overdue targets as of {as_of}"),
    "title.overdue_risk": ("{title} 逾期及滞后指标（截至 {as_of}）",
                           "{title}: overdue and at-risk targets as of {as_of}"),
    "overdue_count": ("逾期 {overdue} 项，滞后 {at_risk} 项。", "{overdue} overdue, {at_risk} at risk."),
    "overdue_none": ("没有逾期指标", "nothing is overdue"),
    "was_due": ("原{date}", "was {date}"),
    "col.dept": ("单位", "Unit"),
    "col.led": ("牵头", "Led"),
    "col.supported": ("配合", "Supp"),
    "col.n_done": ("完成", "Done"),
    "col.n_done_late": ("逾期完成", "Late"),
    "col.n_at_risk": ("滞后", "Risk"),
    "col.n_overdue": ("逾期", "Overdue"),
    "col.mean": ("完成度", "Compl"),
    "col.reports": ("应报", "Due"),
    "col.on_time": ("按时", "OnTime"),
    "col.late": ("迟报", "Late"),
    "col.missing": ("未报", "Miss"),
    "col.period": ("报告期", "Period"),
    "col.deadline": ("报送期限", "Deadline"),
    "col.submitted": ("报送日期", "Submitted"),
    "col.outcome": ("报送情况", "Outcome"),
    "col.role": ("责任", "Role"),
    "title.depts": ("{title} 单位红黑榜（截至 {as_of}）", "{title}: departments as of {as_of}"),
    "title.dept": ("{name} 指标与报送情况（截至 {as_of}）", "{name}: targets and reports as of {as_of}"),
    "depts_order": ("按逾期指标、未报次数、完成度排序，最弱在前。", "Weakest first: overdue, missing reports, completion."),
    "streak": ("{name} 连续 {n} 期未报送：{periods}", "{name} missed {n} reports in a row: {periods}"),
    "streak_now": ("（至今）", " (still)"),
    "no_reports_owed": ("尚无到期的报告", "no reports due yet"),
    "on_time": ("按时", "on time"),
    "late": ("迟报", "late"),
    "missing": ("未报", "missing"),
    "days_late": ("迟报{n}天", "{n}d late"),
    "undated": ("日期不明", "date unknown"),
    "role.lead": ("牵头", "lead"),
    "role.support": ("配合", "support"),
    "role.joint": ("共同负责", "joint"),
    "f.section": ("部分", "Section"),
    "f.task": ("任务", "Task"),
    "f.text": ("原文", "Text"),
    "f.lead": ("牵头单位", "Lead"),
    "f.support": ("配合单位", "Support"),
    "f.responsible": ("责任单位", "Responsible"),
    "f.leaders": ("责任领导", "Leaders"),
    "f.reporter": ("汇总单位", "Compiled by"),
    "f.basis": ("口径", "Basis"),
    "basis.year": ("每年年初至今累计，逐年考核", "year to date, judged year by year"),
    "basis.plan": ("计划期内累计", "cumulative since the plan's start"),
    "f.schedule": ("分年度目标", "Schedule"),
    "step_now": ("当前节点 {step}", "current step {step}"),
    "f.missed_step": ("未完成节点", "Missed step"),
    "missed_step": ("{step} 节点未完成", "step {step} not met"),
    "f.start": ("开始", "Starts"),
    "col.unit": ("单位", "Unit"),
    "col.share": ("分解目标", "Share"),
    "own_part": ("本单位任务", "its own part"),
    "f.kind": ("类型", "Kind"),
    "f.target": ("目标", "Target"),
    "f.due": ("截止日期", "Due"),
    "f.extension": ("延期", "Extension"),
    "f.entries": ("进度记录", "Entries"),
    "f.status": ("状态", "Status"),
    "f.completion": ("完成度", "Completion"),
    "f.time_progress": ("序时进度", "Time elapsed"),
    "f.trend": ("趋势（各报告期末）", "Trend (at each period's end)"),
    "f.actual": ("实际", "Actual"),
    "f.note": ("说明", "Note"),
    "f.evidence": ("佐证", "Evidence"),
    "f.submitted": ("报送", "submitted"),
    "f.stages": ("阶段", "Stages"),
    "f.baseline": ("基数", "Baseline"),
    "due_extended": ("{due}（已延期，原 {original}）", "{due} (extended; was {original})"),
    "ext_text": ("{approved_by} 于 {date} 批准：{reason}", "approved by {approved_by} on {date}: {reason}"),
    "ref_text": ("与 {ref} 的实际值{qualifier}", "in step with the actual of {ref}"),
    "no_entries": ("（截至该日尚无记录）", "(no entries by this date)"),
    "used": ("采用", "used"),
    "conflict": ("冲突", "conflict"),
    "nobody": ("按职能分工负责", "by their remits"),
    "none": ("无", "none"),
    "col.file": ("文件", "File"),
    "summary_unit": ("负责 {led} 项、配合 {supported} 项；负责的指标中完成 {done}，逾期完成 {done_late}，"
                     "正常推进 {on_track}，滞后 {at_risk}，逾期 {overdue}，未启动 {not_started}；"
                     "完成度 {completion}（{done_total}/{judged} 完成）。",
                     "answers for {led}, supports {supported}; of its own: {done} done, {done_late} "
                     "done late, {on_track} on track, {at_risk} at risk, {overdue} overdue, "
                     "{not_started} not started; completion {completion} ({done_total}/{judged} done)."),
    "summary_reports": ("应报 {reports_due} 期：按时 {on_time}，迟报 {late}，未报 {missing}。",
                        "{reports_due} reports due: {on_time} on time, {late} late, {missing} missing."),
    "errors_found": ("发现 {errors} 个错误、{warnings} 个警告", "{errors} errors, {warnings} warnings"),
    "warnings_hint": (
        "另有 {n} 个警告，运行 plan validate 查看 (run plan validate to see them)",
        "{n} warnings not shown: run plan validate",
    ),
    "valid": ("校验通过：{plan_files} 个计划文件，{reports} 份进度报告，{entries} 条记录",
              "valid: {plan_files} plan files, {reports} progress reports, {entries} entries"),
}


def t(key: str, lang: Lang = "zh", **fields: object) -> str:
    pair = _WORDS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**fields) if fields else text


def goal_words(op: str, qualifier: str | None, amount: str, lang: Lang = "zh",
               wording: str | None = None) -> str:
    """A target's goal as the document would say it (SPEC §2a): its own `wording` if given,
    else the amount with the qualifier in words (`6.2%左右`, never `>=6.2%` for 左右); only a
    goal with no qualifier keeps the comparison sign."""
    if wording:
        return wording
    if lang == "en":
        word = {"about": "about ", "at_least": "at least ", "at_most": "at most ",
                "strive": "strive for ", "same_pace": "in step with "}.get(qualifier or "")
        return f"{word}{amount}" if word else f"{op}{amount}"
    if qualifier == "about":
        return f"{amount}左右"
    if qualifier == "at_least":
        return f"{amount}以上"
    if qualifier == "at_most":
        return f"{amount}以下"
    if qualifier == "strive":
        return f"力争{amount}"
    if qualifier == "same_pace":
        return f"与{amount}基本同步"
    return f"{op}{amount}"
