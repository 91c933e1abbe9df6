"""Numbers with their units and qualifiers, and 时限 phrases, as the document writes them.

A figure becomes a target only when a unit follows it (2个以上, 4万亩, 6.2%左右); a digit inside
a name (S313, PM2.5, 《…（2022—2025年）》, “4×4”), a year or a date never does. Nothing is
computed that the text does not say: the value is the written digits times the written 万/亿.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .model import Number, Qualifier
from .text import masked

# Longest first: 个百分点 before 个, 平方公里 before 公里.
UNITS = (
    "个百分点", "百分点", "%", "％", "平方公里", "平方千米", "平方米", "立方米", "公顷", "千瓦时",
    "千瓦", "兆瓦", "吉瓦", "标准箱", "公里", "千米", "米", "吨", "亩", "元", "美元",
    "人次", "人", "名", "户", "家", "所", "座", "处", "条", "项", "场", "台", "套", "辆", "艘",
    "栋", "间", "张", "床", "件", "头", "株", "棵", "只", "批", "类", "个", "倍", "天", "小时", "场次", "次",
    "万人", "岁", "余个", "余家", "余名", "余户",
)
_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
_MAGNITUDE = {"万": 10_000, "亿": 100_000_000, "千": 1_000}
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9.．×*/~～#\-—_,，第])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![A-Za-z])\s*"
    rf"(?P<mag>万|亿|千)?(?P<unit>{_UNIT_RE})(?P<suffix>及以上|以上|左右|以下|以内|之内)?"
)
_ANY_NUMBER = re.compile(r"(?<![A-Za-z0-9.．×*/~～#\-—_])\d+(?:\.\d+)?(?![A-Za-z0-9.])")
# digits that are never targets: years, dates, document numbers, phases and ranks
_NOT_A_FIGURE = re.compile(r"^\s*(?:年|月|日|号|期|届|级|代|星|版|周年|季度|时|点|分)")
_PREFIX = re.compile(
    r"(?P<word>不少于|不低于|不超过|不高于|控制在|稳定在|保持在|下降到|下降至|降低到|降低至|降至|压减到|压减至|"
    r"减少到|减少至|达到|超过|低于|高于|至少|力争达到|力争)\s*$"
)
_DOWN_TO = ("下降到", "下降至", "降低到", "降低至", "降至", "压减到", "压减至", "减少到", "减少至")
_STRIVE = re.compile(r"力争|争取|努力")
_CHANGE_UP = re.compile(r"(?:提高|提升|增加|上升|增长|扩大)$")
_CHANGE_DOWN = re.compile(r"(?:下降|降低|减少|压减|缩小)$")
_RATE = re.compile(r"(?:提高|提升|增加|增长|上调)(?:到|至)(?:每人每年|每人每月|每人)?$|每人每[年月]$|人均[^，,、]*$|每万人[^，,、]*$|每千人[^，,、]*$")
_EVERY_YEAR = re.compile(r"每年|年均|每一年|逐年|每年度")


@dataclass(frozen=True)
class Figure:
    """One number with its unit as written (`wording` is the phrase around it)."""

    start: int
    end: int
    digits: str
    value: Number
    unit: str
    written_unit: str
    qualifier: Qualifier | None
    op: str | None
    wording: str
    level: bool
    change: bool
    every_year: bool


def _value(digits: str, magnitude: str | None) -> Number:
    exact = Decimal(digits) * (_MAGNITUDE[magnitude] if magnitude else 1)
    return int(exact) if exact == exact.to_integral_value() else float(exact)


def figures(clause: str) -> list[Figure]:
    """Every number in `clause` that has a unit and is not part of a name."""
    hidden = masked(clause)
    out: list[Figure] = []
    for m in _NUMBER.finditer(hidden):
        digits, mag, unit, suffix = m.group("num"), m.group("mag"), m.group("unit"), m.group("suffix")
        digits = digits.replace(",", "")  # 1,000个
        before = hidden[: m.start()]
        prefix = _PREFIX.search(before)
        qualifier: Qualifier | None = None
        op: str | None = None
        if suffix in ("以上", "及以上"):
            qualifier = "at_least"
        elif suffix == "左右":
            qualifier = "about"
        elif suffix in ("以下", "以内", "之内"):
            qualifier, op = "at_most", "<="
        word = prefix.group("word") if prefix else ""
        if word in ("不少于", "不低于", "至少") and qualifier is None:
            qualifier = "at_least"
        elif word in ("不超过", "不高于", "低于") and qualifier is None:
            qualifier, op = "at_most", "<="
        elif word == "超过":
            op = ">"
        if word == "控制在":
            op = "<="
            qualifier = qualifier or "at_most"
        elif word in _DOWN_TO:
            op = "<="
        if qualifier is None and _STRIVE.search(before):
            qualifier = "strive"
        percent = unit in ("%", "％", "个百分点", "百分点")
        change = unit in ("个百分点", "百分点") and bool(
            _CHANGE_UP.search(before) or _CHANGE_DOWN.search(before))
        if change and _CHANGE_DOWN.search(before):
            op = "<="
        # a rate or a standard: 提高到每人每年670元, 人均…, 稳定在23万吨
        level = percent or word in ("稳定在", "保持在") or bool(_RATE.search(before))
        shown_unit = "%" if percent else unit.removeprefix("余")
        lead_word = word if word and word not in ("力争", "力争达到", "达到") else ""
        wording = (lead_word + clause[m.start(): m.end()]).strip()
        out.append(Figure(
            start=m.start(), end=m.end(), digits=digits, value=_value(digits, mag), unit=shown_unit,
            written_unit=(mag or "") + unit, qualifier=qualifier, op=op, wording=wording,
            level=level, change=change,
            every_year=bool(_EVERY_YEAR.search(clause)) and not re.search(r"每人每[年月]", clause),
        ))
    return out


def stray_numbers(clause: str, used: list[Figure]) -> list[str]:
    """Digits that are neither a target, a name's part, a year nor a date (30年, 107国道)."""
    hidden = masked(clause)
    spans = [(f.start, f.end) for f in used]
    out: list[str] = []
    for m in _ANY_NUMBER.finditer(hidden):
        if any(a <= m.start() < b for a, b in spans):
            continue
        after = hidden[m.end(): m.end() + 3]
        if _NOT_A_FIGURE.match(after) and not (after.startswith("年") and len(m.group(0)) < 4
                                               and not after.startswith("年度")):
            continue
        if hidden[max(0, m.start() - 1): m.start()] == "第":
            continue
        out.append(clause[m.start(): m.end() + 1].rstrip("，,。；;、"))
    return out


