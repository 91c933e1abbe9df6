"""`plan draft DOC`: a plan drafted from its document, for an analyst to review (README *Drafting a
plan from its document*)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import Lang, LangOpt, command, make_console, print_diagnostics


@command
def draft(
    doc: Annotated[Path, typer.Argument(help="方案文件 .txt 或 .docx (the document)", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="写入的目录 (folder to write; must hold no plan files)")]
    = Path("plan"),
    plan_id: Annotated[str | None, typer.Option(
        "--id", help="计划编号 (plan id; default: the file name)", show_default=False)] = None,
    lang: LangOpt = Lang.zh,
) -> None:
    """从方案原文起草计划文件 (draft plan/*.yaml from the document's text).

    Writes plan.yaml, departments.yaml, goals.yaml and one section-N.yaml per top-level
    section. Whatever the text leaves open is marked `# TODO 请核对: …` on its line. Existing
    files are never overwritten (exit 2). Review the TODOs, run `plan validate`, then commit.

    \b
    例 (examples):
      plan draft 实施方案.docx
      plan draft 分工方案.txt --out draft/plan --id 2024-tasks

    Then: grep -rn "TODO 请核对" plan/ ; plan validate ; git commit.
    """
    from ..ops.draft import draft as make_draft
    from ..ops.draft.summary import summarize
    from ..read.document import read_document
    from ..render.draft import render, summary_text
    from ..write.draft import check_files, refuse_existing, write_new

    blocks = read_document(doc)
    result = make_draft(blocks, plan_id or doc.stem)
    files = render(result, doc.name)
    refuse_existing(out, list(files))
    problems = [d for d in check_files(files) if d.is_error]
    err = make_console(stderr=True)
    if problems:
        # A draft that fails validation is this program's defect: say so, write nothing.
        print_diagnostics(err, problems, limit=None)
        err.print("内部错误：草稿未通过校验，未写入任何文件 (internal error: the draft does not "
                  "validate; nothing written)", style="red", markup=False)
        raise typer.Exit(3)
    write_new(out, files)
    typer.echo(summary_text(summarize(result), list(files), str(out), lang.value))
