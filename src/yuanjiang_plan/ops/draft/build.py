"""Document blocks → a draft plan (SPEC §7): the pipeline events → tree → sections/tasks/targets."""

from __future__ import annotations

import datetime as dt
import itertools
import re

from .coordination import coordination
from .model import (
    Block,
    CoordinationDraft,
    Draft,
    MetaDraft,
    Roles,
    SectionDraft,
    TargetDraft,
    TaskDraft,
    Todos,
)
from .numbers import Figure, chinese_counts, dues, figures, plan_year, stray_numbers, title_without
from .registry import registry
from .roles import keyed, parse_clause, trailing_clauses
from .text import clauses, masked, sentences, shorten, split_list, unwrap
from .tree import Event, Node, build, events

_GOALS = re.compile(r"目标|指标")
_HEADINGS = ("part", "cn", "cnp", "u")
_FRAME = re.compile(r"总体要求|指导思想|总体思路|基本原则|工作原则|总体考虑")
_MECHANISM = re.compile(r"推进机制|保障措施|组织保障|工作机制|组织实施|工作要求|保障机制|实施保障|工作保障")
_MILESTONE = re.compile(r"建成通车|建成投用|建成投产|建成投运|投入使用|投入运营|上线运行|投用|投运|投产|竣工验收|竣工|完工|通车")
_SAME_PACE = re.compile(r"基本同步|同步增长")
_FROM_ABOVE = re.compile(r"[市省区县]定目标|下达的.*?目标|下达(?:的)?任务|考核目标|平均水平")


class _Ctx:
    def __init__(self, year: int | None, body: str = "") -> None:
        self.year = year
        self.body = body


def draft(blocks: list[Block], plan_id: str) -> Draft:
    """The plan a document describes, with a TODO wherever the text leaves a doubt."""
    evs = events(blocks)
    preamble, root = build(evs)
    whole = "\n".join(e.line for e in evs)
    ctx = _Ctx(plan_year(masked(whole)), whole)
    meta = _meta(preamble, plan_id, ctx)
    result = Draft(meta=meta)
    tree_nodes: list[Node] = []
    for node in root.children:
        if _is_goals(node) and not result.goals:
            result.goals_heading = _heading(node)
            result.goals = _goals(node, ctx)
        elif node.style in _HEADINGS and _MECHANISM.search(node.title):
            _mechanism(node, result, tree_nodes)
        elif node.style in _HEADINGS and _FRAME.search(node.title) and not _has_roles(node):
            # 总体要求 / 指导思想 / 基本原则: prose, except a 目标 heading inside it
            inner = next((c for c in node.children if _is_goals(c)), None)
            if inner is not None and not result.goals:
                result.goals_heading = f"{_heading(node)} {_heading(inner)}"
                result.goals = _goals(inner, ctx)
            others = [c for c in node.children if c is not inner]
            if others or node.lines:
                meta.todos.add("", f"“{_heading(node)}”为指导性文字（无责任单位），未列为任务")
        else:
            tree_nodes.append(node)
    result.sections = _sections(tree_nodes, ctx, meta)
    _schedules(result)
    _check_ids(result)
    result.units = registry(result, meta)
    _dates(result, ctx)
    return result


# ---------------------------------------------------------------- metadata

_NOTICE = re.compile(r"^(?P<issuer>.*?)关于印发《?(?P<title>.+?)》?的通知$")
_TITLE_END = re.compile(r"(?:方案|计划|规划|意见|办法|要点|清单|细则|安排|分工表|任务表|台账)$")
_DATE_LINE = re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日$")
_RANGE = re.compile(r"[（(]\d{4}\s*[—\-－~～至到]+\s*\d{4}年?[）)]$")
_NUMBER_LINE = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号")
_ISSUER_END = re.compile(r"(?:政府|办公室|办公厅|委员会|局|委|厅|部|办)$")


