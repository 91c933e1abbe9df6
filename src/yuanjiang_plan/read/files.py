"""Where the reader finds files: the repository root, the YAML files under a folder, and the
sources they are read from (the working tree, or a git revision held in memory)."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..core.diagnostics import Diagnostic, FatalError, error, warning
from . import yamlio
from .disk import Refused, read_file
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
    """YAML files under root/folder in sorted order (hidden ones and our temp files left out)."""
    for rel in yaml_rels(root, folder, recursive):
        yield root / rel, rel


def yaml_rels(root: Path, folder: str, recursive: bool) -> list[str]:
    """`yaml_files` as root-relative paths only: a province has ~10,000 files, and building
    and relativising a Path for each took ~0.4 s of a warm run (issue 7)."""
    return walk(root, folder, recursive).files


# Names a folder of reports may hold that say nothing (git keeps empty folders with them).
QUIET = frozenset({".gitkeep", ".keep"})
YAML_SUFFIXES = (".yaml", ".yml")


def classify(name: str) -> str | None:
    """How the reader treats a file name: "read", a reason it is not read, or None (quiet).

    `.yaml` and `.yml` in any case are read (a clerk's `.YAML` is a report); a hidden name, a
    Notepad `.yaml.txt` or any other file is listed (`ignored-file`), never skipped silently.
    """
    if name in QUIET:
        return None
    if name.startswith("."):
        return "hidden"
    lower = name.lower()
    if lower.endswith(YAML_SUFFIXES):
        return "read"
    if lower.endswith(tuple(s + ".txt" for s in YAML_SUFFIXES)):
        return "txt"
    return "other"


@dataclass(frozen=True)
class Walk:
    """What a folder holds: the files read, the entries left out (path, reason) and the
    folders that could not be listed (path, the OS's reason)."""

    files: list[str]
    ignored: list[tuple[str, str]]
    unreadable: list[tuple[str, str]]


def walk(root: Path, folder: str, recursive: bool) -> Walk:
    """The files under root/folder, sorted, without following links to folders.

    Errors listing a folder (a path over PATH_MAX, no permission) are collected, never raised
    nor skipped silently; a linked folder leading outside is handed on as a file so that the
    reader reports it (`outside-root`), one inside is listed as not followed.
    """
    base = root / folder
    try:
        if not base.is_dir():
            return Walk([], [], [])
        if base.is_symlink() and _resolves_outside(base, root):
            return Walk([folder], [], [])
    except OSError as exc:
        return Walk([], [], [(folder, exc.strerror or str(exc))])
    prefix = str(base)
    found: list[str] = []
    ignored: list[tuple[str, str]] = []
    unreadable: list[tuple[str, str]] = []

    def failed(exc: OSError) -> None:
        where = rel_path(root, Path(exc.filename)) if exc.filename else folder
        unreadable.append((where, exc.strerror or str(exc)))

    for dirpath, dirnames, filenames in os.walk(base, followlinks=False, onerror=failed):
        rel_dir = rel_path(root, Path(dirpath)) if not dirpath.startswith(prefix) \
            else folder + dirpath[len(prefix):].replace(os.sep, "/")
        keep = []
        for d in sorted(dirnames):
            here = Path(dirpath) / d
            try:
                linked = here.is_symlink()
                leaves = linked and _resolves_outside(here, root)
            except OSError as exc:
                unreadable.append((f"{rel_dir}/{d}", exc.strerror or str(exc)))
                continue
            if leaves:
                found.append(f"{rel_dir}/{d}")
            elif d.startswith("."):
                ignored.append((f"{rel_dir}/{d}", "hidden-folder"))
            elif linked:
                ignored.append((f"{rel_dir}/{d}", "linked-folder"))
            elif not recursive:
                ignored.append((f"{rel_dir}/{d}", "subfolder"))
            else:
                keep.append(d)
        dirnames[:] = keep
        for name in filenames:
            kind = classify(name)
            if kind == "read":
                found.append(f"{rel_dir}/{name}")
            elif kind is not None:
                ignored.append((f"{rel_dir}/{name}", kind))
        if not recursive:
            break
    found.sort()
    ignored.sort()
    return Walk(found, ignored, unreadable)


_IGNORED = {
    "hidden": ("隐藏文件，未读取 (hidden file: not read)",
               "去掉文件名开头的点，或移出该目录 (remove the leading dot, or move it out)"),
    "hidden-folder": ("隐藏目录，其中的文件未读取 (hidden folder: its files are not read)",
                      "去掉目录名开头的点 (remove the leading dot)"),
    "linked-folder": ("符号链接的目录未读取 (linked folder: not followed)",
                      "把文件本身放进仓库 (commit the files themselves)"),
    "subfolder": ("plan/ 下的子目录不会被读取 (plan/ is read one level deep)",
                  "把计划文件直接放在 plan/ 下 (put plan files directly in plan/)"),
    "txt": ("文件名以 .txt 结尾，未读取 (saved as .yaml.txt: not read)",
            "改名去掉 .txt，如 交通局.yaml (rename it without .txt)"),
    "other": ("不是 .yaml 文件，未读取 (not a .yaml file: not read)",
              "报告须以 .yaml 结尾；其他材料放在该目录之外 (reports end in .yaml; keep other files elsewhere)"),
}


def ignored_diagnostics(listing: Walk) -> list[Diagnostic]:
    """`ignored-file` warnings and `unreadable` errors for what a walk left out."""
    out = [warning(rel, "ignored-file", _IGNORED[why][0], _IGNORED[why][1], line=1, col=1)
           for rel, why in listing.ignored]
    out += [error(rel, "unreadable", f"无法读取目录 (cannot list folder): {why}",
                  "缩短路径或修正权限 (shorten the path or fix its permissions)", line=1, col=1)
            for rel, why in listing.unreadable]
    return out


def _resolves_outside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return True
    except (OSError, RuntimeError):  # a symlink loop: reported when the file is read
        return False
    return False


def outside_root(path: Path, root: Path, rel: str) -> Diagnostic | None:
    try:
        linked = path.is_symlink()
    except OSError:  # a name too long, a folder without permission: reading says why
        return None
    if linked:
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

    def ignored(self, folder: str, recursive: bool) -> list[Diagnostic]:
        """What `paths` left out, as diagnostics (`ignored-file`, `unreadable`)."""
        ...

    def read(self, rel: str) -> bytes:
        """The file's bytes; OSError when unreadable."""
        ...

    def refuse(self, rel: str) -> Diagnostic | None:
        """A diagnostic when the file must not be read (e.g. a symlink out of the root)."""
        ...


@dataclass(frozen=True)
class FileSource:
    """The files under `root` on disk, each folder walked once."""

    root: Path
    _walks: dict[tuple[str, bool], Walk] = field(default_factory=dict, compare=False, repr=False)

    def _walk(self, folder: str, recursive: bool) -> Walk:
        key = (folder, recursive)
        if key not in self._walks:
            self._walks[key] = walk(self.root, folder, recursive)
        return self._walks[key]

    def paths(self, folder: str, recursive: bool) -> list[str]:
        return self._walk(folder, recursive).files

    def ignored(self, folder: str, recursive: bool) -> list[Diagnostic]:
        return ignored_diagnostics(self._walk(folder, recursive))

    def read(self, rel: str) -> bytes:
        return read_file(self.root / rel, yamlio.max_bytes(rel), self.root)

    def refuse(self, rel: str) -> Diagnostic | None:
        return outside_root(self.root / rel, self.root, rel)


def memory_walk(names: Iterable[str], folder: str, recursive: bool) -> Walk:
    """`walk` over the paths of a git revision (regular files only: git holds no FIFOs)."""
    found: list[str] = []
    ignored: set[tuple[str, str]] = set()
    for rel in names:
        if not rel.startswith(folder + "/"):
            continue
        parts = rel[len(folder) + 1:].split("/")
        hidden = next((i for i, p in enumerate(parts[:-1]) if p.startswith(".")), None)
        if hidden is not None and (recursive or hidden == 0):
            ignored.add(("/".join([folder, *parts[:hidden + 1]]), "hidden-folder"))
            continue
        if not recursive and len(parts) > 1:
            ignored.add((f"{folder}/{parts[0]}", "subfolder"))
            continue
        kind = classify(parts[-1])
        if kind == "read":
            found.append(rel)
        elif kind is not None:
            ignored.add((rel, kind))
    return Walk(sorted(found), sorted(ignored), [])


@dataclass(frozen=True)
class MemorySource:
    """Files held in memory (rel path -> bytes), e.g. a git revision read with `git cat-file`."""

    files: Mapping[str, bytes]

    def paths(self, folder: str, recursive: bool) -> list[str]:
        return memory_walk(self.files, folder, recursive).files

    def ignored(self, folder: str, recursive: bool) -> list[Diagnostic]:
        return ignored_diagnostics(memory_walk(self.files, folder, recursive))

    def read(self, rel: str) -> bytes:
        try:
            return self.files[rel]
        except KeyError:
            raise FileNotFoundError(rel) from None

    def refuse(self, rel: str) -> Diagnostic | None:
        return None


def read_source_doc(source: Source, rel: str) -> tuple[Located | None, list[Diagnostic]]:
    """One file of `source`, parsed, with the node tree that places its diagnostics."""
    bad = source.refuse(rel)
    if bad:
        return None, [bad]
    try:
        raw = source.read(rel)
    except OSError as exc:
        return None, [unreadable(rel, exc)]
    return yamlio.read_doc(raw, rel)


def unreadable(rel: str, exc: OSError) -> Diagnostic:
    """A file that cannot be read, as a located error (a refusal keeps its own code)."""
    if isinstance(exc, Refused):
        return error(rel, exc.code, exc.message, yamlio.refusal_hint(rel, exc), line=1, col=1)
    return error(rel, "unreadable", f"无法读取文件 (cannot read): {exc.strerror or exc}",
                 _HINTS.get(exc.errno or 0, "检查文件的类型和权限 (check the file's type and permissions)"),
                 line=1, col=1)


_HINTS = {
    errno.ENAMETOOLONG: "缩短文件名或目录层级 (shorten the name or the folder depth)",
    errno.ELOOP: "删除循环的符号链接 (remove the symlink loop)",
    errno.EACCES: "修正文件权限 (fix the file's permissions)",
    errno.EISDIR: "这是一个目录 (it is a folder)",
}
