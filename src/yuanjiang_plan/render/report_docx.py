"""The 调度通报 as a Word document in 公文 layout (GB/T 9704-2012), via python-docx.

Same content as the Markdown, HTML and Excel reports (ops/report.py). Layout:

- A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (版心 156 × 225 mm).
- 版头: the issuing office in red 小标宋, the period, a red rule; then the title in 2号 (22 pt)
  方正小标宋简体, centred; body 3号 (16 pt) 仿宋_GB2312 at a fixed 28 pt line pitch, first-line
  indent of two characters; 一级标题 in 黑体, 二级标题 in 楷体_GB2312; tables in 小四 仿宋 with
  黑体 header rows that repeat on every page; 落款 (office and date) at the end.
- Page numbers 4号 "— 1 —", odd pages right, even pages left, each one character in.
- Fonts: the 公文 names go in `w:rFonts w:eastAsia` (Latin text in Times New Roman), and the
  font table gives each an `altName` fallback — 方正小标宋简体 → 华文中宋, 仿宋_GB2312 → 仿宋,
  楷体_GB2312 → 楷体, 黑体 → SimHei — so a machine without the 方正 fonts still shows the right
  family (LibreOffice on a server substitutes its own CJK serif).

User text (titles, unit names, notes, file names) enters the document through `_run`: control
characters become visible escapes (`safe_text`; XML cannot carry them, and Word would refuse the
file). Word does not evaluate cell text, so a title starting with `=` stays text.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree  # type: ignore[import-untyped]

from ..core.words import Lang
from ..ops.report import ReportContent
from ..ops.track import TargetState
from . import pct, safe_name, safe_text
from .report_text import (
    STATUS_ORDER,
    gap_text,
    label,
    note,
    overall_sentence,
    progress_text,
    rate,
    section_title,
    status_text,
    summary_sentence,
    title,
    unstarted_red_sentence,
    word,
)
from .table import actual_text, goal_text

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
LATIN_FONT = "Times New Roman"
# Fallbacks written into the font table (w:altName): what Word uses where the first is missing.
FALLBACKS = {TITLE_FONT: "华文中宋", BODY_FONT: "仿宋", SUBHEADING_FONT: "楷体", HEADING_FONT: "SimHei"}
RED = RGBColor(0xE6, 0x00, 0x12)  # 版头 red

BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
TABLE_PT = 12  # 小四
PAGE_NO_PT = 14  # 4号
LINE_PT = 28  # fixed line pitch: 22 lines on a 225 mm 版心
TEXT_WIDTH_MM = 156  # 210 - 28 - 26


def _run(p: Paragraph, text: str) -> Run:
    """User text enters the document here, its control characters shown escaped."""
    return p.add_run(safe_text(text))


def _fonts(run: Run, east: str, size: float | None = None, bold: bool = False,
           colour: RGBColor | None = None) -> Run:
    run.font.name = LATIN_FONT
    r_pr = run._element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, r_fonts)
    r_fonts.set(qn("w:eastAsia"), east)
    r_fonts.set(qn("w:hint"), "eastAsia")
    if size is not None:
        run.font.size = Pt(size)
    run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = colour
    return run


def _para(doc: DocumentObject, text: str = "", east: str = BODY_FONT, size: float = BODY_PT,
          align: WD_ALIGN_PARAGRAPH | None = None, indent: bool = True, bold: bool = False,
          colour: RGBColor | None = None, style: str | None = None) -> Paragraph:
    p = doc.add_paragraph(style=style)
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT if size <= BODY_PT else size * 1.5)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        p.alignment = align
    if text:
        _fonts(_run(p, text), east, size, bold, colour)
    return p


def _heading(doc: DocumentObject, text: str, level: int) -> Paragraph:
    """一级标题 黑体, 二级标题 楷体: built on Word's heading styles, so the outline works."""
    p = _para(doc, "", style=f"Heading {level}")
    _fonts(_run(p, text), HEADING_FONT if level == 1 else SUBHEADING_FONT, BODY_PT,
           colour=RGBColor(0, 0, 0))
    p.paragraph_format.keep_with_next = True
    return p


def _rule(p: Paragraph, colour: str = "E60012", size: int = 12) -> None:
    """A red line under the 版头 (a paragraph bottom border)."""
    p_pr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size))
    bottom.set(qn("w:space"), "4")
    bottom.set(qn("w:color"), colour)
    borders.append(bottom)
    p_pr.append(borders)


def _repeat_header(table: Table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)
    cant_split = OxmlElement("w:cantSplit")
    for row in table.rows:
        row._tr.get_or_add_trPr().append(cant_split.__copy__())


def _cell_text(cell: _Cell, text: str, bold: bool, right: bool) -> None:
    p = cell.paragraphs[0]
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = 1.0
    if right:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _fonts(_run(p, text), HEADING_FONT if bold else BODY_FONT, TABLE_PT)


