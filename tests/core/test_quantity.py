"""Tests for quantity.py: Chinese quantities (4.5万亩) and reporting periods (2024-Q3)."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yuanjiang_plan.core.quantity import (
    Period,
    PeriodError,
    QuantityError,
    UnitMismatch,
    format_quantity,
    next_period,
    parse_period,
    parse_quantity,
    period_containing,
    periods_between,
)

# ---------------------------------------------------------------- parse_quantity: accepted


@pytest.mark.parametrize(
    ("raw", "unit", "expected"),
    [
        # numbers pass through in the target unit
        (62, "个", 62.0),
        (6.5, "%", 6.5),
        (-3, "个", -3.0),
        (1e300, "元", 1e300),
        # plain text, whitespace, signs, decimals
        ("62", "个", 62.0),
        ("  62 ", "个", 62.0),
        ("\u300062\u3000", "个", 62.0),
        ("+3", "个", 3.0),
        ("-3", "个", -3.0),
        ("0.7", "个百分点", 0.7),
        (".5", "亩", 0.5),
        ("1e3", "个", 1000.0),
        ("2.5E-1", "个", 0.25),
        ("1e300", "元", 1e300),
        # full-width digits and punctuation
        ("１２．５", "亩", 12.5),
        ("－３", "个", -3.0),
        ("１２％", "%", 12.0),
        # thousands separators
        ("1,200", "个", 1200.0),
        ("1，200", "个", 1200.0),
        ("12,345,678.5", "元", 12345678.5),
        # magnitudes after a number
        ("4.5万", "个", 45000.0),
        ("1.2亿", "元", 120000000.0),
        ("3千", "个", 3000.0),
        ("5百", "个", 500.0),
        ("3千万", "元", 30000000.0),
        ("2万亿", "元", 2e12),
        ("4万5千", "个", 45000.0),
        ("1亿2000万", "元", 120000000.0),
        ("1亿2,000万", "元", 120000000.0),
        ("-4万5千", "个", -45000.0),
        ("4.5 万 亩", "亩", 45000.0),
        # bare magnitude: in the base unit, so the same prefix means "already in tu"
        ("4万", "亩", 40000.0),
        ("4万", "万亩", 4.0),
        ("4千", "万亩", 0.4),
        ("1.2亿", "亿元", 1.2),
        ("1.2亿", "万元", 12000.0),
        ("4万5千", "万亩", 4.5),
        # bare number: in the target unit whatever its prefix
        ("4.5", "万亩", 4.5),
        ("45000", "亩", 45000.0),
        # suffix = target unit
        ("3亩", "亩", 3.0),
        ("4.5万亩", "亩", 45000.0),
        ("4.5万亩", "万亩", 4.5),
        ("1.2亿元", "元", 120000000.0),
        ("1.2亿元", "亿元", 1.2),
        ("3.3万亩", "万亩", 3.3),
        # suffix = base unit of a magnitude target unit (both directions)
        ("45000亩", "万亩", 4.5),
        ("120000000元", "亿元", 1.2),
        ("12000万元", "亿元", 1.2),
        ("1.2亿亩", "万亩", 12000.0),
        # percent
        ("6.5%", "%", 6.5),
        ("6.5％", "%", 6.5),
        ("6.5", "%", 6.5),
        ("6.5%", "％", 6.5),
        # counting words
        ("2个", "个", 2.0),
        ("3家", "家", 3.0),
        ("2万个", "个", 20000.0),
        ("0.7个百分点", "个百分点", 0.7),
        # a unit that starts with a magnitude character is read as that unit first
        ("3千克", "千克", 3.0),
        ("3千克", "克", 3000.0),
        ("3千千克", "千克", 3000.0),
        ("0.7百分点", "百分点", 0.7),
        # a unit without magnitude prefix, and no unit at all
        ("3km", "km", 3.0),
        ("5", "", 5.0),
        ("4万", "", 40000.0),
        # the result only has to be finite; range checks are the caller's
        ("1e300亿", "元", 1e308),
        ("1e-400", "个", 0.0),
    ],
)
def test_parse_quantity_accepts(raw: str | float, unit: str, expected: float) -> None:
    assert parse_quantity(raw, unit) == pytest.approx(expected, rel=1e-15, abs=0)


def test_parse_quantity_decimal_arithmetic_is_exact() -> None:
    # 3.3 * 10000 in floats is 32999.999999999996; the parser must not go through it.
    assert parse_quantity("3.3万", "亩") == 33000.0
    assert parse_quantity("0.1亿", "元") == 10000000.0
    assert parse_quantity("33000亩", "万亩") == 3.3


# ---------------------------------------------------------------- parse_quantity: errors

HINT_VALUE = "写数字，可带万、亿和单位，如 62、4.5万、3.3万亩"


@pytest.mark.parametrize(
    ("raw", "unit", "message", "hint"),
    [
        (
            "2家",
            "个",
            "单位 '家' 与指标单位 '个' 不符 (unit mismatch)",
            "写数字即可，默认按指标单位 '个' 计",
        ),
        (
            "2亩",
            "个",
            "单位 '亩' 与指标单位 '个' 不符 (unit mismatch)",
            "写数字即可，默认按指标单位 '个' 计",
        ),
        (
            "3km",
            "亩",
            "单位 'km' 与指标单位 '亩' 不符 (unit mismatch)",
            "写数字即可，默认按指标单位 '亩' 计",
        ),
        (
            "6.5%",
            "个",
            "单位 '%' 与指标单位 '个' 不符 (unit mismatch)",
            "写数字即可，默认按指标单位 '个' 计",
        ),
        (
            "4.5万亩",
            "个",
            "单位 '亩' 与指标单位 '个' 不符 (unit mismatch)",
            "写数字即可，默认按指标单位 '个' 计",
        ),
        (
            "45000元",
            "万亩",
            "单位 '元' 与指标单位 '万亩' 不符 (unit mismatch)",
            "写数字即可，默认按指标单位 '万亩' 计",
        ),
        (
            "3000克",
            "千克",
            "单位 '克' 与指标单位 '千克' 不符 (unit mismatch)",
            "写数字即可，默认按指标单位 '千克' 计",
        ),
        ("3亩", "", "单位 '亩' 多余：该指标没有单位 (unit mismatch)", "只写数字即可"),
    ],
)
def test_parse_quantity_unit_mismatch(raw: str, unit: str, message: str, hint: str) -> None:
    with pytest.raises(UnitMismatch) as caught:
        parse_quantity(raw, unit)
    assert (caught.value.message, caught.value.hint) == (message, hint)
    assert caught.value.code == "unit-mismatch"
    assert isinstance(caught.value, QuantityError)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("raw", "unit", "message", "hint"),
    [
        ("", "个", "数量为空 (empty value)", HINT_VALUE),
        ("\u3000 ", "个", "数量为空 (empty value)", HINT_VALUE),
        ("abc", "个", "无法识别的数量 'abc' (not a number)", HINT_VALUE),
        ("万", "个", "无法识别的数量 '万' (not a number)", HINT_VALUE),
        ("nan", "个", "无法识别的数量 'nan' (not a number)", HINT_VALUE),
        ("inf", "个", "无法识别的数量 'inf' (not a number)", HINT_VALUE),
        ("1,2000", "个", "无法识别的数量 '1,2000' (not a number)", HINT_VALUE),
        ("1.2.3", "个", "无法识别的数量 '1.2.3' (not a number)", HINT_VALUE),
        ("--3", "个", "无法识别的数量 '--3' (not a number)", HINT_VALUE),
        ("3-5", "个", "无法识别的数量 '3-5' (not a number)", HINT_VALUE),
        ("三万", "个", "无法识别的数量 '三万' (not a number)", "请用阿拉伯数字，如 4.5万、45000"),
        (
            "4万5",
            "个",
            "无法识别的数量 '4万5' (not a number)",
            "万、千后面的零头要带量级，写成 4万5千、4.5万 或 45000",
        ),
        (
            "4万12千",
            "个",
            "无法识别的数量 '4万12千' (not a number)",
            "万、千后面的零头要带量级，写成 4万5千、4.5万 或 45000",
        ),
        (
            "１ｅ３",
            "个",
            "无法识别的数量 '１ｅ３' (not a number)",
            "科学计数法只能用半角字符，如 1e3；或直接写 1000",
        ),
        (
            "１e3",
            "个",
            "无法识别的数量 '１e3' (not a number)",
            "科学计数法只能用半角字符，如 1e3；或直接写 1000",
        ),
        (
            "3家以上",
            "家",
            "数量 '3家以上' 后有多余文字 '以上' (unexpected text after the unit)",
            "只写数字和单位，说明写在 note 里",
        ),
        ("1e400", "个", "数量 '1e400' 不是有限数 (not a finite number)", "写一个普通的数字，如 62"),
        (
            "1e305亿",
            "元",
            "数量 '1e305亿' 不是有限数 (not a finite number)",
            "写一个普通的数字，如 62",
        ),
        (
            "1e99999999999999",
            "个",
            "数量 '1e99999999999999' 不是有限数 (not a finite number)",
            "写一个普通的数字，如 62",
        ),
        (
            "9" * 400,
            "个",
            f"数量 '{'9' * 39}…' 不是有限数 (not a finite number)",
            "写一个普通的数字，如 62",
        ),
    ],
)
def test_parse_quantity_errors(raw: str, unit: str, message: str, hint: str) -> None:
    with pytest.raises(QuantityError) as caught:
        parse_quantity(raw, unit)
    assert type(caught.value) is QuantityError
    assert (caught.value.message, caught.value.hint) == (message, hint)
    assert caught.value.code == "bad-value"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (True, "数量不能是 True (not a number)"),
        (float("nan"), "数量 'nan' 不是有限数 (not a finite number)"),
        (float("inf"), "数量 'inf' 不是有限数 (not a finite number)"),
        (-float("inf"), "数量 '-inf' 不是有限数 (not a finite number)"),
        (10**400, "数量太大 (not a finite number)"),
    ],
)
def test_parse_quantity_rejects_odd_numbers(raw: float, message: str) -> None:
    with pytest.raises(QuantityError) as caught:
        parse_quantity(raw, "个")
    assert caught.value.message == message
    assert caught.value.hint


def test_errors_are_value_errors() -> None:
    assert issubclass(QuantityError, ValueError)
    assert issubclass(PeriodError, ValueError)
    assert issubclass(UnitMismatch, QuantityError)
    assert not issubclass(PeriodError, QuantityError)


# ---------------------------------------------------------------- format_quantity


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (40000, "亩", "4万亩"),
        (33000, "亩", "3.3万亩"),
        (2, "个", "2个"),
        (6.5, "%", "6.5%"),
        (62.0, None, "62"),
        (62.0, "", "62"),
        (1234.5678, None, "1234.57"),
        (1234.565, "个", "1234.57个"),  # half up on the decimal the user sees, not the binary
        (1234.5, "个", "1234.5个"),
        (0.004, "个", "0个"),
        (-0.001, "个", "0个"),
        (-40000, "亩", "-4万亩"),
        (120000000, "元", "1.2亿元"),
        (123450000, "元", "12345万元"),  # not a multiple of 1e7: stays in 万
        (123000000, "元", "12300万元"),  # a multiple of 1e6 only: still 万
        (3e9, "元", "30亿元"),
        (10000, "亩", "1万亩"),
        (9000, "亩", "9000亩"),  # below 1e4: no 万
        (12345, "亩", "12345亩"),  # not a multiple of 1000
        (10000.5, "亩", "10000.5亩"),
        (40000, "%", "40000%"),  # no 万 for percentages
        (4.5, "万亩", "4.5万亩"),
        (0.5, "万亩", "0.5万亩"),
        (12000, "万亩", "1.2亿亩"),  # 1.2e8 亩
        (1.2, "亿元", "1.2亿元"),
        (30000, "亿元", "30000亿元"),
        (1e16, "元", "1e+16元"),
        (1e300, "家", "1e+300家"),
        (None, "亩", "—"),
        (None, None, "—"),
    ],
)
def test_format_quantity(value: float | None, unit: str | None, expected: str) -> None:
    assert format_quantity(value, unit) == expected


# ---------------------------------------------------------------- quantity properties

UNITS = ["个", "亩", "万亩", "%", "家", "元", "亿元"]


@given(st.floats(min_value=0, allow_nan=False, allow_infinity=False), st.sampled_from(UNITS))
def test_format_then_parse_round_trips(x: float, unit: str) -> None:
    # 万 and 亿 are chosen only for exact multiples, so the one rounding is to 2 decimals of the
    # target unit: at most 0.005, plus the float conversions of x's repr and of the rounded
    # decimal, each within half an ulp (2 ulp(x) bounds both, also across a binade).
    shown = format_quantity(x, unit)
    back = parse_quantity(shown, unit)
    assert abs(back - x) <= 0.005 + 2 * math.ulp(x), shown


@given(st.integers(min_value=10, max_value=10**12).map(lambda n: float(n * 1000)))
def test_magnitude_display_is_exact(x: float) -> None:
    shown = format_quantity(x, "亩")
    assert "万" in shown or "亿" in shown
    assert parse_quantity(shown, "亩") == x


QUANTITY_ALPHABET = "0123456789.,，+-eE 　万亿千百亩个家元%％１２．一三km"


@given(
    st.one_of(st.text(), st.text(alphabet=QUANTITY_ALPHABET)),
    st.one_of(st.text(), st.sampled_from([*UNITS, "", "千克", "万人"])),
)
def test_parse_quantity_raises_only_quantity_errors(raw: str, unit: str) -> None:
    try:
        value = parse_quantity(raw, unit)
    except QuantityError as error:
        assert error.message
        assert error.hint
    else:
        assert math.isfinite(value)


# ---------------------------------------------------------------- parse_period


@pytest.mark.parametrize(
    ("raw", "text", "start", "end"),
    [
        ("2024-06", "2024-06", (2024, 6, 1), (2024, 6, 30)),
        ("2024-6", "2024-06", (2024, 6, 1), (2024, 6, 30)),
        ("2024/06", "2024-06", (2024, 6, 1), (2024, 6, 30)),
        ("2024年6月", "2024-06", (2024, 6, 1), (2024, 6, 30)),
        ("2024年06月", "2024-06", (2024, 6, 1), (2024, 6, 30)),
        ("2024-02", "2024-02", (2024, 2, 1), (2024, 2, 29)),
        ("2023-02", "2023-02", (2023, 2, 1), (2023, 2, 28)),
        ("2024-12", "2024-12", (2024, 12, 1), (2024, 12, 31)),
        ("2024-Q2", "2024-Q2", (2024, 4, 1), (2024, 6, 30)),
        ("2024Q2", "2024-Q2", (2024, 4, 1), (2024, 6, 30)),
        ("2024-q2", "2024-Q2", (2024, 4, 1), (2024, 6, 30)),
        ("2024年第二季度", "2024-Q2", (2024, 4, 1), (2024, 6, 30)),
        ("2024年二季度", "2024-Q2", (2024, 4, 1), (2024, 6, 30)),
        ("2024年第2季度", "2024-Q2", (2024, 4, 1), (2024, 6, 30)),
        ("2024年第四季度", "2024-Q4", (2024, 10, 1), (2024, 12, 31)),
        ("2024-H1", "2024-H1", (2024, 1, 1), (2024, 6, 30)),
        ("2024H1", "2024-H1", (2024, 1, 1), (2024, 6, 30)),
        ("2024-h2", "2024-H2", (2024, 7, 1), (2024, 12, 31)),
        ("2024年上半年", "2024-H1", (2024, 1, 1), (2024, 6, 30)),
        ("2024年下半年", "2024-H2", (2024, 7, 1), (2024, 12, 31)),
        ("2024", "2024", (2024, 1, 1), (2024, 12, 31)),
        ("2024年", "2024", (2024, 1, 1), (2024, 12, 31)),
        (2024, "2024", (2024, 1, 1), (2024, 12, 31)),
        (" 2024-06\u3000", "2024-06", (2024, 6, 1), (2024, 6, 30)),
        ("２０２４－Ｑ３", "2024-Q3", (2024, 7, 1), (2024, 9, 30)),
        ("1900", "1900", (1900, 1, 1), (1900, 12, 31)),
        ("2200-12", "2200-12", (2200, 12, 1), (2200, 12, 31)),
    ],
)
def test_parse_period(
    raw: str | int, text: str, start: tuple[int, int, int], end: tuple[int, int, int]
) -> None:
    period = parse_period(raw)
    assert (period.text, period.start, period.end) == (text, dt.date(*start), dt.date(*end))
    assert str(period) == text


@pytest.mark.parametrize(
    ("raw", "kind", "months"),
    [
        ("2024-06", "month", 1),
        ("2024-Q2", "quarter", 3),
        ("2024-H2", "half", 6),
        ("2024", "year", 12),
    ],
)
def test_period_kind_and_months(raw: str, kind: str, months: int) -> None:
    assert (parse_period(raw).kind, parse_period(raw).months) == (kind, months)


PERIOD_HINT = "写成 2024-06、2024-Q3、2024-H1 或 2024"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "无法识别的报告期 '' (not a period)"),
        ("x", "无法识别的报告期 'x' (not a period)"),
        ("24-06", "无法识别的报告期 '24-06' (not a period)"),
        ("2024-06-01", "无法识别的报告期 '2024-06-01' (not a period)"),
        ("2024-123", "无法识别的报告期 '2024-123' (not a period)"),
        ("2024年第五季度", "无法识别的报告期 '2024年第五季度' (not a period)"),
        ("2024年中半年", "无法识别的报告期 '2024年中半年' (not a period)"),
        ("2024 - 06", "无法识别的报告期 '2024 - 06' (not a period)"),
        ("٢٠٢٤", "无法识别的报告期 '٢٠٢٤' (not a period)"),  # non-ASCII digits are not years
        (True, "无法识别的报告期 True (not a period)"),
        (-2024, "无法识别的报告期 '-2024' (not a period)"),
        ("2024-13", "月份 13 超出 1-12 (month out of range): '2024-13'"),
        ("2024-0", "月份 0 超出 1-12 (month out of range): '2024-0'"),
        ("2024年13月", "月份 13 超出 1-12 (month out of range): '2024年13月'"),
        ("2024-Q5", "季度 5 超出 1-4 (quarter out of range): '2024-Q5'"),
        ("2024-Q0", "季度 0 超出 1-4 (quarter out of range): '2024-Q0'"),
        ("2024年第5季度", "季度 5 超出 1-4 (quarter out of range): '2024年第5季度'"),
        ("2024-H3", "半年 3 超出 1-2 (half out of range): '2024-H3'"),
        ("1899", "年份 1899 超出 1900-2200 (year out of range)"),
        ("2201-Q1", "年份 2201 超出 1900-2200 (year out of range)"),
        (1899, "年份 1899 超出 1900-2200 (year out of range)"),
    ],
)
def test_parse_period_errors(raw: str | int, message: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(raw)
    assert (caught.value.message, caught.value.hint) == (message, PERIOD_HINT)
    assert caught.value.code == "bad-period"


def test_period_refuses_dates_that_are_not_a_calendar_period() -> None:
    with pytest.raises(PeriodError):
        Period(dt.date(2024, 6, 2), dt.date(2024, 6, 30), "2024-06")
    with pytest.raises(PeriodError):
        Period(dt.date(2024, 2, 1), dt.date(2024, 4, 30), "2024-Q1")  # not quarter-aligned
    with pytest.raises(PeriodError):
        Period(dt.date(2024, 6, 1), dt.date(2024, 6, 30), "2024-6")  # not canonical text
    assert Period(dt.date(2024, 6, 1), dt.date(2024, 6, 30), "2024-06") == parse_period("2024-06")


# ---------------------------------------------------------------- order


def test_periods_sort_by_end_then_shortest_first() -> None:
    texts = ["2024", "2024-Q4", "2024-12", "2024-H2", "2024-01", "2024-Q1", "2024-H1", "2024-06"]
    ordered = [p.text for p in sorted(parse_period(t) for t in texts)]
    assert ordered == [
        "2024-01",
        "2024-Q1",
        "2024-06",
        "2024-H1",
        "2024-12",
        "2024-Q4",
        "2024-H2",
        "2024",
    ]
    month, year = parse_period("2024-12"), parse_period("2024")
    assert month < year and month <= year and year > month and year >= month
    assert not year < month
    # A year ends after the month that starts with it, though its start is earlier.
    assert parse_period("2024-01") < parse_period("2024")
    assert max(parse_period("2023"), parse_period("2024-01")) == parse_period("2024-01")


def test_period_comparison_with_other_types() -> None:
    with pytest.raises(TypeError):
        _ = parse_period("2024") < "2025"
    text: object = "2024"
    assert parse_period("2024") != text


@st.composite
def periods(draw: st.DrawFn, first: int = 1900, last: int = 2200) -> tuple[int, str, int]:
    year = draw(st.integers(min_value=first, max_value=last))
    kind = draw(st.sampled_from(["month", "quarter", "half", "year"]))
    count = {"month": 12, "quarter": 4, "half": 2, "year": 1}[kind]
    return year, kind, draw(st.integers(min_value=1, max_value=count))


def _expected(year: int, kind: str, index: int) -> tuple[str, str, dt.date, dt.date]:
    """Canonical and Chinese spelling and the dates, worked out independently of the module."""
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[kind]
    first = (index - 1) * months + 1
    last = first + months - 1
    start = dt.date(year, first, 1)
    end = dt.date(year, last, calendar.monthrange(year, last)[1])
    if kind == "month":
        canonical, chinese = f"{year}-{index:02d}", f"{year}年{index}月"
    elif kind == "quarter":
        canonical, chinese = f"{year}-Q{index}", f"{year}年第{'一二三四'[index - 1]}季度"
    elif kind == "half":
        canonical, chinese = f"{year}-H{index}", f"{year}年{'上下'[index - 1]}半年"
    else:
        canonical, chinese = f"{year}", f"{year}年"
    return canonical, chinese, start, end


@given(periods())
def test_parse_period_round_trips(spec: tuple[int, str, int]) -> None:
    canonical, chinese, start, end = _expected(*spec)
    period = parse_period(canonical)
    assert (period.start, period.end, period.text, period.kind) == (start, end, canonical, spec[1])
    assert parse_period(period.text) == period
    assert parse_period(chinese) == period


@given(periods(), periods())
def test_period_order_is_total_and_documented(
    a_spec: tuple[int, str, int], b_spec: tuple[int, str, int]
) -> None:
    a, b = parse_period(_expected(*a_spec)[0]), parse_period(_expected(*b_spec)[0])
    assert [a < b, a == b, a > b].count(True) == 1
    assert (a <= b) == (a < b or a == b)
    if a.end != b.end:
        assert (a < b) == (a.end < b.end)
    else:
        assert (a < b) == (a.months < b.months)


PERIOD_ALPHABET = "0123456789-/QqHh年月第季度半上下一二三四五 　２０"


@given(st.one_of(st.text(), st.text(alphabet=PERIOD_ALPHABET), st.integers()))
def test_parse_period_raises_only_period_errors(raw: str | int) -> None:
    try:
        period = parse_period(raw)
    except PeriodError as error:
        assert error.message
        assert error.hint == PERIOD_HINT
    else:
        assert 1900 <= period.start.year <= 2200
        assert parse_period(period.text) == period


# ---------------------------------------------------------------- containing, between, next


@pytest.mark.parametrize(
    ("day", "cadence", "text"),
    [
        ((2024, 6, 27), "monthly", "2024-06"),
        ((2024, 6, 27), "quarterly", "2024-Q2"),
        ((2024, 7, 1), "quarterly", "2024-Q3"),
        ((2024, 12, 31), "quarterly", "2024-Q4"),
        ((2024, 2, 29), "monthly", "2024-02"),
        ((2024, 7, 1), "half-yearly", "2024-H2"),
        ((2024, 7, 1), "yearly", "2024"),
    ],
)
def test_period_containing(day: tuple[int, int, int], cadence: str, text: str) -> None:
    assert period_containing(dt.date(*day), cadence).text == text


def test_unknown_cadence_and_out_of_range_dates() -> None:
    with pytest.raises(PeriodError) as caught:
        period_containing(dt.date(2024, 1, 1), "weekly")
    assert caught.value.message == "未知的报送周期 'weekly' (unknown cadence)"
    with pytest.raises(PeriodError):
        periods_between(dt.date(2024, 2, 1), dt.date(2024, 1, 1), "weekly")
    with pytest.raises(PeriodError):
        period_containing(dt.date(1899, 12, 31), "monthly")
    with pytest.raises(PeriodError):
        next_period(parse_period("2200-12"))


@pytest.mark.parametrize(
    ("text", "following"),
    [
        ("2024-06", "2024-07"),
        ("2024-12", "2025-01"),
        ("2024-Q4", "2025-Q1"),
        ("2024-Q1", "2024-Q2"),
        ("2024-H1", "2024-H2"),
        ("2024-H2", "2025-H1"),
        ("2024", "2025"),
    ],
)
def test_next_period(text: str, following: str) -> None:
    assert next_period(parse_period(text)).text == following


def test_periods_between_examples() -> None:
    texts = [
        p.text for p in periods_between(dt.date(2024, 6, 27), dt.date(2024, 12, 31), "monthly")
    ]
    assert texts == ["2024-06", "2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12"]
    quarters = periods_between(dt.date(2024, 6, 27), dt.date(2025, 1, 1), "quarterly")
    assert [p.text for p in quarters] == ["2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1"]
    one_day = periods_between(dt.date(2024, 5, 5), dt.date(2024, 5, 5), "quarterly")
    assert [p.text for p in one_day] == ["2024-Q2"]
    assert periods_between(dt.date(2024, 5, 6), dt.date(2024, 5, 5), "monthly") == []


dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31))


@given(dates, dates, st.sampled_from(["monthly", "quarterly"]))
def test_periods_between_covers_the_range(a: dt.date, b: dt.date, cadence: str) -> None:
    start, end = min(a, b), max(a, b)
    found = periods_between(start, end, cadence)
    assert found[0].start <= start <= found[0].end
    assert found[-1].start <= end <= found[-1].end
    kind = {"monthly": "month", "quarterly": "quarter"}[cadence]
    assert {p.kind for p in found} == {kind}
    for before, after in itertools.pairwise(found):
        assert after.start == before.end + dt.timedelta(days=1)  # contiguous, no overlap
    assert found == sorted(found)


@given(periods(last=2199))
def test_next_period_follows(spec: tuple[int, str, int]) -> None:
    period = parse_period(_expected(*spec)[0])
    following = next_period(period)
    assert following.start == period.end + dt.timedelta(days=1)
    assert (following.kind, following.months) == (period.kind, period.months)
    assert period < following
