"""The fill-in forms a clerk receives: the YAML report's header line and the Excel sheet's layout
(`plan template` writes them, `plan import` reads them back by these header texts)."""

from __future__ import annotations

# yaml-language-server reads this line to check a report while the clerk types. The path is
# relative to the report's folder: this one is right for progress/<period>/<unit>.yaml.
SCHEMA_PATH = "../../schema/progress.schema.json"
SCHEMA_FILE = "schema/progress.schema.json"  # from the repository root
SCHEMA_HEADER = f"# yaml-language-server: $schema={SCHEMA_PATH}"

# The sheet, as `plan import` reads it back (header texts are how columns are found).
SHEET = "填报"
OPTIONS_SHEET = "选项"
HELP_SHEET = "填报说明"
HEADER_ROW = 4
COLUMNS = (
    ("id", "指标编号 (ID)", 14),
    ("title", "指标名称 (target)", 40),
    ("role", "责任 (role)", 10),
    ("kind", "类型 (kind)", 8),
    ("goal", "目标 (goal)", 22),
    ("last", "上次填报 (last)", 22),
    ("value", "本期数值或阶段 (value / stage)", 22),
    ("done", "是否完成 (done)", 10),
    ("note", "进展说明 (note)", 40),
    ("evidence", "佐证材料 (evidence)", 28),
)
FILL_IN = ("value", "done", "note", "evidence")

