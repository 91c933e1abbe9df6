"""`plan remind`: the reminder content (pure), its texts, the robots' request bodies, and posting
to a recording HTTP server on 127.0.0.1 (never anywhere else)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from helpers import PLAN_YAML, REPO, SEPTEMBER_LIKE, TREE_YAML
from yuanjiang_plan.loader import load_repo
from yuanjiang_plan.ops.remind import build_reminders
from yuanjiang_plan.ops.track import evaluate
from yuanjiang_plan.render.remind import LIMITS, fit, message_text, render_json, robot_body
from yuanjiang_plan.write.send import Policy, Result, SentLog, Webhook, message_key, post, sign

AS_OF = dt.date(2024, 10, 15)


def bundled(as_of: dt.date = AS_OF) -> Any:
    repo = load_repo(REPO, None, use_cache=False)
    ev = evaluate(repo.plan, repo.entries, as_of)
    return repo, build_reminders(ev, repo.reports)


# ---------------------------------------------------------------- content (pure)


def test_missing_reports_with_days_and_streak():
    _, content = bundled()
    rem = {r.unit: r for r in content.reminders}["沅江高新区"]
    assert [(o.period.text, o.deadline.isoformat(), rem.days_missing(o, AS_OF)) for o in rem.missing] \
        == [("2024-08", "2024-09-05", 40), ("2024-09", "2024-10-05", 10)]
    assert rem.missing_streak == 2
    # 1.1.1 is behind; 1.1.2 is an action with notes but no `done`/`percent` (0%, SPEC §4), and
    # 1.1.3, 1.1.4 nobody has started: all red with 58% of the time gone.
    assert [s.node.id for s in rem.at_risk] == ["1.1.1", "1.1.2", "1.1.3", "1.1.4"]


def test_late_report_of_the_latest_period_only():
    _, content = bundled()
    rem = {r.unit: r for r in content.reminders}["市交通运输局"]
    assert [(o.period.text, o.days_late) for o in rem.late] == [("2024-09", 3)]
    assert not rem.missing
    # Its at-risk targets, furthest behind 序时进度 first (a milestone not begun is red).
    assert [s.node.id for s in rem.at_risk][:1] == ["1.2.3"]


def test_units_owing_nothing_get_no_message():
    # On 07-10 no report is due yet and 5% of the time is gone: nobody is behind, nobody owes.
    _, early = bundled(dt.date(2024, 7, 10))
    assert early.reminders == () and "市文旅广体局" in early.clear
    _, content = bundled()
    assert all(r.owes for r in content.reminders)
    assert content.next_period is not None and content.next_period.text == "2024-10"
    assert content.next_deadline == dt.date(2024, 11, 5)


def test_due_soon_and_overdue_late_in_the_year():
    _, content = bundled(dt.date(2024, 12, 10))
    soon = [s for r in content.reminders for s in r.due_soon]
    assert soon and all(s.light.value == "blue" for s in soon)
    _, after = bundled(dt.date(2025, 1, 10))
    overdue = [s for r in after.reminders for s in r.overdue]
    assert overdue and all(s.status.value == "overdue" and s.days_overdue == 10 for s in overdue)


# ---------------------------------------------------------------- texts


def test_text_message_reads_as_a_reminder():
    _, content = bundled()
    rem = {r.unit: r for r in content.reminders}["沅江高新区"]
    text = message_text(rem, content)
    assert text.splitlines()[0] == "【催报】沅江高新区"
    assert "2024-08 报告：应于2024-09-05前报送，已超期40天" in text
    assert "【未报送进度报告】2期，已连续2期未报" in text
    assert "1.1.1 新引进长沙溢出产业项目：截止2024-12-31；目前0个，目标2个以上；" in text
    assert "2024-10 进度报告请于2024-11-05前报送" in text
    assert text.rstrip().endswith("——市发改局（专班办公室）")


def test_json_lists_every_reminder_with_its_text():
    _, content = bundled()
    doc = json.loads(render_json(content))
    assert doc["as_of"] == "2024-10-15"
    first = doc["reminders"][0]
    assert set(first) >= {"unit", "missing", "late", "overdue", "at_risk", "due_soon", "text"}
    gxq = next(r for r in doc["reminders"] if r["unit"] == "沅江高新区")
    assert gxq["missing"][0] == {"period": "2024-08", "deadline": "2024-09-05", "days_late": 40}
    assert gxq["at_risk"][0]["light"] == "red" and gxq["at_risk"][0]["figure"] == "0个"


def test_user_text_cannot_inject_controls_or_markup(make_repo, cli):
    hostile = TREE_YAML.replace("title: 新建快充桩", 'title: "快充桩\\e[31m<font color=\\"warning\\">[x](http://e)"')
    root = make_repo(tree=hostile)
    out = cli("remind", "--root", str(root), "--as-of", "2024-10-15", "--format", "markdown")
    assert out.exit_code == 0, out.output
    assert "\x1b" not in out.stdout and "\\x1b" in out.stdout
    assert "<font" not in out.stdout and "\\[x\\]" in out.stdout
    plain = cli("remind", "--root", str(root), "--as-of", "2024-10-15")
    assert "\x1b" not in plain.stdout


def test_bodies_in_each_services_format():
    _, content = bundled()
    rem = content.reminders[0]
    assert robot_body("wecom", "text", rem, content)["msgtype"] == "text"
    assert set(robot_body("wecom", "markdown", rem, content)["markdown"]) == {"content"}
    ding = robot_body("dingtalk", "markdown", rem, content)
    assert ding["msgtype"] == "markdown" and set(ding["markdown"]) == {"title", "text"}
    assert robot_body("dingtalk", "text", rem, content)["text"]["content"].startswith("【催报】")
    fs = robot_body("feishu", "text", rem, content)
    assert fs["msg_type"] == "text" and fs["content"]["text"].startswith("【催报】")


def test_long_messages_fit_the_services_byte_limits():
    text = "\n".join(f"{i}. 指标名称很长很长很长很长很长很长很长很长" for i in range(200))
    cut = fit(text, LIMITS[("wecom", "text")])
    assert len(cut.encode("utf-8")) <= 2048
    assert cut.splitlines()[-1].startswith("……另有")


# ---------------------------------------------------------------- signing


def test_dingtalk_signature_in_the_query_string():
    hook = Webhook("dingtalk", "http://127.0.0.1:9/robot/send?access_token=T", "SECabc")
    url, body = sign(hook, {"msgtype": "text"}, 1_700_000_000.123)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query["access_token"] == ["T"] and query["timestamp"] == ["1700000000123"]
    expected = base64.b64encode(hmac.new(b"SECabc", b"1700000000123\nSECabc", hashlib.sha256).digest())
    assert query["sign"] == [expected.decode()]
    assert body == {"msgtype": "text"}


def test_feishu_signature_in_the_body():
    hook = Webhook("feishu", "http://127.0.0.1:9/open-apis/bot/v2/hook/x", "s3cret")
    url, body = sign(hook, {"msg_type": "text"}, 1_599_360_473.9)
    assert url == hook.url
    expected = base64.b64encode(hmac.new(b"1599360473\ns3cret", b"", hashlib.sha256).digest())
    assert body == {"timestamp": "1599360473", "sign": expected.decode(), "msg_type": "text"}


def test_unsigned_without_a_secret():
    hook = Webhook("dingtalk", "http://127.0.0.1:9/robot/send?access_token=T")
    assert sign(hook, {"a": 1}, 1.0) == (hook.url, {"a": 1})


# ---------------------------------------------------------------- a recording server


@dataclass
class Recorder:
    """Scripted answers per path: a list of (status, body, headers, delay) used in turn
    (the last one repeats); every request is kept."""

    script: dict[str, list[tuple[int, Any, dict[str, str], float]]] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def on(self, path: str, *answers: tuple[int, Any, dict[str, str], float]) -> str:
        self.script[path.split("?")[0]] = list(answers)
        return self.url(path)

    def hits(self, path: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["path"] == path]


OK_WECOM = (200, {"errcode": 0, "errmsg": "ok"}, {}, 0.0)
OK_FEISHU = (200, {"code": 0, "msg": "success", "data": {}}, {}, 0.0)


@pytest.fixture
def server() -> Iterator[Recorder]:
    rec = Recorder()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            parts = urllib.parse.urlsplit(self.path)
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            rec.requests.append({"path": parts.path, "query": urllib.parse.parse_qs(parts.query),
                                 "body": json.loads(raw.decode("utf-8")),
                                 "content_type": self.headers.get("Content-Type")})
            answers = rec.script.get(parts.path) or [(404, {"error": "no such path"}, {}, 0.0)]
            seen = len(rec.hits(parts.path))
            status, body, headers, delay = answers[min(seen - 1, len(answers) - 1)]
            if delay:
                time.sleep(delay)
            data = json.dumps(body).encode()
            try:
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass  # the client gave up (a timeout test)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    rec.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02},
                              daemon=True)
    thread.start()
    try:
        yield rec
    finally:
        httpd.shutdown()
        httpd.server_close()


def fast(sleeps: list[float] | None = None, attempts: int = 3, timeout: float = 2.0) -> Policy:
    return Policy(timeout=timeout, attempts=attempts, backoff=0.01, max_wait=0.05,
                  sleep=(sleeps.append if sleeps is not None else (lambda s: None)),
                  clock=lambda: 1_700_000_000.0)


def test_post_ok_sends_the_json_body(server):
    url = server.on("/wecom", OK_WECOM)
    result = post(Webhook("wecom", url), {"msgtype": "text", "text": {"content": "催报 测试"}}, fast())
    assert result == Result(True, 1, "", 200)
    req = server.hits("/wecom")[0]
    assert req["body"] == {"msgtype": "text", "text": {"content": "催报 测试"}}
    assert req["content_type"].startswith("application/json")


def test_post_signed_dingtalk_and_feishu_reach_the_server(server):
    ding = server.on("/robot/send", OK_WECOM)
    assert post(Webhook("dingtalk", ding + "?access_token=T", "SEC1"), {"msgtype": "text"}, fast()).ok
    q = server.hits("/robot/send")[0]["query"]
    want = base64.b64encode(hmac.new(b"SEC1", b"1700000000000\nSEC1", hashlib.sha256).digest()).decode()
    assert q["timestamp"] == ["1700000000000"] and q["sign"] == [want]
    fs = server.on("/hook", OK_FEISHU)
    assert post(Webhook("feishu", fs, "k"), {"msg_type": "text", "content": {"text": "x"}}, fast()).ok
    body = server.hits("/hook")[0]["body"]
    assert body["timestamp"] == "1700000000"
    assert body["sign"] == base64.b64encode(hmac.new(b"1700000000\nk", b"", hashlib.sha256).digest()).decode()


def test_500_is_retried_then_fails(server):
    url = server.on("/down", (500, {"error": "boom"}, {}, 0.0))
    sleeps: list[float] = []
    result = post(Webhook("wecom", url), {}, fast(sleeps, attempts=3))
    assert not result.ok and result.attempts == 3 and result.status == 500
    assert len(server.hits("/down")) == 3 and "HTTP 500" in result.reason
    assert sleeps == [0.01, 0.02]  # exponential backoff


def test_429_then_ok_honours_retry_after(server):
    url = server.on("/busy", (429, {}, {"Retry-After": "0.03"}, 0.0), OK_WECOM)
    sleeps: list[float] = []
    result = post(Webhook("wecom", url), {}, fast(sleeps))
    assert result.ok and result.attempts == 2 and sleeps == [0.03]


def test_4xx_is_not_retried(server):
    url = server.on("/bad", (400, {"errcode": 40008}, {}, 0.0))
    result = post(Webhook("wecom", url), {}, fast())
    assert not result.ok and result.attempts == 1 and result.status == 400
    assert len(server.hits("/bad")) == 1


def test_200_with_an_error_code_is_a_failure(server):
    url = server.on("/sig", (200, {"errcode": 310000, "errmsg": "sign not match"}, {}, 0.0))
    result = post(Webhook("dingtalk", url), {}, fast())
    assert not result.ok and result.attempts == 1 and "310000" in result.reason
    fs = server.on("/fs", (200, {"code": 19021, "msg": "sign match fail"}, {}, 0.0))
    assert "19021" in post(Webhook("feishu", fs), {}, fast()).reason


def test_rate_limit_code_in_a_200_is_retried(server):
    url = server.on("/limit", (200, {"errcode": 45009, "errmsg": "api freq out of limit"}, {}, 0.0),
                    OK_WECOM)
    result = post(Webhook("wecom", url), {}, fast())
    assert result.ok and result.attempts == 2


def test_timeout_after_sending_is_not_repeated(server):
    url = server.on("/slow", (200, {"errcode": 0}, {}, 1.0))
    started = time.monotonic()
    result = post(Webhook("wecom", url), {}, fast(timeout=0.2))
    assert time.monotonic() - started < 0.9
    assert not result.ok and result.attempts == 1 and "超时" in result.reason
    assert len(server.hits("/slow")) == 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_refused_connection_is_retried_then_fails():
    sleeps: list[float] = []
    result = post(Webhook("wecom", f"http://127.0.0.1:{free_port()}/x"), {}, fast(sleeps))
    assert not result.ok and result.attempts == 3 and "连接失败" in result.reason
    assert len(sleeps) == 2


def test_sent_log_remembers_a_message_for_the_day(tmp_path):
    hook = Webhook("wecom", "http://127.0.0.1:9/x?key=SECRET")
    key = message_key("2024-10-15", "交通局", hook, {"a": 1})
    assert key != message_key("2024-10-16", "交通局", hook, {"a": 1})
    log = SentLog.open(tmp_path)
    assert not log.sent(key)
    assert log.record(key, "2024-10-15", "交通局", hook, 1.0)
    again = SentLog.open(tmp_path)
    assert again.sent(key)
    assert "SECRET" not in again.path.read_text(encoding="utf-8")  # the URL is never stored


def test_sent_log_does_not_follow_a_planted_link(tmp_path):
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep\n", encoding="utf-8")
    folder = tmp_path / "state"
    folder.mkdir()
    (folder / "sent.jsonl").symlink_to(target)
    log = SentLog.open(folder)
    assert not log.record("k", "2024-10-15", "u", Webhook("wecom", "http://127.0.0.1:9/x"), 1.0)
    assert target.read_text(encoding="utf-8") == "keep\n"


def test_groups_select_and_route_their_members(make_repo, cli, server):
    from helpers import DEPARTMENTS_YAML

    depts = DEPARTMENTS_YAML + "groups:\n  - name: 各责任单位\n    members: [交通局, 农业局]\n"
    plan = PLAN_YAML + f"""\
