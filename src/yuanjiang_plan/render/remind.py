"""The 催报 messages as text (for pasting into WeChat), Markdown, JSON, and each group robot's
request body (WeCom, DingTalk, Feishu). Returns strings and dicts; never prints or posts.

User text (titles, unit names, notes) is made inert: control characters are shown escaped, and
in Markdown the characters that would make links, HTML (`<font>`) or emphasis are escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..core.model import ActionTarget, LevelTarget, MilestoneTarget, QuantityTarget
from ..core.quantity import format_quantity
from ..core.words import Lang, t
from ..ops.remind import RemindContent, Reminder
from ..ops.timeliness import Owed
from ..ops.track import TargetState
from . import pct, safe_text
from .json import dumps
from .markdown import escape as md_escape

_SEP = {"zh": "；", "en": "; "}
# Byte limits of one message's text (WeCom text 2048 / markdown 4096 bytes; DingTalk and Feishu
# take about 20 KB per request: we keep well under it).
LIMITS = {("wecom", "text"): 2048, ("wecom", "markdown"): 4096,
          ("dingtalk", "text"): 18000, ("dingtalk", "markdown"): 18000,
          ("feishu", "text"): 18000}


def L(key: str, lang: Lang, **fields: object) -> str:
    return t("remind." + key, lang, **fields)


def node_name(state: TargetState) -> str:
    """The document's numbering (v2 `label`) when it has one, else the id; then the title."""
    label = getattr(state.node.spec, "label", None) or state.node.id
    return f"{label} {state.node.named}"


def goal_words(state: TargetState, lang: Lang) -> str:
    """The goal as the document words it (`wording`), else number + qualifier in words."""
    spec = state.node.spec
    wording = getattr(spec, "wording", None)
    if wording:
        return str(wording)
    if isinstance(spec, MilestoneTarget):
        return spec.stages[-1].name
    if isinstance(spec, ActionTarget):
        return ""
    if isinstance(spec, QuantityTarget | LevelTarget):
        if state.goal is None:
            return ""
        amount = format_quantity(state.goal, spec.unit)
        q = spec.qualifier
        if lang == "en":
            word = {"about": "about ", "at_least": "at least ", "at_most": "at most ",
                    "strive": "strive for ", "same_pace": "in step with "}.get(q or "", "")
            op = "" if word else {">=": "≥", ">": ">", "<=": "≤", "<": "<"}[spec.op]
            return f"{word}{op}{amount}"
        if q == "about":
            return f"{amount}左右"
        if q == "at_least":
            return f"{amount}以上"
        if q == "at_most":
            return f"{amount}以下"
        if q == "strive":
            return f"力争{amount}"
        if q == "same_pace":
            return f"与{amount}基本同步"
        return {">=": amount, ">": f"超过{amount}", "<=": f"控制在{amount}以内",
                "<": f"低于{amount}"}[spec.op]
    return ""


def figure_words(state: TargetState, lang: Lang) -> str:
    """Where the target stands: the latest figure, stage or work done."""
    spec = state.node.spec
    if isinstance(spec, QuantityTarget | LevelTarget):
        if state.actual is None:
            return L("no_data", lang)
        return format_quantity(state.actual, spec.unit)
    if isinstance(spec, MilestoneTarget):
        return state.stage if state.stage else L("not_begun", lang)
    if state.done_flag:
        return t("done", lang)
    return L("in_progress", lang) if state.entries else L("no_entry", lang)


def target_line(state: TargetState, lang: Lang, overdue: bool = False) -> str:
    node = state.node
    due = L("due", lang, due=node.due.isoformat())
    if node.original_due != node.due:
        due += L("was_due", lang, date=node.original_due.isoformat())
    parts = [due]
    if overdue and state.days_overdue:
        parts.append(L("days_overdue", lang, n=state.days_overdue))
    now = L("now", lang, figure=figure_words(state, lang))
    goal = goal_words(state, lang)
    if goal:
        now += ("，" if lang == "zh" else ", ") + L("goal", lang, goal=goal)
    parts.append(now)
    if state.completion is not None:
        parts.append(L("progress", lang, completion=pct(state.completion),
                       progress=pct(state.time_progress)))
    parts.append(t(state.light.value, lang))
    colon = "：" if lang == "zh" else ": "
    return node_name(state) + colon + _SEP[lang].join(parts)


