"""User text is inert: rich markup, emoji codes and ANSI/OSC escapes are shown, never obeyed.

The hostile strings reach the data through YAML double-quoted escapes (`"\\e[31m"`), which the
loader accepts: only raw control bytes in a file are refused (see tests/cases/raw-escape).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Group
from rich.text import Text

from helpers import DEPARTMENTS_YAML, TREE_YAML, build_repo, commit, git
from yuanjiang_plan.render.terminal import cell, inert

# Markup, a hyperlink, a stray closing tag, an emoji code, SGR, OSC 8 and the 8-bit CSI.
EVIL = (r"[red]红[/red] [link=http://x]点我[/link] [/] :warning: \e[31m "
        r"\e]8;;http://evil\a链接\e]8;;\a \x9b31m")
DECODED = "\x1b[31m"
CONTROLS = ("\x1b", "\x07", "\x9b")
VISIBLE = ("[red]红[/red]", "[link=http://x]", "[/]", ":warning:")


def _write_hostile(root: Path) -> Path:
    departments = DEPARTMENTS_YAML.replace("  - name: 农业局", f'  - name: "农业局{EVIL}"\n    aliases: [农业局]')
    tree = (TREE_YAML
            .replace("title: 新建快充桩", f'title: "新建快充桩{EVIL}"')
            .replace("unit: 个", f'unit: "个{EVIL}"')
            .replace("[开工, 主体完工, 投入使用]", f'[开工, 主体完工, "投入使用{EVIL}"]')
            .replace("- id: 1.1.4", r'- id: "1.1.4[red]\e[31m\x9b"'))
    return build_repo(root, {
        "2024-09/x.yaml": f'department: "交通局{EVIL}"\nperiod: 2024-09\nentries:\n'
                          f'  - target: 1.1.1\n    note: "{EVIL}"\n',
        "2024-09/y.yaml": f'department: 交通局\nperiod: 2024-09\nentries:\n'
                          f'  - target: 1.1.2\n    stage: "投入使用{EVIL}"\n    note: "{EVIL}"\n'
                          f'  - target: "1.1.9{EVIL[:20]}"\n    note: x\n'
                          f'  - target: 1.2.1\n    value: "5{EVIL}"\n',
    }, tree=tree, departments=departments)


@pytest.fixture
def hostile_repo(tmp_path: Path) -> Path:
    return _write_hostile(tmp_path / "repo")


def _inert(output: str) -> None:
    for char in CONTROLS:
        assert char not in output, f"{char!r} reached the terminal"
    for text in VISIBLE:
        assert text in output, f"{text!r} was swallowed"
    assert "⚠" not in output


@pytest.mark.parametrize("columns", ["80", "130"])
def test_status_table_shows_user_text_inert(hostile_repo: Path, cli: Callable[..., Any], columns: str) -> None:
    result = cli("status", "--root", str(hostile_repo), "--as-of", "2024-10-15", env={"COLUMNS": columns})
    assert result.exit_code == 1  # the hostile department and target are errors, listed on stderr
    _inert(result.stderr)
    # Table cells fold long text over lines: check the pieces that fit in a cell.
    for char in CONTROLS:
        assert char not in result.stdout
    assert "[red]" in result.stdout and "\\x1b[31m" in result.stdout  # shown, not obeyed
    # With colour on, only our own styles produce escapes: user text still does not.
    coloured = cli("status", "--root", str(hostile_repo), "--as-of", "2024-10-15",
                   env={"COLUMNS": columns, "NO_COLOR": "", "FORCE_COLOR": "1", "TERM": "xterm"})
    assert "\x1b]8;;http://evil" not in coloured.stdout and "\x1b[31m " not in coloured.stdout
    assert "\x9b" not in coloured.stdout


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_validate_output_is_inert(hostile_repo: Path, cli: Callable[..., Any], fmt: str) -> None:
    result = cli("validate", "--root", str(hostile_repo), "--format", fmt)
    assert result.exit_code == 1
    _inert(result.stdout + result.stderr)
    assert "[unknown-department]" in result.stdout or "unknown-department" in result.stdout


def test_json_keeps_the_data_exactly(hostile_repo: Path, cli: Callable[..., Any]) -> None:
    """JSON escapes control characters (C1 too) but the value read back is the user's text."""
    result = cli("status", "--root", str(hostile_repo), "--format", "json", "--as-of", "2024-10-15")
    _inert(result.stdout)
    targets = {t["id"]: t for t in json.loads(result.stdout)["targets"]}
    assert targets["1.1.1"]["title"].startswith("新建快充桩[red]红[/red]")
    assert DECODED in targets["1.1.1"]["title"] and "\x9b31m" in targets["1.1.1"]["title"]
    assert "1.1.4[red]\x1b[31m\x9b" in targets


