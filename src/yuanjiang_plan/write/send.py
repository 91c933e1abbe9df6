"""Posting 催报 messages to group robots (WeCom 企业微信, DingTalk 钉钉, Feishu 飞书), and the
sent-log that keeps a message from going out twice on one day.

Everything from outside arrives as a parameter: the webhook's URL and secret (read by the CLI
from the environment variables `plan.yaml` names), the clock, `sleep`, and the timeout and
retry policy (tests make them short).

Outcomes, per the services' documented behaviour:

- HTTP 200 with `errcode` 0 (WeCom, DingTalk) or `code` 0 (Feishu) in the body: sent. A 200 with
  any other code is a failure (bad signature 310000 / 19021, keyword missing, ...), except the
  services' rate-limit codes (WeCom 45009, DingTalk 130101, Feishu 11232), retried like a 429.
- 429 and 5xx: retried with exponential backoff (a `Retry-After` of a few seconds is honoured).
- Any other 4xx or 3xx: a failure, never retried (the request itself is wrong; redirects are
  not followed: a webhook that moved is a configuration to fix).
- No connection (refused, unreachable, DNS, connect timeout): retried — nothing was sent.
- A timeout *after* the request went out: a failure, not retried — the service may have
  posted it, and a second copy in the group is worse than a line saying "check the group".
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import http.client
import json
import os
import ssl
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.diagnostics import FatalError
from ..read.atomic import locked, private_dir
from ..read.disk import read_file

RATE_LIMIT_CODES = {"wecom": {45009}, "dingtalk": {130101}, "feishu": {11232}}
LOG_FILE = "sent.jsonl"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


@dataclass(frozen=True)
class Webhook:
    """One group robot. `url` and `secret` are credentials: never printed, never logged."""

    service: str  # wecom | dingtalk | feishu
    url: str
    secret: str | None = None
    name: str = ""  # what the office calls it (the notify entry's `name`), shown in output

    @property
    def shown(self) -> str:
        """A name safe to print: the entry's name, else the service and host (no key, no path)."""
        if self.name:
            return self.name
        host = urllib.parse.urlsplit(self.url).hostname or "?"
        return f"{self.service}@{host}"

    @property
    def key(self) -> str:
        """Identifies the robot in the sent-log without storing its URL."""
        return hashlib.sha256(self.url.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Policy:
    timeout: float = 10.0  # seconds, connect and each read
    attempts: int = 4  # tries in all
    backoff: float = 1.0  # seconds before the second try; doubles each time
    max_wait: float = 30.0  # cap on one wait (also on a server's Retry-After)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.time  # seconds since the epoch: signatures' timestamps


@dataclass(frozen=True)
class Result:
    ok: bool
    attempts: int
    reason: str = ""  # why it failed, in words (Chinese with English)
    status: int | None = None  # the last HTTP status, if any


def sign(hook: Webhook, body: Mapping[str, Any], now: float) -> tuple[str, dict[str, Any]]:
    """The URL and body to post, signed as each service documents when a secret is set.

    DingTalk (加签): `timestamp` (ms) and `sign` = urlencode(base64(HMAC-SHA256(key=secret,
    msg=f"{timestamp}\\n{secret}"))) appended to the URL's query string.
    Feishu (签名校验): `timestamp` (s) and `sign` = base64(HMAC-SHA256(key=f"{timestamp}\\n{secret}",
    msg=b"")) added to the JSON body.
    """
    out = dict(body)
    if not hook.secret:
        return hook.url, out
    if hook.service == "dingtalk":
        ts = str(int(now * 1000))
        mac = hmac.new(hook.secret.encode("utf-8"), f"{ts}\n{hook.secret}".encode(), hashlib.sha256)
        signature = urllib.parse.quote_plus(base64.b64encode(mac.digest()).decode("ascii"))
        joiner = "&" if urllib.parse.urlsplit(hook.url).query else "?"
        return f"{hook.url}{joiner}timestamp={ts}&sign={signature}", out
    if hook.service == "feishu":
        ts = str(int(now))
        mac = hmac.new(f"{ts}\n{hook.secret}".encode(), b"", hashlib.sha256)
        return hook.url, {"timestamp": ts, "sign": base64.b64encode(mac.digest()).decode("ascii"),
                          **out}
    return hook.url, out


class _NotSent(Exception):
    """The connection failed before the request went out: safe to retry."""


def _exchange(url: str, data: bytes, timeout: float) -> tuple[int, Mapping[str, str], bytes]:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {parts.scheme}://{parts.hostname or ''}")
    conn: http.client.HTTPConnection
    if parts.scheme == "https":
        conn = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=timeout,
                                           context=ssl.create_default_context())
    else:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        try:
            conn.connect()
        except (OSError, ssl.SSLError) as exc:
            raise _NotSent(str(exc) or type(exc).__name__) from exc
        conn.request("POST", path, body=data,
                     headers={"Content-Type": "application/json; charset=utf-8",
                              "User-Agent": "yuanjiang-plan"})
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read(64 * 1024)
    finally:
        conn.close()