_CN_COUNT = re.compile(r"(?<![一二两三四五六七八九十百千万第])[两二三四五六七八九十百]+[件项所家座个]")


def chinese_counts(clause: str) -> list[str]:
    """十件, 三所: a count written in Chinese numerals (not read as a target; worth a look)."""
    plain = re.sub(r"《[^》]*》|“[^”]*”|‘[^’]*’", "", clause)
    return [m.group(0) for m in _CN_COUNT.finditer(plain)]


def title_without(clause: str, figure: Figure) -> str:
    """The clause with the figure and its qualifier words removed: the target's title."""
    text = clause[: figure.start] + clause[figure.end:]
    text = _PREFIX.sub("", clause[: figure.start]) + clause[figure.end:]
    text = re.sub(r"^(?:力争|争取|确保|努力实现|努力|实现|全年)+", "", text.strip())
    text = re.sub(r"[，,、]+$", "", text).strip()
    return text or clause


# ---------------------------------------------------------------- 时限

_CN_Q = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_FIVE_YEAR = {"十四五": 2025, "十五五": 2030, "十三五": 2020}
_DUE_FORMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?P<y>\d{4})年\d{1,2}月(?:\d{1,2}日)?\s*[—\-－至到~～]+\s*(?:(?P<y2>\d{4})年)?(?P<m>\d{1,2})月(?:底|末)?"), "range"),
    (re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:前|以前|之前)?"), "ymd"),
    (re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?:底|末|份)?(?:前|以前|之前)?"), "ym"),
    (re.compile(r"(?P<y>\d{4})年(?:第)?(?P<q>[一二三四1-4])季度(?:末|底)?(?:前|以前)?"), "yq"),
    (re.compile(r"(?P<y>\d{4})年(?P<h>上|下)半年(?:前|底|末)?"), "yh"),
    (re.compile(r"(?:到|至|于|在|截至|截止)?(?P<y>\d{4})年(?P<end>底|末|年底)?(?P<before>前|以前|之前)?"), "y"),
    (re.compile(r"(?<![\d年])(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:前|以前|之前)"), "md"),
    (re.compile(r"(?<![\d年])(?P<m>\d{1,2})月(?:(?:底|末)(?:前|以前|之前)?|份?(?:前|以前|之前))"), "m"),
    (re.compile(r"(?:第)?(?P<q>[一二三四])季度(?:末|底)?(?:前|以前)"), "q"),
    (re.compile(r"(?P<h>上|下)半年(?:前|底|末)"), "h"),
    (re.compile(r"年底前|年内|年底|年末前|全年|年末"), "this-year"),
    (re.compile(r"“?(?P<fy>十[三四五]五)”?(?:期末|末|期间|时期)"), "five"),
)


