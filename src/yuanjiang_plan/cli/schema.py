"""`plan schema`: JSON Schemas of plan and progress files, for editors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import command, make_console


@command
def schema(
    out: Annotated[Path | None, typer.Option("--out", metavar="DIR",
                                             help="写入该目录，每类文件一个 *.schema.json (write one file per "
                                                  "file type into DIR)", show_default=False)] = None,
) -> None:
    """计划与进度文件的 JSON Schema (JSON Schemas of the plan and progress files).

    Generated from the same models the loader validates with. Without --out, prints one JSON
    object {file name: schema}. Editors with yaml-language-server (VS Code's YAML extension)
    complete and check a progress file that starts with
      # yaml-language-server: $schema=../../schema/progress.schema.json

    \b
    例 (examples):
      plan schema --out schema
      plan schema | jq '."progress.schema.json".properties | keys'
    """
    from ..core.diagnostics import UsageError
    from ..ops.schema import dump, schemas
    from ..read.atomic import write_atomic
    from ..render.json import dumps

    documents = schemas()
    console = make_console()
    if out is None:
        console.print(dumps(documents), markup=False, highlight=False, soft_wrap=True)
        return
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} 不是目录 (--out must be a folder)")
    out.mkdir(parents=True, exist_ok=True)
    err = make_console(stderr=True)
    for name, document in documents.items():
        path = out / name
        write_atomic(path, dump(document).encode("utf-8"))
        err.print(f"已写入 (wrote) {path}", markup=False, highlight=False, soft_wrap=True)
