"""CI integration: GitHub annotations and step summary, the pre-commit hook, the CI examples."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpers import REPO
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
    assert "a \\| b &lt;script&gt;\\\\x1b\\[31m" in text and "\x1b" not in text
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
    assert hook["entry"] == "plan validate --staged" and hook["language"] == "python"
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


# ---------------------------------------------------------------- issue 17: only what is committed

import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402

import pytest  # noqa: E402

from helpers import DEPARTMENTS_YAML, GIT_IDENTITY, PLAN_YAML, TREE_YAML, git, write  # noqa: E402

GOOD = "department: 交通局\nperiod: 2024-09\nsubmitted: 2024-10-03\nentries:\n  - target: 1.1.1\n    value: 60\n"
DRAFT = "department: 交通局\nperiod: 2024-13\nentries:\n  - target: 9.9.9\n    value: 很多\n"


def _data_repo(top: Path, folder: str = "") -> Path:
    """A git repository with a valid plan (under `folder`), committed, and a good report staged."""
    root = top / folder if folder else top
    write(root / "plan/plan.yaml", PLAN_YAML)
    write(root / "plan/departments.yaml", DEPARTMENTS_YAML)
    write(root / "plan/tree.yaml", TREE_YAML)
    git(top, "init", "-q", "-b", "main")
    git(top, "add", ".")
    git(top, "commit", "-q", "-m", "plan")
    write(root / "progress/2024-09/交通局.yaml", GOOD)
    git(top, "add", ".")
    write(root / "progress/草稿.yaml", DRAFT)  # untracked: not part of the commit
    return root


def test_staged_ignores_an_untracked_draft(cli: Callable[..., Any], tmp_path: Path) -> None:
    root = _data_repo(tmp_path)
    whole = cli("validate", "--root", str(root))
    assert whole.exit_code == 1 and "草稿.yaml" in whole.stdout  # the working tree has the draft
    staged = cli("validate", "--root", str(root), "--staged")
    assert staged.exit_code == 0, staged.output
    # an unstaged edit is not committed either: the staged (good) version is what counts
    (root / "progress/2024-09/交通局.yaml").write_text(DRAFT, encoding="utf-8")
    assert cli("validate", "--root", str(root), "--staged").exit_code == 0
    # ... and a bad file that *is* staged blocks the commit
    git(tmp_path, "add", "progress/草稿.yaml")
    blocked = cli("validate", "--root", str(root), "--staged")
    assert blocked.exit_code == 1 and "progress/草稿.yaml" in blocked.stdout
    shutil.rmtree(tmp_path / ".git")
    outside = cli("validate", "--root", str(root), "--staged")
    assert outside.exit_code == 2 and "去掉 --staged" in outside.stderr


def test_github_annotations_are_relative_to_the_git_root(cli: Callable[..., Any], tmp_path: Path) -> None:
    root = _data_repo(tmp_path, "data")
    result = cli("validate", "--root", str(root), "--format", "github")
    assert result.exit_code == 1
    [line] = [x for x in result.stdout.splitlines() if x.startswith("::error")][:1]
    assert "file=data/progress/草稿.yaml," in line
    assert (tmp_path / "data/progress/草稿.yaml").exists()  # the path GitHub resolves from the root
    text = cli("validate", "--root", str(root)).stdout
    assert text.startswith("progress/草稿.yaml:")  # the terminal keeps root-relative paths


@pytest.mark.skipif(shutil.which("pre-commit") is None or shutil.which("git") is None,
                    reason="pre-commit is not installed (pip install pre-commit): the hook is not run")
@pytest.mark.skipif(not os.environ.get("PLAN_SLOW_TESTS"),
                    reason="builds the hook's own virtualenv from PyPI (1-3 minutes): set PLAN_SLOW_TESTS=1 "
                           "(.ci/run does)")
def test_pre_commit_try_repo_blocks_only_what_is_committed(tmp_path: Path,
                                                           tmp_path_factory: pytest.TempPathFactory) -> None:
    """`pre-commit try-repo` builds the hook from this checkout (its own virtualenv, as users get it)."""
    root = _data_repo(tmp_path / "data-repo")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path_factory.getbasetemp() / "pre-commit-home"),
           **GIT_IDENTITY}

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(["pre-commit", "try-repo", str(REPO), "plan-validate"], cwd=root, env=env,
                              capture_output=True, text=True, timeout=900, check=False)

    ok = run()
    assert ok.returncode == 0, ok.stdout + ok.stderr  # the untracked draft does not block it
    assert "plan validate" in ok.stdout and "Passed" in ok.stdout
    git(root, "add", "progress/草稿.yaml")
    bad = run()
    assert bad.returncode == 1, bad.stdout
    assert "progress/草稿.yaml" in bad.stdout and "bad-period" in bad.stdout
