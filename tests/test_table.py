"""The status table at fixed widths (golden files), colour rules and inert user text."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from conftest import SEPTEMBER_LIKE, TREE_YAML
from golden import check


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
    from conftest import REPO

    result = cli("status", "--root", str(REPO), "--as-of", "2024-10-15", env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    check(f"status-bundled-{width}.txt", result.stdout)
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= width