def _table(doc: DocumentObject, header: Sequence[str], rows: Sequence[Sequence[object]],
           numeric: set[int] | None = None, widths: Sequence[float] | None = None) -> Table:
    numeric = numeric or set()
    table: Table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for j, h in enumerate(header):
        _cell_text(table.rows[0].cells[j], h, True, False)
    for i, row in enumerate(rows, 1):
        cells = table.rows[i].cells
        for j, value in enumerate(row):
            _cell_text(cells[j], "" if value is None else str(value), False, j in numeric)
    if widths:
        # Fixed widths scaled to the 156 mm 版心 (LibreOffice reads the grid, Word the cells).
        table.autofit = False
        scale = TEXT_WIDTH_MM / sum(widths)
        for j, w in enumerate(widths):
            table.columns[j].width = Mm(w * scale)
            for cell in table.columns[j].cells:
                cell.width = Mm(w * scale)
    _repeat_header(table)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)
    return table


def _page_number(paragraph: Paragraph, align: WD_ALIGN_PARAGRAPH) -> None:
    """ "— N —" in 4号 宋体, one character in from the edge (GB/T 9704 7.5)."""
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = Pt(PAGE_NO_PT)
    else:
        fmt.left_indent = Pt(PAGE_NO_PT)
    _fonts(paragraph.add_run("— "), "宋体", PAGE_NO_PT)
    run = _fonts(paragraph.add_run(), "宋体", PAGE_NO_PT)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
    _fonts(paragraph.add_run(" —"), "宋体", PAGE_NO_PT)


def _font_table(doc: DocumentObject) -> None:
    """Declare the 公文 fonts with their fallbacks (w:altName) and GB2312 charset."""
    part = next((p for p in doc.part.package.iter_parts()
                 if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    for name, alt in FALLBACKS.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        alt_el = etree.SubElement(font, qn("w:altName"))
        alt_el.set(qn("w:val"), alt)
        charset = etree.SubElement(font, qn("w:charset"))
        charset.set(qn("w:val"), "86")
        family = etree.SubElement(font, qn("w:family"))
        family.set(qn("w:val"), "modern" if name == HEADING_FONT else "roman")
        pitch = etree.SubElement(font, qn("w:pitch"))
        pitch.set(qn("w:val"), "variable")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _setup(doc: DocumentObject, content: ReportContent, lang: Lang) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Mm(7)  # the page number sits 7 mm below the 版心
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(BODY_PT)
    r_pr = normal.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), BODY_FONT)
    for level in (1, 2):
        style = doc.styles[f"Heading {level}"]
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.size = Pt(BODY_PT)
        style.font.bold = False
        style.paragraph_format.space_before = Pt(0)
        style.paragraph_format.space_after = Pt(0)
    _font_table(doc)
    props = doc.core_properties
    props.title = safe_text(title(content, lang))
    props.author = safe_text(content.office or content.issuer or "")
    props.last_modified_by = props.author
    props.comments = label("generated", lang)
    stamp = dt.datetime.combine(content.as_of, dt.time())
    props.created = props.modified = stamp
    props.revision = 1


def _date_words(day: dt.date, lang: Lang) -> str:
    return day.isoformat() if lang == "en" else f"{day.year}年{day.month}月{day.day}日"