notify:
  - units: [各责任单位]
    type: wecom
    url: {server.url('/g')}
"""
    server.on("/g", OK_WECOM)
    root = make_repo(SEPTEMBER_LIKE, plan=plan, departments=depts)
    shown = cli("remind", "--root", str(root), "--as-of", "2024-10-15", "--dept", "各责任单位",
                "--format", "json")
    assert shown.exit_code == 0, shown.output
    assert {r["unit"] for r in json.loads(shown.stdout)["reminders"]} <= {"交通局", "农业局"}
    sent = run_send(cli, root, env={})
    assert sent.exit_code == 0, sent.output
    assert "交通局：已发送 (sent) → wecom@127.0.0.1" in sent.stdout
    assert "发改局：未发送：没有为该单位配置群机器人" in sent.stdout or "发改局：无需催报" in sent.stdout
    units = {r["body"]["text"]["content"].splitlines()[0] for r in server.hits("/g")}
    assert "【催报】交通局" in units and not any("发改局" in u for u in units)


# ---------------------------------------------------------------- the command


def notify_plan(server: Recorder) -> str:
    return PLAN_YAML + f"""\
notify:
  - name: 交通群
    units: [jtj]
    type: wecom
    url_env: TEST_WECOM_URL
  - name: 专班群
    units: ["*"]
    type: dingtalk
    url: {server.url('/robot/send')}?access_token=T
    secret_env: TEST_DING_SECRET
    format: markdown
