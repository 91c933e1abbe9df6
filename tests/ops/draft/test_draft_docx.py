"""`plan draft` on Word files: paragraphs and a 责任分工表, generated here with python-docx."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from test_draft import nodes, parsed, todos
from typer.testing import CliRunner

from yuanjiang_plan.cli import app
from yuanjiang_plan.ops.draft import draft
from yuanjiang_plan.read.document import read_document
from yuanjiang_plan.render.draft import render
from yuanjiang_plan.write.draft import check_files


def _fixture(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("沅江市2024年重点工作任务责任分工方案")
    document.add_paragraph("一、重点任务")
    table = document.add_table(rows=1, cols=6)
    for cell, head in zip(table.rows[0].cells, ["序号", "类别", "工作任务", "责任领导", "牵头单位", "责任单位"],
                          strict=True):
        cell.text = head
    rows = [
        ("1", "产业发展", "新引进产业项目2个以上。", "张三", "市商务局", "市发改局、沅江高新区"),
        ("2", "产业发展", "新建公共快充桩100个，10月底前完成。", "张三", "市交通运输局", "各乡镇"),
        ("3", "民生保障", "建成人民医院二期并投入使用。", "李四", "市卫健局", "市住建局（牵头）、市财政局"),
    ]
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    # the category column is merged down each category, as Word tables usually are
    table.cell(1, 1).merge(table.cell(2, 1))
    table.cell(1, 1).text = "产业发展"
    document.add_paragraph("二、保障措施")
    document.add_paragraph("成立工作专班，由市长任召集人，成员单位包括市商务局、市卫健局等。专班办公室设在市发改局，负责调度。")
    document.save(str(path))
    return path


def test_docx_table_items_roles_and_due(tmp_path: Path) -> None:
    blocks = read_document(_fixture(tmp_path / "分工方案.docx"))
    assert any(isinstance(b, tuple) for b in blocks), "the table is read as a table"
    files = render(draft(blocks, "t"), "分工方案.docx")
    found = nodes(parsed(files))
    tasks = {n["title"]: n for n in found.values() if "targets" in n or "tasks" in n}
    first = next(n for t, n in tasks.items() if t.startswith("新引进产业项目"))
    assert first["lead"] == ["市商务局"] and first["responsible"] == ["市发改局", "沅江高新区"]
    assert first["leaders"] == ["张三"]
    assert first["targets"][0]["target"] == 2 and first["targets"][0]["qualifier"] == "at_least"
    second = next(n for t, n in tasks.items() if t.startswith("新建公共快充桩"))
    assert second["targets"][0]["due"] == "2024-10"
    assert second["responsible"] == ["各乡镇"]
    third = next(n for t, n in tasks.items() if t.startswith("建成人民医院二期"))
    assert third["lead"] == ["市卫健局", "市住建局"] and third["responsible"] == ["市财政局"]
    assert third["targets"][0]["kind"] == "milestone"
    sections = [n for n in found.values() if "tasks" in n and "label" not in n]
    assert [s["title"] for s in sections] == ["产业发展", "民生保障"]
    meta = parsed(files)["plan.yaml"]
    assert meta["title"] == "沅江市2024年重点工作任务责任分工方案"
    assert meta["coordination"]["office"] == "市发改局"
    assert [d for d in check_files(files) if d.is_error] == []
    assert todos(files)


def test_cli_writes_once_and_refuses_to_overwrite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _fixture(tmp_path / "方案.docx")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["draft", str(doc)])
    assert result.exit_code == 0, result.output
    assert "待核对 TODO" in result.stdout
    written = sorted(p.name for p in (tmp_path / "plan").iterdir())
    assert written[:2] == ["departments.yaml", "plan.yaml"] or "plan.yaml" in written
    before = {p: p.read_bytes() for p in (tmp_path / "plan").iterdir()}
    again = runner.invoke(app, ["draft", str(doc)])
    assert again.exit_code == 2
    assert "不会覆盖" in again.output
    assert {p: p.read_bytes() for p in (tmp_path / "plan").iterdir()} == before
    check = runner.invoke(app, ["validate", "--root", str(tmp_path)])
    assert check.exit_code == 0, check.output


def test_cli_refuses_a_folder_holding_any_plan_file(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("（一）任务\n1.推进工作。（市发改局牵头）\n", encoding="utf-8")
    out = tmp_path / "plan"
    out.mkdir()
    (out / "extensions.yaml").write_text("extensions: []\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["draft", str(doc), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 2
    assert sorted(p.name for p in out.iterdir()) == ["extensions.yaml"]


def test_cli_english_summary_and_id(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("一、目标\n力争新增就业1000人。\n二、任务\n（一）重点\n1.推进工作。（市发改局牵头）\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["draft", str(doc), "--out", str(tmp_path / "p"), "--id", "jobs",
                                      "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "1 items" in result.stdout and "quantity 1" in result.stdout
    assert "id: jobs" in (tmp_path / "p" / "plan.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("a.doc", b"\xd0\xcf\x11\xe0", ".doc"),
    ("b.docx", b"not a zip", ".docx"),
    ("c.pdf", b"%PDF", ".txt"),
    ("d.txt", b"\xff\xfe\x00\xd8", "编码"),
])
def test_unreadable_documents_are_usage_errors(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    doc = tmp_path / name
    doc.write_bytes(content)
    result = CliRunner().invoke(app, ["draft", str(doc), "--out", str(tmp_path / "p")])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not (tmp_path / "p").exists()


def test_gb18030_text_is_read(tmp_path: Path) -> None:
    doc = tmp_path / "gbk.txt"
    doc.write_bytes("（一）任务\n1.推进工作。（市发改局牵头）\n".encode("gb18030"))
    assert "市发改局牵头" in read_document(doc)[0]


def test_two_task_columns_first_merged_is_a_heading(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("2024年重点工作分工")
    table = document.add_table(rows=1, cols=5)
    for cell, head in zip(table.rows[0].cells, ["序号", "重点工作", "具体任务", "牵头单位", "完成时限"], strict=True):
        cell.text = head
    for values in [("1", "优化营商环境", "新增市场主体500户。", "市市场监管局", "12月底"),
                   ("2", "优化营商环境", "压减审批时限30%。", "市行政审批局", "2024年6月30日前"),
                   ("3", "扩大有效投资", "新开工项目20个。", "市发改局", "三季度末前")]:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    table.cell(1, 1).merge(table.cell(2, 1))
    table.cell(1, 1).text = "优化营商环境"
    path = tmp_path / "t.docx"
    document.save(str(path))
    files = render(draft(read_document(path), "t"), "t.docx")
    found = nodes(parsed(files))
    sections = {n["title"]: n for n in found.values() if "tasks" in n}
    assert list(sections) == ["优化营商环境", "扩大有效投资"]
    tasks = [t for s in sections.values() for t in s["tasks"]]
    assert [t["lead"] for t in tasks] == [["市市场监管局"], ["市行政审批局"], ["市发改局"]]
    assert [t.get("due") for t in tasks] == ["2024-12", "2024-06-30", "2024-Q3"]
    assert tasks[0]["targets"][0]["target"] == 500 and tasks[0]["targets"][0]["unit"] == "户"
    assert [d for d in check_files(files) if d.is_error] == []


def test_two_task_columns_without_merging_are_one_text() -> None:
    table = (("序号", "工作任务", "工作目标", "牵头单位"),
             ("1", "推进老旧小区改造", "改造小区10个", "市住建局"),
             ("2", "推进棚户区改造", "改造棚户区200户", "市住建局"))
    found = nodes(parsed(render(draft([table], "t"), "t.docx")))
    tasks = [n for n in found.values() if "targets" in n]
    assert [t["title"] for t in tasks] == ["推进老旧小区改造", "推进棚户区改造"]
    assert tasks[0]["targets"][0]["target"] == 10


def test_word_automatic_numbering_is_read_as_written(tmp_path: Path) -> None:
    """一、/（一）/1. made by Word's list numbering are not in `paragraph.text`; the reader
    renders them from numbering.xml, as Word shows them."""
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def para(text: str, level: int) -> None:
        p = document.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    para("重点任务", 0)
    para("产业发展", 1)
    para("引进项目2个以上。（市商务局牵头）", 2)
    para("新建学校3所。（市教育局牵头）", 2)
    para("民生", 1)
    para("办好实事。（市民政局牵头）", 2)
    document.add_paragraph("• 不编号的段落", style="List Bullet")
    path = tmp_path / "n.docx"
    document.save(str(path))
    blocks = read_document(path)
    assert blocks[:6] == ["一、重点任务", "（一）产业发展", "1.引进项目2个以上。（市商务局牵头）",
                          "2.新建学校3所。（市教育局牵头）", "（二）民生", "1.办好实事。（市民政局牵头）"]
    found = nodes(parsed(render(draft(blocks, "n"), "n.docx")))
    assert found["1.2"]["lead"] == ["市教育局"] and found["2.1"]["lead"] == ["市民政局"]


def test_table_with_title_row_heading_rows_and_category_column() -> None:
    table = (
        ("某市2024年重点工作任务分工表",) * 6,
        ("序号", "重点任务", "具体措施", "责任领导", "牵头单位", "完成时限"),
        ("一、扩大有效投资",) * 6,
        ("1", "实施重点项目", "全年实施重点项目300个以上", "张三", "市发改局", "2024年12月"),
        ("2", "实施重点项目", "新开工项目100个", "张三", "市发改局、市住建局", "9月底前"),
        ("二、优化营商环境",) * 6,
        ("3", "深化改革", "政务服务网上可办率达到98%以上", "李四", "市政务服务中心", "长期坚持"),
        ("序号", "重点任务", "具体措施", "责任领导", "牵头单位", "完成时限"),
    )
    files = render(draft([table], "t"), "t.docx")
    data = parsed(files)
    found = nodes(data)
    assert data["plan.yaml"]["title"] == "某市2024年重点工作任务分工表"
    assert found["1"]["title"] == "扩大有效投资" and found["2"]["title"] == "优化营商环境"
    assert found["1.s1"]["title"] == "实施重点项目"
    assert found["1.2"]["lead"] == ["市发改局", "市住建局"] and found["1.2"]["due"] == "2024-09"
    assert found["1.1"]["due"] == "2024-12" and found["1.1"]["leaders"] == ["张三"]
    assert "due" not in found["2.3"]
    assert any("长期坚持" in line for line in todos(files))
    assert [d for d in check_files(files) if d.is_error] == []
