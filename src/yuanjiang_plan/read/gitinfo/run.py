"""Running git safely, and where the plan sits in its repository."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ...core.diagnostics import FatalError


class GitError(FatalError):
    """Git cannot answer: not a repository, git missing, or a bad revision (exit 2)."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message, hint, exit_code=2)


# Every call runs with these: a repository's own `.git/config` (a clone unpacked from an archive,
# a colleague's folder) must not make a reading command run programs (issue 18). No fsmonitor
# daemon, no hooks, no external diff or textconv driver, no pager, no signature verification
# (`gpg.program`), no replace refs rewriting history.
HARDENING = (
    "--no-pager", "--no-replace-objects",
    "-c", "core.quotepath=false", "-c", "core.fsmonitor=", "-c", "core.hooksPath=/dev/null",
    "-c", "diff.external=", "-c", "core.pager=cat", "-c", "log.showSignature=false",
    "-c", "blame.ignoreRevsFile=",
)
# Options of the commands that could show file content through a diff driver.
NO_DRIVERS = ("--no-textconv", "--no-ext-diff")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["GIT_OPTIONAL_LOCKS"] = "0"  # never refresh (= rewrite) the index behind the user's back
    env["GIT_LITERAL_PATHSPECS"] = "1"  # a file named `*.yaml` is a name, not a pattern
    env["GIT_PAGER"] = env["PAGER"] = "cat"
    env["GIT_TERMINAL_PROMPT"] = "0"
    for name in ("GIT_INDEX_FILE", "GIT_EXTERNAL_DIFF", "GIT_DIFF_OPTS"):
        env.pop(name, None)
    return env


def run_git(cwd: Path, *args: str, stdin: bytes | None = None, timeout: int = 120) -> bytes:
    """Run git and return stdout; GitError with git's own message when it fails."""
    if shutil.which("git") is None:
        raise GitError("找不到 git 命令 (git is not installed)", "安装 git 后重试 (install git)")
    try:
        proc = subprocess.run(
            ["git", *HARDENING, *args], cwd=cwd, input=stdin, stdin=None if stdin is not None
            else subprocess.DEVNULL, capture_output=True, timeout=timeout, env=_env(), check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(f"无法运行 git (cannot run git): {exc}") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise GitError(f"git: {message[0] if message else 'exit ' + str(proc.returncode)}")
    return proc.stdout


@dataclass(frozen=True)
class Location:
    """Where a plan repository sits inside its git repository."""

    top: Path  # the git work tree's top level
    prefix: str  # the plan root relative to `top` ("" when they are the same)

    def to_git(self, rel: str) -> str:
        return f"{self.prefix}/{rel}" if self.prefix else rel

    def from_git(self, path: str) -> str | None:
        """Git path -> root-relative path; None when outside the plan root."""
        if not self.prefix:
            return path
        return path[len(self.prefix) + 1:] if path.startswith(self.prefix + "/") else None


def locate(root: Path) -> Location:
    """The git repository holding `root`; GitError when there is none."""
    try:
        out = run_git(root, "rev-parse", "--show-toplevel")
    except GitError as exc:
        raise GitError(
            f"{root} 不在 git 仓库中 (not a git repository): {exc.message}",
            "在计划仓库里运行 git init 并提交，或去掉 --rev / diff (run inside a git repository)",
        ) from None
    top = Path(out.decode("utf-8").strip()).resolve()
    prefix = root.resolve().relative_to(top).as_posix()
    return Location(top, "" if prefix == "." else prefix)


def git_prefix(root: Path) -> str:
    """`root`'s path inside its git repository (`data` for --root data), "" at the top or
    outside git."""
    try:
        return locate(root).prefix
    except GitError:
        return ""


def resolve_rev(root: Path, rev: str) -> str:
    """A revision (HEAD~2, a tag, a hash) -> the full commit hash; GitError with git's message."""
    where = locate(root)
    if not rev or rev.startswith("-"):
        raise GitError(f"无效的版本 '{rev}' (bad revision)", "例如 HEAD~1、main 或提交哈希 (e.g. HEAD~1)")
    try:
        out = run_git(where.top, "rev-parse", "--verify", "--end-of-options", f"{rev}^{{commit}}")
    except GitError as exc:
        raise GitError(f"无效的版本 '{rev}' (bad revision) — {exc.message}",
                       "用 git log --oneline 查看可用的版本 (see git log --oneline)") from None
    return out.decode("ascii").strip()