def _meta(events: list[Event], plan_id: str, ctx: _Ctx) -> MetaDraft:
    meta = MetaDraft(id=plan_id)
    preamble = [e.line for e in events]
    for i, line in enumerate(preamble):
        if meta.title is None and (m := _NOTICE.match(line)):
            meta.title = m.group("title")
            # several issuers (联合发文) are separated by spaces in the heading as written
            raw = _NOTICE.match(re.sub(r"\s*(《|》)\s*", r"\1", events[i].raw))
            written = raw.group("issuer") if raw else m.group("issuer")
            meta.issuer = [x for x in written.split() if x] if written.strip() else []
        elif m := _DATE_LINE.match(line):
            try:
                meta.published = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                continue
            if not meta.issuer and i and _ISSUER_END.search(preamble[i - 1]):
                meta.issuer = [preamble[i - 1]]
        elif not meta.issuer and line.endswith("文件") and _ISSUER_END.search(line[:-2]):
            meta.issuer = [line[:-2]]
    if meta.title is None:
        for i, line in enumerate(preamble):
            bare = _RANGE.sub("", line)
            if len(line) <= 60 and not re.search(r"[。，,：:；;！？]", line) and _TITLE_END.search(bare):
                previous = preamble[i - 1] if i else ""
                if previous and len(previous) <= 30 and not re.search(r"[。，,：:；;（）()]", previous) \
                        and not _ISSUER_END.search(previous) and not previous.endswith("文件"):
                    line = previous + line
                meta.title = line
    for line in preamble:
        if meta.number is None and (m := _NUMBER_LINE.search(line)):
            meta.number = m.group(0)
        if re.search(r"特制定|制定本|现就.*?如下|制定.*?方案如下|方案如下", line):
            meta.text = line
    if meta.title is None:
        meta.todos.add("title", "文件中未找到标题，请填写")
    meta.reporting = _reporting("\n".join(e.line for e in events) + "\n" + ctx.body)
    if not meta.issuer:
        meta.todos.add("issuer", "文件中未找到发文单位")
    if meta.published is None:
        meta.todos.add("published", "文件中未找到成文日期")
    return meta


_REPORT_MONTHLY = re.compile(r"每月(?P<next>次月)?(?P<day>\d{1,2})日(?:前|之前|以前)")
_REPORT_NEXT = re.compile(r"(?:每月|于)次月(?P<day>\d{1,2})日(?:前|之前|以前)")
_REPORT_QUARTER = re.compile(r"每季度(?:末|最后一个月)?(?P<day>\d{1,2})日(?:前|之前|以前)")


def _reporting(text: str) -> tuple[str, int, str] | None:
    """报送要求: 每月25日前报送 (day of the period's own month), 次月5日前 (of the next)."""
    if m := _REPORT_NEXT.search(text):
        return ("monthly", int(m.group("day")), "next")
    if m := _REPORT_MONTHLY.search(text):
        if 1 <= int(m.group("day")) <= 31:
            return ("monthly", int(m.group("day")), "same")
    if m := _REPORT_QUARTER.search(text):
        if 1 <= int(m.group("day")) <= 31:
            return ("quarterly", int(m.group("day")), "same")
    return None


def _dates(result: Draft, ctx: _Ctx) -> None:
    meta = result.meta
    years = [int(t.due[:4]) for t in result.all_targets() if t.due]
    years += [int(p[:4]) for t in result.all_targets() for p in t.schedule]
    years += [int(t.due[:4]) for t in result.all_tasks() if t.due]
    year = ctx.year or (meta.published.year if meta.published else None) or (min(years) if years else None)
    if meta.published is not None:
        meta.start = dt.date.fromordinal(meta.published.toordinal())  # a copy: one object twice dumps as a YAML alias
    elif year is not None:
        meta.start = dt.date(year, 1, 1)
        meta.todos.add("start", f"文件未写起始日期，暂定为{year}年1月1日")
    end_year = max([*years, year] if year is not None else years, default=None)
    if end_year is not None:
        meta.end = dt.date(end_year, 12, 31)
        meta.todos.add("end", f"文件未写截止日期，暂定为{end_year}年底（最晚的时限）")
    if meta.start is None or meta.end is None:
        today = meta.start or dt.date(2000, 1, 1)
        meta.start = meta.start or today
        meta.end = meta.end or dt.date(meta.start.year, 12, 31)
        meta.todos.add("start", "文件中没有任何年份，起止日期须人工填写")
    if meta.end < meta.start:
        meta.end = dt.date(meta.start.year, 12, 31)


