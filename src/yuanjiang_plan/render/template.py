"""`plan template` as a fill-in YAML file or an Excel sheet; both returned, never written here."""

from __future__ import annotations

import io
import re
import unicodedata

from ..core.forms import (
    COLUMNS,
    FILL_IN,
    HEADER_ROW,
    HELP_SHEET,
    OPTIONS_SHEET,
    SCHEMA_PATH,
    SHEET,
)
from ..core.model import MilestoneTarget
from ..core.words import t as word
from ..ops.template import Template, TemplateRow, basis_words, goal_text
from ..read import yamlio

_BREAKS = re.compile(r"[\r\n\x00-\x1f\x7f-\x9f]+")

INSTRUCTIONS = [
    "填报说明 (how to fill in)",
    "1. 只在白色单元格填写；灰色列（编号、名称、责任、类型、目标、上次填报）已锁定，请勿修改。",
    "2. 数量类：填累计数，不是本月增量；累计口径见“目标”列括号（计划期累计，或年初至今）；可写数字（按“目标”列的单位计），也可写 4.5万亩、1.2亿元。",
    "3. 水平类：填本期的实际水平，如 6.5（%）。",
    "4. 里程碑类：从下拉列表选择已达到的阶段。",
    "5. 工作类：在“进展说明”填写进展；工作全部完成时“是否完成”选“是”。",
    "6. 佐证材料：文号或材料名称，多个用分号（；）或换行分隔。",
    "7. 本期无进展的指标整行留空即可，导入时跳过。",
    "8. 提交日期填在第 2 行（可不填，默认为导入当天）。",
    "9. 填好后交专班办公室，由其运行 plan import 文件名.xlsx 导入；有错误时会指出工作表、行和列。",
]


