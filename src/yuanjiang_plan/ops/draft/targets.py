"""Targets in their sentences: one per figure (or per clause of 工作目标), else one action."""

from __future__ import annotations

import re

from .context import Context
from .model import TargetDraft
from .numbers import Figure, chinese_counts, dues, figures, stray_numbers, title_without
from .text import clauses, sentences, shorten, split_list

_MILESTONE = re.compile(r"建成通车|建成投用|建成投产|建成投运|投入使用|投入运营|上线运行|投用|投运|投产|竣工验收|竣工|完工|通车")
_SAME_PACE = re.compile(r"基本同步|同步增长")
_FROM_ABOVE = re.compile(r"[市省区县]定目标|下达的.*?目标|下达(?:的)?任务|考核目标|平均水平")


def sentence_targets(text: str, ctx: Context) -> list[TargetDraft]:
    """One target per sentence, or per figure where a sentence has figures."""
    out: list[TargetDraft] = []
    for sentence in sentences(text):
        out += _targets_of(sentence, ctx, per_clause=False)
    return out


def clause_targets(text: str, ctx: Context) -> list[TargetDraft]:
    """Goals: one target per clause (工作目标 lists several goals in one sentence)."""
    out: list[TargetDraft] = []
    for sentence in sentences(text):
        out += _targets_of(sentence, ctx, per_clause=True)
    return out


_SHARES = re.compile(r"[（(]?其中[:：，,]?(?P<list>[^（）()。；;]*?\d[^（）()。；;]*?)[）)]?$")
_SHARE = re.compile(r"^(?P<name>[\u4e00-\u9fff]{1,15}?(?:区|县|市|镇|乡|街道|园区|开发区|高新区|管委会))"
                    r"[\u4e00-\u9fff]{0,4}?(?P<fig>\d.*)$")


def _shares(clause: str) -> dict[str, Figure] | None:
    """`其中资阳区30个、赫山区70个` (or in brackets): the units' shares, if every part is one."""
    m = _SHARES.search(clause)
    if not m:
        return None
    out: dict[str, Figure] = {}
    for part in split_list(m.group("list")):
        p = _SHARE.match(part)
        figs = figures(p.group("fig")) if p else []
        if p is None or len(figs) != 1 or figs[0].start != 0:
            return None
        out[p.group("name")] = figs[0]
    return out if len(out) >= 2 else None


def _split_shares(parts: list[str]) -> tuple[list[str], dict[int, dict[str, Figure]]]:
    """Clauses without their 其中… share lists, and the lists by the clause they follow."""
    kept: list[str] = []
    shares: dict[int, dict[str, Figure]] = {}
    for clause in parts:
        found = _shares(clause)
        if found is None:
            kept.append(clause)
            continue
        m = _SHARES.search(clause)
        assert m is not None
        head = clause[: m.start()].strip()
        if head:
            kept.append(head)
        if kept:
            shares[len(kept) - 1] = found
    return kept, shares


def _targets_of(sentence: str, ctx: Context, per_clause: bool) -> list[TargetDraft]:
    parts, shares = _split_shares(clauses(sentence))
    sentence_dues = dues(sentence, ctx.year)
    due = sentence_dues[-1].period if len(sentence_dues) == 1 else None
    numeric = [(c, figures(c)) for c in parts]
    count = sum(len(f) for _, f in numeric)
    out: list[TargetDraft] = []
    if count == 0:
        out.append(_qualitative(no_lead_time(sentence), sentence, due))
        if len(sentence_dues) == 1 and sentence_dues[0].note:
            out[0].todos.add("due", sentence_dues[0].note)
        _stray(out, sentence)
        return out
    pending: list[str] = []
    for index, (clause, figs) in enumerate(numeric):
        if index in shares and figs and out is not None:
            share_list = shares[index]
        else:
            share_list = {}
        if not figs:
            if per_clause and len(clause) >= 4 and not _CONTEXT.match(clause) \
                    and not _only_time(clause, ctx):
                out.append(_qualitative(clause, clause, due))
            else:
                pending.append(clause)
            continue
        own = dues(clause, ctx.year)
        if own:
            clause_due: str | None = own[-1].period
        elif count > 1 and due is not None and sentence.find(sentence_dues[-1].phrase) > sentence.find(clause):
            clause_due = None  # the sentence's 时限 belongs to a later clause (…，6月底前完成50%)
        else:
            clause_due = due
        for fig in figs:
            text = sentence if count == 1 and not per_clause else "，".join([*pending, clause])
            out.append(_numeric(clause, fig, text, clause_due))
            if clause.startswith("其中"):
                out[-1].todos.add("", "“其中”为上一指标的分项，请核对是否另列")
            if fig.unit == "%" and re.search(r"任务的|进度", clause):
                out[-1].todos.add("kind", "占年度任务的比例：是否为进度节点（schedule）")
            if len(figs) > 1:
                out[-1].todos.add("target", "一个分句中有多个数字，请核对拆分")
        if share_list and out:
            last = out[-1]
            if all(f.unit == last.unit for f in share_list.values()):
                last.breakdown = {name: f.value for name, f in share_list.items()}
                last.text = sentence
                last.todos.add("breakdown", "分解到各单位的数字，请核对单位名称与合计")
            else:
                last.todos.add("", "“其中”所列分项的单位与总数不同，未作分解")
        pending = []
    if pending and out and not per_clause and count > 1:
        out[-1].text = out[-1].text + "，" + "，".join(pending)
    if len(sentence_dues) == 1 and sentence_dues[0].note:
        for t in out:
            t.todos.add("due", sentence_dues[0].note)
    if len(sentence_dues) > 1 and out:
        if not any(t.due for t in out):
            out[0].todos.add("due", "一句中有多个时间：" + "、".join(d.phrase for d in sentence_dues))
    _stray(out, sentence)
    return out


