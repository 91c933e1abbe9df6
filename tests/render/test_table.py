"""The status table at fixed widths (golden files), colour rules and inert user text."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from golden import check
from helpers import SEPTEMBER_LIKE, TREE_YAML


@pytest.mark.parametrize("width", [80, 120])
def test_status_table_golden(make_repo, cli, width):
    root = make_repo(SEPTEMBER_LIKE)
    result = cli("status", "--root", str(root), "--as-of", "2024-10-15", env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    check(f"status-fixture-{width}.txt", result.stdout)
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= width


def test_status_table_english(make_repo, cli):
    root = make_repo(SEPTEMBER_LIKE)
    result = cli("status", "--root", str(root), "--as-of", "2025-01-10", "--lang", "en")
    assert result.exit_code == 0
    check("status-fixture-en-80.txt", result.stdout)
    assert "overdue" in result.stdout and "逾期" not in result.stdout


def test_no_colour_in_a_pipe_and_with_no_color(make_repo, cli):
    root = make_repo(SEPTEMBER_LIKE)
    result = cli("status", "--root", str(root), "--as-of", "2025-01-10")
    assert "\x1b[" not in result.stdout
    forced = cli("status", "--root", str(root), "--as-of", "2025-01-10",
                 env={"NO_COLOR": "", "FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert "\x1b[" in forced.stdout  # the colour is real when a terminal asks for it
    no_color = cli("status", "--root", str(root), "--as-of", "2025-01-10",
                   env={"NO_COLOR": "1", "FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert "\x1b[31" not in no_color.stdout and "\x1b[1;31" not in no_color.stdout


def test_user_text_is_never_markup_or_escape_codes(make_repo, cli):
    tree = TREE_YAML.replace("title: 新建快充桩", 'title: "[red]快充桩[/] :warning: \\e]8;;http://x\\a链接"')
    root = make_repo(SEPTEMBER_LIKE, tree=tree)
    result = cli("status", "--root", str(root), "--as-of", "2024-10-15", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "[red]快充桩[/]" in result.stdout
    assert ":warning:" in result.stdout
    assert "\x1b" not in result.stdout and "\\x1b]8;;http://x\\x07链接" in result.stdout


@pytest.mark.parametrize("width", [80, 120])
def test_bundled_plan_golden(cli, width):
    """The shipped plan and sample reports, as the office would see them mid-October 2024."""
    from helpers import REPO

    result = cli("status", "--root", str(REPO), "--as-of", "2024-10-15", env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    check(f"status-bundled-{width}.txt", result.stdout)
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= width


# ---------------------------------------------------------------- issue 17: what a terminal user sees


def test_compact_default_is_one_line_per_target_at_80_columns(cli):
    """Before: 235 lines at 80 columns, unit lists wrapping into lines that start with 、."""
    from helpers import REPO

    result = cli("status", "--root", str(REPO), "--as-of", "2024-10-31", env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    doc = cli("status", "--root", str(REPO), "--as-of", "2024-10-31", "--format", "json").stdout
    import json

    targets = json.loads(doc)["targets"]
    assert len(lines) < len(targets) + 40, len(lines)  # targets + section/task rows + header/footer
    assert not [line for line in lines if line.lstrip().startswith("、")]
    # every target is on exactly one line, whose first cell is its id
    ids = [line.split()[0] for line in lines if line.strip()]
    for t in targets:
        assert ids.count(t["id"]) == 1, t["id"]
    assert max(cell_len(line) for line in lines) <= 80


def test_wide_table_keeps_every_unit_and_folds(cli):
    from helpers import REPO

    wide = cli("status", "--root", str(REPO), "--as-of", "2024-10-31", "--wide", env={"COLUMNS": "80"})
    assert wide.exit_code == 0
    text = wide.stdout
    assert "市文旅广体局等4家" not in text and "、" in text  # the full lead list, folded
    assert max(cell_len(line) for line in text.splitlines()) <= 80
    compact = cli("status", "--root", str(REPO), "--as-of", "2024-10-31", env={"COLUMNS": "80"}).stdout
    assert "市文旅广体局等4家" in compact and len(text.splitlines()) > len(compact.splitlines())


@pytest.mark.parametrize("env", [{}, {"NO_COLOR": "1", "FORCE_COLOR": "1", "TERM": "xterm-256color"}])
def test_light_is_a_word_as_well_as_a_colour(make_repo, cli, env):
    """Red and yellow told apart without colour: a pipe (no colour) and NO_COLOR keep the word."""
    root = make_repo(SEPTEMBER_LIKE)
    result = cli("status", "--root", str(root), "--as-of", "2024-10-15", env=env)
    import re

    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    rows = {line.split()[0]: line.split() for line in plain.splitlines() if line[:1].isdigit()}
    assert "红" in rows["1.1.2"] and "绿" in rows["1.1.1"]
    header = plain.splitlines()[1]
    assert "灯" in header
    en = cli("status", "--root", str(root), "--as-of", "2024-10-15", "--lang", "en", env=env).stdout
    assert "red" in re.sub(r"\x1b\[[0-9;]*m", "", en)


def test_overdue_table_shows_the_light_as_a_word(make_repo, cli):
    root = make_repo(SEPTEMBER_LIKE)
    text = cli("overdue", "--root", str(root), "--as-of", "2024-12-05", "--at-risk").stdout
    assert "灯" in text.splitlines()[1]
    rows = [line.split() for line in text.splitlines() if line[:1].isdigit()]
    assert rows and all(r[r.index(next(w for w in r if w.endswith("%"))) + 1] in "红黄蓝绿" for r in rows)


@pytest.mark.parametrize(("args", "room"), [(["status", "--wide"], 10), (["overdue", "--at-risk"], 12)])
def test_unit_lists_break_between_units(cli, args, room):
    """Folded at the cell's width, 市文旅广体局、市教育局 broke inside names and started lines with 、.
    `room`: the unit column's width at 80 columns; a name that fits it is never split."""
    import json

    from helpers import REPO

    text = cli(*args, "--root", str(REPO), "--as-of", "2024-10-31", env={"COLUMNS": "80"}).stdout
    targets = json.loads(cli("status", "--root", str(REPO), "--as-of", "2024-10-31", "-f", "json").stdout)["targets"]
    listed = {line.split()[0] for line in text.splitlines() if line.strip()}
    shown = {u for t in targets if t["id"] in listed for u in (t["lead"] or t["support"]) if cell_len(u) <= room}
    assert len(shown) >= 5, shown
    for unit in shown:
        assert any(unit in line for line in text.splitlines()), unit  # whole on one line