def render_docx(content: ReportContent, lang: Lang = "zh") -> bytes:
    def L(key: str, **kw: object) -> str:
        return label(key, lang, **kw)

    doc = Document()
    _setup(doc, content, lang)
    sender = content.office or content.issuer or ""

    # 版头 (as 简报 and 通报 are headed): the bulletin's name in red, the issue (the period), then
    # the sender on the left and the date on the right above a red rule.
    _para(doc, L("bulletin"), TITLE_FONT, 36, WD_ALIGN_PARAGRAPH.CENTER, indent=False, colour=RED)
    _para(doc, f"（{content.period.text}）" if lang == "zh" else f"({content.period.text})",
          BODY_FONT, BODY_PT, WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    issue = _para(doc, "", indent=False)
    issue.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    _fonts(_run(issue, sender + "\t" + _date_words(content.as_of, lang)), BODY_FONT,
           BODY_PT)
    _rule(issue)
    _para(doc, "", indent=False)
    _para(doc, title(content, lang), TITLE_FONT, TITLE_PT, WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _para(doc, f"（{L('as_of')} {content.as_of.isoformat()}）" if lang == "zh"
          else f"({L('as_of')} {content.as_of.isoformat()})",
          BODY_FONT, BODY_PT, WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _para(doc, "", indent=False)

    _heading(doc, L("h.overall"), 1)
    _para(doc, overall_sentence(content, lang))
    _para(doc, summary_sentence(content, lang))
    _table(doc, [L("status"), L("count")],
           [[word(s.value, lang), content.counts[s]] for s in STATUS_ORDER], {1}, [60, 30])

    _heading(doc, L("h.sections"), 1)
    rows: list[list[object]] = []
    for sec in content.sections:
        rows.append([sec.id, section_title(sec.id, sec.title, lang), sec.targets, pct(sec.completion),
                     sec.tally.text(lang), pct(sec.time_progress), word(sec.light.value, lang)])
        rows += [[task.id, "　" + task.title, task.targets, pct(task.completion),
                  task.tally.text(lang), pct(task.time_progress), word(task.light.value, lang)]
                 for task in sec.tasks]
    _table(doc, [L("id"), L("section"), L("targets"), L("completion"), L("tally"), L("progress"),
                 L("light")], rows, {2, 3, 5}, [13, 62, 14, 17, 20, 17, 14])

    _heading(doc, L("h.overdue"), 1)
    if content.overdue:
        _table(doc, [L("id"), L("target"), L("lead"), L("due"), L("days_overdue"), L("completion"),
                     L("latest")],
               [[s.node.id, s.node.named, "、".join(s.node.reporters), _due(s), s.days_overdue,
                 pct(s.completion), note(s)] for s in content.overdue],
               {4, 5}, [14, 40, 26, 24, 14, 14, 24])
    else:
        _para(doc, L("none.overdue"))

    _heading(doc, L("h.at_risk"), 1)
    if content.at_risk:
        _table(doc, [L("id"), L("target"), L("lead"), L("goal"), L("actual"), L("completion"),
                     L("progress"), L("gap"), L("status")],
               [[s.node.id, s.node.named, "、".join(s.node.reporters), goal_text(s, lang),
                 actual_text(s, lang), pct(s.completion), progress_text(s), gap_text(s),
                 status_text(s, lang)]
                for s in content.at_risk],
               {5, 6, 7}, [13, 34, 24, 18, 16, 13, 13, 11, 14])
        unstarted = unstarted_red_sentence(content, lang)
        if unstarted:
            _para(doc, unstarted)
    else:
        _para(doc, L("none.at_risk"))

    _heading(doc, L("h.depts"), 1)
    _para(doc, L("ranking_note"))
    _table(doc, [L("rank"), L("unit"), L("led"), word("done", lang), word("done_late", lang),
                 word("overdue", lang), word("at_risk", lang), L("completion"), L("tally"),
                 L("reports_due"), L("on_time"), L("late"), L("missing"), L("on_time_rate")],
           [[i, d.name, d.led, d.done, d.done_late, d.overdue, d.at_risk, pct(d.completion),
             f"{d.done_total}/{d.judged}", d.reports_due, d.on_time, d.late, d.missing,
             pct(rate(d.on_time, d.reports_due))]
            for i, d in enumerate(content.departments, 1)],
           {0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13},
           [9, 30, 10, 10, 11, 10, 10, 13, 12, 10, 10, 10, 10, 13])

    _heading(doc, L("h.missing"), 1)
    missing = content.missing_units
    if missing:
        for d in missing:
            periods = "、".join(o.period.text for o in d.record if o.outcome == "missing")
            line = L("missing_line", unit=d.name, periods=periods)
            if d.missing_streak >= 2:
                line += L("streak", n=d.missing_streak)
            _para(doc, line)
    else:
        _para(doc, L("none.missing"))

    span = (f"（{content.previous.text} → {content.period.text}）" if lang == "zh"
            else f" ({content.previous.text} → {content.period.text})")
    _heading(doc, L("h.changes") + span, 1)
    _heading(doc, ("（一）" if lang == "zh" else "7.1 ") + L("h.changed"), 2)
    if content.changes:
        _table(doc, [L("id"), L("target"), L("before"), L("after")],
               [[c.after.node.id, c.after.node.named,
                 f"{status_text(c.before, lang)} {pct(c.before.completion)}",
                 f"{status_text(c.after, lang)} {pct(c.after.completion)}"]
                for c in content.changes], None, [16, 76, 32, 32])
    else:
        _para(doc, L("none.changes"))
    _heading(doc, ("（二）" if lang == "zh" else "7.2 ") + L("h.new_reports"), 2)
    if content.new_reports:
        _table(doc, [L("unit"), L("period"), L("submitted"), L("entries"), L("file")],
               [[r.department, r.period.text,
                 r.submitted.isoformat() if r.submitted else L("unknown"), len(r.entries),
                 safe_name(r.file)]
                for r in content.new_reports], {3}, [34, 20, 26, 14, 62])
    else:
        _para(doc, L("none.new_reports"))

    # 落款: the office and the date, right-aligned with four characters' room (GB/T 9704 7.3.5).
    _para(doc, "", indent=False)
    if sender:
        p = _para(doc, sender, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        p.paragraph_format.right_indent = Pt(BODY_PT * 4)
    p = _para(doc, _date_words(content.as_of, lang), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    p.paragraph_format.right_indent = Pt(BODY_PT * 4)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _due(state: TargetState) -> str:
    node = state.node
    if node.due != node.original_due:
        return f"{node.due}（{node.original_due}）"
    return str(node.due)
