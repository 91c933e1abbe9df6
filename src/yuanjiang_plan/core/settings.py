"""What a run was asked for, from options and environment: built once by the CLI, passed down.

Nothing below the CLI reads `os.environ`, `sys.argv` or the clock; it receives these values.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

_FALSE = ("", "0", "false", "no", "off")


def _flag(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "").strip().lower() not in _FALSE


@dataclass(frozen=True)
class Settings:
    """One run's settings (`plan --no-cache status --debug` and PLAN_* variables)."""

    root: Path | None = None          # --root / PLAN_ROOT; None: search upwards for plan/
    cache: bool = True                # --no-cache / PLAN_NO_CACHE
    cache_home: Path | None = None    # the user's cache folder (XDG_CACHE_HOME or ~/.cache)
    workers: int | None = None        # PLAN_WORKERS; None: one per core
    lang: str = "zh"                  # --lang / PLAN_LANG
    debug: bool = False               # --debug / PLAN_DEBUG: tracebacks for internal errors
    today: dt.date = field(default_factory=dt.date.today)
    env: Mapping[str, str] = field(default_factory=dict)  # for the few commands that need more

    @classmethod
    def from_environment(cls, env: Mapping[str, str], *, today: dt.date | None = None) -> Settings:
        home = env.get("XDG_CACHE_HOME") or (os.path.join(env["HOME"], ".cache") if env.get("HOME") else "")
        workers = env.get("PLAN_WORKERS", "").strip()
        return cls(
            root=Path(env["PLAN_ROOT"]).expanduser() if env.get("PLAN_ROOT") else None,
            cache=not _flag(env, "PLAN_NO_CACHE"),
            cache_home=Path(home) / "yuanjiang-plan" if home else None,
            workers=min(int(workers), 64) if workers.isdigit() and int(workers) > 0 else None,
            lang="en" if env.get("PLAN_LANG", "").strip().lower() == "en" else "zh",
            debug=_flag(env, "PLAN_DEBUG"),
            today=today or dt.date.today(),
            env=dict(env),
        )

    def state_dir(self, root: Path) -> Path | None:
        """This repository's folder under the user's cache home (cache, locks, sent-log): keyed by
        the repository's real path, as pre-commit keeps its store, so nothing a repository
        carries is ever followed or written through."""
        if self.cache_home is None:
            return None
        import hashlib  # here: the CLI imports this module on every start, `--help` included

        key = hashlib.sha256(os.fsencode(os.path.realpath(root))).hexdigest()[:20]
        return self.cache_home / "repos" / key

    def lock_dir(self, root: Path) -> Path:
        """Where writers' lock files go: this repository's folder under the cache home (never
        beside a report: a data repository would commit them), else a private temp folder."""
        state = self.state_dir(root)
        if state is not None:
            return state / "locks"
        import hashlib
        import tempfile

        key = hashlib.sha256(os.fsencode(os.path.realpath(root))).hexdigest()[:20]
        return Path(tempfile.gettempdir()) / f"yuanjiang-plan-{os.getuid()}" / key / "locks"