# ---------------------------------------------------------------- goals, mechanism

def _heading(node: Node) -> str:
    return f"{node.label or ''}{node.title}"


def _goals(node: Node, ctx: _Ctx) -> list[TargetDraft]:
    goals: list[TargetDraft] = []
    for line in node.lines:
        # a paragraph of goals may close with its units: （市发改局、市统计局牵头，…负责）
        pos = 0
        for start, end, inner in trailing_clauses(line):
            todos = Todos()
            roles, _ = parse_clause(inner, todos)
            found = _clause_targets(line[pos:start], ctx, roles)
            for t in found:
                t.roles = roles
                t.todos.items += todos.items
            goals += found
            pos = end
        if line[pos:].strip("。 "):
            goals += _clause_targets(line[pos:], ctx, Roles())
    for child in _leaves(node):
        todos = Todos()
        roles, due, body = _item(child, todos)
        found = _clause_targets(body, ctx, roles) if body else []
        if len(found) == 1 and child.label:
            found[0].label = child.label
        for t in found:
            t.roles = roles
            t.due = t.due or due
        if found:
            found[0].todos.items += todos.items
        goals += found
    for i, goal in enumerate(goals, 1):
        goal.id = f"G{i}"
    _refs(goals)
    return goals


def _is_goals(node: Node) -> bool:
    return node.style in _HEADINGS and bool(_GOALS.search(node.title)) \
        and not re.search(r"重点任务|主要任务|工作任务|任务分工|保障", node.title) and len(node.title) <= 30


def _leaves(node: Node) -> list[Node]:
    out: list[Node] = []
    for child in node.children:
        out += _leaves(child) if child.children else [child]
    return out


def _refs(goals: list[TargetDraft]) -> None:
    """收入增长与经济增长基本同步: the pace is the goal for 地区生产总值 (GDP) growth."""
    gdp = next((g for g in goals if "生产总值" in g.title and g.kind == "level"), None)
    for goal in goals:
        if goal.qualifier == "same_pace" and goal.target is None:
            if gdp is not None:
                goal.ref = gdp.id
                goal.todos.add("ref", f"“经济增长”按{gdp.id}（{gdp.title}）比较")
            else:
                goal.todos.add("target", "“基本同步”的比较对象不在文件中")


def _mechanism(node: Node, result: Draft, tree_nodes: list[Node]) -> None:
    found: CoordinationDraft | None = None
    for line in [node.title, *node.lines, *(x for c in node.children for x in [c.title, *c.lines])]:
        found = found or coordination(line)
    if found is not None:
        result.coordination = found
    rest = [c for c in node.children if _has_roles(c)]
    if rest:
        kept = Node(node.style, node.label, node.number, node.title, children=rest)
        tree_nodes.append(kept)
    elif node.children or (node.lines and found is None):
        result.meta.todos.add("", f"“{_heading(node)}”无责任单位，未列为任务")


def _has_roles(node: Node) -> bool:
    if node.roles_lines or node.row is not None:
        return True
    return any(trailing_clauses(x) for x in [node.title, *node.lines]) or any(
        _has_roles(c) for c in node.children)


# ---------------------------------------------------------------- sections and tasks

def _sections(nodes: list[Node], ctx: _Ctx, meta: MetaDraft) -> list[SectionDraft]:
    if not nodes:
        return []
    parent_heading: str | None = None
    wrappers = [n for n in nodes if n.style in ("part", "cn", "u") and n.children]
    if len(nodes) == 1 and wrappers and not nodes[0].lines and all(c.children for c in nodes[0].children):
        parent_heading = _heading(nodes[0])
        nodes = nodes[0].children
    out: list[SectionDraft] = []
    loose: list[Node] = []
    for k, node in enumerate(nodes, 1):
        if node.children and not _is_item(node):
            out.append(_section(node, _seg(node, k), ctx))
        else:
            loose.append(node)
    if loose:
        title = meta.title or "工作任务"
        holder = SectionDraft(id=str(len(out) + 1) if out else "1", title=title)
        holder.todos.add("title", "文件在此处没有小标题，章节名为暂拟")
        holder.tasks = [_task(n, f"{holder.id}.{_seg(n, k)}", False, ctx)
                        for k, n in enumerate(loose, 1)]
        out.append(holder)
    for s in out:
        s.parent_heading = parent_heading
    return out


