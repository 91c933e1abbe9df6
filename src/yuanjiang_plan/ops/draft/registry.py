"""departments.yaml from a draft: every unit named, with its short and full forms as aliases."""

from __future__ import annotations

import re

from .model import Draft, MetaDraft, Roles, SectionDraft, Unit
from .roles import is_group

# Standard abbreviations of Chinese government bodies (short → full): general vocabulary, used
# to offer the long form as an alias (市发改局 → 市发展和改革局), never as a fact about the plan.
ABBREVIATIONS = {
    "发改局": "发展和改革局", "发改委": "发展和改革委员会", "科工局": "科学技术和工业信息化局",
    "工信局": "工业和信息化局", "科经局": "科技和经济信息化局", "人社局": "人力资源和社会保障局",
    "住建局": "住房和城乡建设局", "卫健局": "卫生健康局", "卫健委": "卫生健康委员会",
    "文旅广体局": "文化旅游广电体育局", "文旅局": "文化和旅游局", "城管执法局": "城市管理和综合执法局",
    "城管局": "城市管理局", "医保局": "医疗保障局", "行政审批局": "行政审批服务局",
    "市场局": "市场监督管理局", "市监局": "市场监督管理局", "应急局": "应急管理局",
    "退役军人局": "退役军人事务局", "自规局": "自然资源和规划局", "交通局": "交通运输局",
    "生态环境局": "生态环境局", "数据局": "数据资源管理局", "政务服务局": "政务服务管理局",
    "政府办": "人民政府办公室", "统计局": "统计局", "财政局": "财政局",
}
_PREFIX = re.compile(r"^(?:市|区|县|镇|乡)(?=.{2,})(?!委|直|政府|人民)")
_UNIT_END = re.compile(r"(?:局|委|办|部|厅|院|中心|集团|公司|分局|管委会|开发区|高新区|园区|站|所|队|馆|会|署|社|行|处|室|团|政府|街道|乡镇)$")


def _aliases(name: str) -> list[str]:
    out: list[str] = []
    short = _PREFIX.sub("", name)
    if short != name and _UNIT_END.search(short) and len(short) >= 3:
        out.append(short)
    for abbr, full in ABBREVIATIONS.items():
        if name.endswith(abbr) and abbr != full:
            out.append(name[: -len(abbr)] + full)
    return out


def _collect(roles: Roles, into: list[str], extra: list[str] | None = None) -> None:
    for name in [*roles.units(), *(extra or [])]:
        if name not in into:
            into.append(name)


def registry(result: Draft, meta: MetaDraft) -> list[Unit]:
    names: list[str] = []
    if result.coordination is not None:
        for name in result.coordination.members:
            if name not in names:
                names.append(name)
        if result.coordination.office and result.coordination.office not in names:
            names.append(result.coordination.office)
    for goal in result.goals:
        _collect(goal.roles, names, list(goal.breakdown))
    def walk(sections: list[SectionDraft]) -> None:
        for section in sections:
            _collect(section.roles, names)
            walk(section.sections)

    walk(result.sections)
    for task in result.all_tasks():
        _collect(task.roles, names)
        for t in task.targets:
            _collect(t.roles, names, list(t.breakdown))
    for issuer in meta.issuer:
        if issuer not in names:
            names.append(issuer)
    units = [Unit(name=n, group=is_group(n)) for n in names]
    # aliases must name one unit only: drop any alias another unit also claims
    claimed: dict[str, int] = {}
    for u in units:
        if not u.group:
            u.aliases = [a for a in _aliases(u.name) if a not in names]
            for a in set(u.aliases):
                claimed[a] = claimed.get(a, 0) + 1
    for u in units:
        u.aliases = list(dict.fromkeys(a for a in u.aliases if claimed.get(a) == 1))
        if u.group:
            u.todos.add("members", "文件未列出成员：开放分组，请补充成员或保留")
        elif not _UNIT_END.search(u.name) and len(u.name) <= 4:
            # 张三负责: a person's name where a unit is expected
            u.todos.add("name", "不像单位名称：如为责任领导，请移到 leaders")
    return units
