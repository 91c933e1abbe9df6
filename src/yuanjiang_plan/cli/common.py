"""What every command shares: options defined once, the console, the `command` wrapper that
turns errors into exit codes and hands each command its `Settings`, and the reading commands'
load -> check -> evaluate start.

Heavy modules (pydantic, ruamel, the engine) are imported inside functions so that `--help`,
`--version` and shell completion stay fast.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import inspect
import os
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from ..core.diagnostics import FatalError, UsageError
from ..core.settings import Settings
from .complete import complete_department

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from ..core.diagnostics import Diagnostic
    from ..loader import Repo
    from ..ops.timeliness import DutyHistory
    from ..ops.track import Evaluation
    from ..render.terminal import TerminalConsole

R = TypeVar("R")

# True when running as the `plan` program (app.main), not inside another process (tests).
ONE_SHOT = False

ISSUES_URL = "https://github.com/yuanjiang-plan/yuanjiang-plan/issues"


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class TableFormat(StrEnum):
    """`--format` of the list commands; every member has a renderer in the command's entry of
    `render.formats.FORMATS` (tests/render/test_formats.py checks)."""

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
    typer.Option("--dept", help="只看该单位负责的指标：名称、简称、代码或单位组 (only this unit's "
                                "targets; a group: its members')",
                 show_default=False, autocompletion=complete_department),
]
SectionOpt = Annotated[
    str | None,
    typer.Option("--section", help="只看某部分或任务，如 2 或 2.3 (only this section or task)",
                 show_default=False),
]
LeaderOpt = Annotated[
    str | None,
    typer.Option("--leader", help="只看该责任领导的指标 (only the targets of this 责任领导)",
                 show_default=False),
]
StatusOpt = Annotated[
    list[str] | None,
    typer.Option("--status", help="只看这些状态，可重复或用逗号分隔：done,done_late,on_track,at_risk,"
                                  "overdue,not_started,no_target,pending；at_risk 也包括红灯、黄灯的未启动指标 "
                                  "(only these statuses; at_risk also matches not-started red/yellow targets)",
                 show_default=False),
]
LightOpt = Annotated[
    list[str] | None,
    typer.Option("--light", help="只看这些灯色的未完成指标，可重复或用逗号分隔：red,yellow,blue,green "
                                 "(only targets not done with these lights)", show_default=False),
]


# ---------------------------------------------------------------- the command wrapper


def _settings(ctx: typer.Context | None) -> Settings:
    """The callback's settings (`plan --no-cache …`), or fresh ones when a command runs alone."""
    found = ctx.find_object(Settings) if ctx is not None else None
    return found if found is not None else Settings.from_environment(os.environ)


def command(fn: Callable[..., R]) -> Callable[..., R]:
    """A command as typer sees it: `--debug` and `--no-cache` added, `settings` supplied (when the
    function takes it), FatalError mapped to its exit code, a crash shown as one line."""
    sig = inspect.signature(fn, eval_str=True)
    takes_settings = "settings" in sig.parameters
    params = [p for p in sig.parameters.values() if p.name != "settings"]
    kw = inspect.Parameter.KEYWORD_ONLY
    extra = [inspect.Parameter("ctx_", kw, annotation=typer.Context),
             inspect.Parameter("debug_", kw, annotation=Annotated[bool, typer.Option(
                 "--debug", help="出错时显示完整堆栈 (show the traceback of an internal error)")], default=False),
             inspect.Parameter("no_cache_", kw, annotation=Annotated[bool, typer.Option(
                 "--no-cache", help="不读不写缓存 (bypass the cache of loaded files)")], default=False)]

    @functools.wraps(fn)
    def wrapper(*args: Any, ctx_: typer.Context | None = None, debug_: bool = False,
                no_cache_: bool = False, **kwargs: Any) -> R:
        base = _settings(ctx_)
        settings = dataclasses.replace(base, debug=base.debug or debug_, cache=base.cache and not no_cache_)
        if takes_settings:
            kwargs["settings"] = settings
        try:
            return fn(*args, **kwargs)
        except typer.Exit:
            raise
        except FatalError as exc:
            show_fatal(exc)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            raise typer.Exit(130) from None
        except OSError as exc:
            # The machine said no (disk full, no permission, a name too long): not a bug, and
            # said in one line with the file it concerns (issue 18), exit 1.
            if settings.debug:
                raise
            show_fatal(FatalError(os_error_text(exc), "检查磁盘空间、权限和路径长度 "
                                  "(check free space, permissions and the path's length)", exit_code=1))
            raise typer.Exit(1) from None
        except Exception as exc:
            if settings.debug:
                raise
            err = make_console(stderr=True)
            err.print(f"内部错误 (internal error): {type(exc).__name__}: {exc}", markup=False, style="red")
            err.print(f"这是程序缺陷，请附上命令报告到 {ISSUES_URL} ；加 --debug 可看堆栈 "
                      "(this is a bug: please report it; --debug shows the traceback)", markup=False)
            raise typer.Exit(3) from None

    wrapper.__signature__ = sig.replace(parameters=[*params, *extra])  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in [*params, *extra]}
    if sig.return_annotation is not inspect.Signature.empty:
        wrapper.__annotations__["return"] = sig.return_annotation
    return wrapper


