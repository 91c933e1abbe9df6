"""The `plan` command: parse -> call -> print -> exit. Nothing else lives here (STYLE).

Heavy modules (pydantic, ruamel, the engine) are imported inside commands so that `--help`,
`--version` and shell completion stay fast.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer

from .. import __version__
from .complete import complete_department, complete_target_id
from ..core.diagnostics import FatalError, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from ..core.diagnostics import Diagnostic
    from ..loader import Repo
    from ..ops.track import Evaluation
    from rich.console import RenderableType

# typer derives each command's parameters from its signature twice while building the commands
# (typer.main: once for the options, once for the callback), on every start, `--help` and
# completion included: remembering the first answer saves ~5 ms of the ~20 ms that `plan
# --help` adds to `import typer` (issue 7). If a later typer renames it, nothing is patched.
if callable(getattr(typer.main, "get_params_from_function", None)):
    typer.main.get_params_from_function = functools.cache(  # type: ignore[attr-defined]
        typer.main.get_params_from_function)  # type: ignore[attr-defined]

P = ParamSpec("P")
R = TypeVar("R")

ISSUES_URL = "https://github.com/yuanjiang-plan/yuanjiang-plan/issues"

app = typer.Typer(
    name="plan",
    help=(
        "沅江区域共进行动 指标调度工具 — 计划与进度都是 git 里的 YAML 文件。\n\n"
        "Indicator tracker for government implementation plans: the plan and the progress "
        "reports are YAML files in git.\n\n"
        "例 (example):  git pull && plan status"
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class TableFormat(StrEnum):
    """`--format` of the list commands; every member has a renderer in each command's
    `FORMATS` table (tests/test_formats.py checks)."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


# ---------------------------------------------------------------- shared options (defined once)

RootOpt = Annotated[
    Path | None,
    typer.Option("--root", envvar="PLAN_ROOT", help="计划仓库根目录 (repository root; default: search upwards for plan/)",
                 show_default=False),
]
LangOpt = Annotated[Lang, typer.Option("--lang", envvar="PLAN_LANG", help="输出语言 (output language)")]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", metavar="YYYY-MM-DD",
                 help="按该日的情况计算（默认今天）(evaluate as of this date; default today)",
                 show_default=False),
]
DeptOpt = Annotated[
    str | None,
    typer.Option("--dept", help="只看该单位负责的指标：名称、简称或代码 (only this unit's targets)",
                 show_default=False, autocompletion=complete_department),
]
# For commands taking a node ID (`plan show ID`, `plan record ID VALUE`): completes from plan/.
TargetIdArg = Annotated[
    str,
    typer.Argument(metavar="ID", help="编号，如 1.2.3 或 G1 (target, task or section ID)",
                   show_default=False, autocompletion=complete_target_id),
]
SectionOpt = Annotated[
    str | None,
    typer.Option("--section", help="只看某部分或任务，如 2 或 2.3 (only this section or task)",
                 show_default=False),
]
StatusOpt = Annotated[
    list[str] | None,
    typer.Option("--status", help="只看这些状态，可重复或用逗号分隔：done,on_track,at_risk,overdue,"
                                  "not_started,no_target (only these statuses)", show_default=False),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="出错时显示完整堆栈 (show tracebacks)", hidden=True)]


def version_text() -> str:
    return f"plan (yuanjiang-plan) {__version__}"


def _version(value: bool) -> None:
    if value:
        typer.echo(version_text())
        raise typer.Exit()


# Set by the callback on every invocation (so one in-process run never leaks into the next).
_settings: dict[str, bool] = {"cache": True}


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="显示版本 (show the version)")] = False,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", envvar="PLAN_NO_CACHE",
        help="不读不写 .plan-cache/ 缓存 (bypass the cache of loaded files)")] = False,
) -> None:
    """沅江区域共进行动 指标调度工具 (indicator tracker for implementation plans)."""
    _settings["cache"] = not no_cache


def use_cache() -> bool:
    """False under `plan --no-cache ...` or PLAN_NO_CACHE=1."""
    return _settings["cache"]


# ---------------------------------------------------------------- plumbing


