"""Words and small texts shared by the report renderers (Markdown, HTML, Excel)."""

from __future__ import annotations

from ..core.words import Lang, t
from ..ops.report import ReportContent
from ..ops.track import Status, TargetState
from . import pct, status_word, summary_fields
from .data import summary

STATUS_ORDER = (Status.DONE, Status.DONE_LATE, Status.ON_TRACK, Status.AT_RISK, Status.OVERDUE,
                Status.NOT_STARTED, Status.NO_TARGET, Status.PENDING)


def label(key: str, lang: Lang, **fields: object) -> str:
    return t("report." + key, lang, **fields)


def word(key: str, lang: Lang) -> str:
    """Statuses, lights and kinds, shared with the terminal views."""
    return t(key, lang)


def title(content: ReportContent, lang: Lang) -> str:
    if lang == "en":
        return f"{content.plan_title}: {label('bulletin', lang)} ({content.period.text})"
    return f"{content.plan_title} {label('bulletin', lang)}（{content.period.text}）"


def overall_sentence(content: ReportContent, lang: Lang) -> str:
    if content.completion is None:
        gap = label("level", lang)
    else:
        points = round((content.completion - content.time_progress) * 100)
        gap = (label("ahead", lang, n=points) if points > 0 else
               label("behind", lang, n=-points) if points < 0 else label("level", lang))
    return label("overall", lang, completion=pct(content.completion),
                 progress=pct(content.time_progress), gap=gap)


def summary_sentence(content: ReportContent, lang: Lang) -> str:
    """Each status once, then the completion with its counts (`3/7 完成`) and the lights."""
    lines = t("summary", lang, **summary_fields(summary(list(content.states)), lang),
              elapsed=pct(content.time_progress)).split("\n")
    return " ".join(lines) if lang == "en" else "".join(lines)


def status_text(state: TargetState, lang: Lang) -> str:
    """The status in words with its days overdue or late."""
    return status_word({"status": state.status.value, "days_overdue": state.days_overdue,
                        "days_late": state.days_late}, lang)


def unstarted_red_sentence(content: ReportContent, lang: Lang) -> str | None:
    """Names the red targets nobody has started (README *Read the status*): a count alone hides
    them."""
    found = content.unstarted_red
    if not found:
        return None
    sep = "、" if lang == "zh" else "; "
    return label("unstarted_red", lang, n=len(found),
                 names=sep.join(f"{s.node.id} {s.node.named}" for s in found))


def gap_points(state: TargetState) -> int | None:
    """Points ahead of (+) or behind (-) 序时进度; None for a rate, which has none (README *Read the
    status*)."""
    if state.node.kind == "level":
        return None
    return round(((state.completion or 0.0) - state.time_progress) * 100)


def progress_text(state: TargetState) -> str:
    """序时进度 of one target; a rate has none (README *Read the status*)."""
    return "—" if state.node.kind == "level" else pct(state.time_progress)


def gap_text(state: TargetState) -> str:
    points = gap_points(state)
    return "—" if points is None else str(points)


def note(state: TargetState) -> str:
    return state.last.note if state.last and state.last.note else ""


def section_title(gid: str, text: str, lang: Lang) -> str:
    return label("goals", lang) if gid == "G" else text


def rate(on_time: int, due: int) -> float | None:
    return on_time / due if due else None
