"""The 工作专班 (or 领导小组) paragraph of 推进机制 / 保障措施."""

from __future__ import annotations

import re

from .model import CoordinationDraft
from .roles import split_units

_BODY = r"(?:工作专班|专班|领导小组|指挥部|工作组)"
_NAME = re.compile(rf"(?:成立|组建|设立)(?P<name>[^，,。；;]*?{_BODY})")
_CONVENER = re.compile(r"由(?P<who>[^，,。；;]+?)任(?:召集人|组长|指挥长|总召集人)")
_DEPUTIES = re.compile(r"(?:[，,；;]|由[^，,。；;]*?召集人[，,]?)(?P<who>[^，,。；;]+?)任副(?:召集人|组长|指挥长)")
_MEMBERS = re.compile(r"成员(?:单位)?(?:包括|为|有|由)[:：]?(?P<list>[^。；;]+?)(?:等(?:单位|部门)?)?(?:组成)?"
                      r"(?:[。；;]|$|[，,](?=[^，,。]*(?:办公室|负责|承担)))")
_OFFICE = re.compile(r"办公室设在(?P<office>[^，,。；;]+)")
_DUTY = re.compile(r"办公室设在[^，,。；;]+[，,](?P<duty>[^。]+)")


def coordination(paragraph: str) -> CoordinationDraft | None:
    """The 专班 named in `paragraph`, with convener, deputies, office and member units."""
    name = _NAME.search(paragraph)
    if not name:
        return None
    found = CoordinationDraft(name=name.group("name"), text=paragraph)
    if m := _CONVENER.search(paragraph):
        found.convener = m.group("who")
    if m := _DEPUTIES.search(paragraph):
        found.deputies = [x for x in re.split(r"[、,，]", m.group("who")) if x]
    if m := _MEMBERS.search(paragraph):
        found.members = split_units(m.group("list"))
    if m := _OFFICE.search(paragraph):
        found.office = m.group("office").strip()
    if m := _DUTY.search(paragraph):
        found.duty = m.group("duty").strip()
    if found.convener is None:
        found.todos.add("convener", "未找到召集人（组长）")
    if not found.members:
        found.todos.add("members", "未找到成员单位名单")
    return found
