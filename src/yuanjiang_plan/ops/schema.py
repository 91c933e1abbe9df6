"""JSON Schemas of the plan and progress files, generated from the pydantic models.

For editors (yaml-language-server, VS Code): completion and checking while a clerk types. The
models stay the single source of truth; this module only adds bilingual titles and
descriptions and widens a few types to what the loader's before-validators accept (an
unquoted `id: 1`, `period: 2024`, a single name instead of a list, stages as plain strings).
"""

from __future__ import annotations

import copy
from typing import Any

from ..core import model

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# file name -> (model name in `model`, title)
FILES: dict[str, tuple[str, str]] = {
    "progress.schema.json": ("ProgressFile", "进度报告 progress/**/*.yaml (progress report)"),
    "plan.schema.json": ("PlanMeta", "计划头文件 plan/plan.yaml (plan header)"),
    "departments.schema.json": ("DepartmentsFile", "单位名录 plan/departments.yaml (departments)"),
    "tree.schema.json": ("TreeFile", "计划树 plan/*.yaml: 目标、部分、任务、指标 (plan tree)"),
    "extensions.schema.json": ("ExtensionsFile", "延期 plan/extensions.yaml (deadline extensions)"),
}

# Property name -> description; `Model.field` entries win over bare names.
DESCRIPTIONS: dict[str, str] = {
    "ProgressFile.department": "填报单位：名称、简称或代码 (reporting unit: name, alias or code)",
    "ProgressFile.period": "报告期：2024-06、2024-Q2、2024-H1 或 2024 (period: month, quarter, half, year)",
    "ProgressFile.submitted": "报送日期 YYYY-MM-DD；不填则取 git 首次提交日期 (date submitted; default: "
                              "the date git first saw the file)",
    "ProgressFile.entries": "本期各指标的进展 (one entry per target)",
    "Entry.target": "指标编号，如 1.2.3 或 G1 (target ID)",
    "Entry.value": "数量/水平类：年初至今累计数，可写 4.5万、3.3万亩 (quantity/level: year-to-date "
                   "value; Chinese magnitudes allowed)",
    "Entry.stage": "里程碑类：已达到的阶段名称 (milestone: the stage reached)",
    "Entry.note": "进展说明 (what was done)",
    "Entry.done": "工作类：已完成填 true (action: true when finished)",
    "Entry.evidence": "佐证材料，如文号 (evidence, e.g. document numbers)",
    "id": "编号，与方案的层级编号一致，如 1.2.3、G1 (ID mirroring the document's numbering)",
    "title": "标题 (title)",
    "text": "方案原文 (the document's sentence)",
    "lead": "牵头单位；不写则继承上级，[] 表示无 (lead units; omitted: inherited; []: none)",
    "support": "配合单位；不写则继承上级 (supporting units; omitted: inherited)",
    "kind": "指标类型：quantity 数量、level 水平、milestone 里程碑、action 工作 (target kind)",
    "target": "目标值；方案未给出时写 null (the number to reach; null when the document gives none)",
    "unit": "计量单位，如 个、亩、% (unit)",
    "op": "比较方式，默认 >= (comparison; default >=)",
    "baseline": "基期值 (baseline)",
    "change": "相对基期的变化量，如 提高0.7个百分点 (change from the baseline)",
    "ref": "与另一指标的实际值比较，如 基本同步 (compare against another target's actual)",
    "qualifier": "原文措辞：以上 at_least、左右 about、力争 strive、以下 at_most、基本同步 same_pace",
    "tolerance": "左右/基本同步 的相对容差，默认 0.05 (relative tolerance; default 0.05)",
    "stages": "按顺序排列的阶段，如 [开工, 主体完工, 投入使用] (ordered stages)",
    "note": "备注 (note)",
    "goals": "一、工作目标：指标列表 (goals: a list of targets)",
    "sections": "二、重点任务：部分 → 任务 → 指标 (sections -> tasks -> targets)",
    "tasks": "任务列表 (tasks)",
    "targets": "指标列表 (targets)",
    "departments": "方案中出现的全部单位 (every unit named in the document)",
    "name": "名称 (name)",
    "full_name": "全称 (full name)",
    "aliases": "简称、别称 (aliases)",
    "code": "ASCII 代码，如 fgj (ASCII code)",
    "extensions": "经批准的延期 (approved deadline extensions)",
    "approved_by": "批准单位或领导 (approved by)",
    "reason": "延期原因 (reason)",
    "date": "批准日期 (date approved)",
    "Extension.target": "延期的指标编号 (target ID)",
    "Extension.due": "新的截止日期 (the new due date)",
    "end": "计划结束日期 (plan end)",
    "issuer": "印发单位 (issuer)",
    "published": "印发日期 (published)",
    "reporting": "报送要求：cadence 周期，due_day 次月几日前报送 (reporting cadence and due day)",
    "lights": "督办红黄蓝绿灯阈值 (traffic-light thresholds)",
    "coordination": "三、推进机制：工作专班 (the coordination group)",
    # version 2 of the format (README *Encoding a real plan*)
    "label": "方案原文的序号，如 （七）、5.、一 (the document's own numbering, shown as written)",
    "responsible": "责任单位：各自落实并报送本单位进展；不写则继承上级 (responsible units: each reports its "
                   "own part; inherited)",
    "leaders": "责任领导/分管领导（人名，不是单位）；不写则继承上级 (leaders: people, not units; inherited)",
    "reporter": "汇总单位：多个牵头单位时由其报送该指标 (the one unit that files the figure when several "
                "lead)",
    "start": "开始日期或报告期，如 2024-07、2024 (start: a date or a period)",
    "PlanMeta.start": "计划开始日期；不写则取 published (plan start; default: published)",
    "due": "截止日期或报告期：2024-10-31、2024-10（10月底前）、2024-Q3、2024-H1、2024；不写则继承上级，"
           "默认计划结束日 (due: a date or a period, meaning its last day; inherited)",
    "basis": "数量口径：plan 计划期累计（默认），year 每年年初至今 (quantity basis: since the plan's start, "
             "or year to date)",
    "evidence": "佐证材料：required 必须、optional 可选；默认水平类可选、其他必须 (evidence rule)",
    "wording": "方案对目标的原话，如 不少于100名、控制在4.5%以内 (the document's phrase for the goal)",
    "breakdown": "分解：单位或单位组 -> 份额；各单位分别报送 (per-unit shares; each unit reports its own)",
    "schedule": "分年度/阶段目标：报告期或日期 -> 数值，如 2021: 137 (interim targets by period or date)",
    "groups": "单位组，如 各区县（members 列出成员；不列则为开放组，不报送）(groups of units; without "
              "members: an open group that owes nothing)",
    "members": "成员单位 (member units)",
    "Group.members": "成员单位或单位组；方案未列出时省略 (members; omitted when the document does not "
                     "list them)",
    "cadence": "报送周期：monthly 月、quarterly 季、half-yearly 半年、yearly 年 (reporting cadence)",
    "due_day": "报送日：due_in 为 next 时次月几日前，same 时本期最后一月几日前 (the day reports are due)",
    "due_in": "next 次月（默认）或 same 本期最后一个月，如 每月28日前 (due in the next month or the "
              "period's own last month)",
    "number": "文号，如 鞍立政发〔2023〕2号 (document number)",
}

