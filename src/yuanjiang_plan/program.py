"""The `plan` program: an unchanged question gets the last answer again (issue 12).

A reading command (`status`, `overdue`, `show`, `depts`, `validate`, `remind` without
`--send`) prints what its inputs determine: the files under `plan/` and `progress/`, the git
history (HEAD), the command line, the working folder, the environment, the terminal, the date
and this program's code. When none of these changed since the last run that asked the same,
its output is written again byte for byte instead of loading 240,000 entries to print it; a
province's warm `status` then costs a Python start, a walk of the repository and a read.

What "unchanged" means is checked as the load cache checks a file (read/cache.py): the `lstat`
fingerprint (size, mtime, ctime, inode, device) of every entry under `plan/` and `progress/`,
every name included, so an added, removed, renamed or rewritten file is a miss; an answer is
not kept when any entry changed within RACY_NS of the run (the same clock-tick argument).
A symbolic link under those folders, a missing cache folder or anything unusual: the command
just runs. Answers live in this repository's folder under the user's cache home
(`Settings.state_dir`), never in the repository, and are unpickled with no class allowed (bytes,
str, int and containers only). `--no-cache` / PLAN_NO_CACHE bypass it.

This module sits above `cli/` and imports it only when the command has to run.
"""

from __future__ import annotations

import io
import os
import sys
import time
from typing import Any

READING = frozenset({"status", "overdue", "show", "depts", "validate", "remind"})
ANSWERS = "answers"  # folder of answers, one file per question (named by its key)
KEEP = 8  # answers kept per repository: the latest
MAX_ANSWER = 64 * 1024 * 1024
RACY_NS = 3_000_000_000  # read/cache.py RACY_NS
# Environment entries a shell changes between identical commands; everything else counts.
_VOLATILE = frozenset({"_", "OLDPWD", "SHLVL", "PWD"})
# Libraries whose versions shape the output: a reinstall changes their files' fingerprints.
_LIBRARIES = ("typer", "rich", "pydantic", "pydantic_core", "yaml", "orjson")


def main() -> None:
    """Console-script entry point."""
    if sys.argv[1:] == ["--version"]:  # cli/app.py answers it the same way, after importing typer
        from . import __version__

        sys.stdout.write(f"plan (yuanjiang-plan) {__version__}\n")
        return
    question = _question(sys.argv[1:])
    if question is not None:
        folder, key, keep = question
        answer = _lookup(folder, key)
        if answer is not None:
            code, chunks = answer
            streams = (sys.stdout, sys.stderr)
            for which, data in chunks:  # in the order they were written (a terminal shows both)
                _write(streams[which], data)
            raise SystemExit(code)
        _run_and_keep(folder, key, keep)
        return
    from .cli import main as run

    run()


# ---------------------------------------------------------------- the question


def _question(argv: list[str]) -> tuple[str, str, bool] | None:
    """(answers folder, key of this question, whether its answer may be kept), or None when
    this run cannot be answered from a previous one."""
    env = os.environ
    if not argv or argv[0] not in READING or "--send" in argv or "--help" in argv or "-h" in argv:
        return None
    if env.get("PLAN_NO_CACHE", "").strip().lower() not in ("", "0", "false", "no", "off"):
        return None
    if env.get("GITHUB_STEP_SUMMARY"):  # validate appends to it: a side effect
        return None
    root = _root(argv, env)
    if root is None:
        return None
    import hashlib
    from pathlib import Path

    from .core.settings import Settings
    from .read.code import code_hash  # another version answers for itself

    folder = Settings.from_environment(env).state_dir(Path(root))
    if folder is None:
        return None
    now = time.time_ns()
    h = hashlib.sha256()
    parts: list[Any] = [
        sys.version, sys.executable, argv, os.getcwd(), root,
        sorted((k, v) for k, v in env.items() if k not in _VOLATILE),
        [_terminal(stream) for stream in (sys.stdout, sys.stderr)],
        time.strftime("%Y-%m-%d"), code_hash(), _libraries(), _git_head(root),
    ]
    h.update(repr(parts).encode("utf-8", "surrogateescape"))
    racy = False
    for top in ("plan", "progress"):
        seen = _walk(os.path.join(root, top), h, now - RACY_NS)
        if seen is None:
            return None
        racy = racy or seen
    return str(folder), h.hexdigest(), not racy