def _seg(node: Node, k: int) -> str:
    return str(node.number) if node.number is not None else f"s{k}"


def _is_item(node: Node) -> bool:
    """A numbered node that carries its own text or responsibility is an item, even with sub-items
    (a responsibility clause on a short heading makes it a section with roles instead)."""
    return bool(node.roles_lines or node.row or any(trailing_clauses(x) for x in node.lines)
                or len(_without_clause(node.title)) > 40 or node.lines)


def _without_clause(text: str) -> str:
    found = trailing_clauses(text)
    if found:
        start, end, _ = found[-1]
        return (text[:start] + text[end:]).strip()
    return text


def _section(node: Node, sid: str, ctx: _Ctx, prefix: str | None = None,
             inherited: bool = False) -> SectionDraft:
    """A heading; items under an unnumbered heading keep the numbered parent's prefix."""
    prefix = prefix or sid
    section = SectionDraft(id=sid, title=node.title.rstrip("。"), label=node.label)
    clause = trailing_clauses(node.title)
    if clause:
        inner = clause[-1][2]
        section.roles, due = parse_clause(inner, section.todos)
        section.title = _without_clause(node.title).rstrip("。")
        if due and (found := dues(due, ctx.year, deadline=True)):
            section.due = found[-1].period
    if node.style == "u":
        section.label = None
    inherited = inherited or section.roles.stated
    title_sentences = sentences(_without_clause(node.title))
    if len(title_sentences) > 1:
        section.title, _ = shorten(title_sentences[0])
        section.text = node.title
    if node.lines:
        section.text = unwrap("\n".join(node.lines))
    unnumbered = 0
    for k, child in enumerate(node.children, 1):
        if child.style == "u":
            unnumbered += 1
        if child.children and not _is_item(child):
            if child.number is not None:
                section.sections.append(
                    _section(child, f"{prefix}.{child.number}", ctx, inherited=inherited))
            else:
                section.sections.append(
                    _section(child, f"{sid}.s{unnumbered}", ctx, prefix=prefix, inherited=inherited))
        else:
            seg = str(child.number) if child.number is not None else str(k)
            section.tasks.append(_task(child, f"{prefix}.{seg}", inherited, ctx))
    return section


def _item(node: Node, todos: Todos) -> tuple[Roles, str | None, str]:
    """An item's roles, 完成时限 text and body (its text without the responsibility clause)."""
    roles = Roles()
    due: str | None = None
    # lines joined by newlines while clauses are found: a clause closes its line
    body = "\n".join([node.title, *node.lines])
    for line in node.roles_lines:
        found, d = keyed(line, todos)
        roles.merge(found)
        due = due or d
    clauses_found = trailing_clauses(body)
    if clauses_found:
        # one clause closing the item is the item's; several split it into parts (handled by caller)
        start, end, inner = clauses_found[-1]
        found, d = parse_clause(inner, todos)
        roles.merge(found)
        due = due or d
        if len(clauses_found) == 1:
            body = (body[:start] + body[end:]).strip()
    body = unwrap(body)
    if node.row is not None:
        row = node.row.cells
        for key in ("lead", "responsible", "support"):
            if key in row:
                found, _ = keyed(f"{'牵头单位' if key == 'lead' else '责任单位' if key == 'responsible' else '配合单位'}：{row[key]}", todos)
                roles.merge(found)
        if "leaders" in row:
            found, _ = keyed(f"责任领导：{row['leaders']}", todos)
            roles.merge(found)
        due = due or row.get("due")
    return roles, due, body.strip()


