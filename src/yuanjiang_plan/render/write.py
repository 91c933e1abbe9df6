"""What `record`, `template` and `import` tell the user: returned as lines, never printed (the
console they are printed on makes the user text in them inert: render/terminal.py)."""

from __future__ import annotations

from collections.abc import Iterable

from ..core.diagnostics import Diagnostic
from ..core.quantity import format_quantity
from ..core.words import Lang, t
from ..ops.track import TargetState
from . import pct, safe_name
from .diagnostics import format_text


def format_refusal(diags: Iterable[Diagnostic]) -> list[str]:
    """File diagnostics as `path:line:col: ...`; input ones (no line) as `source: ...`."""
    lines = []
    for d in diags:
        if d.line is None:
            hint = f" — {d.hint}" if d.hint else ""
            lines.append(safe_name(d.path) + f": {d.severity}: {d.message}{hint} [{d.code}]".replace("\n", " "))
        else:
            lines += format_text([d])
    return lines


def added_lines(rel: str, added: str, created: bool, written: bool, lang: Lang) -> list[str]:
    if lang == "en":
        verb = ("would create" if created else "would append to") if not written else (
            "created" if created else "appended to")
        head = f"{verb} {rel}:"
    else:
        verb = ("将新建" if created else "将追加到") if not written else ("已新建" if created else "已追加到")
        head = f"{verb} {rel}{'（试运行，未写入 dry run）' if not written else ''}:"
    return [head, *("+ " + line for line in added.splitlines())]


def already_lines(rel: str, targets: Iterable[str], lang: Lang) -> list[str]:
    """Entries not added because the unit's report for the period already has them (README *Add a
    report*)."""
    ids = "、".join(targets)
    if lang == "en":
        return [f"already recorded in {rel}, not added again: {ids}"]
    return [f"{rel} 中已有相同记录，未重复写入 (already recorded)：{ids}"]


def state_line(state: TargetState, lang: Lang) -> str:
    """`1.2.1 标题: 状态, 完成度 67%, 实际 主体完工 (截至 2024-10-31)`."""
    spec = state.node.spec
    actual = state.stage if state.stage is not None else (
        format_quantity(state.actual, getattr(spec, "unit", None)) if state.actual is not None else "—")
    if lang == "en":
        return (f"{state.node.id} {state.node.named}: {t(state.status.value, lang)}, "
                f"completion {pct(state.completion)}, actual {actual}")
    return (f"{state.node.id} {state.node.named}：{t(state.status.value, lang)}，"
            f"完成度 {pct(state.completion)}，实际 {actual}")
