"""Issue 18: one test per attack a malicious merge request or a careless clerk can make.

Each test builds a real repository (real git history, real symlinks and FIFOs) in a temporary
folder; the cache goes to a temporary XDG_CACHE_HOME, nothing outside tmp_path is touched.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import shutil
import signal
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import GIT_IDENTITY, commit, git, write

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

REPORT = """\
department: 交通局
period: {period}
{submitted}entries:
  - target: 1.1.1
    value: {value}
"""


def report(period: str = "2024-08", value: int = 30, submitted: str | None = None) -> str:
    line = f"submitted: {submitted}\n" if submitted else ""
    return REPORT.format(period=period, value=value, submitted=line)


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No user or system git config leaks in; the cache and HOME live in tmp_path."""
    for name, value in GIT_IDENTITY.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


def json_of(result: Any) -> Any:
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def diagnostics(cli: Callable[..., Any], root: Path, *args: str) -> list[dict[str, Any]]:
    result = cli("validate", "--root", str(root), "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    doc = json.loads(result.stdout)
    found: list[dict[str, Any]] = doc["diagnostics"] if isinstance(doc, dict) else doc
    return found


def codes(found: list[dict[str, Any]]) -> list[str]:
    return [d["code"] for d in found]


# ---------------------------------------------------------------- 3. git runs nothing


@needs_git
def test_hostile_git_config_runs_nothing(make_repo: Callable[..., Path], cli: Callable[..., Any],
                                         tmp_path: Path) -> None:
    """fsmonitor, textconv, external diff, clean filter, pager, gpg: none runs during reads."""
    root = make_repo(progress={"2024-08/交通局.yaml": report()})
    git(root, "init", "-q", "-b", "main")
    commit(root, "August", "2024-09-03")
    write(root / "progress" / "2024-09" / "交通局.yaml", report("2024-09", 60))
    commit(root, "September", "2024-10-03")
    # An uncommitted edit: blame must still place the entry without reading it through git.
    (root / "progress" / "2024-09" / "交通局.yaml").write_text(report("2024-09", 61), encoding="utf-8")
    marker = tmp_path / "marker"
    script = tmp_path / "evil.sh"
    script.write_text(f'#!/bin/sh\necho "$0 $*" >> "{marker}"\ncat "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    with (root / ".git" / "config").open("a", encoding="utf-8") as config:
        config.write(f"""\
[core]
    fsmonitor = {script}
    pager = {script}
    hooksPath = {tmp_path}
[diff]
    external = {script}
[diff "evil"]
    textconv = {script}
    command = {script}
[filter "evil"]
    clean = {script}
    smudge = {script}
    required = true
[pager]
    blame = {script}
    log = {script}
[log]
    showSignature = true
[gpg]
    program = {script}
""")
    (root / ".git" / "info").mkdir(exist_ok=True)
    (root / ".git" / "info" / "attributes").write_text("* diff=evil filter=evil\n", encoding="utf-8")
    for hook in ("pre-commit", "post-checkout", "reference-transaction", "fsmonitor-watchman"):
        (tmp_path / hook).symlink_to(script)

    for args in (("show", "1.1.1"), ("diff", "HEAD~1"), ("diff", "HEAD~1", "HEAD"), ("status",),
                 ("validate",), ("depts",), ("status", "--rev", "HEAD~1")):
        result = cli(*args, "--root", str(root), "--as-of", "2024-10-15") if args[0] != "validate" \
            else cli(*args, "--root", str(root))
        assert result.exit_code in (0, 1), (args, result.output)
        assert not marker.exists(), (args, marker.read_text(encoding="utf-8"))
    shown = json_of(cli("show", "1.1.1", "--root", str(root), "--as-of", "2024-10-15", "--format", "json"))
    assert [e.get("commit", {}).get("date") for e in shown["entries"]] == ["2024-09-03", "2024-10-03"]


# ---------------------------------------------------------------- 6. dates you can believe


@needs_git
def test_git_date_is_the_author_date_and_survives_a_rebase(make_repo: Callable[..., Path],
                                                          cli: Callable[..., Any]) -> None:
    """A rebase (committer date 2024-12-20) must not turn an on-time report into 迟报."""
    root = make_repo()
    git(root, "init", "-q", "-b", "main")
    commit(root, "plan", "2024-07-01")
    write(root / "progress" / "2024-08" / "交通局.yaml", report())
    commit(root, "August", "2024-09-03", committed="2024-12-20")
    shown = json_of(cli("show", "1.1.1", "--root", str(root), "--as-of", "2024-12-31", "--format", "json"))
    assert [e["submitted"] for e in shown["entries"]] == ["2024-09-03"]


@needs_git
def test_git_date_follows_a_rename(make_repo: Callable[..., Path], cli: Callable[..., Any]) -> None:
    """Moving a report to another folder keeps the day it arrived (not 日期不明)."""
    root = make_repo()
    git(root, "init", "-q", "-b", "main")
    commit(root, "plan", "2024-07-01")
    write(root / "progress" / "交通局-8月.yaml", report())
    commit(root, "August", "2024-09-03")
    (root / "progress" / "2024-08").mkdir()
    git(root, "mv", "progress/交通局-8月.yaml", "progress/2024-08/交通局.yaml")
    commit(root, "tidy", "2024-11-20")
    shown = json_of(cli("show", "1.1.1", "--root", str(root), "--as-of", "2024-12-31", "--format", "json"))
    assert [e["submitted"] for e in shown["entries"]] == ["2024-09-03"]


@needs_git
def test_file_history_is_one_git_log(make_repo: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from yuanjiang_plan.read.gitinfo import history as gitinfo

    root = make_repo(progress={f"2024-0{m}/交通局.yaml": report(f"2024-0{m}") for m in (7, 8, 9)})
    git(root, "init", "-q", "-b", "main")
    commit(root, "reports", "2024-10-03")
    calls: list[tuple[str, ...]] = []
    real = gitinfo.run_git

    def counting(cwd: Path, *args: str, **kw: Any) -> bytes:
        calls.append(args)
        return real(cwd, *args, **kw)

    monkeypatch.setattr(gitinfo, "run_git", counting)
    history = gitinfo.file_history(root)
    assert sorted(history) == [f"progress/2024-0{m}/交通局.yaml" for m in (7, 8, 9)]
    assert [c[0] for c in calls].count("log") == 1


# ---------------------------------------------------------------- 5. plan diff shows every change


@needs_git
def test_plan_diff_lists_every_change_that_moves_a_figure(make_repo: Callable[..., Path],
                                                          cli: Callable[..., Any]) -> None:
    """A lowered goal, a later due_day, higher light thresholds, a changed unit, op, qualifier,
    stages, support, an extension and an alias are all plan changes (0 were listed before)."""
    root = make_repo(progress={"2024-08/交通局.yaml": report()})
    git(root, "init", "-q", "-b", "main")
    commit(root, "plan", "2024-07-01")
    plan_file = root / "plan" / "plan.yaml"
    plan_file.write_text(plan_file.read_text(encoding="utf-8").replace("due_day: 5", "due_day: 28")
                         + "lights: {red_gap: 60, yellow_gap: 40}\n", encoding="utf-8")
    tree = root / "plan" / "tree.yaml"
    text = tree.read_text(encoding="utf-8")
    text = text.replace("target: 100\n            unit: 个", "target: 90\n            unit: 个")
    text = text.replace("target: 40000\n            unit: 亩", "target: 40000\n            unit: 公顷\n"
                        "            op: '>'")
    text = text.replace("target: 6.5\n    unit: \"%\"\n    qualifier: strive",
                        "target: 6.5\n    unit: \"%\"\n    qualifier: about")
    text = text.replace("stages: [开工, 主体完工, 投入使用]", "stages: [开工, 投入使用]")
    text = text.replace("support: [农业局, 发改局]", "support: [农业局]")
    tree.write_text(text, encoding="utf-8")
    write(root / "plan" / "extensions.yaml", """\
extensions:
  - target: 1.1.4
    due: 2025-03-31
    approved_by: 专班
    reason: 汛期
    date: 2024-10-01
""")
    departments = root / "plan" / "departments.yaml"
    departments.write_text(departments.read_text(encoding="utf-8").replace(
        "aliases: [市交通运输局]", "aliases: [市交通运输局, 市发改局交通科]"), encoding="utf-8")
    commit(root, "plan changes", "2024-10-02")
    doc = json_of(cli("diff", "HEAD~1", "HEAD", "--root", str(root), "--as-of", "2024-10-15",
                      "--format", "json"))
    found = {(p["change"], p["id"]): (p["before"], p["after"]) for p in doc["plan"]}
    assert found[("target", "1.1.1")] == (100, 90)
    assert found[("unit", "1.1.3")] == ("亩", "公顷")
    assert found[("op", "1.1.3")] == (">=", ">")
    assert found[("qualifier", "G1")] == ("strive", "about")
    assert ("stages", "1.1.2") in found
    assert found[("support", "1.2.1")] == (["农业局", "发改局"], ["农业局"])
    assert found[("due", "1.1.4")] == ("2024-12-31", "2025-03-31")
    assert ("extension", "1.1.4") in found
    assert found[("reporting.due_day", "")] == (5, 28)
    assert found[("lights.red_gap", "")] == (30, 60)
    assert found[("lights.yellow_gap", "")] == (10, 40)
    assert ("department", "交通局") in found
    assert doc["summary"]["plan_changes"] == len(doc["plan"])
    for fmt in ("table", "markdown"):
        shown = cli("diff", "HEAD~1", "HEAD", "--root", str(root), "--as-of", "2024-10-15", "--format", fmt)
        assert shown.exit_code == 0, shown.output
        assert "报送截止日" in shown.stdout and "红灯阈值" in shown.stdout and "目标值" in shown.stdout


# ---------------------------------------------------------------- 2. reading refuses what is not a file


def run_validate(cli: Callable[..., Any], root: Path) -> tuple[int, list[dict[str, Any]]]:
    result = cli("validate", "--root", str(root), "--format", "json")
    assert result.exit_code in (0, 1), result.output
    doc = json.loads(result.stdout)
    return result.exit_code, doc["diagnostics"] if isinstance(doc, dict) else doc


def by_path(found: list[dict[str, Any]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for d in found:
        out.setdefault(d["path"], []).append(d["code"])
    return out


@pytest.fixture
def deadline() -> Iterator[None]:
    """A hang (a FIFO opened for reading) fails the test after 20 s instead of blocking it."""

    def expire(signum: int, frame: Any) -> None:
        raise TimeoutError("hung")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(20)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_fifo_named_yaml_is_refused_not_waited_on(make_repo: Callable[..., Path],
                                                   cli: Callable[..., Any], deadline: None) -> None:
    root = make_repo(progress={"2024-08/交通局.yaml": report()})
    os.mkfifo(root / "progress" / "2024-08" / "x.yaml")
    os.mkfifo(root / "plan" / "more.yaml")
    # The plan's own FIFO is an error in plan/: nothing can be evaluated, exit 1 with its name.
    result = cli("validate", "--root", str(root))
    assert result.exit_code == 1 and "plan/more.yaml" in result.output and "not-a-file" in result.output
    (root / "plan" / "more.yaml").unlink()
    code, found = run_validate(cli, root)
    assert code == 1 and by_path(found)["progress/2024-08/x.yaml"] == ["not-a-file"]
    assert cli("status", "--root", str(root), "--as-of", "2024-10-15").exit_code == 1


def test_a_link_to_dev_zero_and_a_sparse_giant_are_refused_unread(make_repo: Callable[..., Path],
                                                                 cli: Callable[..., Any]) -> None:
    root = make_repo(progress={"2024-08/交通局.yaml": report()})
    (root / "progress" / "zero.yaml").symlink_to("/dev/zero")
    with (root / "progress" / "huge.yaml").open("wb") as fh:
        fh.truncate(3 * 1024 ** 3)  # 3 GB, sparse: costs no disk
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB
    code, found = run_validate(cli, root)
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    codes_by = by_path(found)
    assert code == 1
    assert codes_by["progress/huge.yaml"] == ["file-too-large"]
    assert codes_by["progress/zero.yaml"] in (["outside-root"], ["not-a-file"])
    assert grown < 256 * 1024, f"memory grew by {grown} KiB: the giant was read"


def test_names_and_paths_too_long_are_located_errors(make_repo: Callable[..., Path],
                                                     cli: Callable[..., Any]) -> None:
    root = make_repo(progress={"2024-08/交通局.yaml": report()})
    for length in (250, 251, 255):
        name = "a" * (length - len(".yaml")) + ".yaml"
        (root / "progress" / name).write_text(report("2024-09"), encoding="utf-8")
    deep = root / "progress"
    fd = os.open(deep, os.O_RDONLY)
    try:  # a folder chain past PATH_MAX (4096 bytes), built relative to descriptors
        for _ in range(18):
            os.mkdir("d" * 250, dir_fd=fd)
            nxt = os.open("d" * 250, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nxt
        made = os.open("x.yaml", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(made, report().encode())
        os.close(made)
    finally:
        os.close(fd)
    result = cli("validate", "--root", str(root))
    assert result.exit_code == 1, result.output
    assert "unreadable" in result.output and "Traceback" not in result.output
    for args in (("status",), ("depts",), ("overdue",)):
        assert cli(*args, "--root", str(root), "--as-of", "2024-10-15").exit_code == 1


# ---------------------------------------------------------------- 7. nothing skipped silently


def test_reports_under_other_names_are_read_or_listed(make_repo: Callable[..., Path],
                                                     cli: Callable[..., Any]) -> None:
    root = make_repo(progress={
        "2024-07/交通局.yml": report("2024-07", 10),
        "2024-08/交通局.YAML": report("2024-08", 20),
        "2024-09/交通局.yaml.txt": report("2024-09", 30),
        "2024-09/.交通局.yaml": report("2024-09", 31),
        ".hidden/交通局.yaml": report("2024-09", 32),
        "2024-09/说明.md": "notes\n",
        "2024-09/.gitkeep": "",
    })
    _, found = run_validate(cli, root)
    listed = {d["path"]: d["code"] for d in found if d["code"] == "ignored-file"}
    assert listed == {"progress/2024-09/交通局.yaml.txt": "ignored-file",
                      "progress/2024-09/.交通局.yaml": "ignored-file",
                      "progress/.hidden": "ignored-file",
                      "progress/2024-09/说明.md": "ignored-file"}
    shown = json_of(cli("show", "1.1.1", "--root", str(root), "--as-of", "2024-10-15", "--format", "json"))
    assert sorted(e["file"] for e in shown["entries"]) == ["progress/2024-07/交通局.yml",
                                                           "progress/2024-08/交通局.YAML"]


# ---------------------------------------------------------------- 9. terminal safety


RLO = "\u202e"
HOSTILE_NAME = f"交通{RLO}局\x1b[2J\n伪造.yaml"


def test_bidi_controls_and_newlines_in_names_are_escaped_everywhere(make_repo: Callable[..., Path],
                                                                    cli: Callable[..., Any]) -> None:
    root = make_repo(progress={
        "2024-08/交通局.yaml": report().replace("value: 30", f"value: 30\n    note: 已完成{RLO}fdp.exe"),
    })
    tree = root / "plan" / "tree.yaml"
    tree.write_text(tree.read_text(encoding="utf-8").replace("title: 新建快充桩", f"title: 新建{RLO}快充桩"),
                    encoding="utf-8")
    (root / "progress" / "2024-08" / HOSTILE_NAME).write_text(
        report().replace("target: 1.1.1", "target: 9.9.9"), encoding="utf-8")
    outputs = []
    for fmt in ("text", "json", "github"):
        result = cli("validate", "--root", str(root), "--format", fmt)
        assert result.exit_code == 1, result.output
        outputs.append((fmt, result.stdout + result.stderr))
        if fmt != "json":
            named = [line for line in result.stdout.splitlines() if "unknown-target" in line]
            assert len(named) == 1 and "伪造" in named[0], result.stdout
            assert "\\u202e" in named[0] and "\\x1b" in named[0] and "\\x0a伪造" in named[0]
    github = dict(outputs)["github"]
    assert "file=progress/2024-08/交通\\u202e局\\x1b[2J\\x0a伪造.yaml" in github
    for args in (("show", "1.1.1"), ("show", "1.1.1", "--format", "json"), ("show", "1.1.1", "--format", "markdown"),
                 ("status",), ("status", "--format", "json"), ("status", "--format", "csv"),
                 ("status", "--format", "markdown"), ("depts",)):
        result = cli(*args, "--root", str(root), "--as-of", "2024-10-15")
        outputs.append((" ".join(args), result.stdout + result.stderr))
    for what, text in outputs:
        assert RLO not in text and "\x1b" not in text, what
    json_doc = json_of(cli("show", "1.1.1", "--root", str(root), "--as-of", "2024-10-15", "--format", "json"))
    assert json_doc["title"] == f"新建{RLO}快充桩"  # JSON keeps the data exactly (as \\u202e)


@needs_git
def test_back_dated_submitted_is_flagged_and_the_commit_date_counts(make_repo: Callable[..., Path],
                                                                    cli: Callable[..., Any]) -> None:
    root = make_repo()
    git(root, "init", "-q", "-b", "main")
    commit(root, "plan", "2024-07-01")
    write(root / "progress" / "2024-09" / "交通局.yaml", report("2024-09", 60, submitted="2024-10-03"))
    commit(root, "September, late", "2024-10-20")
    found = diagnostics(cli, root)
    assert next(d for d in found if d["code"] == "submitted-before-commit")["line"] == 3
    shown = json_of(cli("show", "1.1.1", "--root", str(root), "--as-of", "2024-12-31", "--format", "json"))
    assert [e["submitted"] for e in shown["entries"]] == ["2024-10-20"]
    units = json_of(cli("depts", "--root", str(root), "--as-of", "2024-10-31", "--format", "json"))
    traffic = next(u for u in units if u["name"] == "交通局")
    assert traffic["late"] >= 1 and traffic["on_time"] == 0


FUTURE_PLAN = """\
id: test-plan
title: 测试方案
start: 2024-07-01
end: 2099-12-31
reporting: {cadence: monthly, due_day: 5}
coordination:
  name: 工作专班
  office: 发改局
  members: [发改局, 交通局, 农业局]
"""


def test_future_submitted_and_prefiled_periods_are_errors(make_repo: Callable[..., Path],
                                                         cli: Callable[..., Any]) -> None:
    root = make_repo(plan=FUTURE_PLAN, progress={
        "2024-09/交通局.yaml": report("2024-09", 60, submitted="2099-01-01"),
        "2098-01/交通局.yaml": report("2098-01", 99),
        "2024-08/交通局.yaml": report("2024-08", 30),
    })
    code, found = run_validate(cli, root)
    assert code == 1
    assert by_path(found)["progress/2024-09/交通局.yaml"] == ["future-submitted"]
    assert by_path(found)["progress/2098-01/交通局.yaml"] == ["future-period"]
    shown = json_of(cli("show", "1.1.1", "--root", str(root), "--as-of", "2024-12-31", "--format", "json"))
    assert [e["value"] for e in shown["entries"]] == [30]


@needs_git
def test_an_old_month_edited_after_its_deadline_is_a_late_edit(make_repo: Callable[..., Path],
                                                              cli: Callable[..., Any]) -> None:
    root = make_repo()
    git(root, "init", "-q", "-b", "main")
    commit(root, "plan", "2024-07-01")
    path = root / "progress" / "2024-08" / "交通局.yaml"
    write(path, report("2024-08", 30))
    commit(root, "August", "2024-09-03")
    with path.open("a", encoding="utf-8") as fh:
        fh.write("  - target: 1.1.3\n    value: 4万亩\n    evidence: [补]\n")
    commit(root, "August, amended in November", "2024-11-20")
    found = diagnostics(cli, root)
    late = [d for d in found if d["code"] == "late-edit"]
    assert [(d["path"], d["line"]) for d in late] == [("progress/2024-08/交通局.yaml", 6)]
    shown = json_of(cli("show", "1.1.3", "--root", str(root), "--as-of", "2024-12-31", "--format", "json"))
    assert [e["submitted"] for e in shown["entries"]] == ["2024-11-20"]
    untouched = json_of(cli("show", "1.1.1", "--root", str(root), "--as-of", "2024-12-31", "--format", "json"))
    assert [e["submitted"] for e in untouched["entries"]] == ["2024-09-03"]


# ---------------------------------------------------------------- 8. who may file for whom


OWNED = """\
departments:
  - name: 发改局
    aliases: [市发改局]
    code: fgj
    owners: ["@office-lead"]
  - name: 交通局
    aliases: [市交通运输局]
    code: jtj
    owners: [li-si, wang@example.org]
  - name: 农业局
    code: nyj
"""


@needs_git
def test_codeowners_and_filing_under_another_units_name(make_repo: Callable[..., Path],
                                                        cli: Callable[..., Any], tmp_path: Path) -> None:
    root = make_repo(departments=OWNED, progress={"2024-08/交通局.yaml": report()})
    git(root, "init", "-q", "-b", "main")
    commit(root, "plan and August", "2024-09-03", author="李四 <li-si@users.noreply.github.com>")
    write(root / "progress" / "2024-09" / "jtj-9月.yaml", report("2024-09", 60))
    commit(root, "September, by someone else", "2024-10-03", author="赵六 <zhao@example.org>")
    found = diagnostics(cli, root)
    assert [(d["path"], d["code"]) for d in found if d["code"] == "not-an-owner"] == [
        ("progress/2024-09/jtj-9月.yaml", "not-an-owner")]
    result = cli("codeowners", "--root", str(root), "--out", str(root / ".github" / "CODEOWNERS"))
    assert result.exit_code == 0, result.output
    text = (root / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert "/plan/ @office-lead" in text
    assert "/progress/**/交通局.yaml @li-si wang@example.org" in text
    assert "/progress/**/jtj.yaml @li-si wang@example.org" in text
    assert "/progress/2024-09/jtj-9月.yaml @li-si wang@example.org" in text
    assert "农业局" not in text  # no owners, no line
    gitlab = cli("codeowners", "--root", str(root), "--host", "gitlab")
    assert gitlab.exit_code == 0 and "[交通局]" in gitlab.stdout
    bad = make_repo(departments=OWNED.replace("owners: [li-si,", "owners: [li si,"))
    assert cli("validate", "--root", str(bad)).exit_code == 1


# ---------------------------------------------------------------- 1. nothing the repository carries is written through


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink()}


def test_a_committed_plan_cache_link_is_never_followed(make_repo: Callable[..., Path],
                                                       cli: Callable[..., Any], tmp_path: Path) -> None:
    """`.plan-cache -> progress` once made every run write `progress/.gitignore` (`*`)."""
    root = make_repo(progress={"2024-08/交通局.yaml": report()})
    (root / ".plan-cache").symlink_to("progress")
    before = files_of(root / "progress")
    for args in (("status", "--as-of", "2024-10-15"), ("validate",), ("depts", "--as-of", "2024-10-15"),
                 ("record", "1.1.3", "1万亩", "--dept", "交通局", "--period", "2024-08")):
        assert cli(*args[:1], "--root", str(root), *args[1:]).exit_code in (0, 1)
    after = files_of(root / "progress")
    assert set(after) == set(before) and ".gitignore" not in after
    assert not list(root.rglob(".gitignore")) and not list(root.rglob("*.lock"))
    assert list((tmp_path / "xdg-cache").rglob("load.pickle")), "the cache lives under the cache home"


def test_a_plan_cache_holding_dev_zero_is_never_read(make_repo: Callable[..., Path],
                                                     cli: Callable[..., Any]) -> None:
    root = make_repo(progress={"2024-08/交通局.yaml": report()},
                     extra={"docs/assets/readme.txt": "assets\n"})
    (root / ".plan-cache").symlink_to("docs/assets")
    (root / "docs" / "assets" / "load.pickle").symlink_to("/dev/zero")
    (root / "docs" / "assets" / "cache-key").write_bytes(b"k" * 32)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert cli("validate", "--root", str(root)).exit_code == 0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 256 * 1024


def test_planted_temp_links_do_not_redirect_schema_or_report(make_repo: Callable[..., Path],
                                                             cli: Callable[..., Any], tmp_path: Path) -> None:
    """Hidden links named like the old predictable temp files: nothing is written through them."""
    root = make_repo(progress={"2024-08/交通局.yaml": report()})
    victim = root / "plan" / "tree.yaml"
    outside = tmp_path / "outside.txt"
    outside.write_text("keep\n", encoding="utf-8")
    plan_bytes = victim.read_bytes()
    schema = root / "schema"
    schema.mkdir()
    for name in ("plan", "progress", "tree", "departments", "extensions"):
        (schema / f".{name}.schema.json.tmp").symlink_to(victim)
    (schema / "progress.schema.json").symlink_to(outside)  # the destination itself a link
    out = root / "reports"
    out.mkdir()
    (out / ".通报.md.tmp").symlink_to(victim)
    assert cli("schema", "--out", str(schema)).exit_code == 0
    assert cli("report", "--root", str(root), "--as-of", "2024-10-15", "--out", str(out / "通报.md")).exit_code in (0, 1)
    assert victim.read_bytes() == plan_bytes and outside.read_text(encoding="utf-8") == "keep\n"
    assert not (schema / "progress.schema.json").is_symlink()  # the link was replaced, not written through


def lock_folder(root: Path) -> Path:
    from yuanjiang_plan.core.settings import Settings

    return Settings.from_environment(os.environ).lock_dir(root)


@pytest.mark.parametrize("kind", ["symlink", "folder"])
def test_a_lock_that_is_a_link_or_a_folder_is_a_clear_error(make_repo: Callable[..., Path],
                                                           cli: Callable[..., Any], kind: str) -> None:
    from yuanjiang_plan.write.record import lock_path

    root = make_repo(progress={"2024-08/交通局.yaml": report()})
    target = root / "progress" / "2024-08" / "交通局.yaml"
    original = target.read_bytes()
    lock = lock_path(lock_folder(root), root, target)
    lock.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    if kind == "symlink":
        lock.symlink_to(target)
    else:
        lock.mkdir()
    result = cli("record", "1.1.3", "1万亩", "--dept", "交通局", "--period", "2024-08", "--root", str(root))
    assert result.exit_code == 2, result.output
    assert "锁文件" in result.stderr and "内部错误" not in result.output
    assert target.read_bytes() == original


def test_cache_folders_others_can_write_and_readable_keys_are_refused(make_repo: Callable[..., Path],
                                                                      cli: Callable[..., Any],
                                                                      tmp_path: Path) -> None:
    from yuanjiang_plan.core.settings import Settings

    root = make_repo(progress={"2024-08/交通局.yaml": report()})
    state = Settings.from_environment(os.environ).state_dir(root)
    assert state is not None
    assert cli("validate", "--root", str(root)).exit_code == 0
    assert (state / "load.pickle").exists()
    assert stat.S_IMODE((state / "cache-key").stat().st_mode) == 0o600
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    # A key others can read is not trusted: the cache is not used (nor rewritten with it).
    (state / "cache-key").chmod(0o644)
    stamp = (state / "load.pickle").stat().st_mtime_ns
    assert cli("validate", "--root", str(root)).exit_code == 0
    assert (state / "load.pickle").stat().st_mtime_ns == stamp
    # A folder others can write: no cache at all.
    (state / "cache-key").chmod(0o600)
    state.chmod(0o777)
    (state / "load.pickle").unlink()
    assert cli("validate", "--root", str(root)).exit_code == 0
    assert not (state / "load.pickle").exists()


class _FullDisk:
    def __init__(self, handle: Any) -> None:
        self._handle = handle

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


@pytest.mark.parametrize("args", [
    ("report", "--as-of", "2024-10-15", "--out", "{out}/通报.md"),
    ("report", "--as-of", "2024-10-15", "--out", "{out}/通报.html"),
    ("template", "--dept", "交通局", "--period", "2024-10", "--out", "{out}/交通局.yaml"),
    ("schema", "--out", "{out}"),
    ("codeowners", "--out", "{out}/CODEOWNERS"),
])
def test_a_full_disk_is_a_clear_error(make_repo: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]) -> None:
    from yuanjiang_plan.read import atomic

    root = make_repo(progress={"2024-08/交通局.yaml": report()})
    out = tmp_path / "out"
    out.mkdir()
    real = os.fdopen
    monkeypatch.setattr(atomic.os, "fdopen",
                        lambda fd, *a, **k: _FullDisk(real(fd, *a, **k)) if "w" in (a[0] if a else k.get("mode", "r"))
                        else real(fd, *a, **k))
    argv = [a.format(out=out) for a in args]
    result = cli(argv[0], *(["--root", str(root)] if argv[0] != "schema" else []), "--no-cache", *argv[1:])
    assert result.exit_code in (1, 2), result.output
    assert "No space left" in result.stderr and "内部错误" not in result.output
    assert "Traceback" not in result.output
    assert [p for p in out.rglob("*") if p.is_file()] == []


# ---------------------------------------------------------------- 4. role-aware merge


def test_a_supporting_units_month_does_not_override_the_leads_quarter(make_repo: Callable[..., Path],
                                                                     cli: Callable[..., Any]) -> None:
    """Lead 交通局 reports 2024-Q4: 92; supporter 农业局 files 2024-12: 100 (submitted later)."""
    root = make_repo(progress={
        "2024-Q4/交通局.yaml": report("2024-Q4", 92, submitted="2025-01-03"),
        "2024-12/农业局.yaml": report("2024-12", 100, submitted="2025-01-04").replace("交通局", "农业局"),
        "2024-11/农业局.yaml": report("2024-11", 95, submitted="2024-12-04").replace("交通局", "农业局"),
    })
    doc = json_of(cli("status", "--root", str(root), "--as-of", "2025-01-10", "--format", "json"))
    target = next(t for t in doc["targets"] if t["id"] == "1.1.1")
    assert target["actual"] == 92 and target["status"] != "done"
    assert target["last_department"] == "交通局"
    found = diagnostics(cli, root)
    assert {"conflict", "not-reporting-unit"} <= {
        d["code"] for d in found if d["path"] == "progress/2024-12/农业局.yaml"}
    shown = json_of(cli("show", "1.1.1", "--root", str(root), "--as-of", "2025-01-10", "--format", "json"))
    assert sorted(e["value"] for e in shown["entries"]) == [92, 95, 100]  # every entry still shown


def test_a_supporting_units_figure_counts_while_the_lead_is_silent(make_repo: Callable[..., Path],
                                                                  cli: Callable[..., Any]) -> None:
    root = make_repo(progress={
        "2024-08/交通局.yaml": report("2024-08", 30),
        "2024-09/农业局.yaml": report("2024-09", 45).replace("交通局", "农业局"),
    })
    doc = json_of(cli("status", "--root", str(root), "--as-of", "2024-10-15", "--format", "json"))
    assert next(t for t in doc["targets"] if t["id"] == "1.1.1")["actual"] == 45
