"""A cache of loaded files, as beancount caches its ledger (issue 7), kept outside the repository.

What is stored is exactly what loading returned: the resolved plan (with its diagnostics) keyed
by every plan file, and each progress file's `Report` and diagnostics keyed by that file. A file's
key is its path and a hash of its content (mtime is no evidence: a checkout can give other
content the same mtime); the whole cache is keyed by the tool version, a hash of the
package's source (the schema and the rules that produce the results), the Python version and
the plan's key; a progress result also by the date git gives the file. Any difference is a
miss, so a hit returns what a fresh load would.

A file's content hash is not recomputed on every run: the cache keeps, per file, the
`lstat` fingerprint it had (size, mtime_ns, ctime_ns, inode, device) with its hash, and reuses
the hash while the fingerprint is unchanged (see `fingerprint()` for why that is sound). Files
loaded afresh are hashed from the very bytes that are parsed (pool.py), so each is read once.

The cache lives in this repository's folder under the user's cache home (`Settings.state_dir`:
$XDG_CACHE_HOME/yuanjiang-plan/repos/<hash of the repository's real path>, as pre-commit keeps
its store), never in the repository: a merge request can carry a link named like any file in
it (a `.plan-cache` linked to `progress/` made every new report invisible to git; one holding
a link to /dev/zero made every command read until memory ran out, issue 18). The folder must be
this user's own and writable by nobody else (`atomic.private_dir`), else nothing is cached. The
cache is one pickle (a pickle can run code), authenticated with a key kept beside it that only
this user can read; it is read with O_NOFOLLOW, as a regular file of at most MAX_BYTES, and
anything unreadable, corrupt or foreign is ignored and rebuilt. Writing goes through the one
atomic writer. `--no-cache` or PLAN_NO_CACHE=1 bypasses it entirely.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import stat
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from .. import __version__
from ..core.diagnostics import FatalError
from .atomic import create_new, private_dir, write_atomic
from .code import code_hash
from .disk import read_file
from .heap import no_gc
from .yamlio import MAX_FILE_BYTES, MAX_PLAN_BYTES, max_bytes

FILE = "load.pickle"
KEY = "cache-key"
FORMAT = 4
# The province benchmark (240k entries) needs ~60 MB; a cache past this is not written.
MAX_BYTES = 512 * 1024 * 1024
_MAC = hashlib.sha256().digest_size
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
# A file changed this recently (mtime or ctime) before it was looked at may change again within
# the same timestamp tick without changing its fingerprint: its fingerprint is not kept, so the
# next run hashes it again (git's "racily clean" entries). Linux stamps files with a coarse
# clock (a few ms); FAT has 2 s mtimes: 3 s covers both.
RACY_NS = 3_000_000_000

T = TypeVar("T")
MISS = object()  # not in the cache (`whole_repo_slot`)
FileKey = tuple[str, str]  # rel, sha1 of the content: the result depends on nothing else
Fingerprint = tuple[int, int, int, int, int]  # size, mtime_ns, ctime_ns, inode, device


def digest(raw: bytes) -> str:
    return hashlib.sha1(raw, usedforsecurity=False).hexdigest()


def fingerprint(path: Path) -> Fingerprint | None:
    """What `lstat` says about a file; None (never cached) for anything but a plain file of
    sane size: a symlink to /dev/zero or a FIFO must reach the loader's refusals, not hang here.

    While a file's fingerprint is the one recorded with its hash, the hash is reused without
    reading the file. mtime alone would not do: a checkout or `cp -p` can give other content the
    same mtime (and size). But ctime cannot be set by anyone: every write, truncate,
    utime or rename stamps it with the current time, and a checkout writes a new file (a new
    inode as well). So a content change changes the fingerprint, provided the old ctime was
    not in the same clock tick as the change: fingerprints of files changed shortly before
    they were looked at are not kept (RACY_NS). tests/read/test_cache.py changes a file's content
    keeping its size and mtime and checks that the change is seen.
    """
    try:
        st = path.lstat()
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_PLAN_BYTES:  # the larger limit (plan files)
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def plan_id(keys: tuple[FileKey | None, ...] | None) -> str:
    """A progress file's result depends on the plan: this names the plan files' state."""
    return hashlib.sha1(repr(keys).encode(), usedforsecurity=False).hexdigest() if keys else ""


def _read_private(path: Path, limit: int) -> bytes | None:
    """A regular file of this user's, readable by nobody else, of at most `limit` bytes;
    None otherwise (a link, a FIFO, someone else's file): never followed, never waited on."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW | _CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit or info.st_mode & 0o077 \
                or (hasattr(os, "geteuid") and info.st_uid != os.geteuid()):
            return None
        with os.fdopen(os.dup(fd), "rb") as fh:
            data = fh.read(limit + 1)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _secret(folder: Path) -> bytes | None:
    """The key authenticating this folder's cache; None (no cache) when it cannot be kept."""
    path = folder / KEY
    key = _read_private(path, 4096)
    if key is not None and len(key) >= 32:
        return key
    try:
        create_new(path, os.urandom(32), mode=0o600, durable=False)
    except FileExistsError:
        pass  # another process made one first: use it
    except OSError:
        return None
    key = _read_private(path, 4096)
    return key if key is not None and len(key) >= 32 else None


@dataclass
class Cache:
    """The loaded cache of one repository; `save()` writes what this run used."""

    root: Path
    enabled: bool = True
    folder: Path | None = None  # this repository's folder under the user's cache home
    header: tuple[Any, ...] = ()
    # The plan result pickled on its own: unpickled only when the plan files are unchanged, and
    # written back as the same bytes (pickling a province's plan again took ~0.3 s of every run
    # that changed a single report).
    plan: tuple[tuple[FileKey, ...], bytes] | None = None
    stored: dict[str, tuple[FileKey, Any, Any]] = field(default_factory=dict)
    stats: dict[str, tuple[Fingerprint, str]] = field(default_factory=dict)
    whole: tuple[str, Any] | None = None
    _new_whole: tuple[str, Any] | None = None
    _new_plan: tuple[tuple[FileKey, ...], bytes | None, Any] | None = None  # keys, blob, result
    _new_reports: dict[str, tuple[FileKey, Any, Any]] = field(default_factory=dict)
    _new_stats: dict[str, tuple[Fingerprint, str]] = field(default_factory=dict)
    _changed: bool = False
    _unkeyed: bool = False  # a file could not be keyed: nothing repo-wide is cached
    # When this run started looking at files (before any lstat): see RACY_NS.
    _now: int = field(default_factory=time.time_ns)

    @property
    def path(self) -> Path:
        assert self.folder is not None
        return self.folder / FILE

    @classmethod
    def open(cls, root: Path, enabled: bool = True, folder: Path | None = None) -> Cache:
        """The cache of `root` kept in `folder` (`Settings.state_dir`); disabled without one."""
        if not enabled or folder is None:
            return cls(root, enabled=False)
        try:
            private_dir(folder)
        except FatalError:
            return cls(root, enabled=False)  # a folder others could write: run without a cache
        secret = _secret(folder)
        if secret is None:
            return cls(root, enabled=False)
        cache = cls(root, folder=folder, header=(FORMAT, __version__, code_hash(), sys.version_info[:2]))
        cache._secret = secret
        cache._read()
        return cache

    _secret: bytes = b""

    def _read(self) -> None:
        blob = _read_private(self.path, MAX_BYTES + _MAC)
        if blob is None:
            return
        mac, body = blob[:_MAC], blob[_MAC:]
        if not hmac.compare_digest(mac, hmac.new(self._secret, body, "sha256").digest()):
            return  # corrupt, truncated, from another user or machine: ignore it
        try:
            with no_gc():
                header, plan, reports, stats, whole = pickle.loads(body)
        except Exception:  # an authenticated but unloadable cache (old classes...) is only a miss
            return
        if header != self.header or not isinstance(reports, dict) or not isinstance(stats, dict):
            return
        self.plan = plan
        self.stored = reports
        self.stats = stats
        self.whole = whole

    # ------------------------------------------------------------ keys

    def key(self, path: Path, rel: str) -> FileKey | None:
        """A file's key (None: not cacheable), hashing its content only if it may have changed."""
        if not self.enabled:
            return None
        fp = fingerprint(path)
        if fp is None:
            return None
        known = self.stats.get(rel)
        if known is not None and known[0] == fp:
            sha = known[1]
        else:
            try:
                sha = digest(read_file(path, max_bytes(rel)))
            except OSError:
                return None
        self._seen(rel, fp, sha)
        return (rel, sha)

    def _seen(self, rel: str, fp: Fingerprint, sha: str) -> None:
        """Keep the fingerprint for the next run unless the file changed too recently."""
        if max(fp[1], fp[2]) < self._now - RACY_NS:
            self._new_stats[rel] = (fp, sha)

    # ------------------------------------------------------------ lookups

    def plan_result(self, keys: tuple[FileKey, ...] | None, compute: Callable[[], T]) -> T:
        """The resolved plan for these plan files, from the cache or `compute()`."""
        if not self.enabled or keys is None:
            self._unkeyed = True
            return compute()
        if self.plan is not None and self.plan[0] == keys and isinstance(self.plan[1], bytes):
            try:
                with no_gc():
                    result: T = pickle.loads(self.plan[1])
            except Exception:  # authenticated yet unloadable (a class changed shape): a miss
                pass
            else:
                self._new_plan = (keys, self.plan[1], result)
                return result
        result = compute()
        self._new_plan = (keys, None, result)
        self._changed = True
        return result

    def reports(self, files: list[tuple[Path, str]], context: Callable[[str], Any],
                compute: Callable[[list[tuple[Path, str, bytes | None, bool]]],
                                  list[tuple[T, bytes | None, str | None]]],
                ) -> list[T]:
        """Each progress file's load result: hits from the cache, misses from one `compute()`.

        `context(rel)` is whatever else a file's result depends on (the plan, its git date).
        `compute` gets (path, rel, the bytes if already read, whether to hash them) and returns
        (result, its pickle if it already has one, the sha1 of the bytes it parsed): worker
        processes send results pickled, and the cache keeps those bytes instead of pickling
        again; a file is hashed from the bytes that are parsed, so it is read once.
        """
        out: list[Any] = [None] * len(files)
        todo: list[tuple[int, Path, str, Fingerprint | None, bytes | None]] = []
        with no_gc():
            for i, (path, rel) in enumerate(files):
                fp = fingerprint(path) if self.enabled else None
                if fp is None:
                    self._unkeyed = True
                    todo.append((i, path, rel, None, None))
                    continue
                known = self.stats.get(rel)
                raw = None
                if known is not None and known[0] == fp:
                    sha = known[1]
                elif rel in self.stored:  # touched or checked out again: same content?
                    try:
                        raw = read_file(path, MAX_FILE_BYTES)
                    except OSError:
                        self._unkeyed = True
                        todo.append((i, path, rel, None, None))
                        continue
                    sha = digest(raw)
                else:  # a new file: the loader hashes what it reads
                    todo.append((i, path, rel, fp, None))
                    continue
                hit, result = self.lookup((rel, sha), context(rel))
                if hit:
                    out[i] = result
                    self._seen(rel, fp, sha)
                else:
                    todo.append((i, path, rel, fp, raw))
        results = compute([(path, rel, raw, fp is not None) for _, path, rel, fp, raw in todo])
        for (i, _, rel, fp, _), (result, blob, parsed) in zip(todo, results, strict=True):
            out[i] = result
            if fp is None:
                continue
            if parsed is None:  # unreadable after all
                self._unkeyed = True
                continue
            self._seen(rel, fp, parsed)
            self.store((rel, parsed), context(rel), result, blob)
        return out

    def lookup(self, key: FileKey, context: Any) -> tuple[bool, Any]:
        """(True, result) on a hit."""
        old = self.stored.get(key[0])
        if old is None or old[0] != key or old[1] != context:
            return False, None
        try:
            result = pickle.loads(old[2])
        except Exception:  # authenticated yet unloadable (a class changed shape): a miss
            return False, None
        self._new_reports[key[0]] = old
        return True, result

    def store(self, key: FileKey, context: Any, result: Any, blob: bytes | None = None) -> None:
        if blob is None:
            blob = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        self._new_reports[key[0]] = (key, context, blob)
        self._changed = True

    def whole_repo_slot(self, context: Any = None) -> tuple[Any, Callable[[Any], None]]:
        """A result that depends on every file read in this run (cross-file checks) and on
        `context` (what else decided it: the day, dates from git): (the cached result, or MISS;
        how to keep the result once computed), so that it can be worked out later or elsewhere
        (loader.py)."""
        if not self.enabled or self._unkeyed:
            return MISS, lambda result: None
        h = hashlib.sha1(repr(self._new_plan[0] if self._new_plan else None).encode(),
                         usedforsecurity=False)
        h.update(repr(context).encode())
        for rel in sorted(self._new_reports):
            h.update(repr(self._new_reports[rel][:2]).encode())
        key = h.hexdigest()
        if self.whole is not None and self.whole[0] == key:
            self._new_whole = self.whole
            return self.whole[1], lambda result: None

        def keep(result: Any) -> None:
            self._new_whole = (key, result)
            self._changed = True

        return MISS, keep

    # ------------------------------------------------------------ writing

    def plan_pickle(self) -> bytes | None:
        """The pickle `save` will write for a plan not taken from the cache (None: nothing to
        make), for `keep_plan_pickle`: it can be made elsewhere, as long as the plan is the same."""
        if not self.enabled or self._new_plan is None or self._new_plan[1] is not None:
            return None
        try:
            return pickle.dumps(self._new_plan[2], protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return None

    def keep_plan_pickle(self, blob: bytes | None) -> None:
        if blob is not None and self._new_plan is not None and self._new_plan[1] is None:
            self._new_plan = (self._new_plan[0], blob, self._new_plan[2])

    def save(self) -> None:
        """Write what this run used (files gone from the repository drop out); never raises."""
        if not self.enabled:
            return
        if not self._changed and set(self._new_reports) == set(self.stored) \
                and self._new_whole == self.whole and self._new_stats == self.stats:
            return  # nothing new: leave the file alone (warm runs write nothing)
        try:
            if self._new_plan is not None and self._new_plan[1] is None:
                self.keep_plan_pickle(self.plan_pickle())
                if self._new_plan[1] is None:
                    return  # a plan that does not pickle: nothing is cached
            plan = None if self._new_plan is None else self._new_plan[:2]
            body = pickle.dumps((self.header, plan, self._new_reports, self._new_stats,
                                 self._new_whole),
                                protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return
        if len(body) > MAX_BYTES:
            self._remove()
            return
        blob = hmac.new(self._secret, body, "sha256").digest() + body
        try:
            write_atomic(self.path, blob, 0o600, durable=False)
        except (OSError, FatalError):
            pass  # a full disk or a read-only home: run without a cache

    def _remove(self) -> None:
        try:
            self.path.unlink()
        except OSError:
            pass
