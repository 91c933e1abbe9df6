"""Property tests for the draft parser: it never crashes, always renders a loadable plan, and
never writes a number the text does not contain."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from yuanjiang_plan.ops.draft import draft
from yuanjiang_plan.render.draft import render
from yuanjiang_plan.write.draft import check_files

FRAGMENTS = [
    "一、", "二、", "（一）", "(二)", "1.", "2、", "（1）", "①", "\n", "\n", "\n", "。", "，", "、", "；",
    "（", "）", "(", ")", "：", ":", "牵头", "牵头单位：", "责任单位:", "配合单位：", "责任领导：",
    "等按职能分工负责", "负责", "配合", "市发改局", "区财政局", "各街道", "各区、县级市", "杜新国",
    "新引进项目", "2个以上", "4万亩", "6.2%左右", "控制在4.5%以内", "不少于100名", "稳定在23万吨",
    "提高0.7个百分点", "力争", "每年", "到2025年底前", "10月底前", "2024年", "完成时限：", "建成通车",
    "投入使用", "《方案（2022—2025年）》", "“4×4”", "S313", "PM2.5", "30年", "基本同步", "工作目标",
    "主要任务", "保障措施", "成立工作专班，由市长任召集人，成员单位包括市发改局等。专班办公室设在市发改局。",
    "加强基础设施建设", "其中", "资阳区30个", "、南县8个", "（其中A区3个、B县4个）", "关于印发《某某方案》的通知", "2023年3月28日", "亿元", "万", "个", "%",
]

texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet="的了在和推进建设0123456789.", max_size=6)),
    max_size=40,
).map("".join)


def _written(text: str) -> set[Decimal]:
    out: set[Decimal] = set()
    for m in re.finditer(r"(\d+(?:\.\d+)?)\s*(万|亿|千)?", text):
        value = Decimal(m.group(1))
        mag = {"万": 10_000, "亿": 100_000_000, "千": 1000}.get(m.group(2) or "", 1)
        out.add((value * mag).normalize())
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
@example("一、1\n2个以上")  # a line break between two digits once joined them into 12
def test_never_crashes_and_never_invents_a_number(text: str) -> None:
    d = draft([text], "fuzz")
    render(d, "fuzz.txt")
    written = _written(text)
    for t in d.all_targets():
        for value in [t.target, t.change, *t.schedule.values(), *t.breakdown.values()]:
            if value is not None:
                assert abs(Decimal(str(value))).normalize() in written, (text, t)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_every_draft_loads_without_errors(text: str) -> None:
    files = render(draft([text], "fuzz"), "fuzz.txt")
    errors = [d for d in check_files(files) if d.is_error]
    assert not errors, (text, [f"{d.path}:{d.line}: {d.message}" for d in errors])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.text(max_size=8), min_size=1, max_size=5), max_size=6))
def test_any_table_is_read(rows: list[list[str]]) -> None:
    width = max((len(r) for r in rows), default=1)
    table = tuple(tuple(r + [""] * (width - len(r))) for r in rows)
    header = (("序号", "工作任务", "牵头单位", "责任单位"),)
    render(draft([header + tuple(tuple(([*list(r), "", "", "", ""])[:4]) for r in table)], "t"), "t.docx")
    render(draft([table], "t"), "t.docx")