def _body_code(service: str, raw: bytes) -> tuple[int | None, str]:
    """The service's result code and message from a 200 body; (None, why) if unreadable."""
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None, "响应不是 JSON (the response is not JSON)"
    if not isinstance(doc, dict):
        return None, "响应不是 JSON 对象 (unexpected response)"
    if service == "feishu":
        code = doc.get("code", doc.get("StatusCode"))
        msg = doc.get("msg", doc.get("StatusMessage", ""))
    else:
        code, msg = doc.get("errcode"), doc.get("errmsg", "")
    if not isinstance(code, int) or isinstance(code, bool):
        return None, "响应里没有结果码 (no result code in the response)"
    return code, str(msg)[:200]


def _retry_after(headers: Mapping[str, str], policy: Policy) -> float | None:
    for k, v in headers.items():
        if k.lower() == "retry-after":
            with contextlib.suppress(ValueError):
                return min(max(0.0, float(v)), policy.max_wait)
    return None


def post(hook: Webhook, body: Mapping[str, Any], policy: Policy | None = None) -> Result:
    """Post one message with bounded retries; never raises for network or service errors."""
    policy = policy or Policy()
    reason = ""
    status: int | None = None
    for attempt in range(1, policy.attempts + 1):
        wait: float | None = None
        url, signed = sign(hook, body, policy.clock())  # re-signed per try: timestamps expire
        data = json.dumps(signed, ensure_ascii=False).encode("utf-8")
        try:
            status, headers, raw = _exchange(url, data, policy.timeout)
        except ValueError as exc:
            return Result(False, attempt, f"地址无效 (bad webhook URL): {exc}")
        except _NotSent as exc:
            reason = f"连接失败 (connection failed): {exc}"
            status = None
        except TimeoutError:
            return Result(False, attempt, "等待响应超时，消息可能已送达，请在群里核对 "
                                          "(timed out waiting for the reply: it may have arrived)")
        except (OSError, http.client.HTTPException) as exc:
            # The request went out and the exchange broke: as with a timeout, don't repeat it.
            return Result(False, attempt, f"连接中断 (connection broken): {type(exc).__name__}")
        else:
            if status == 200:
                code, msg = _body_code(hook.service, raw)
                if code == 0:
                    return Result(True, attempt, "", status)
                if code is None:
                    return Result(False, attempt, msg, status)
                reason = f"服务返回错误 (service error) {code}: {msg}"
                if code not in RATE_LIMIT_CODES.get(hook.service, set()):
                    return Result(False, attempt, reason, status)
            elif status == 429 or status >= 500:
                reason = f"HTTP {status}"
                wait = _retry_after(headers, policy)
            else:
                return Result(False, attempt, f"HTTP {status}（不重试 not retried）", status)
        if attempt < policy.attempts:
            policy.sleep(wait if wait is not None else
                         min(policy.backoff * 2 ** (attempt - 1), policy.max_wait))
    return Result(False, policy.attempts, f"{reason}（已试 {policy.attempts} 次 after "
                                          f"{policy.attempts} tries）", status)


# ---------------------------------------------------------------- the sent-log


def message_key(day: str, unit: str, hook: Webhook, body: Mapping[str, Any]) -> str:
    """Same day, unit, robot and message: the same key (signatures are added later)."""
    blob = json.dumps([day, unit, hook.key, body], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@dataclass
class SentLog:
    """`sent.jsonl` in this repository's folder under the user's cache home (`Settings.state_dir`,
    never in the repository, issue 18): one line per message sent (day, unit, robot key,
    message key)."""

    folder: Path
    keys: set[str] = field(default_factory=set)

    @property
    def path(self) -> Path:
        return self.folder / LOG_FILE

    @classmethod
    def open(cls, folder: Path) -> SentLog:
        log = cls(folder)
        with contextlib.suppress(OSError, UnicodeDecodeError):
            for line in read_file(log.path, 64 * 1024 * 1024).decode("utf-8").splitlines():
                with contextlib.suppress(ValueError, AttributeError, TypeError):
                    key = json.loads(line).get("key")
                    if isinstance(key, str):
                        log.keys.add(key)
        return log

    def sent(self, key: str) -> bool:
        return key in self.keys

    def record(self, key: str, day: str, unit: str, hook: Webhook, at: float) -> bool:
        """Append one line (locked, flushed to disk) before the next message goes out; False
        when the log could not be written (a rerun today would then send it again)."""
        private_dir(self.folder)
        line = json.dumps({"day": day, "unit": unit, "robot": hook.key, "key": key,
                           "at": round(at, 3)}, ensure_ascii=False)
        try:
            with locked(self.folder / "locks" / "sent.lock", "sent.jsonl", timeout=10):
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NOFOLLOW, 0o600)
                with os.fdopen(fd, "a", encoding="utf-8") as fh:
                    fh.write(line + "\n")
                    fh.flush()
                    os.fsync(fh.fileno())
        except (FatalError, OSError):
            # Another run holds the log too long, or a link sits where the log should be: the
            # message went out; the next run may send it again rather than never.
            return False
        finally:
            self.keys.add(key)
        return True