def _task(node: Node, tid: str, inherited: bool, ctx: _Ctx) -> TaskDraft:
    """An item; `inherited`: a heading above it names its units."""
    todos = Todos()
    roles, due_text, body = _item(node, todos)
    task = TaskDraft(id=tid, title="", label=node.label, roles=roles, todos=todos)
    if node.style == "table" and node.label and not re.search(r"\d", node.label):
        task.label = None
    parts = sentences(body)
    if len(parts) > 1 and len(parts[0]) <= 40 and not figures(parts[0]) \
            and not trailing_clauses(parts[0]):
        task.title = parts[0]
        rest = body[len(parts[0]) + 1:].strip()
    else:
        task.title, cut = shorten(_no_lead_time(parts[0]) if parts else body)
        rest = body
        if cut:
            todos.add("title", "标题为自动截取，请改写")
    segments = _segments(rest)
    task.text = rest if rest and rest.rstrip("。；; ") != task.title else None
    if due_text:
        found = dues(due_text, ctx.year, deadline=True)
        if found:
            task.due = found[-1].period
            if len(found) > 1:
                todos.add("due", f"完成时限“{due_text}”含多个时间，取最后一个")
        else:
            todos.add("due", f"完成时限“{due_text}”未能换算为日期")
    if len(segments) > 1:
        # several clauses, each closing the sentences before it: each part has its own units
        for seg_text, inner in segments:
            seg_roles, _ = parse_clause(inner, todos) if inner else (Roles(), None)
            for t in _sentence_targets(seg_text, ctx):
                t.roles = seg_roles
                task.targets.append(t)
        task.roles = Roles(stated=True)
    else:
        task.targets = _sentence_targets(rest or body, ctx)
    if not task.targets:
        task.targets = [TargetDraft(id="", title=task.title, kind="action", text=body or task.title)]
    for k, t in enumerate(task.targets, 1):
        t.id = f"{tid}.{k}"
    if not inherited and not roles.stated and not any(t.roles.stated for t in task.targets) \
            and not node.children:
        todos.add("", "未找到责任单位")
    unnumbered = 0
    for k, child in enumerate(node.children, 1):
        if child.style == "u":
            unnumbered += 1
        seg = str(child.number) if child.number is not None else f"s{k}"
        task.tasks.append(_task(child, f"{tid}.{seg}", inherited or task.roles.stated, ctx))
    if task.tasks:
        # a task with sub-items: its own sentences stay as text, targets live in the sub-items
        if all(t.kind == "action" for t in task.targets):
            task.targets = []
    return task


def _segments(body: str) -> list[tuple[str, str]]:
    found = trailing_clauses(body)
    if len(found) <= 1:
        return []
    out: list[tuple[str, str]] = []
    pos = 0
    for start, end, inner in found:
        out.append((body[pos:start].strip("。 "), inner))
        pos = end
    tail = body[pos:].strip("。 ")
    if tail:
        out.append((tail, ""))
    return out


# ---------------------------------------------------------------- targets

def _sentence_targets(text: str, ctx: _Ctx) -> list[TargetDraft]:
    """One target per sentence, or per figure where a sentence has figures."""
    out: list[TargetDraft] = []
    for sentence in sentences(text):
        out += _targets_of(sentence, ctx, per_clause=False)
    return out


def _clause_targets(text: str, ctx: _Ctx, roles: Roles) -> list[TargetDraft]:
    """Goals: one target per clause (工作目标 lists several goals in one sentence)."""
    out: list[TargetDraft] = []
    for sentence in sentences(text):
        out += _targets_of(sentence, ctx, per_clause=True)
    return out


_SHARES = re.compile(r"[（(]?其中[:：，,]?(?P<list>[^（）()。；;]*?\d[^（）()。；;]*?)[）)]?$")
_SHARE = re.compile(r"^(?P<name>[\u4e00-\u9fff]{1,15}?(?:区|县|市|镇|乡|街道|园区|开发区|高新区|管委会))"
                    r"[\u4e00-\u9fff]{0,4}?(?P<fig>\d.*)$")


