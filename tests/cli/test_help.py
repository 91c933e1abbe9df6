"""Every command teaches: help with examples that run the command itself (sqlite-utils style)."""

from __future__ import annotations

import re

import pytest

from yuanjiang_plan.cli import app

COMMANDS = sorted(c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands)


def test_all_contract_commands_exist():
    assert set(COMMANDS) >= {"status", "overdue", "show", "depts", "validate", "record", "template",
                             "report", "import", "diff", "schema"}


@pytest.mark.parametrize("name", COMMANDS)
def test_help_ends_with_runnable_examples(cli, name):
    result = cli(name, "--help")
    assert result.exit_code == 0, result.output
    assert "例 (examples):" in result.stdout, f"`plan {name} --help` shows no example"
    block = result.stdout.split("例 (examples):", 1)[1].split("Options:", 1)[0]
    examples = [line.strip() for line in block.splitlines() if line.strip().startswith("plan ")]
    assert examples, f"`plan {name} --help` examples are not on their own lines"
    assert all(re.match(rf"plan {name}\b", e) for e in examples), examples


def test_version_and_top_level_help(cli):
    result = cli("--version")
    assert result.exit_code == 0 and re.match(r"plan \(yuanjiang-plan\) \d", result.stdout)
    top = cli("--help")
    assert top.exit_code == 0
    for name in COMMANDS:
        assert name in top.stdout


def test_lean_top_level_help_is_the_same(cli):
    """`plan --help` is printed by an application built without the commands' parameters
    (cli/app.py `listing`): it must say exactly what the full application says."""
    from typer.testing import CliRunner

    from yuanjiang_plan.cli.app import listing

    runner = CliRunner()
    for args in (["--help"], ["-h"], []):
        full = runner.invoke(app, args, env={"NO_COLOR": "1", "COLUMNS": "80"})
        lean = runner.invoke(listing(), args, env={"NO_COLOR": "1", "COLUMNS": "80"})
        assert (lean.exit_code, lean.stdout, lean.stderr) == (full.exit_code, full.stdout, full.stderr)
        assert "status" in full.stdout + full.stderr