@pytest.mark.parametrize("args", [
    ("show", "1.1.1"), ("show", "1.1.2"), ("show", "1.1.4[red]\x1b[31m\x9b"), ("show", "1.1"),
    ("show", "1.1.2", "--format", "json"), ("show", "1.1.2", "--format", "markdown"),
    ("depts",), ("depts", "农业局"), ("overdue", "--at-risk"),
])
def test_other_views_are_inert(hostile_repo: Path, cli: Callable[..., Any], args: tuple[str, ...]) -> None:
    result = cli(*args, "--root", str(hostile_repo), "--as-of", "2024-10-15", env={"COLUMNS": "100"})
    assert result.exit_code == 1, result.output  # the hostile report's errors; the view still prints
    assert "Traceback" not in result.output and result.stdout.strip()
    for char in CONTROLS:
        assert char not in result.stdout + result.stderr, f"{char!r} reached the terminal"



# ---------------------------------------------------------------- the boundary, every command

# What no terminal may receive from user text: C0 but tab and newline, DEL, C1, bidi controls
# and the line/paragraph separators (render.safe_text's set).
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
SGR = re.compile(r"\x1b\[[0-9;]*m")  # rich's own styles, when colour is forced


@pytest.fixture(scope="module")
def hostile_git_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile repository committed, then changed in the work tree with more hostile text
    (a bidi override in the plan title, markup and escapes in a unit and a note) for `diff`.
    Made once per module; each test gets a copy (`hostile_git_repo`)."""
    hostile_repo = _write_hostile(tmp_path_factory.mktemp("hostile") / "repo")
    plan = hostile_repo / "plan" / "plan.yaml"
    git(hostile_repo, "init", "-q")
    commit(hostile_repo, "plan", "2024-09-01")
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "title: 测试方案", 'title: "测试方案\\u202e[bold]x[/bold]\\e[2J"'), encoding="utf-8")
    tree = hostile_repo / "plan" / "tree.yaml"
    tree.write_text(tree.read_text(encoding="utf-8").replace(
        f'unit: "个{EVIL}"', f'unit: "台{EVIL}"'), encoding="utf-8")
    (hostile_repo / "progress" / "2024-10").mkdir()
    (hostile_repo / "progress" / "2024-10" / "交通局.yaml").write_text(
        f'department: 交通局\nperiod: 2024-10\nsubmitted: 2024-11-02\nentries:\n'
        f'  - target: 1.1.1\n    value: 77\n    note: "{EVIL}"\n', encoding="utf-8")
    return hostile_repo


@pytest.fixture
def hostile_git_repo(hostile_git_template: Path, tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(hostile_git_template, root, symlinks=True)
    return root


COMMANDS = [
    ("status",), ("status", "--wide"), ("status", "--chart"), ("status", "--lang", "en"),
    ("overdue", "--at-risk"), ("show", "1.1.1"), ("show", "1.1"), ("show", "1"),
    ("show", "1.1.4[red]\x1b[31m\x9b"), ("show", "no-such\x1b[31m\u202e"),
    ("depts",), ("depts", "农业局"), ("depts", "--by", "leader"),
    ("remind",), ("remind", "--format", "markdown"), ("validate",), ("validate", "--format", "github"),
    ("diff", "HEAD"), ("diff", "HEAD", "--format", "markdown"),
    ("record", "1.1.1", "5", "--dept", "交通局", "--period", "2024-11", "--dry-run", "--note", EVIL),
    ("template", "--dept", "交通局", "--period", "2024-11", "--out", "-"),
    # the text formats, printed byte for byte: each escapes at its own boundary
    ("status", "--format", "json"), ("status", "--format", "csv"), ("status", "--format", "markdown"),
    ("overdue", "--at-risk", "--format", "csv"), ("depts", "--format", "markdown"),
    ("show", "1.1.1", "--format", "markdown"), ("remind", "--format", "json"), ("validate", "--format", "json"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a)[:40])
@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
def test_no_command_lets_user_text_reach_the_terminal_raw(
        hostile_git_repo: Path, cli: Callable[..., Any], args: tuple[str, ...], colour: bool) -> None:
    """Whatever the command and the format, user text is shown (escaped), never obeyed: the
    console's boundary (render/terminal.py) and the text formats' own escaping leave nothing raw."""
    env = {"COLUMNS": "100"}
    if colour:
        env |= {"NO_COLOR": "", "FORCE_COLOR": "1", "TERM": "xterm-256color"}
    dated = () if args[0] in ("validate", "record", "template", "codeowners") else ("--as-of", "2024-11-15")
    result = cli(*args, "--root", str(hostile_git_repo), *dated, env=env)
    assert "Traceback" not in result.output and result.exit_code in (0, 1, 2), result.output
    output = result.stdout + result.stderr
    assert "\x1b]" not in output and "\x9b" not in output and "\u202e" not in output
    leftover = RAW.findall(SGR.sub("", output) if colour else output)
    assert not leftover, f"{leftover[:3]} reached the terminal"
    assert "⚠" not in output  # :warning: stays words
    assert any(shown in output for shown in ("\\x1b", "\\e", "\\u001b")), "the hostile text was not shown"


def test_the_console_refuses_what_it_cannot_check() -> None:
    """A renderable the boundary does not know would be printed unchecked: it is refused."""
    from rich.panel import Panel

    with pytest.raises(TypeError, match="Panel"):
        inert(Panel("x"))


def test_inert_keeps_styles_over_the_escapes() -> None:
    text = Text("a\x1bb")
    text.stylize("bold", 1, 2)  # the ESC alone
    text.stylize("red", 2, 3)
    out = inert(Group(text, "c\x07"))
    assert isinstance(out, Group)
    first, second = out.renderables
    assert isinstance(first, Text) and first.plain == "a\\x1bb"
    assert [(s.start, s.end, s.style) for s in first.spans] == [(1, 5, "bold"), (5, 6, "red")]
    assert isinstance(second, Text) and second.plain == "c\\x07"  # rich would have dropped BEL
    assert cell("\x07\u202e[red]x[/red]", "bold").plain == "\\x07\\u202e[red]x[/red]"


def test_a_template_writes_a_hostile_id_escaped_and_reads_it_back(hostile_repo: Path,
                                                                   cli: Callable[..., Any]) -> None:
    """`plan template --out -` prints YAML: an id with control characters is double-quoted with
    YAML escapes, so nothing raw reaches the terminal and the file means the plan's id."""
    from ruamel.yaml import YAML

    result = cli("template", "--root", str(hostile_repo), "--dept", "交通局", "--period", "2024-11",
                 "--out", "-")
    assert result.exit_code == 0, result.output
    assert not RAW.findall(result.stdout)
    ids = [e["target"] for e in YAML(typ="safe").load(result.stdout)["entries"]]
    assert "1.1.4[red]\x1b[31m\x9b" in ids
