"""`plan remind`: one 催报 message per unit that owes something; `--send` posts them."""

from __future__ import annotations

import os
import time
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from ..core.diagnostics import UsageError
from ..core.settings import Settings
from .common import (
    AsOfOpt,
    DeptOpt,
    Lang,
    LangOpt,
    LightOpt,
    RootOpt,
    command,
    emit,
    evaluated,
    history,
    make_console,
    parse_date,
    today_of,
)

if TYPE_CHECKING:
    from rich.console import Console

    from ..core.tree import Plan

SEND_FAILED = 4  # exit code when any message could not be sent (README: exit codes)


class RemindFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


@command
def remind(
    root: RootOpt = None,
    as_of: AsOfOpt = None,
    dept: DeptOpt = None,
    leader: Annotated[str | None, typer.Option(
        "--leader", help="只看该责任领导分管的指标 (only targets of this leader)",
        show_default=False)] = None,
    light: LightOpt = None,
    fmt: Annotated[RemindFormat, typer.Option("--format", "-f", help="输出格式 (output format)")] = RemindFormat.text,
    send: Annotated[bool, typer.Option(
        "--send", help="发送到 plan.yaml notify 中配置的群机器人 (post to the group robots in plan.yaml `notify`)")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="今天已发送过的也再发一次 (send again what was already sent today)")] = False,
    timeout: Annotated[float, typer.Option(
        "--timeout", min=0.01, help="每次请求的超时秒数 (seconds per request)")] = 10.0,
    retries: Annotated[int, typer.Option(
        "--retries", min=0, max=10, help="429/5xx/连接失败时的重试次数 (retries on 429, 5xx, no connection)")] = 3,
    backoff: Annotated[float, typer.Option("--backoff", min=0.0, hidden=True)] = 1.0,
    lang: LangOpt = Lang.zh,
    settings: Settings | None = None,
) -> None:
    """催报：每个欠报或有逾期、滞后指标的单位一条消息 (one reminder per unit that owes something).

    Each message lists the unit's missing reports (period, deadline, days past it), a late
    report for the latest period, and the targets it answers for that are overdue, behind
    序时进度 (red or yellow) or due soon (blue): label, title, due, figure and light. Plain text
    pastes into WeChat as it is. A unit with nothing owed gets no message.

    Without --send nothing leaves the machine. With --send each message goes to the group
    robots `notify` in plan.yaml names for the unit (WeCom / DingTalk / Feishu; URL and secret
    read from the environment variables given there), with a timeout and retries, at most once
    a day per robot and message (sent-log in the user's cache folder; --force sends again). One line per
    unit says sent, failed (why) or nothing owed; exit code 4 if any send failed.

    \b
    例 (examples):
      plan remind --as-of 2024-10-15
      plan remind --dept 沅江高新区 --format markdown
      plan remind --format json
      PLAN_WECOM_URL=https://qyapi.weixin.qq.com/... plan remind --send
    """
    from ..ops.remind import build_reminders, robots_for, units_named, unknown_notify_units
    from ..ops.views import resolve_department
    from ..render.remind import FORMATS

    day = parse_date(as_of, today=today_of(settings))
    repo, ev, code = evaluated(root, day, lang, settings=settings)
    plan = repo.plan
    units = None
    if dept:
        # A group selects its members (README *Read the status* filters).
        members = units_named(plan, dept.strip())
        units = set(members) if members is not None else {resolve_department(ev, dept)}
    targets = None
    if leader:
        targets = _leader_targets(plan, leader)
    if light:
        from ..ops.views import filter_states

        coloured = {s.node.id for s in filter_states(ev, lights=light)}
        targets = coloured if targets is None else set(targets) & coloured
    content = build_reminders(ev, repo.reports, units, targets, history(repo, settings))
    meta = plan.meta
    if not send:
        emit(make_console(), FORMATS[fmt.value](content, lang.value))
        raise typer.Exit(code)

    from ..render.remind import robot_body
    from ..write.send import Policy, SentLog, Webhook, message_key, post

    settings = settings or Settings.from_environment(os.environ)
    env = settings.env
    err = make_console(stderr=True)
    if not meta.notify:
        raise UsageError("plan.yaml 没有配置 notify，无处发送 (no `notify` robots in plan.yaml)",
                         "见 README「催报」一节 (see the README, section plan remind)")
    for name in unknown_notify_units(plan, meta.notify):
        err.print(f"警告 (warning): notify 中的单位 '{name}' 不在 departments.yaml 里 (unknown unit)",
                  markup=False, style="yellow")
    policy = Policy(timeout=timeout, attempts=retries + 1, backoff=backoff,
                    sleep=time.sleep, clock=time.time)
    log = SentLog.open(settings.lock_dir(repo.root).parent)  # outside the repository
    today = settings.today.isoformat()
    out = make_console()
    failed = 0
    by_unit = {r.unit: r for r in content.reminders}
    for unit in [*by_unit, *content.clear]:
        rem = by_unit.get(unit)
        if rem is None:
            _line(out, unit, "无需催报 (nothing owed)")
            continue
        robots = robots_for(plan, meta.notify, unit)
        if not robots:
            _line(out, unit, "未发送：没有为该单位配置群机器人 (not sent: no robot in notify)")
            continue
        for entry in robots:
            url = entry.url if entry.url else env.get(entry.url_env or "", "")
            secret = env.get(entry.secret_env, "") if entry.secret_env else None
            shown = entry.name or entry.type
            if not url:
                failed += 1
                _line(out, unit, f"失败 (failed) → {shown}: 环境变量 {entry.url_env} 未设置 "
                                 "(environment variable not set)")
                continue
            if entry.secret_env and not secret:
                failed += 1
                _line(out, unit, f"失败 (failed) → {shown}: 环境变量 {entry.secret_env} 未设置 "
                                 "(environment variable not set)")
                continue
            hook = Webhook(entry.type, url, secret or None, entry.name or "")
            body = robot_body(entry.type, entry.format, rem, content, lang.value)
            key = message_key(today, unit, hook, body)
            if log.sent(key) and not force:
                _line(out, unit, f"今天已发送过，跳过 (already sent today; --force to resend) → {hook.shown}")
                continue
            result = post(hook, body, policy)
            if result.ok:
                logged = log.record(key, today, unit, hook, time.time())
                _line(out, unit, f"已发送 (sent) → {hook.shown}" + (
                    "" if logged else "（未能记入发送日志 the sent-log could not be written）"))
            else:
                failed += 1
                _line(out, unit, f"失败 (failed) → {hook.shown}: {result.reason}")
    raise typer.Exit(SEND_FAILED if failed else code)


def _line(out: Console, unit: str, text: str) -> None:
    out.print(f"{unit}：{text}", markup=False, highlight=False, soft_wrap=True)


def _leader_targets(plan: Plan, leader: str) -> set[str]:
    """Targets whose 责任领导 (v2 `leaders`) include `leader`."""
    wanted = leader.strip()
    found = {tid for tid, node in plan.targets.items() if wanted in node.leaders}
    if not found:
        raise UsageError(f"没有责任领导为 '{wanted}' 的指标 (no targets of this leader)",
                         "责任领导写在计划的 leaders 字段 (leaders are named in the plan's `leaders`)")
    return found