# A progress file's own checks that JSON Schema can say, so an editor flags them while a clerk
# types (issue 17: `period: 2024-13` and `submitted: 2024-02-30` went unflagged, `done: yes` was
# flagged though the loader takes it). tests/ops/test_schema_corpus.py holds schema and loader to
# the same verdict on ~110 mutated files; what needs the plan (unknown target, unit, stage,
# negative quantity) stays the loader's.
# Every spelling `parse_period` reads: 2024, 2024年, 2024-06, 2024/6, 2024年6月, 2024-Q2, 2024Q2,
# 2024年第二季度, 2024-H1, 2024年上半年.
REPORT_PERIOD = (r"^[0-9]{4}(年|[-/](0?[1-9]|1[0-2])|年(0?[1-9]|1[0-2])月|-?[Qq][1-4]|年第?[1-4一二三四]季度"
                 r"|-?[Hh][12]|年[上下]半年)?$")
# A real calendar date, YYYY-MM-DD (29 February only in leap years).
REAL_DATE = (r"^([0-9]{4}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)"
             r"|02-(0[1-9]|1[0-9]|2[0-8]))|([0-9]{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)"
             r"-02-29)$")
# A number (half- or full-width, 1,200, 1e3), then 万/亿/千/百, then a unit with no digits: 4.5万亩.
_D = "[0-9０-９]"
VALUE_TEXT = (rf"^$|^\s*[+\-＋－−]?({_D}[0-9０-９,，]*([.．]{_D}+)?|[.．]{_D}+)([eE][+\-]?[0-9]+)?\s*[万亿千百]*"
              r"\s*([^0-9０-９\s.．,，+\-＋－][^0-9０-９]*)?$")
ABSURD = 1e15  # read/progress.py refuses larger values (absurd-value)
# Spellings pydantic reads as a bool (any case): `done: yes` is true to the loader.
BOOL_TEXT = r"^([Yy]([Ee][Ss])?|[Nn][Oo]?|[Tt]([Rr][Uu][Ee])?|[Ff]([Aa][Ll][Ss][Ee])?|[Oo]([Nn]|[Ff][Ff])|[01])$"
_EMPTY = [None, ""]


def _real_dates(node: Any) -> None:
    """Every `format: date` string also has the REAL_DATE pattern: validators (and
    yaml-language-server) need not check formats, and `2024-02-30` is not a date."""
    if isinstance(node, dict):
        if node.get("format") == "date" and node.get("type") == "string":
            node["pattern"] = REAL_DATE
        for value in node.values():
            _real_dates(value)
    elif isinstance(node, list):
        for value in node:
            _real_dates(value)


