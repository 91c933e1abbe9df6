"""Version 2 of the plan format (SPEC §2a) in the file models: what validates, what does not."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from yuanjiang_plan.core.model import (
    DepartmentsFile,
    MilestoneTarget,
    PlanMeta,
    QuantityTarget,
    Section,
    TreeFile,
    when_end,
    when_start,
)


def _q(**extra: Any) -> QuantityTarget:
    return QuantityTarget.model_validate({"id": "1", "title": "t", "kind": "quantity", "unit": "个", **extra})


@pytest.mark.parametrize(("raw", "text", "start", "end"), [
    ("2024-10", "2024-10", dt.date(2024, 10, 1), dt.date(2024, 10, 31)),
    ("2024-Q3", "2024-Q3", dt.date(2024, 7, 1), dt.date(2024, 9, 30)),
    ("2024-H1", "2024-H1", dt.date(2024, 1, 1), dt.date(2024, 6, 30)),
    (2024, "2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
    ("2024年6月", "2024-06", dt.date(2024, 6, 1), dt.date(2024, 6, 30)),
])
def test_due_as_a_period_means_its_last_day(raw: Any, text: str, start: dt.date, end: dt.date) -> None:
    target = _q(due=raw, start=raw)
    assert target.due == text
    assert when_end(target.due) == end
    assert when_start(target.start) == start


def test_due_as_a_date_stays_a_date() -> None:
    assert _q(due=dt.date(2024, 10, 31)).due == dt.date(2024, 10, 31)
    assert _q(due="2024-10-31").due == dt.date(2024, 10, 31)
    assert when_start("2024-Q3") == dt.date(2024, 7, 1)


def test_due_neither_date_nor_period_is_refused_in_both_languages() -> None:
    with pytest.raises(ValidationError) as exc:
        _q(due="10月底前")
    assert "不是日期或报告期" in str(exc.value) and "not a date or a period" in str(exc.value)


def test_schedule_keys_from_yaml_types_and_order() -> None:
    target = _q(schedule={2021: 137, "2022": 253, dt.date(2023, 6, 30): 300})
    assert target.schedule == {"2021": 137, "2022": 253, "2023-06-30": 300}
    with pytest.raises(ValidationError, match="time order"):
        _q(schedule={2022: 253, 2021: 137})


def test_breakdown_shares_are_numbers_for_quantities_and_stages_for_milestones() -> None:
    assert _q(breakdown={"锦江区": 50, "青羊区": 50}).breakdown == {"锦江区": 50, "青羊区": 50}
    with pytest.raises(ValidationError, match="number"):
        _q(breakdown={"锦江区": "一半"})
    MilestoneTarget.model_validate({"id": "m", "title": "t", "kind": "milestone", "stages": ["开工", "建成"],
                                    "breakdown": {"甲": "建成", "乙": None}})
    with pytest.raises(ValidationError, match="stages"):
        MilestoneTarget.model_validate({"id": "m", "title": "t", "kind": "milestone",
                                        "stages": ["开工"], "breakdown": {"甲": "建成"}})


def test_roles_and_words_on_any_node() -> None:
    target = _q(label="1.", leaders="杜新国", lead=["区财政局", "区税务局"], reporter="区财政局",
                responsible=["各街道"], wording="增长12%以上", evidence="optional", basis="year",
                reporting={"cadence": "yearly", "due_day": 28, "due_in": "same"})
    assert target.leaders == ["杜新国"]
    assert target.reporting is not None and target.reporting.cadence == "yearly"
    with pytest.raises(ValidationError):
        _q(leader="杜新国")  # the v1 mistake stays an unknown key


def test_nested_sections_and_sub_tasks() -> None:
    tree = TreeFile.model_validate({"sections": [{
        "id": "二", "label": "二、", "title": "主要工作安排", "sections": [{
            "id": "二.1", "label": "（一）", "title": "坚定不移做强增长引擎", "sections": [{
                "id": "二.1.a", "title": "加强基础设施建设", "tasks": [{
                    "id": "12", "label": "12.", "title": "交通项目", "tasks": [{
                        "id": "12.1", "title": "南外环高速公路", "targets": [
                            {"id": "12.1.1", "title": "启动建设", "kind": "action"}]}]}]}]}]}]})
    inner = tree.sections[0].sections[0].sections[0]
    assert inner.label is None and inner.tasks[0].tasks[0].targets[0].id == "12.1.1"
    with pytest.raises(ValidationError, match="a section needs"):
        Section.model_validate({"id": "s", "title": "空"})


def test_plan_start_defaults_to_published_and_issuer_may_be_a_list() -> None:
    meta = PlanMeta.model_validate({"id": "p", "title": "t", "published": dt.date(2023, 3, 28),
                                    "end": dt.date(2023, 12, 31), "issuer": ["甲", "乙"],
                                    "reporting": {"cadence": "half-yearly"}})
    assert meta.start == dt.date(2023, 3, 28)
    assert meta.issuers == ["甲", "乙"]
    with pytest.raises(ValidationError):
        PlanMeta.model_validate({"id": "p", "title": "t", "end": dt.date(2023, 12, 31)})


def test_groups_open_and_closed_and_no_units_at_all() -> None:
    doc = DepartmentsFile.model_validate({"groups": [
        {"name": "各区县", "members": ["锦江区", "青羊区"]}, {"name": "各有关单位"}]})
    assert doc.departments == []
    assert doc.groups[0].members == ["锦江区", "青羊区"] and doc.groups[1].members is None