def _missing_line(rem: Reminder, owed: Owed, content: RemindContent, lang: Lang) -> str:
    return L("missing", lang, period=owed.period.text, deadline=owed.deadline.isoformat(),
             days=rem.days_missing(owed, content.as_of))


def _late_line(owed: Owed, lang: Lang) -> str:
    submitted = owed.submitted.isoformat() if owed.submitted else "?"
    return L("late", lang, period=owed.period.text, deadline=owed.deadline.isoformat(),
             submitted=submitted, days=owed.days_late)


def blocks(rem: Reminder, content: RemindContent, lang: Lang) -> list[tuple[str, list[str]]]:
    """The message's parts: (heading, lines), in the order a reader acts on them."""
    out: list[tuple[str, list[str]]] = []
    if rem.missing:
        head = L("h.missing", lang, n=len(rem.missing))
        if rem.missing_streak >= 2:
            head += L("streak", lang, n=rem.missing_streak)
        out.append((head, [_missing_line(rem, o, content, lang) for o in rem.missing]))
    if rem.late:
        out.append((L("h.late", lang), [_late_line(o, lang) for o in rem.late]))
    if rem.overdue:
        out.append((L("h.overdue", lang, n=len(rem.overdue)),
                    [target_line(s, lang, overdue=True) for s in rem.overdue]))
    if rem.at_risk:
        out.append((L("h.at_risk", lang, n=len(rem.at_risk)),
                    [target_line(s, lang) for s in rem.at_risk]))
    if rem.due_soon:
        out.append((L("h.due_soon", lang, days=content.due_soon_days, n=len(rem.due_soon)),
                    [target_line(s, lang) for s in rem.due_soon]))
    return out


def _asks(rem: Reminder, content: RemindContent, lang: Lang) -> list[str]:
    out = [L("ask_missing", lang)] if rem.missing else []
    if content.next_period is not None and content.next_deadline is not None:
        out.append(L("ask_next", lang, period=content.next_period.text,
                     deadline=content.next_deadline.isoformat()))
    else:
        out.append(L("ask", lang))
    return out


def message_text(rem: Reminder, content: RemindContent, lang: Lang = "zh") -> str:
    """One unit's message as plain text: pasted into WeChat as it is (control characters in the
    user text shown escaped)."""
    lines = [L("head", lang, unit=rem.unit),
             L("intro", lang, as_of=content.as_of.isoformat(), plan=content.plan_title)]
    for head, items in blocks(rem, content, lang):
        lines += ["", head]
        lines += [f"{i}. {item}" for i, item in enumerate(items, 1)]
    lines += ["", *_asks(rem, content, lang)]
    if content.office:
        lines.append(L("sign", lang, office=content.office))
    return safe_text("\n".join(lines))


def message_markdown(rem: Reminder, content: RemindContent, lang: Lang = "zh") -> str:
    """One unit's message as Markdown (WeCom / DingTalk robots, or a Markdown file)."""
    lines = ["### " + md_escape(L("head", lang, unit=rem.unit)), "",
             md_escape(L("intro", lang, as_of=content.as_of.isoformat(), plan=content.plan_title))]
    for head, items in blocks(rem, content, lang):
        lines += ["", f"**{md_escape(head)}**", ""]
        lines += [f"{i}. {md_escape(item)}" for i, item in enumerate(items, 1)]
    lines += ["", *(md_escape(a) for a in _asks(rem, content, lang))]
    if content.office:
        lines.append(md_escape(L("sign", lang, office=content.office)))
    return "\n".join(lines)


def _separator() -> str:
    return "\n\n" + "-" * 40 + "\n\n"