def _width(text: str) -> int:
    """Columns a string takes in a spreadsheet with a Chinese font (wide characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _comment(text: str) -> str:
    return _BREAKS.sub(" ", text).strip()


def _row_comments(row: TemplateRow) -> list[str]:
    node = row.node
    units = f"责任单位 (units)：牵头 {'、'.join(node.lead) or '—'}"
    if node.responsible:
        units += f"；责任 {'、'.join(node.responsible)}"
    if node.support:
        units += f"；配合 {'、'.join(node.support)}"
    goal = row.goal or goal_text(node)
    mine = "本单位分解目标" if row.role == "share" else "目标"
    named = node.named
    lines = [f"{node.id} {named}（{word(node.kind, 'zh')}，{mine} {goal}）", units]
    if row.last is not None:
        lines.append(f"上次填报 (last reported) {row.last_period}：{row.last}")
    return [_comment(line) for line in lines]


def _goal_cell(row: TemplateRow, t: Template) -> str:
    goal = row.goal or goal_text(row.node)
    if row.basis is None:
        return goal
    return f"{goal}（{'年初至今' if row.basis == 'year' else '计划期累计'}）"


def template_yaml(t: Template, schema: str | None = SCHEMA_PATH) -> str:
    """A progress file with one blank entry per target; blank entries are skipped when loading.

    `schema`: the progress schema's path relative to the file's folder (yaml-language-server
    resolves it from there), None when the repository has no schema/ to point to.
    """
    out = [
        f"# yaml-language-server: $schema={schema}" if schema else
        "# 运行 plan schema --out schema 后，编辑器可在填写时检查本文件 (run plan schema for editor checks)",
        f"# {_comment(t.plan.meta.title)} 进度填报 (progress report) — {t.department} {t.period.text}",
        "# 数量类填累计数（口径见各条：计划期累计或年初至今，可写 4.5万亩）；里程碑填 stage；工作类填 note，完成时写 done: true。",
        "# 未填写的条目加载时跳过（警告 empty-entry）；填好后运行 plan validate。",
        f"department: {yamlio.inline(t.department)}",
        f"period: {yamlio.inline(t.period.text)}",
        "# submitted: YYYY-MM-DD     # 提交日期，可不填（默认取 git 首次提交日期）",
        "entries:",
    ]
    for row in t.rows:
        spec = row.node.spec
        out += [f"  # {line}" for line in _row_comments(row)]
        # An id with a quote or a control character is written escaped: a raw ESC would reach
        # the terminal with `--out -` and make the file one the loader refuses.
        plain = "'" not in row.node.id and row.node.id.isprintable()
        out.append(f"  - target: '{row.node.id}'" if plain else f"  - target: {yamlio.inline(row.node.id)}")
        if isinstance(spec, MilestoneTarget):
            choices = " / ".join(_comment(s.name) for s in spec.stages)
            out.append(f"    stage:      # 可选 (choices): {choices}")
        elif row.node.kind == "action":
            out.append("    done:       # 全部完成时写 true (true when finished)")
        else:
            unit = _comment(getattr(spec, "unit", ""))
            hint = basis_words(row, t.plan.meta.start) if row.node.kind == "quantity" else "本期实际水平"
            out.append(f"    value:      # {hint}，单位 {unit}")
        out.append("    note:")
        out.append("    evidence: []")
    if not t.rows:
        out.append("  []  # 该单位在本计划中没有需要填报的指标 (no targets for this unit)")
    return "\n".join(out) + "\n"


def template_xlsx(t: Template) -> bytes:
    """The same as an Excel workbook: locked reference columns, stage drop-downs, instructions."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.properties import PageSetupProperties

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    options = wb.create_sheet(OPTIONS_SHEET)
    options.sheet_state = "hidden"
    help_ws = wb.create_sheet(HELP_SHEET)

    grey = PatternFill("solid", fgColor="E7E6E6")
    bold = Font(bold=True)
    unlocked = Protection(locked=False)
    wrap = Alignment(wrap_text=True, vertical="top")

    def put(cell: str | tuple[int, int], value: object) -> None:
        target = ws.cell(*cell) if isinstance(cell, tuple) else ws[cell]
        target.value = value
        if isinstance(value, str):
            target.data_type = "s"  # never a formula, whatever the text starts with

    put("A1", f"{_comment(t.plan.meta.title)} 进度填报 (progress report)")
    ws["A1"].font = Font(bold=True, size=14)
    # Row 2's labels sit in the table's columns (A is 12 wide, C 8): one line each would be cut
    # off by the next cell, so each label is two lines, Chinese over English, in a taller row.
    put("A2", "填报单位\n(department)")
    put("B2", t.department)
    put("C2", "报告期\n(period)")
    put("D2", t.period.text)
    put("E2", "提交日期\n(submitted)")
    for ref in ("A2", "C2", "E2"):
        ws[ref].alignment = Alignment(wrap_text=True, vertical="center")
        ws[ref].font = bold
    for ref in ("B2", "D2", "F2"):
        ws[ref].alignment = Alignment(vertical="center")
    ws.row_dimensions[2].height = 32
    ws["F2"].protection = unlocked
    ws["F2"].number_format = "yyyy-mm-dd"
    put("A3", "只在白色单元格填写；说明见“填报说明”工作表 (fill in the white cells; see the instructions sheet)")
    for col, (_, header, width) in enumerate(COLUMNS, start=1):
        put((HEADER_ROW, col), header)
        cell = ws.cell(HEADER_ROW, col)
        cell.font = bold
        cell.alignment = wrap
        ws.column_dimensions[get_column_letter(col)].width = width

    done_list = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    done_list.error = "请选择 是 或 否 (choose 是 or 否)"
    ws.add_data_validation(done_list)
    for n, row in enumerate(t.rows):
        r = HEADER_ROW + 1 + n
        node = row.node
        values = {
            "id": node.id, "title": _comment(node.named), "role": word("role." + row.role, "zh"),
            "kind": word(node.kind, "zh"), "goal": _goal_cell(row, t),
            "last": f"{row.last_period}：{_comment(row.last)}" if row.last is not None else "",
        }
        for col, (key, _, _) in enumerate(COLUMNS, start=1):
            cell = ws.cell(r, col)
            if key in FILL_IN:
                cell.protection = unlocked
                cell.alignment = wrap
                if key in ("note", "evidence"):
                    cell.number_format = "@"  # text: Excel keeps what is typed
            else:
                put((r, col), values[key])
                cell.fill = grey
                cell.alignment = wrap
        value_col = get_column_letter(1 + [c[0] for c in COLUMNS].index("value"))
        done_col = get_column_letter(1 + [c[0] for c in COLUMNS].index("done"))
        if isinstance(node.spec, MilestoneTarget):
            options.cell(n + 1, 1).value = node.id
            options.cell(n + 1, 1).data_type = "s"
            for k, stage in enumerate(node.spec.stages, start=2):
                options.cell(n + 1, k).value = stage.name
                options.cell(n + 1, k).data_type = "s"
            last_col = get_column_letter(1 + len(node.spec.stages))
            stages = DataValidation(type="list", allow_blank=True,
                                    formula1=f"'{OPTIONS_SHEET}'!$B${n + 1}:${last_col}${n + 1}")
            stages.error = "请从下拉列表选择阶段 (choose a stage from the list)"
            stages.showErrorMessage = True
            ws.add_data_validation(stages)
            stages.add(f"{value_col}{r}")
        if node.kind == "action":
            done_list.add(f"{done_col}{r}")
        # openpyxl rows are not re-measured by Excel or LibreOffice: a wrapped title would be cut.
        lines = max(-(-_width(str(values[key])) // (width - 1)) for key, _, width in COLUMNS if key in values)
        if lines > 1:
            ws.row_dimensions[r].height = 15 * lines
    ws.freeze_panes = f"C{HEADER_ROW + 1}"
    # On paper: A4 landscape, one page wide, the heading rows on every page.
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"1:{HEADER_ROW}"
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.row_dimensions[HEADER_ROW].height = 32  # the two-language headers wrap onto two lines
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widths may still be adjusted
    ws.protection.formatRows = False

    help_ws.column_dimensions["A"].width = 110
    for r, line in enumerate(INSTRUCTIONS, start=1):
        help_ws.cell(r, 1).value = line
        help_ws.cell(r, 1).data_type = "s"
    help_ws["A1"].font = bold
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
