"""User-facing words in Chinese (default) and English (`--lang en`)."""

from __future__ import annotations

from typing import Literal

Lang = Literal["zh", "en"]

_WORDS: dict[str, tuple[str, str]] = {
    # statuses (SPEC §4)
    "done": ("完成", "done"),
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
        "共 {targets} 项指标：完成 {done}，正常推进 {on_track}，滞后 {at_risk}，逾期 {overdue}，"
        "未启动 {not_started}，无目标值 {no_target}。\n总体完成度 {completion}，序时进度 {elapsed}。",
        "{targets} targets: {done} done, {on_track} on track, {at_risk} at risk, {overdue} "
        "overdue, {not_started} not started, {no_target} without a target.\n"
        "Overall completion {completion}; time elapsed {elapsed}.",
    ),
    "days_overdue": ("逾期{n}天", "{n}d overdue"),
    "chart.legend": ("# 已完成  . 未完成  | 序时进度（按时间应达到的进度）",
                     "# done  . to go  | time elapsed (序时进度)"),
    "nothing": ("没有符合条件的指标", "no targets match"),
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