def render_text(content: RemindContent, lang: Lang = "zh") -> str:
    if not content.reminders:
        return L("none", lang, as_of=content.as_of.isoformat()) + "\n"
    return _separator().join(message_text(r, content, lang)
                             for r in content.reminders) + "\n"


def render_markdown(content: RemindContent, lang: Lang = "zh") -> str:
    if not content.reminders:
        return md_escape(L("none", lang, as_of=content.as_of.isoformat())) + "\n"
    return "\n\n---\n\n".join(message_markdown(r, content, lang)
                              for r in content.reminders) + "\n"


def _target_dict(state: TargetState, lang: Lang) -> dict[str, Any]:
    node = state.node
    return {
        "id": node.id,
        "label": getattr(node.spec, "label", None),
        "title": node.title,
        "due": node.due.isoformat(),
        "original_due": node.original_due.isoformat(),
        "days_overdue": state.days_overdue,
        "status": state.status.value,
        "light": state.light.value,
        "figure": safe_text(figure_words(state, lang)),
        "goal": safe_text(goal_words(state, lang)) or None,
        "actual": state.actual,
        "stage": state.stage,
        "completion": None if state.completion is None else round(state.completion, 4),
        "time_progress": round(state.time_progress, 4),
    }


def reminder_dict(rem: Reminder, content: RemindContent, lang: Lang = "zh") -> dict[str, Any]:
    return {
        "unit": rem.unit,
        "missing": [{"period": o.period.text, "deadline": o.deadline.isoformat(),
                     "days_late": rem.days_missing(o, content.as_of)} for o in rem.missing],
        "missing_streak": rem.missing_streak,
        "late": [{"period": o.period.text, "deadline": o.deadline.isoformat(),
                  "submitted": o.submitted.isoformat() if o.submitted else None,
                  "days_late": o.days_late} for o in rem.late],
        "overdue": [_target_dict(s, lang) for s in rem.overdue],
        "at_risk": [_target_dict(s, lang) for s in rem.at_risk],
        "due_soon": [_target_dict(s, lang) for s in rem.due_soon],
        "text": message_text(rem, content, lang),
    }


def render_json(content: RemindContent, lang: Lang = "zh") -> str:
    doc = {
        "plan": {"id": content.plan_id, "title": content.plan_title},
        "as_of": content.as_of.isoformat(),
        "office": content.office,
        "reminders": [reminder_dict(r, content, lang)
                      for r in content.reminders],
        "clear": list(content.clear),
    }
    return dumps(doc) + "\n"  # C1 and bidi controls escaped too, as in every JSON output


FORMATS: dict[str, Callable[[RemindContent, Lang], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}


# ---------------------------------------------------------------- group robots' request bodies


def fit(text: str, limit: int, lang: Lang = "zh") -> str:
    """`text` cut at a line so that it fits `limit` UTF-8 bytes, saying how much was left out."""
    if len(text.encode("utf-8")) <= limit:
        return text
    lines = text.split("\n")
    kept = list(lines)
    while kept:
        kept.pop()
        note = L("truncated", lang, n=len(lines) - len(kept))
        candidate = "\n".join([*kept, note])
        if len(candidate.encode("utf-8")) <= limit:
            return candidate
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


def robot_body(service: str, fmt: str, rem: Reminder, content: RemindContent, lang: Lang = "zh") -> dict[str, Any]:
    """The JSON body each service documents for a group robot's text or markdown message
    (signing, where a secret is set, is added when posting: write/send.py)."""
    if fmt == "markdown" and (service, fmt) in LIMITS:
        body = fit(message_markdown(rem, content, lang),
                   LIMITS[(service, fmt)], lang)
        if service == "wecom":
            return {"msgtype": "markdown", "markdown": {"content": body}}
        title = L("head", lang, unit=safe_text(rem.unit))
        return {"msgtype": "markdown", "markdown": {"title": title, "text": body}}
    text = fit(message_text(rem, content, lang),
               LIMITS[(service, "text")], lang)
    if service == "feishu":
        return {"msg_type": "text", "content": {"text": text}}
    return {"msgtype": "text", "text": {"content": text}}