_CONTEXT = re.compile(r"^(?:在|围绕|按照|通过|依托|以|根据|对照|坚持|结合)")


def _only_time(clause: str, ctx: Context) -> bool:
    """到2025年底前: a clause that only says when."""
    found = dues(clause, ctx.year)
    return bool(found) and len(clause.replace(found[0].phrase, "").strip("，,、 ")) <= 2


def no_lead_time(sentence: str) -> str:
    """The sentence without a leading time clause (到2021年，…), for a title."""
    parts = clauses(sentence)
    if len(parts) > 1 and dues(parts[0], None) and len(parts[0]) <= 12:
        return "，".join(parts[1:])
    return sentence


def _stray(out: list[TargetDraft], sentence: str) -> None:
    used: list[Figure] = []
    for clause in clauses(sentence):
        used = figures(clause)
        for stray in stray_numbers(clause, used):
            if out:
                out[-1].todos.add("", f"数字“{stray}”未作为指标，请核对")
        for count in chinese_counts(clause):
            if out:
                out[-1].todos.add("", f"中文数字“{count}”未作为指标，请核对")


def _qualitative(title: str, text: str, due: str | None) -> TargetDraft:
    short, cut = shorten(title)
    target = TargetDraft(id="", title=short, kind="action", text=text, due=due)
    if cut:
        target.todos.add("title", "标题为自动截取，请改写")
    milestone = _MILESTONE.search(text)
    if _SAME_PACE.search(text):
        target.kind = "level"
        target.qualifier = "same_pace"
        target.unit = "%"
    elif milestone:
        target.kind = "milestone"
        target.stages = ["开工", "主体完工", milestone.group(0)]
        target.todos.add("stages", f"“{milestone.group(0)}”之前的阶段为建议，请按项目实际核对")
    elif _FROM_ABOVE.search(text):
        target.todos.add("kind", "目标值由上级下达或另行确定，文件未给数字，暂记为工作任务")
    return target


def _numeric(clause: str, fig: Figure, text: str, due: str | None) -> TargetDraft:
    bare = title_without(clause, fig)
    for found in dues(bare, None):
        bare = bare.replace(found.phrase, "").strip("，, ")
    bare = re.sub(r"^(?:\d{4}年(?:度)?|全部|均|都|要|将)+", "", bare).strip()
    continues = bare == "" or bare == clause
    title, cut = shorten(bare or clause)
    target = TargetDraft(id="", title=title, kind="quantity", text=text, due=due,
                         unit=fig.unit, qualifier=fig.qualifier, wording=fig.wording)
    target.continues = continues
    if cut:
        target.todos.add("title", "标题为自动截取，请改写")
    if fig.change:
        target.kind = "level"
        target.change = -fig.value if fig.op == "<=" else fig.value
        target.todos.add("baseline", "文件未给基数，完成值须在基数上加减；请填写 baseline")
    elif fig.level:
        target.kind = "level"
        target.target = fig.value
    else:
        target.target = fig.value
    if fig.op and fig.op != ">=":
        target.op = fig.op
    if fig.every_year and target.kind == "quantity":
        target.basis = "year"
    if fig.unit == "倍" or fig.written_unit.startswith("余"):
        target.todos.add("unit", f"“{fig.wording}”的单位请核对")
    return target