"""


def run_send(cli: Callable[..., Any], root: Path, *extra: str, env: dict[str, str]) -> Any:
    return cli("remind", "--root", str(root), "--as-of", "2024-10-15", "--send",
               "--timeout", "0.5", "--retries", "1", "--backoff", "0", *extra, env=env)


def test_send_posts_once_a_day_and_says_so(make_repo, cli, server):
    wecom = server.on("/wecom", OK_WECOM)
    server.on("/robot/send", OK_WECOM)
    root = make_repo(SEPTEMBER_LIKE, plan=notify_plan(server))
    env = {"TEST_WECOM_URL": wecom, "TEST_DING_SECRET": "SECx"}
    first = run_send(cli, root, env=env)
    assert first.exit_code == 0, first.output
    assert "交通局：已发送 (sent) → 交通群" in first.stdout
    assert "交通局：已发送 (sent) → 专班群" in first.stdout
    assert wecom not in first.output and "SECx" not in first.output  # credentials never shown
    body = server.hits("/wecom")[0]["body"]
    assert body["msgtype"] == "text" and body["text"]["content"].startswith("【催报】交通局")
    ding = server.hits("/robot/send")
    assert all(r["body"]["msgtype"] == "markdown" and "sign" in r["query"] for r in ding)
    count = len(server.requests)
    second = run_send(cli, root, env=env)
    assert second.exit_code == 0 and "今天已发送过" in second.stdout
    assert len(server.requests) == count  # nothing went out twice
    third = run_send(cli, root, "--force", env=env)
    assert third.exit_code == 0 and len(server.requests) == 2 * count


def test_send_failures_exit_non_zero(make_repo, cli, server):
    server.on("/robot/send", (500, {}, {}, 0.0))
    root = make_repo(SEPTEMBER_LIKE, plan=notify_plan(server))
    result = run_send(cli, root, env={"TEST_DING_SECRET": "SECx"})  # TEST_WECOM_URL unset
    assert result.exit_code == 4, result.output
    assert "交通局：失败 (failed) → 交通群: 环境变量 TEST_WECOM_URL 未设置" in result.stdout
    assert "失败 (failed) → 专班群: HTTP 500" in result.stdout
    assert len(server.hits("/robot/send")) >= 2  # retried once per message


def test_without_send_nothing_leaves_the_machine(make_repo, cli, server):
    server.on("/robot/send", OK_WECOM)
    root = make_repo(SEPTEMBER_LIKE, plan=notify_plan(server))
    result = cli("remind", "--root", str(root), "--as-of", "2024-10-15",
                 env={"TEST_DING_SECRET": "x", "TEST_WECOM_URL": server.url("/wecom")})
    assert result.exit_code == 0 and "【催报】交通局" in result.stdout
    assert server.requests == []


def test_notify_credentials_must_come_from_the_environment(make_repo, cli):
    bad = PLAN_YAML + "notify:\n  - units: [jtj]\n    type: wecom\n    url: http://x\n    url_env: X\n"
    root = make_repo(plan=bad)
    result = cli("validate", "--root", str(root))
    assert result.exit_code == 1 and "url_env" in result.output


def test_leader_narrows_to_that_leaders_targets(make_repo, cli):
    tree = TREE_YAML.replace("        lead: [交通局]\n", "        lead: [交通局]\n        leaders: [张副市长]\n", 1)
    root = make_repo(SEPTEMBER_LIKE, tree=tree)
    out = cli("remind", "--root", str(root), "--as-of", "2024-10-15", "--leader", "张副市长",
              "--format", "json")
    assert out.exit_code == 0, out.output
    ids = {t["id"] for r in json.loads(out.stdout)["reminders"]
           for t in (*r["overdue"], *r["at_risk"], *r["due_soon"])}
    assert ids and all(i.startswith("1.1.") for i in ids)
    assert {r["unit"] for r in json.loads(out.stdout)["reminders"]} == {"交通局"}  # 1.1's lead
    unknown = cli("remind", "--root", str(root), "--as-of", "2024-10-15", "--leader", "李四")
    assert unknown.exit_code == 2