def _shares(clause: str) -> dict[str, Figure] | None:
    """`其中资阳区30个、赫山区70个` (or in brackets): the units' shares, if every part is one."""
    m = _SHARES.search(clause)
    if not m:
        return None
    out: dict[str, Figure] = {}
    for part in split_list(m.group("list")):
        p = _SHARE.match(part)
        figs = figures(p.group("fig")) if p else []
        if p is None or len(figs) != 1 or figs[0].start != 0:
            return None
        out[p.group("name")] = figs[0]
    return out if len(out) >= 2 else None


def _split_shares(parts: list[str]) -> tuple[list[str], dict[int, dict[str, Figure]]]:
    """Clauses without their 其中… share lists, and the lists by the clause they follow."""
    kept: list[str] = []
    shares: dict[int, dict[str, Figure]] = {}
    for clause in parts:
        found = _shares(clause)
        if found is None:
            kept.append(clause)
            continue
        m = _SHARES.search(clause)
        assert m is not None
        head = clause[: m.start()].strip()
        if head:
            kept.append(head)
        if kept:
            shares[len(kept) - 1] = found
    return kept, shares


def _targets_of(sentence: str, ctx: _Ctx, per_clause: bool) -> list[TargetDraft]:
    parts, shares = _split_shares(clauses(sentence))
    sentence_dues = dues(sentence, ctx.year)
    due = sentence_dues[-1].period if len(sentence_dues) == 1 else None
    numeric = [(c, figures(c)) for c in parts]
    count = sum(len(f) for _, f in numeric)
    out: list[TargetDraft] = []
    if count == 0:
        out.append(_qualitative(_no_lead_time(sentence), sentence, due))
        if len(sentence_dues) == 1 and sentence_dues[0].note:
            out[0].todos.add("due", sentence_dues[0].note)
        _stray(out, sentence)
        return out
    pending: list[str] = []
    for index, (clause, figs) in enumerate(numeric):
        if index in shares and figs and out is not None:
            share_list = shares[index]
        else:
            share_list = {}
        if not figs:
            if per_clause and len(clause) >= 4 and not _CONTEXT.match(clause) \
                    and not _only_time(clause, ctx):
                out.append(_qualitative(clause, clause, due))
            else:
                pending.append(clause)
            continue
        own = dues(clause, ctx.year)
        if own:
            clause_due: str | None = own[-1].period
        elif count > 1 and due is not None and sentence.find(sentence_dues[-1].phrase) > sentence.find(clause):
            clause_due = None  # the sentence's 时限 belongs to a later clause (…，6月底前完成50%)
        else:
            clause_due = due
        for fig in figs:
            text = sentence if count == 1 and not per_clause else "，".join([*pending, clause])
            out.append(_numeric(clause, fig, text, clause_due))
            if clause.startswith("其中"):
                out[-1].todos.add("", "“其中”为上一指标的分项，请核对是否另列")
            if fig.unit == "%" and re.search(r"任务的|进度", clause):
                out[-1].todos.add("kind", "占年度任务的比例：是否为进度节点（schedule）")
            if len(figs) > 1:
                out[-1].todos.add("target", "一个分句中有多个数字，请核对拆分")
        if share_list and out:
            last = out[-1]
            if all(f.unit == last.unit for f in share_list.values()):
                last.breakdown = {name: f.value for name, f in share_list.items()}
                last.text = sentence
                last.todos.add("breakdown", "分解到各单位的数字，请核对单位名称与合计")
            else:
                last.todos.add("", "“其中”所列分项的单位与总数不同，未作分解")
        pending = []
    if pending and out and not per_clause and count > 1:
        out[-1].text = out[-1].text + "，" + "，".join(pending)
    if len(sentence_dues) == 1 and sentence_dues[0].note:
        for t in out:
            t.todos.add("due", sentence_dues[0].note)
    if len(sentence_dues) > 1 and out:
        if not any(t.due for t in out):
            out[0].todos.add("due", "一句中有多个时间：" + "、".join(d.phrase for d in sentence_dues))
    _stray(out, sentence)
    return out


_CONTEXT = re.compile(r"^(?:在|围绕|按照|通过|依托|以|根据|对照|坚持|结合)")


def _only_time(clause: str, ctx: _Ctx) -> bool:
    """到2025年底前: a clause that only says when."""
    found = dues(clause, ctx.year)
    return bool(found) and len(clause.replace(found[0].phrase, "").strip("，,、 ")) <= 2