def _root(argv: list[str], env: os._Environ[str]) -> str | None:
    """The repository root exactly as read/files.find_root finds it; None when it would fail."""
    override = None
    for i, arg in enumerate(argv):
        if arg == "--root":
            if i + 1 >= len(argv):
                return None
            override = argv[i + 1]
        elif arg.startswith("--root="):
            override = arg.split("=", 1)[1]
    override = override or env.get("PLAN_ROOT") or None
    if override:
        root = os.path.realpath(os.path.expanduser(override))
        return root if os.path.isdir(os.path.join(root, "plan")) else None
    here = os.path.realpath(os.getcwd())
    while True:
        if os.path.isdir(os.path.join(here, "plan")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def _walk(top: str, h: Any, racy_after: int) -> bool | None:
    """Feed every entry under `top` (name, kind, fingerprint) to `h`, in a fixed order.

    True when one changed too recently to vouch for; None when the folder holds something the
    fingerprints cannot vouch for (a symbolic link: its target may change unseen).
    """
    racy = False
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except FileNotFoundError:
            h.update(f"{folder}\0absent\n".encode("utf-8", "surrogateescape"))
            continue
        except OSError:
            return None
        for entry in entries:
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                return None
            if entry.is_symlink():
                return None
            h.update(f"{entry.path}\0{st.st_mode}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}"
                     f"\0{st.st_ino}\0{st.st_dev}\n".encode("utf-8", "surrogateescape"))
            if max(st.st_mtime_ns, st.st_ctime_ns) >= racy_after:
                racy = True
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
    return racy


def _terminal(stream: Any) -> tuple[bool, Any]:
    try:
        if stream.isatty():
            return True, tuple(os.get_terminal_size(stream.fileno()))
    except (AttributeError, OSError, ValueError):
        pass
    return False, None


def _libraries() -> list[Any]:
    from importlib.util import find_spec

    out: list[Any] = []
    for name in _LIBRARIES:
        try:
            spec = find_spec(name)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None else None
        try:
            st = os.stat(origin) if origin else None
        except OSError:
            st = None
        out.append((name, origin, st and (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)))
    return out


def _git_head(root: str) -> str:
    """The commit git's history is read at (first-seen dates); '' outside git."""
    here = root
    while not os.path.exists(os.path.join(here, ".git")):
        parent = os.path.dirname(here)
        if parent == here:
            return ""
        here = parent
    import subprocess

    try:
        proc = subprocess.run(["git", "-C", root, "rev-parse", "--verify", "-q", "HEAD"],
                              capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return "?" + str(time.time_ns())  # never equal: no answer kept or found
    return proc.stdout.decode("ascii", "replace").strip() + f":{proc.returncode}"


# ---------------------------------------------------------------- answers


Chunks = list[tuple[int, bytes]]  # (0 stdout | 1 stderr, bytes), in the order written


def _lookup(folder: str, key: str) -> tuple[int, Chunks] | None:
    """The answer kept for `key`: one file per answer, so a lookup reads only its own."""
    import pickle  # here, not at the top: `plan --help` and `--version` never need it

    class NoClasses(pickle.Unpickler):
        """Answers hold bytes, str, int, tuples and lists only: nothing else may be built."""

        def find_class(self, module: str, name: str) -> Any:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed")

    try:
        with open(os.path.join(folder, ANSWERS, key), "rb") as fh:
            answer = NoClasses(fh).load()
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError,
            IndexError, KeyError, MemoryError):
        return None
    if not (isinstance(answer, tuple) and len(answer) == 2 and isinstance(answer[0], int)
            and isinstance(answer[1], list)
            and all(isinstance(c, tuple) and len(c) == 2 and c[0] in (0, 1)
                    and isinstance(c[1], bytes) for c in answer[1])):
        return None
    return answer[0], answer[1]


def _store(folder: str, key: str, code: int, chunks: Chunks) -> None:
    if sum(len(c) for _, c in chunks) > MAX_ANSWER:
        return
    import pickle
    import tempfile

    where = os.path.join(folder, ANSWERS)
    tmp = None
    try:
        os.makedirs(where, mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where, prefix=".answer-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((code, chunks), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, os.path.join(where, key))
        tmp = None
        kept = sorted((e.stat().st_mtime_ns, e.path) for e in os.scandir(where)
                      if not e.name.startswith("."))
        for _, old in kept[:-KEEP]:  # the oldest answers go
            os.unlink(old)
    except OSError:
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


# ---------------------------------------------------------------- running and keeping


class _Tee(io.RawIOBase):
    """A stream's bytes, passed on and logged (with the other stream's, in order)."""

    def __init__(self, which: int, original: Any, log: Chunks) -> None:
        self.which, self.target, self.original, self.log = which, original.buffer, original, log

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.target.write(data)
        chunk = bytes(data)
        if self.log and self.log[-1][0] == self.which:
            self.log[-1] = (self.which, self.log[-1][1] + chunk)
        else:
            self.log.append((self.which, chunk))
        return len(chunk)

    def flush(self) -> None:
        self.target.flush()

    def isatty(self) -> bool:
        return bool(self.original.isatty())

    def fileno(self) -> int:
        return int(self.original.fileno())


def _tee(which: int, stream: Any, log: Chunks) -> Any:
    # Unbuffered below the text layer: each write reaches the log (and the stream) in order.
    return io.TextIOWrapper(_Tee(which, stream, log), encoding=stream.encoding,
                            errors=stream.errors, line_buffering=stream.line_buffering,
                            write_through=True)


def _run_and_keep(folder: str, key: str, keep: bool) -> None:
    from .cli import main as run

    if not hasattr(sys.stdout, "buffer") or not hasattr(sys.stderr, "buffer"):
        run()
        return
    saved = sys.stdout, sys.stderr
    log: Chunks = []
    sys.stdout, sys.stderr = _tee(0, saved[0], log), _tee(1, saved[1], log)
    code: Any = None
    try:
        run()
        code = 0
    except SystemExit as exc:
        code = 0 if exc.code is None else exc.code
        raise
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                keep = False
        sys.stdout, sys.stderr = saved
        # Only answers the data decided: 0 (fine) and 1 (data errors); never a crash, an
        # interrupt or a usage error (code stays None when anything but SystemExit escaped).
        if keep and code in (0, 1):
            _store(folder, key, code, log)


def _write(stream: Any, data: bytes) -> None:
    if not data:
        return
    stream.flush()
    stream.buffer.write(data)
    stream.buffer.flush()
