"""`plan record` and the safe writer: byte-identical untouched text, refusals, locks, crashes."""

from __future__ import annotations

import multiprocessing
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import SEPTEMBER_LIKE, tree_hash
from yuanjiang_plan.cli.app import app
from yuanjiang_plan.read import atomic, yamlio

REPORT = "2024-09/交通局.yaml"


def record(cli, root: Path, *args: str):
    return cli("record", "--root", str(root), *args)


# ---------------------------------------------------------------- byte identity

LONG = "沿线乡镇" + "、".join(f"第{i}村完成道路硬化与安全设施配套建设" for i in range(1, 7)) + "，全部通过验收"

BODY_4SPACE = f"""\
# 交通局九月报告 — 手写注释
department: 交通局   # 单位
period: "2024-09"
entries:
    -   target: "1.1.1"
        value: 60        # 估算
        evidence:
          - 测交〔2024〕1号
    # 1.1.2 尚未开工
    -   target: "1.1.4"
        note: {LONG}
    # 本月到此为止 (trailing comment after the last entry)
submitted: 2024-10-03
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_append_keeps_every_other_byte(make_repo, cli, status_json, newline, bom):
    root = make_repo()
    path = root / "progress" / REPORT
    path.parent.mkdir(parents=True)
    original = bom + BODY_4SPACE.replace("\n", newline).encode()
    path.write_bytes(original)
    os.chmod(path, 0o640)

    result = record(cli, root, "1.1.3", "4.2万亩", "--dept", "jtj", "--period", "2024-09",
                    "--evidence", "测交〔2024〕9号", "--evidence", "a, b", "--note", LONG)
    assert result.exit_code == 0, result.output

    new = path.read_bytes()
    cut = original.index("    # 本月到此为止".encode())
    added = new[cut : len(new) - (len(original) - cut)]
    assert new[:cut] == original[:cut] and new[cut + len(added):] == original[cut:]
    assert added.decode() == newline.join([
        '    -   target: "1.1.3"',
        "        value: 4.2万亩",
        f"        note: {LONG}",  # long Chinese lines are never folded
        "        evidence:",
        "          - 测交〔2024〕9号",
        "          - a, b",
        "",
    ])
    assert oct(path.stat().st_mode & 0o777) == oct(0o640)
    assert "已追加到 progress/2024-09/交通局.yaml" in result.stdout
    assert "+     -   target: \"1.1.3\"" in result.stdout
    assert "1.1.3 修复湿地" in result.stdout
    doc = status_json(root, "--as-of", "2024-10-15")
    assert doc["by_id"]["1.1.3"]["actual"] == 42000
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_no_newline_at_end_of_file_is_kept(make_repo, cli):
    text = "department: 交通局\nperiod: 2024-09\nentries:\n- target: 1.1.1\n  value: 60"
    root = make_repo({REPORT: text})
    result = record(cli, root, "1.1.1", "70", "--dept", "交通局", "--period", "2024-09")
    assert result.exit_code == 0, result.output
    assert (root / "progress" / REPORT).read_text() == text + "\n- target: 1.1.1\n  value: 70"


def test_block_scalar_last_entry(make_repo, cli, status_json):
    text = ("department: 交通局\nperiod: 2024-09\nentries:\n  - target: 1.1.4\n    note: |\n"
            "      第一行\n      # 不是注释\n\n# 文件末尾注释\n")
    root = make_repo({REPORT: text})
    result = record(cli, root, "1.1.1", "70", "--dept", "交通局", "--period", "2024-09")
    assert result.exit_code == 0, result.output
    assert (root / "progress" / REPORT).read_text() == text.replace(
        "\n\n# 文件末尾注释", "\n\n  - target: 1.1.1\n    value: 70\n# 文件末尾注释")
    assert status_json(root, "--as-of", "2024-10-15")["by_id"]["1.1.4"]["status"] != "not_started"


def test_creates_the_report_when_there_is_none(make_repo, cli, status_json):
    root = make_repo()
    result = record(cli, root, "1.1.2", "主体完工", "--dept", "市交通运输局", "--period", "2024-10",
                    "--submitted", "2024-11-03", "--note", "yes")
    assert result.exit_code == 0, result.output
    path = root / "progress" / "2024-10" / "交通局.yaml"
    assert path.read_text() == (
        "# yaml-language-server: $schema=../../schema/progress.schema.json\n"
        "department: 交通局\nperiod: 2024-10\nsubmitted: 2024-11-03\nentries:\n"
        "  - target: '1.1.2'\n    stage: 主体完工\n    note: 'yes'\n")
    assert "已新建 progress/2024-10/交通局.yaml" in result.stdout
    assert status_json(root, "--as-of", "2024-11-15")["by_id"]["1.1.2"]["stage"] == "主体完工"


def test_finds_the_units_report_whatever_its_name(make_repo, cli):
    root = make_repo({"misc/oct-jt.yaml": "department: jtj\nperiod: 2024-10\nentries:\n  - target: 1.1.1\n    value: 1\n",
                      "2024-10/other.yaml": "department: 农业局\nperiod: 2024-10\nentries:\n  - target: 1.1.1\n"
                                            "    value: 2\n"})
    result = record(cli, root, "1.1.4", "--dept", "交通局", "--period", "2024-10", "--done", "--note", "完成")
    assert result.exit_code == 0, result.output
    assert (root / "progress/misc/oct-jt.yaml").read_text().endswith(
        "  - target: 1.1.4\n    done: true\n    note: 完成\n")
    assert not (root / "progress/2024-10/交通局.yaml").exists()


def test_dry_run_writes_nothing(make_repo, cli):
    root = make_repo(SEPTEMBER_LIKE)
    before = tree_hash(root)
    result = record(cli, root, "1.1.1", "70", "--dept", "交通局", "--period", "2024-09", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "将追加到 progress/2024-09/交通局.yaml" in result.stdout and "+     value: 70" in result.stdout
    assert tree_hash(root) == before
    assert not list(root.rglob(".*.lock"))


# ---------------------------------------------------------------- refusals


def _outside_symlink(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("department: 交通局\nperiod: 2024-09\nentries:\n  - target: 1.1.1\n    value: 1\n")
    (root / "progress" / REPORT).unlink()
    (root / "progress" / REPORT).symlink_to(outside)


def _conflict(root: Path, tmp_path: Path) -> None:
    path = root / "progress" / REPORT
    path.write_text(path.read_text() + "<<<<<<< HEAD\n  - target: 1.1.4\n=======\n>>>>>>> other\n")


def _unparseable(root: Path, tmp_path: Path) -> None:
    path = root / "progress" / REPORT
    path.write_text(path.read_text() + "  - target: [1.1.4\n")


def _dir_symlink(root: Path, tmp_path: Path) -> None:
    away = tmp_path / "away"
    away.mkdir()
    (root / "progress" / "2024-11").symlink_to(away, target_is_directory=True)


REFUSALS = [
    (["9.9.9", "1"], None, 1, "[unknown-target]"),
    (["1.1.1", "3家"], None, 1, "[unit-mismatch]"),
    (["1.1.2", "完工"], None, 1, "[unknown-stage]"),
    (["1.1.4", "3"], None, 1, "[bad-field]"),
    (["1.1.1", "--", "-5"], None, 1, "[negative-value]"),
    (["G1", "6"], None, 1, "[not-responsible]"),
    (["1.1.1", "70", "--dept", "交通"], None, 2, "是不是 '交通局'?"),
    (["1.1.1", "70", "--period", "2025-01"], None, 2, "不在计划期"),
    (["1.1.1", "70", "--note", "a\x1bb"], None, 1, "[control-character]"),
    (["1.1.1", "70"], _unparseable, 1, "[yaml-syntax]"),
    (["1.1.1", "70"], _conflict, 1, "[merge-conflict]"),
    (["1.1.1", "70"], _outside_symlink, 1, "[symlink]"),
    (["1.1.1", "70", "--period", "2024-11"], _dir_symlink, 1, "[outside-root]"),
]


@pytest.mark.parametrize(("args", "damage", "code", "expected"), REFUSALS,
                         ids=[r[3] for r in REFUSALS])
def test_refusals_leave_every_file_untouched(make_repo, cli, tmp_path, args, damage, code, expected):
    root = make_repo(SEPTEMBER_LIKE)
    if damage:
        damage(root, tmp_path)
    opts = {"--dept": "交通局", "--period": "2024-09"}
    for key in list(opts):
        if key in args:
            opts.pop(key)
    before, outside_before = tree_hash(root), tree_hash(tmp_path)
    result = record(cli, root, *[x for kv in opts.items() for x in kv], *args)
    assert result.exit_code == code, result.output
    assert expected in result.stderr
    assert "Traceback" not in result.output
    assert tree_hash(root) == before
    assert tree_hash(tmp_path) == outside_before
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_not_responsible_is_written_with_force(make_repo, cli):
    root = make_repo(SEPTEMBER_LIKE)
    result = record(cli, root, "G1", "6", "--dept", "交通局", "--period", "2024-09", "--force")
    assert result.exit_code == 0, result.output
    assert "[not-responsible]" in result.stderr  # still said, as a warning
    assert (root / "progress" / REPORT).read_text().endswith("  - target: G1\n    value: 6\n")


def test_a_unit_report_that_does_not_parse_is_not_bypassed(make_repo, cli):
    """A broken report under another name still blocks: no second report is started."""
    root = make_repo({"x.yaml": "department: 交通局\nperiod: 2024-09\nentries:\n  - target: [\n"})
    before = tree_hash(root)
    result = record(cli, root, "1.1.1", "7", "--dept", "交通局", "--period", "2024-09")
    assert result.exit_code == 1
    assert "progress/x.yaml:" in result.stderr
    assert tree_hash(root) == before


# ---------------------------------------------------------------- crashes and concurrency


@pytest.mark.parametrize("victim", ["replace", "fsync"])
def test_interrupted_write_leaves_the_original(make_repo, cli, monkeypatch, victim):
    root = make_repo(SEPTEMBER_LIKE)
    before = tree_hash(root)

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, victim, boom)
    result = record(cli, root, "1.1.1", "70", "--dept", "交通局", "--period", "2024-09")
    assert result.exit_code == 1, result.output
    assert "原文件未改动" in result.stderr
    assert tree_hash(root) == before
    assert not [p.name for p in root.rglob("*") if p.name.endswith(".tmp")]


def _record_in_child(root: Path, i: int, start: Any) -> None:
    """A forked `plan record` process: the real command line, run after the parent's imports
    (so twenty of them start in milliseconds instead of importing everything twenty times)."""
    code = 0
    try:
        start.wait(30)
        os.environ.update({"NO_COLOR": "1", "PLAN_ROOT": str(root)})
        returned = app(["record", "1.1.4", "--dept", "交通局", "--period", "2024-09", "--note", f"第{i}条"],
                       prog_name="plan", standalone_mode=False)
        code = returned if isinstance(returned, int) else 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        code = 1
    finally:
        os._exit(code or 0)


def test_twenty_writers_at_once(make_repo, cli, tmp_path):
    """Twenty separate processes append to one report at the same moment: none is lost."""
    # The same command once in this process, on another repository, first: `record` imports
    # most of the package inside its body (to keep --help fast), and children forked after it
    # inherit those modules instead of each importing them (10 s of CPU down to about 1 s).
    warm = tmp_path / "warm"
    shutil.copytree(make_repo(), warm)
    warmed = cli("record", "1.1.4", "--dept", "交通局", "--period", "2024-09", "--note", "预热", "--root", str(warm))
    assert warmed.exit_code == 0, warmed.output
    root = make_repo({"2024-09/农业局.yaml": "department: 农业局\nperiod: 2024-09\nentries:\n"
                                           "  - target: 1.1.4\n    note: 已有\n"})
    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    procs = [ctx.Process(target=_record_in_child, args=(root, i, start)) for i in range(20)]
    for proc in procs:
        proc.start()
    start.set()
    for proc in procs:
        proc.join(120)
    outcomes = [(proc.exitcode, f"writer {i}") for i, proc in enumerate(procs)]
    assert all(code == 0 for code, _ in outcomes), outcomes
    text = (root / "progress" / REPORT).read_text()
    assert sorted(line.strip() for line in text.splitlines() if "note:" in line) == sorted(
        f"note: 第{i}条" for i in range(20))
    assert text.count("department:") == 1
    check = cli("validate", "--root", str(root))
    assert check.exit_code == 0, check.output
    assert [p.name for p in (root / "progress" / "2024-09").iterdir()] and not [
        p for p in root.rglob("*.tmp")]


def test_record_into_an_untouched_template(make_repo, cli, status_json):
    root = make_repo(SEPTEMBER_LIKE)
    assert cli("template", "--root", str(root), "--dept", "交通局", "--period", "2024-10").exit_code == 0
    result = record(cli, root, "1.1.1", "75", "--dept", "交通局", "--period", "2024-10")
    assert result.exit_code == 0, result.output
    assert "已追加到 progress/2024-10/交通局.yaml" in result.stdout
    assert status_json(root, "--as-of", "2024-11-15")["by_id"]["1.1.1"]["actual"] == 75


def test_old_errors_do_not_block_but_flow_entries_do(make_repo, cli):
    old_bad = "department: 交通局\nperiod: 2024-09\nentries:\n  - target: 7.7.7\n    value: 1\n"
    root = make_repo({REPORT: old_bad, "2024-10/交通局.yaml":
                      "department: 交通局\nperiod: 2024-10\nentries: [{target: 1.1.1, value: 1}]\n"})
    ok = record(cli, root, "1.1.1", "5", "--dept", "交通局", "--period", "2024-09")
    assert ok.exit_code == 0, ok.output
    assert (root / "progress" / REPORT).read_text() == old_bad + "  - target: 1.1.1\n    value: 5\n"
    before = tree_hash(root)
    flow = record(cli, root, "1.1.1", "5", "--dept", "交通局", "--period", "2024-10")
    assert flow.exit_code == 1 and "块状列表" in flow.stderr
    assert tree_hash(root) == before


def test_a_stray_temp_file_is_never_read(make_repo, cli):
    """What a write killed between temp file and rename leaves behind is invisible to the loader."""
    root = make_repo(SEPTEMBER_LIKE)
    (root / "progress/2024-09/.交通局.yaml.k2j3.tmp").write_text("department: [half-written\n")
    result = cli("validate", "--root", str(root))
    assert result.exit_code == 0, result.output


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30))
def test_inline_text_reads_back_as_itself(text):
    line = f"    note: {yamlio.inline(text)}"
    data, diags = yamlio.parse(f"entries:\n  - target: x\n{line}\n", "t.yaml")
    assert not diags and data["entries"][0]["note"] == text
    assert "\n" not in line