def _no_lead_time(sentence: str) -> str:
    """The sentence without a leading time clause (到2021年，…), for a title."""
    parts = clauses(sentence)
    if len(parts) > 1 and dues(parts[0], None) and len(parts[0]) <= 12:
        return "，".join(parts[1:])
    return sentence


def _stray(out: list[TargetDraft], sentence: str) -> None:
    used: list[Figure] = []
    for clause in clauses(sentence):
        used = figures(clause)
        for stray in stray_numbers(clause, used):
            if out:
                out[-1].todos.add("", f"数字“{stray}”未作为指标，请核对")
        for count in chinese_counts(clause):
            if out:
                out[-1].todos.add("", f"中文数字“{count}”未作为指标，请核对")


def _qualitative(title: str, text: str, due: str | None) -> TargetDraft:
    short, cut = shorten(title)
    target = TargetDraft(id="", title=short, kind="action", text=text, due=due)
    if cut:
        target.todos.add("title", "标题为自动截取，请改写")
    milestone = _MILESTONE.search(text)
    if _SAME_PACE.search(text):
        target.kind = "level"
        target.qualifier = "same_pace"
        target.unit = "%"
    elif milestone:
        target.kind = "milestone"
        target.stages = ["开工", "主体完工", milestone.group(0)]
        target.todos.add("stages", f"“{milestone.group(0)}”之前的阶段为建议，请按项目实际核对")
    elif _FROM_ABOVE.search(text):
        target.todos.add("kind", "目标值由上级下达或另行确定，文件未给数字，暂记为工作任务")
    return target


def _numeric(clause: str, fig: Figure, text: str, due: str | None) -> TargetDraft:
    bare = title_without(clause, fig)
    for found in dues(bare, None):
        bare = bare.replace(found.phrase, "").strip("，, ")
    bare = re.sub(r"^(?:\d{4}年(?:度)?|全部|均|都|要|将)+", "", bare).strip()
    continues = bare == "" or bare == clause
    title, cut = shorten(bare or clause)
    target = TargetDraft(id="", title=title, kind="quantity", text=text, due=due,
                         unit=fig.unit, qualifier=fig.qualifier, wording=fig.wording)
    target.continues = continues
    if cut:
        target.todos.add("title", "标题为自动截取，请改写")
    if fig.change:
        target.kind = "level"
        target.change = -fig.value if fig.op == "<=" else fig.value
        target.needs_baseline = True
        target.todos.add("baseline", "文件未给基数，完成值须在基数上加减；请填写 baseline")
    elif fig.level:
        target.kind = "level"
        target.target = fig.value
    else:
        target.target = fig.value
    if fig.op and fig.op != ">=":
        target.op = fig.op
    if fig.every_year and target.kind == "quantity":
        target.basis = "year"
    if fig.unit == "倍" or fig.written_unit.startswith("余"):
        target.todos.add("unit", f"“{fig.wording}”的单位请核对")
    return target


# ---------------------------------------------------------------- schedules (到2021年…，到2022年…)

_FILLER = re.compile(r"\d{4}年(?:底|末)?(?:前)?|到|至|全[市区县省]|累计|力争|达到|新增|新建|完成|实现|确保|共|计|年度|，|,")


def _template(t: TargetDraft) -> str:
    return _FILLER.sub("", t.title)


def _similar(a: str, b: str) -> bool:
    """Two titles of one indicator (全市新建充电桩 / 新建公共充电桩): most character pairs shared."""
    if a == b:
        return True
    pa = {a[i: i + 2] for i in range(len(a) - 1)}
    pb = {b[i: i + 2] for i in range(len(b) - 1)}
    return bool(pa and pb) and len(pa & pb) / min(len(pa), len(pb)) >= 0.6


def _schedules(result: Draft) -> None:
    """Targets that repeat with one figure per year (到2021年137个，到2022年253个) become one
    target with a `schedule`; sibling items that held only those steps are folded in."""
    _merge(result.goals, None)

    def walk(section: SectionDraft) -> None:
        for sub in section.sections:
            walk(sub)
        _merge_tasks(section)
        for task in section.tasks:
            _merge(task.targets, None)

    for s in result.sections:
        walk(s)