def os_error_text(exc: OSError) -> str:
    from ..render import safe_name

    where = f"{safe_name(exc.filename)}: " if exc.filename else ""
    return f"无法读写文件 (cannot read or write) {where}{exc.strerror or exc}"


def show_fatal(exc: FatalError) -> None:
    from ..loader import PlanInvalid

    err = make_console(stderr=True)
    if isinstance(exc, PlanInvalid):
        print_diagnostics(err, exc.diagnostics, limit=None)
    err.print(f"错误 (error): {exc.message}", style="red", markup=False)
    if exc.hint:
        err.print(f"提示 (hint): {exc.hint}", markup=False)


# ---------------------------------------------------------------- plumbing


def make_console(stderr: bool = False) -> TerminalConsole:
    """Built per command so NO_COLOR, COLUMNS and TTY state are read at run time. Whatever it
    prints is made inert first (render/terminal.py): user text never reaches the terminal raw."""
    from ..render.terminal import TerminalConsole

    return TerminalConsole(
        stderr=stderr,
        no_color=bool(os.environ.get("NO_COLOR")),
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


def today_of(settings: Settings | None) -> dt.date:
    return settings.today if settings is not None else dt.date.today()


def parse_date(raw: str | None, option: str = "--as-of", today: dt.date | None = None) -> dt.date:
    if raw is None:
        return today or dt.date.today()
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise UsageError(f"{option} 的日期 '{raw}' 无效 (invalid date)",
                         f"写成 {option} 2024-10-31 (use YYYY-MM-DD)") from None


def print_diagnostics(console: TerminalConsole, diags: list[Diagnostic], limit: int | None = None) -> None:
    from ..render.diagnostics import format_text

    shown = diags if limit is None else diags[:limit]
    console.print_lines(format_text(shown))


def lock_dir(settings: Settings | None, root: Path) -> Path:
    return (settings or Settings.from_environment(os.environ)).lock_dir(root)


def find(root: Path | None, settings: Settings | None = None) -> Path:
    """The repository root: `--root`, else PLAN_ROOT, else upwards from the current folder."""
    from ..read.files import find_root

    return find_root(Path.cwd(), root if root is not None else (settings.root if settings else None))


def load(root: Path | None, settings: Settings | None = None, background: bool = False) -> Repo:
    from ..loader import load_repo
    from ..read.gitinfo import first_commit_dates

    settings = settings or Settings.from_environment(os.environ)
    found = find(root, settings)
    repo = load_repo(found, first_commit_dates(found), use_cache=settings.cache, today=settings.today,
                     cache_dir=settings.state_dir(found), workers=settings.workers,
                     background=background)
    if ONE_SHOT:
        # The repository lives until the process ends: the collector need not rescan its
        # millions of objects while the command evaluates and prints (~0.1 s at province scale).
        import gc

        gc.freeze()
    return repo


def history(repo: Repo, settings: Settings | None = None) -> DutyHistory | None:
    """Who owed which report when, from the git history of plan/ (README *Supervision*); None for a
    repository read from a revision (its own plan decides)."""
    from ..loader import duty_history
    from ..read.files import FileSource

    if repo.source is not None and not isinstance(repo.source, FileSource):
        return None
    settings = settings or Settings.from_environment(os.environ)
    return duty_history(repo.root, repo.plan, use_cache=settings.cache,
                        cache_dir=settings.state_dir(repo.root))


def evaluated(root: Path | None, day: dt.date, lang: Lang, rev: str | None = None,
              settings: Settings | None = None) -> tuple[Repo, Evaluation, int]:
    """The reading commands' common start: load the files (or REV's), list problems, evaluate."""
    from ..ops.track import evaluate

    if rev is None:
        repo = load(root, settings, background=True)
    else:
        from ..loader import repo_at

        repo = repo_at(find(root, settings), rev)
    # Evaluated first: meanwhile the cross-file checks may still run in a child (loader.py);
    # nothing is printed before the problems, so the output is the same.
    ev = evaluate(repo.plan, repo.entries, day)
    return repo, ev, report_problems(repo, lang)


def emit(console: Console, rendered: RenderableType | str) -> None:
    """Print a command's output. Text formats (json/csv/markdown) go out byte for byte: rich
    would expand tabs and drop the CRs of CSV line ends."""
    if isinstance(rendered, str):
        typer.echo(rendered, nl=not rendered.endswith("\n"))
    else:
        console.print(rendered)


def report_problems(repo: Repo, lang: Lang) -> int:
    """Errors to stderr, warnings summarised; the exit code the data deserves (README *Bad input and
    limits*)."""
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
