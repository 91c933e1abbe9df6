"""Where the reader finds files: the repository root, the YAML files under a folder, and the
sources they are read from (the working tree, or a git revision held in memory)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..core.diagnostics import Diagnostic, FatalError, error
from . import yamlio
from .yaml import Located


def find_root(start: Path, override: str | os.PathLike[str] | None = None) -> Path:
    """Like git: the first folder upwards holding `plan/`; `--root`/PLAN_ROOT override."""
    if override:
        root = Path(override).expanduser().resolve()
        if not (root / "plan").is_dir():
            raise FatalError(
                f"{root} 下没有 plan/ 目录 (no plan/ folder under --root)",
                "用 --root 指向含 plan/ 的仓库根目录 (point --root at the repository root)",
                exit_code=2,
            )
        return root
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / "plan").is_dir():
            return folder
    raise FatalError(
        f"找不到计划仓库：{here} 及其上级目录都没有 plan/ (no plan repository found)",
        "进入计划仓库目录，或使用 --root PATH / 环境变量 PLAN_ROOT (cd into the repository or use --root)",
        exit_code=2,
    )


def rel_path(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def yaml_files(root: Path, folder: str, recursive: bool) -> Iterator[tuple[Path, str]]:
    """YAML files under root/folder in sorted order, skipping our temp files and hidden ones."""
    for rel in yaml_rels(root, folder, recursive):
        yield root / rel, rel


def yaml_rels(root: Path, folder: str, recursive: bool) -> list[str]:
    """`yaml_files` as root-relative paths only: a province has ~10,000 files, and building
    and relativising a Path for each took ~0.4 s of a warm run (issue 7)."""
    base = root / folder
    if not base.is_dir():
        return []
    if base.is_symlink() and _resolves_outside(base, root):
        return [folder]
    prefix = str(base)
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        rel_dir = rel_path(root, Path(dirpath)) if not dirpath.startswith(prefix) \
            else folder + dirpath[len(prefix):].replace(os.sep, "/")
        # Linked folders are not walked; one leading outside is handed on so that the reader
        # reports it (`outside-root`) instead of its reports silently going missing.
        found += [f"{rel_dir}/{d}" for d in dirnames
                  if (Path(dirpath) / d).is_symlink() and _resolves_outside(Path(dirpath) / d, root)]
        found += [f"{rel_dir}/{name}" for name in filenames
                  if not name.startswith(".") and name.endswith((".yaml", ".yml"))]
        if not recursive:
            break
    found.sort()
    return found


def _resolves_outside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return True
    except (OSError, RuntimeError):  # a symlink loop: reported when the file is read
        return False
    return False


def outside_root(path: Path, root: Path, rel: str) -> Diagnostic | None:
    if path.is_symlink():
        try:
            path.resolve(strict=True)
        except (OSError, RuntimeError) as exc:  # a loop or a dangling link
            return error(
                rel, "unreadable", f"符号链接无法解析 (broken symlink: {type(exc).__name__})",
                "删除该链接，把文件本身放进仓库 (remove the link; commit the file itself)",
                line=1, col=1,
            )
        if _resolves_outside(path, root):
            return error(
                rel, "outside-root", "符号链接指向仓库之外，已拒绝读取 (symlink leads outside the repository)",
                "把文件本身放进仓库 (commit the file itself)", line=1, col=1,
            )
    return None


# ---------------------------------------------------------------- where files come from


class Source(Protocol):
    """Where the loader reads files: the working tree (default) or a git revision in memory."""

    def paths(self, folder: str, recursive: bool) -> list[str]:
        """Root-relative paths of the YAML files under `folder`, sorted."""
        ...

    def read(self, rel: str) -> bytes:
        """The file's bytes; OSError when unreadable."""
        ...

    def refuse(self, rel: str) -> Diagnostic | None:
        """A diagnostic when the file must not be read (e.g. a symlink out of the root)."""
        ...


@dataclass(frozen=True)
class FileSource:
    """The files under `root` on disk."""

    root: Path

    def paths(self, folder: str, recursive: bool) -> list[str]:
        return yaml_rels(self.root, folder, recursive)

    def read(self, rel: str) -> bytes:
        return (self.root / rel).read_bytes()

    def refuse(self, rel: str) -> Diagnostic | None:
        return outside_root(self.root / rel, self.root, rel)


@dataclass(frozen=True)
class MemorySource:
    """Files held in memory (rel path -> bytes), e.g. a git revision read with `git cat-file`."""

    files: Mapping[str, bytes]

    def paths(self, folder: str, recursive: bool) -> list[str]:
        found = []
        for rel in self.files:
            if not rel.startswith(folder + "/"):
                continue
            parts = rel[len(folder) + 1:].split("/")
            if not recursive and len(parts) > 1:
                continue
            if any(p.startswith(".") for p in parts) or not parts[-1].endswith((".yaml", ".yml")):
                continue
            found.append(rel)
        return sorted(found)

    def read(self, rel: str) -> bytes:
        try:
            return self.files[rel]
        except KeyError:
            raise FileNotFoundError(rel) from None

    def refuse(self, rel: str) -> Diagnostic | None:
        return None


def read_source(source: Source, rel: str) -> tuple[Any, list[Diagnostic]]:
    doc, diags = read_source_doc(source, rel)
    return (None if doc is None else doc.data), diags


def read_source_doc(source: Source, rel: str) -> tuple[Located | None, list[Diagnostic]]:
    """One file of `source`, parsed, with the node tree that places its diagnostics."""
    bad = source.refuse(rel)
    if bad:
        return None, [bad]
    try:
        raw = source.read(rel)
    except OSError as exc:
        return None, [error(rel, "unreadable", f"无法读取文件 (cannot read): {exc.strerror}")]
    return yamlio.read_doc(raw, rel)