@dataclass(frozen=True)
class Due:
    period: str
    phrase: str
    year: int
    note: str | None = None


def dues(text: str, year: int | None, deadline: bool = False) -> list[Due]:
    """Every 时限 phrase in `text`, as a date or period (10月底前 → 2024-10).

    `deadline`: the text is a 完成时限 field, where a bare 2024年 or 12月 is the deadline.
    """
    out: list[Due] = []
    taken: list[tuple[int, int]] = []
    hidden = re.sub(r"《[^》]*》|[（(][^（）()]*\d{4}[^（）()]*[）)]", lambda m: "#" * len(m.group(0)), text)
    for pattern, form in _DUE_FORMS:
        for m in pattern.finditer(hidden):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            g = m.groupdict()
            if form == "y":
                # a bare "2024年" is a deadline only with 到/至/于 or 底/前 (2024年度 is a scope)
                phrase = m.group(0)
                if hidden[m.end(): m.end() + 1] == "度":
                    continue
                if not (deadline or re.match(r"到|至|于|在|截", phrase) or g.get("end") or g.get("before")):
                    continue
            y = int(g["y"]) if g.get("y") else (_FIVE_YEAR[g["fy"]] if g.get("fy") else year)
            if y is None:
                continue
            if form in ("ymd", "md"):
                month, day = int(g["m"]), int(g["d"])
                if not (1 <= month <= 12 and 1 <= day <= 31):
                    continue
                period = f"{y:04d}-{month:02d}-{day:02d}"
            elif form in ("ym", "m", "range"):
                if form == "range" and g.get("y2"):
                    y = int(g["y2"])
                month = int(g["m"])
                if not 1 <= month <= 12:
                    continue
                period = f"{y:04d}-{month:02d}"
            elif form in ("yq", "q"):
                period = f"{y:04d}-Q{_CN_Q[g['q']]}"
            elif form in ("yh", "h"):
                period = f"{y:04d}-H{1 if g['h'] == '上' else 2}"
            else:
                period = f"{y:04d}"
            taken.append((m.start(), m.end()))
            note = f"“{g['fy']}”期末按{y}年底计" if g.get("fy") else None
            out.append(Due(period, text[m.start(): m.end()], y, note))
    if deadline and not out and year is not None:
        # a 完成时限 cell that says only "12月"
        bare = re.search(r"(?<!\d)(\d{1,2})月", hidden)
        if bare and 1 <= int(bare.group(1)) <= 12:
            out.append(Due(f"{year:04d}-{int(bare.group(1)):02d}", bare.group(0), year))
    out.sort(key=lambda d: text.find(d.phrase))
    return out


def plan_year(text: str) -> int | None:
    """The year a document is about: the most frequent 20xx年 (a 2023年重点工作 document → 2023)."""
    counts: dict[int, int] = {}
    for m in re.finditer(r"(?<!\d)(20\d{2})年", text):
        counts[int(m.group(1))] = counts.get(int(m.group(1)), 0) + 1
    if not counts:
        return None
    best = max(counts.values())
    return min(y for y, c in counts.items() if c == best)