def make_console(stderr: bool = False) -> Console:
    """Built per command so NO_COLOR, COLUMNS and TTY state are read at run time."""
    from rich.console import Console

    return Console(
        stderr=stderr,
        no_color=bool(os.environ.get("NO_COLOR")),
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


def guarded(fn: Callable[P, R]) -> Callable[P, R]:
    """Map FatalError to its exit code; show one line for a crash (traceback behind --debug)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except typer.Exit:
            raise
        except FatalError as exc:
            err = make_console(stderr=True)
            from ..loader import PlanInvalid

            if isinstance(exc, PlanInvalid):
                print_diagnostics(err, exc.diagnostics, limit=None)
            err.print(f"错误 (error): {exc.message}", style="red", markup=False)
            if exc.hint:
                err.print(f"提示 (hint): {exc.hint}", markup=False)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            raise typer.Exit(130) from None
        except Exception as exc:
            if os.environ.get("PLAN_DEBUG") or "--debug" in sys.argv:
                raise
            err = make_console(stderr=True)
            err.print(f"内部错误 (internal error): {type(exc).__name__}: {exc}", markup=False, style="red")
            err.print(f"这是程序缺陷，请附上命令报告到 {ISSUES_URL} ；设 PLAN_DEBUG=1 可看堆栈 "
                      "(this is a bug: please report it; PLAN_DEBUG=1 shows the traceback)", markup=False)
            raise typer.Exit(3) from None

    return wrapper


def parse_date(raw: str | None, option: str = "--as-of") -> dt.date:
    if raw is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise UsageError(f"{option} 的日期 '{raw}' 无效 (invalid date)",
                         f"写成 {option} 2024-10-31 (use YYYY-MM-DD)") from None


def print_diagnostics(console: Console, diags: list[Diagnostic], limit: int | None = None) -> None:
    from ..render.diagnostics import format_text

    shown = diags if limit is None else diags[:limit]
    for line in format_text(shown):
        console.print(line, markup=False, highlight=False, soft_wrap=True)


def load(root: Path | None) -> Repo:
    from ..read.gitinfo import first_commit_dates
    from ..read.files import find_root
    from ..loader import load_repo

    found = find_root(Path.cwd(), root)
    repo = load_repo(found, first_commit_dates(found), use_cache=use_cache())
    if _one_shot:
        # The repository lives until the process ends: the collector need not rescan its
        # millions of objects while the command evaluates and prints (~0.1 s at province scale).
        import gc

        gc.freeze()
    return repo


def evaluated(root: Path | None, day: dt.date, lang: Lang,
              rev: str | None = None) -> tuple[Repo, Evaluation, int]:
    """The reading commands' common start: load the files (or REV's), list problems, evaluate."""
    from ..ops.track import evaluate

    if rev is None:
        repo = load(root)
    else:
        from ..loader import repo_at
        from ..read.files import find_root

        repo = repo_at(find_root(Path.cwd(), root), rev)
    code = report_problems(repo, lang)
    return repo, evaluate(repo.plan, repo.entries, day), code


# True when running as the `plan` program (main()), not inside another process (tests, library).
_one_shot = False


def emit(console: Console, rendered: RenderableType | str) -> None:
    """Print a command's output. Text formats (json/csv/markdown) go out byte for byte: rich
    would expand tabs and drop the CRs of CSV line ends."""
    if isinstance(rendered, str):
        typer.echo(rendered, nl=not rendered.endswith("\n"))
    else:
        console.print(rendered)


def report_problems(repo: Repo, lang: Lang) -> int:
    """Errors to stderr, warnings summarised; the exit code the data deserves (SPEC §6)."""
    from ..core.diagnostics import sort

    err = make_console(stderr=True)
    diags = set(repo.problems)
    errors = sort(repo.located(d for d in diags if d.is_error))
    warnings = [d for d in diags if not d.is_error]  # counted, not printed: never placed
    print_diagnostics(err, errors)
    if warnings:
        from ..core.words import t

        err.print(t("warnings_hint", lang.value, n=len(warnings)), markup=False, style="yellow")
    return 1 if errors else 0


# ---------------------------------------------------------------- commands
# One module per command; importing it registers the command on `app`, and the order of these
# lines is the order `plan --help` lists them in: reading first, then writing, then git tools.
from . import status  # noqa: E402, F401
from . import overdue  # noqa: E402, F401
from . import show  # noqa: E402, F401
from . import depts  # noqa: E402, F401
from . import report  # noqa: E402, F401
from . import validate  # noqa: E402, F401
from . import record  # noqa: E402, F401
from . import template  # noqa: E402, F401
from . import import_  # noqa: E402, F401
from . import diff  # noqa: E402, F401
from . import schema  # noqa: E402, F401

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    import gc

    # A run builds a few million long-lived objects and few cycles: the default thresholds
    # make the collector rescan them all again and again (~40% of a province-size load,
    # issue 7). Collect rarely, as mypy does.
    gc.set_threshold(200_000, 50, 1_000)
    global _one_shot
    _one_shot = True
    if sys.argv[1:] == ["--version"]:
        # typer builds every command's parameters before it reads any option (~30 ms of the
        # ~90 ms start-up): the plain question is answered before that (issue 7).
        typer.echo(version_text())
        return
    app()
