"""The document's own facts: title, issuer, 文号, date, the reporting rule, the plan's years."""

from __future__ import annotations

import datetime as dt
import re

from .context import Context
from .model import Draft, MetaDraft
from .tree import Event

_NOTICE = re.compile(r"^(?P<issuer>.*?)关于印发《?(?P<title>.+?)》?的通知$")
_TITLE_END = re.compile(r"(?:方案|计划|规划|意见|办法|要点|清单|细则|安排|分工表|任务表|台账)$")
_DATE_LINE = re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日$")
_RANGE = re.compile(r"[（(]\d{4}\s*[—\-－~～至到]+\s*\d{4}年?[）)]$")
_NUMBER_LINE = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号")
_ISSUER_END = re.compile(r"(?:政府|办公室|办公厅|委员会|局|委|厅|部|办)$")


def metadata(events: list[Event], plan_id: str, ctx: Context) -> MetaDraft:
    """The preamble's facts: title, issuer, 文号, date, the 特制定 line, the reporting rule."""
    meta = MetaDraft(id=plan_id)
    preamble = [e.line for e in events]
    for i, line in enumerate(preamble):
        if meta.title is None and (m := _NOTICE.match(line)):
            meta.title = m.group("title")
            # several issuers (联合发文) are separated by spaces in the heading as written
            raw = _NOTICE.match(re.sub(r"\s*(《|》)\s*", r"\1", events[i].raw))
            written = raw.group("issuer") if raw else m.group("issuer")
            meta.issuer = [x for x in written.split() if x] if written.strip() else []
        elif m := _DATE_LINE.match(line):
            try:
                meta.published = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                continue
            if not meta.issuer and i and _ISSUER_END.search(preamble[i - 1]):
                meta.issuer = [preamble[i - 1]]
        elif not meta.issuer and line.endswith("文件") and _ISSUER_END.search(line[:-2]):
            meta.issuer = [line[:-2]]
    if meta.title is None:
        for i, line in enumerate(preamble):
            bare = _RANGE.sub("", line)
            if len(line) <= 60 and not re.search(r"[。，,：:；;！？]", line) and _TITLE_END.search(bare):
                previous = preamble[i - 1] if i else ""
                if previous and len(previous) <= 30 and not re.search(r"[。，,：:；;（）()]", previous) \
                        and not _ISSUER_END.search(previous) and not previous.endswith("文件"):
                    line = previous + line
                meta.title = line
    for line in preamble:
        if meta.number is None and (m := _NUMBER_LINE.search(line)):
            meta.number = m.group(0)
        if re.search(r"特制定|制定本|现就.*?如下|制定.*?方案如下|方案如下", line):
            meta.text = line
    if meta.title is None:
        meta.todos.add("title", "文件中未找到标题，请填写")
    meta.reporting = _reporting("\n".join(e.line for e in events) + "\n" + ctx.body)
    if not meta.issuer:
        meta.todos.add("issuer", "文件中未找到发文单位")
    if meta.published is None:
        meta.todos.add("published", "文件中未找到成文日期")
    return meta


_REPORT_MONTHLY = re.compile(r"每月(?P<next>次月)?(?P<day>\d{1,2})日(?:前|之前|以前)")
_REPORT_NEXT = re.compile(r"(?:每月|于)次月(?P<day>\d{1,2})日(?:前|之前|以前)")
_REPORT_QUARTER = re.compile(r"每季度(?:末|最后一个月)?(?P<day>\d{1,2})日(?:前|之前|以前)")


def _reporting(text: str) -> tuple[str, int, str] | None:
    """报送要求: 每月25日前报送 (day of the period's own month), 次月5日前 (of the next)."""
    if m := _REPORT_NEXT.search(text):
        return ("monthly", int(m.group("day")), "next")
    if m := _REPORT_MONTHLY.search(text):
        if 1 <= int(m.group("day")) <= 31:
            return ("monthly", int(m.group("day")), "same")
    if m := _REPORT_QUARTER.search(text):
        if 1 <= int(m.group("day")) <= 31:
            return ("quarterly", int(m.group("day")), "same")
    return None


def plan_dates(result: Draft, ctx: Context) -> None:
    """The plan's start (its date, else 1 January of its year) and end (31 December of the latest
    year it names), with a TODO wherever one is guessed."""
    meta = result.meta
    years = [int(t.due[:4]) for t in result.all_targets() if t.due]
    years += [int(p[:4]) for t in result.all_targets() for p in t.schedule]
    years += [int(t.due[:4]) for t in result.all_tasks() if t.due]
    year = ctx.year or (meta.published.year if meta.published else None) or (min(years) if years else None)
    if meta.published is not None:
        meta.start = dt.date.fromordinal(meta.published.toordinal())  # a copy: one object twice dumps as a YAML alias
    elif year is not None:
        meta.start = dt.date(year, 1, 1)
        meta.todos.add("start", f"文件未写起始日期，暂定为{year}年1月1日")
    end_year = max([*years, year] if year is not None else years, default=None)
    if end_year is not None:
        meta.end = dt.date(end_year, 12, 31)
        meta.todos.add("end", f"文件未写截止日期，暂定为{end_year}年底（最晚的时限）")
    if meta.start is None or meta.end is None:
        today = meta.start or dt.date(2000, 1, 1)
        meta.start = meta.start or today
        meta.end = meta.end or dt.date(meta.start.year, 12, 31)
        meta.todos.add("start", "文件中没有任何年份，起止日期须人工填写")
    if meta.end < meta.start:
        meta.end = dt.date(meta.start.year, 12, 31)
