"""The `plan` application: defined once here; each command is a plain function in its own
module, registered below in the order `plan --help` lists them (reading, writing, git tools)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Annotated

import typer

from .. import __version__
from ..core.settings import Settings
from . import (
    codeowners,
    common,
    depts,
    diff,
    draft,
    import_,
    overdue,
    record,
    remind,
    report,
    schema,
    show,
    status,
    template,
    validate,
)


def _application() -> typer.Typer:
    return typer.Typer(
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


app = _application()


def version_text() -> str:
    return f"plan (yuanjiang-plan) {__version__}"


def _version(value: bool) -> None:
    if value:
        typer.echo(version_text())
        raise typer.Exit()


def _main(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="显示版本 (show the version)")] = False,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="不读不写缓存 (bypass the cache of loaded files; also PLAN_NO_CACHE=1)")] = False,
    debug: Annotated[bool, typer.Option(
        "--debug", help="出错时显示完整堆栈 (show the traceback of an internal error; also PLAN_DEBUG=1)")] = False,
) -> None:
    """沅江区域共进行动 指标调度工具 (indicator tracker for implementation plans)."""
    base = Settings.from_environment(os.environ)
    ctx.obj = Settings(**{**base.__dict__, "cache": base.cache and not no_cache,
                          "debug": base.debug or debug})


# Reading first, then writing, then git tools.
COMMANDS: list[tuple[str, Callable[..., None]]] = [
    ("status", status.status),
    ("overdue", overdue.overdue),
    ("show", show.show),
    ("depts", depts.depts),
    ("report", report.report),
    ("remind", remind.remind),
    ("validate", validate.validate),
    ("record", record.record),
    ("template", template.template),
    ("import", import_.import_),
    ("draft", draft.draft),
    ("diff", diff.diff),
    ("schema", schema.schema),
    ("codeowners", codeowners.codeowners),
]
app.callback()(_main)
for _name, _command in COMMANDS:
    app.command(_name)(_command)


def listing() -> typer.Typer:
    """The application as `plan --help` shows it: the same options and commands, each command
    without its parameters. typer derives every command's parameters from its signature before
    it prints anything; the top-level help shows only names and first lines, so this one is
    built without them (issue 12: `--help` within 1.3x `import typer`, nothing of typer
    patched). tests/cli/test_help.py checks that both print the same."""
    lean = _application()
    lean.callback()(_main)
    for name, command in COMMANDS:
        def stub() -> None:  # never run: --help exits first
            raise AssertionError("a command of the help listing ran")

        stub.__doc__ = command.__doc__
        lean.command(name)(stub)
    return lean


def main() -> None:
    """Console-script entry point."""
    import gc

    # A run builds a few million long-lived objects and few cycles: the default thresholds
    # make the collector rescan them all again and again (~40% of a province-size load,
    # issue 7). Collect rarely, as mypy does.
    gc.set_threshold(200_000, 50, 1_000)
    common.ONE_SHOT = True
    if sys.argv[1:] == ["--version"]:
        # typer builds every command's parameters before it reads any option (~30 ms of the
        # ~90 ms start-up): the plain question is answered before that (issue 7).
        typer.echo(version_text())
        return
    if sys.argv[1:] in ([], ["--help"], ["-h"]):
        listing()()
    app()
