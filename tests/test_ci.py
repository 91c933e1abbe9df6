"""CI integration: GitHub annotations and step summary, the pre-commit hook, the CI examples."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import REPO
from yuanjiang_plan.core.diagnostics import error, warning
from yuanjiang_plan.read import yamlio
from yuanjiang_plan.render.diagnostics import format_github, format_github_summary


def test_annotation_escaping() -> None:
    diags = [
        error("progress/a,b:c.yaml", "bad-value", "完成 50%\r\n第二行: a, b", "提示: 100%",
              line=3, col=7),
        warning("progress/x.yaml", "odd,code:x", "plain", line=1, col=1),
    ]
    first, second = format_github(diags)
    assert first == ("::error file=progress/a%2Cb%3Ac.yaml,line=3,col=7,title=bad-value::"
                     "完成 50%25%0D%0A第二行: a, b — 提示: 100%25")
    assert second == "::warning file=progress/x.yaml,line=1,col=1,title=odd%2Ccode%3Ax::plain"
    # `%` is escaped first: an existing escape sequence in a message stays literal.
    [literal] = format_github([error("p.yaml", "c", "%0A", line=1, col=1)])
    assert literal.endswith("::%250A")


def test_github_format_end_to_end(cli: Callable[..., Any], make_repo: Callable[..., Path],
                                  tmp_path: Path) -> None:
    root = make_repo(progress={
        "2024-09/a,b:c.yaml": 'department: "50%\\n的单位"\nperiod: 2024-09\n'
                              "entries:\n  - target: 1.1.1\n    value: 1\n",
    })
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    result = cli("validate", "--root", str(root), "--format", "github",
                 env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    [line] = [x for x in result.stdout.splitlines() if x.startswith("::error")]
    assert line.startswith("::error file=progress/2024-09/a%2Cb%3Ac.yaml,line=1,col=")
    assert "'50%25%0A的单位'" in line and "\n" not in line
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### plan validate: 1 个错误")
    assert "| progress/2024-09/a,b:c.yaml | 1:" in text and "unknown-department" in text


def test_step_summary_lists_everything_and_stays_inert() -> None:
    diags = [warning(f"progress/{i}.yaml", "conflict", f"第 {i} 条", line=i, col=1) for i in range(1, 26)]
    diags.append(error("progress/x.yaml", "bad-value", "a | b <script>\x1b[31m", line=2, col=3))
    text = format_github_summary(diags)
    rows = [x for x in text.splitlines() if x.startswith("| progress/")]
    assert len(rows) == 26  # annotations show only 10 per type: the summary has them all
    assert "1 个错误 (errors), 25 个警告" in text
    # Markdown shows `\\x1b` as the visible escape `\x1b`; no raw ESC reaches the page.
    assert "a \\| b &lt;script&gt;\\\\x1b[31m" in text and "\x1b" not in text
    assert format_github_summary([]).endswith("全部通过 (all files valid)\n")


def test_no_summary_without_the_variable(cli: Callable[..., Any], make_repo: Callable[..., Path],
                                         tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.chdir(tmp_path)
    result = cli("validate", "--root", str(make_repo()), "--format", "github")
    assert result.exit_code == 0 and result.stdout == ""
    assert list(tmp_path.glob("*.md")) == []


def _yaml(path: Path) -> Any:
    data, problems = yamlio.read(path, path.name)
    assert not problems, problems
    return data


def test_pre_commit_hook() -> None:
    [hook] = _yaml(REPO / ".pre-commit-hooks.yaml")
    assert hook["id"] == "plan-validate"
    assert hook["entry"] == "plan validate" and hook["language"] == "python"
    assert hook["pass_filenames"] is False and hook["files"] == "^(plan|progress)/"


def test_ci_examples_run_the_documented_commands() -> None:
    github = _yaml(REPO / "docs" / "ci" / "github-actions.yml")
    steps = github["jobs"]["validate"]["steps"]
    scripts = "\n".join(s.get("run", "") for s in steps)
    assert "plan validate --format github" in scripts
    assert '>> "$GITHUB_STEP_SUMMARY"' in scripts and "plan status" in scripts
    assert "${{" not in scripts  # expressions go through env, never into the shell script
    gitlab = _yaml(REPO / "docs" / "ci" / "gitlab-ci.yml")
    assert any("plan validate" in line for line in gitlab["plan"]["script"])
    assert not (REPO / ".github" / "workflows" / "github-actions.yml").exists()