def _progress(schema: dict[str, Any]) -> None:
    """The progress file's fields as the loader reads them (see REPORT_PERIOD and below)."""
    props = schema["properties"]
    props["period"] = {**{k: v for k, v in props["period"].items() if k != "anyOf"},
                       "anyOf": [{"type": "string", "pattern": REPORT_PERIOD},
                                 {"type": "integer", "minimum": 1000, "maximum": 9999}]}
    props["submitted"] = {**{k: v for k, v in props["submitted"].items() if k != "anyOf"},
                          "anyOf": [{"type": "string", "format": "date", "pattern": REAL_DATE},
                                    {"type": "null"}]}
    entry = schema["$defs"]["Entry"]
    fields = entry["properties"]
    fields["value"] = {**{k: v for k, v in fields["value"].items() if k != "anyOf"},
                       "anyOf": [{"type": "number", "minimum": -ABSURD, "maximum": ABSURD},
                                 {"type": "string", "pattern": VALUE_TEXT}, {"type": "null"}]}
    fields["done"] = {**{k: v for k, v in fields["done"].items() if k != "anyOf"},
                      "anyOf": [{"type": "boolean"}, {"type": "null"}, {"enum": [0, 1]},
                                {"type": "string", "pattern": BOOL_TEXT}]}
    evidence = fields["evidence"]
    fields["evidence"] = {**evidence, "anyOf": [*evidence["anyOf"], {"type": "null"}]}
    # An entry says something (value, stage, note or done), or it is an unfilled template line:
    # only its target, every other field empty (skipped with the warning empty-entry).
    said = [{"required": [k], "properties": {k: {"not": {"enum": _EMPTY}}}} for k in ("value", "stage", "note")]
    said.append({"required": ["done"], "properties": {"done": {"not": {"type": "null"}}}})
    filled = {"anyOf": said, "properties": {"value": {"not": {"const": ""}},
                                            "evidence": {"not": {"const": ""}}}}
    blank = {"properties": {**{k: {"enum": _EMPTY} for k in ("value", "stage", "note")},
                            "done": {"type": "null"}, "evidence": {"enum": [None, "", []]}}}
    entry["anyOf"] = [filled, blank]
    # ... and a report has at least one entry that says something (no-entries).
    props["entries"] = {**props["entries"], "contains": {"$ref": "#/$defs/FilledEntry"}}
    schema["$defs"]["FilledEntry"] = filled


def _widen(prop: dict[str, Any], model: str, name: str) -> dict[str, Any]:
    """Accept in the schema what the loader's before-validators accept."""
    if prop.get("type") == "string" and prop.get("maxLength") == 64:  # NodeId: `id: 1`
        return {"anyOf": [{k: v for k, v in prop.items() if k != "title"}, {"type": "integer"}],
                **({"title": prop["title"]} if "title" in prop else {})}
    if model == "ProgressFile" and name == "period":
        return {"title": prop.get("title", "Period"), "anyOf": [{"type": "string"}, {"type": "integer"}]}
    if prop.get("type") == "array" and prop.get("items", {}).get("type") == "string":  # Names
        rest = {k: v for k, v in prop.items() if k not in ("title", "default")}
        return {"anyOf": [rest, {"type": "string"}],
                **{k: prop[k] for k in ("title", "default") if k in prop}}
    if name == "stages" and prop.get("type") == "array":
        items = prop["items"]
        return {**prop, "items": {"anyOf": [items, {"type": "string"}]}}
    options = prop.get("anyOf", [])
    if {"format": "date", "type": "string"} in options and {"type": "string"} in options:  # When
        others = [o for o in options if o != {"type": "string"}]
        return {**prop, "anyOf": [others[0], {"type": "string", "pattern": REPORT_PERIOD},
                                  {"type": "integer"}, *others[1:]]}
    if "anyOf" in prop:
        prop = {**prop, "anyOf": [_widen(p, model, name) if isinstance(p, dict) else p
                                  for p in prop["anyOf"]]}
    return prop


def _decorate(obj: dict[str, Any], model: str) -> None:
    props = obj.get("properties", {})
    for name, prop in list(props.items()):
        prop = _widen(prop, model, name)
        text = DESCRIPTIONS.get(f"{model}.{name}") or DESCRIPTIONS.get(name)
        if text and "description" not in prop:
            prop = {**prop, "description": text}
        props[name] = prop


def generate(model_name: str, title: str) -> dict[str, Any]:
    cls = getattr(model, model_name)
    schema: dict[str, Any] = copy.deepcopy(cls.model_json_schema())
    for name, sub in schema.get("$defs", {}).items():
        _decorate(sub, name)
    _decorate(schema, model_name)
    plan_meta = schema if model_name == "PlanMeta" else schema.get("$defs", {}).get("PlanMeta")
    if plan_meta and "start" in plan_meta.get("required", []):
        # `start` defaults to `published` (a before-validator fills it in).
        plan_meta["required"] = [r for r in plan_meta["required"] if r != "start"]
    _real_dates(schema)
    if model_name == "ProgressFile":
        _progress(schema)
    return {"$schema": DIALECT, "title": title, **{k: v for k, v in schema.items() if k != "title"}}


def schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema, for every plan and progress file type."""
    return {file: generate(model_name, title) for file, (model_name, title) in FILES.items()}


def dump(schema: dict[str, Any]) -> str:
    """Stable text of one schema, as committed under `schema/`."""
    import json

    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