def _merge(targets: list[TargetDraft], owners: list[TaskDraft] | None) -> list[TargetDraft]:
    groups: dict[tuple[str, str | None, str], list[TargetDraft]] = {}
    last_key: tuple[str, str | None, str] | None = None
    for t in targets:
        if t.kind in ("quantity", "level") and t.due and t.target is not None:
            key = next((k for k in groups if k[1:] == (t.unit, t.kind) and _similar(k[0], _template(t))
                        and t.due not in {x.due for x in groups[k]}), None)
            if key is None and t.continues and last_key is not None and last_key[1:] == (t.unit, t.kind) \
                    and t.due not in {x.due for x in groups[last_key]}:
                key = last_key  # 到2025年底，达到90%: the same indicator as the step before
            last_key = key or (_template(t), t.unit, t.kind)
            groups.setdefault(key or (_template(t), t.unit, t.kind), []).append(t)
    removed: list[TargetDraft] = []
    for steps in groups.values():
        years = [s.due for s in steps]
        if len(steps) < 2 or len(set(years)) != len(years):
            continue
        steps.sort(key=lambda s: s.due or "")
        first = steps[0]
        first.schedule = {s.due: s.target for s in steps if s.due and s.target is not None}
        last = steps[-1]
        first.target, first.due = last.target, last.due
        first.text = "；".join(s.text for s in steps)
        first.wording = None
        if len({s.title for s in steps}) > 1:
            first.todos.add("schedule", "按指标名称相近合并为逐年目标：" + "／".join(dict.fromkeys(s.title for s in steps)))
        values = list(first.schedule.values())
        if first.kind == "quantity":
            if any(b < a for a, b in itertools.pairwise(values)):
                first.basis = "year"
                first.todos.add("basis", "逐年数值不递增，按“当年”计（basis: year）；请核对")
            else:
                first.todos.add("schedule", "逐年数值按累计计；如为当年新增，请改为 basis: year")
        for s in steps[1:]:
            removed.append(s)
    for r in removed:
        targets.remove(r)
    return removed


def _merge_tasks(section: SectionDraft) -> None:
    """Sibling items, one per year (1、到2021年… 2、到2022年…): their yearly figures merge."""
    pool = [t for task in section.tasks for t in task.targets]
    removed = _merge(pool, section.tasks)
    if not removed:
        return
    for task in section.tasks:
        task.targets = [t for t in task.targets if t not in removed]
    keep = [task for task in section.tasks if task.targets or task.tasks]
    for task in section.tasks:
        if task not in keep:
            holder = next((t for t in pool if t.schedule and t not in removed), None)
            if holder is not None:
                holder.todos.add("schedule", f"已并入“{(task.label or task.id).rstrip('、.．')}”项的逐年数字")
    section.tasks = keep
    for task in section.tasks:
        for k, t in enumerate(task.targets, 1):
            t.id = f"{task.id}.{k}"


def _check_ids(result: Draft) -> None:
    """IDs must be unique: a numbering that restarts under unnumbered headings gets a suffix."""
    seen: set[str] = set()

    def fix(node_id: str, todos: Todos) -> str:
        if node_id not in seen:
            seen.add(node_id)
            return node_id
        k = 2
        while f"{node_id}-{k}" in seen:
            k += 1
        todos.add("id", f"编号“{node_id}”重复，已改为“{node_id}-{k}”")
        seen.add(f"{node_id}-{k}")
        return f"{node_id}-{k}"

    for g in result.goals:
        g.id = fix(g.id, g.todos)

    def walk_task(task: TaskDraft) -> None:
        task.id = fix(task.id, task.todos)
        for t in task.targets:
            t.id = fix(t.id, t.todos)
        for sub in task.tasks:
            walk_task(sub)

    def walk(section: SectionDraft) -> None:
        section.id = fix(section.id, section.todos)
        for sub in section.sections:
            walk(sub)
        for task in section.tasks:
            walk_task(task)

    for s in result.sections:
        walk(s)


