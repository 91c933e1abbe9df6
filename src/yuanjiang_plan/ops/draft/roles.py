"""Responsibility clauses: 责任领导 / 牵头 / 责任 / 配合 units as the document writes them.

Forms read (README *Drafting a plan from its document*, issue 15):
  （沅江高新区牵头，市科工局、市商务局等按职能分工负责）   free form, with or without a lead
  (责任领导:杜新国;牵头单位:区发改局)                         keyed form, in brackets
  牵头单位：区发改局 / 责任单位：立山经济开发区               keyed lines after the item
Units named with 牵头 go to `lead`, 责任单位 to `responsible`, 配合单位 and the units of
"…等按职能分工负责" to `support` (as the bundled plan encodes them).
"""

from __future__ import annotations

import re

from .model import Roles, Todos
from .text import split_list

_LEADER_KEY = r"(?:(?:责任|分管|牵头|联系|包保|协调|督办|领衔)?(?:[市区县]级?)?领导(?:同志)?|责任人)"
_LEAD_KEY = r"(?:牵头(?:责任)?(?:单位|部门)|主责(?:单位|部门)|牵头)"
_RESP_KEY = r"(?:(?:主要)?责任(?:单位|部门)|主办(?:单位|部门)|承办(?:单位|部门)|实施(?:单位|部门))"
_SUPPORT_KEY = r"(?:配合(?:单位|部门)|协办(?:单位|部门)|协同(?:单位|部门)|参与(?:单位|部门))"
_DUE_KEY = r"(?:完成时限|完成时间|时间节点|时限要求|时限)"
_KEYS = re.compile(
    rf"(?P<leaders>{_LEADER_KEY})|(?P<lead>{_LEAD_KEY})|(?P<responsible>{_RESP_KEY})"
    rf"|(?P<support>{_SUPPORT_KEY})|(?P<due>{_DUE_KEY})"
)
_KEYED = re.compile(rf"({_LEADER_KEY}|{_LEAD_KEY}|{_RESP_KEY}|{_SUPPORT_KEY}|{_DUE_KEY})\s*[:：]")
_ROLE_WORDS = re.compile(r"牵头|负责|配合|协办|责任单位|责任部门|领导|主办|承办")

# An administrative class noun that follows 各X、 in one group name (各区、县级市).
_CLASS_NOUN = re.compile(r"^(?:县级市|县[（(]市[）)]|县[（(]市、区[）)]|县|市|区|乡镇|镇|乡|街道|园区|开发区|管委会)$")
_GROUP = re.compile(r"^(?:各|相关|有关|其他|其它|全[市区县]各)|各(?:部门|单位|专班|街道|乡镇|成员单位)|(?:有关|相关)(?:部门|单位)$")
# "市发改局等" / "等单位" / "等部门" closing a list
_TRAILING_ETC = re.compile(r"等(?:有关|相关)?(?:单位|部门)?$")


def is_group(name: str) -> bool:
    """各街道, 相关乡镇办, 区直各部门: a group whose members the document does not list."""
    return bool(_GROUP.search(name))


def split_units(text: str) -> list[str]:
    """Unit names from a list such as `市科工局、市商务局等` (各区、县级市 kept as one group)."""
    text = text.strip().strip("。;；,，、 ")
    parts = split_list(text)
    out: list[str] = []
    for part in parts:
        part = part.strip().strip("。;；:：")
        if _CLASS_NOUN.match(part) and out and out[-1].startswith("各"):
            out[-1] = f"{out[-1]}、{part}"
            continue
        out.append(part)
    cleaned: list[str] = []
    for i, name in enumerate(out):
        if i == len(out) - 1 and not is_group(name):
            name = _TRAILING_ETC.sub("", name)
        name = name.strip()
        if name and name not in cleaned:
            cleaned.append(name)
    return cleaned


def _leaders(text: str) -> list[str]:
    return [re.sub(r"同志$", "", x) for x in split_list(text.strip().strip("。;；")) if x]


def keyed(text: str, todos: Todos) -> tuple[Roles, str | None]:
    """`牵头单位:区发改局;责任单位:…` → roles, and the 完成时限 text if one is given."""
    roles = Roles(stated=True)
    due: str | None = None
    text = normalise_keys(text)
    marks = list(_KEYED.finditer(text))
    for i, m in enumerate(marks):
        value = text[m.end(): marks[i + 1].start() if i + 1 < len(marks) else len(text)]
        value = value.strip().strip(";；,，。 ")
        kind = _KEYS.match(m.group(1))
        assert kind is not None and kind.lastgroup is not None
        if kind.lastgroup == "due":
            due = value
        elif kind.lastgroup == "leaders":
            roles.leaders += [x for x in _leaders(value) if x not in roles.leaders]
        else:
            getattr(roles, kind.lastgroup).extend(
                x for x in split_units(value) if x not in getattr(roles, kind.lastgroup))
    _lead_marks(roles, todos)
    return roles, due


def _lead_marks(roles: Roles, todos: Todos) -> None:
    """`市发改局（牵头）` inside a list of 责任单位: that unit leads."""
    for bucket in (roles.responsible, roles.support):
        for name in list(bucket):
            m = re.match(r"^(.+?)[（(]牵头[）)]$", name)
            if m:
                bucket.remove(name)
                if m.group(1) not in roles.lead:
                    roles.lead.append(m.group(1))


_FREE_LEAD = re.compile(r"^(.+?)(?:共同|联合)?牵头(?:负责|抓总)?$")
_FREE_DUTY = re.compile(r"^(.*?)(?:等(?:有关|相关)?(?:单位|部门)?)?(?:按|根据|依)?(?:各自)?(?:职能|职责)?分工负责$")
_FREE_SUPPORT = re.compile(r"^(.+?)(?:等)?(?:单位|部门)?(?:配合|协办|协同|参与)(?:落实)?$")
_FREE_SOLE = re.compile(r"^(.+?)(?:具体)?负责(?:落实)?$")


def free(text: str, todos: Todos) -> Roles:
    """`沅江高新区牵头，市科工局、市商务局等按职能分工负责` → roles."""
    roles = Roles(stated=True)
    for part in re.split(r"[,，;；]", text):
        part = part.strip().strip("。")
        if not part:
            continue
        if m := _FREE_DUTY.match(part):
            roles.support += [x for x in split_units(m.group(1)) if x not in roles.support]
        elif m := _FREE_LEAD.match(part):
            roles.lead += [x for x in split_units(m.group(1)) if x not in roles.lead]
        elif m := _FREE_SUPPORT.match(part):
            roles.support += [x for x in split_units(m.group(1)) if x not in roles.support]
        elif (m := _FREE_SOLE.match(part)) and roles.lead:
            # X牵头，Y负责: Y does the work (责任单位)
            roles.responsible += [x for x in split_units(m.group(1)) if x not in roles.responsible]
        elif m := _FREE_SOLE.match(part):
            roles.lead += [x for x in split_units(m.group(1)) if x not in roles.lead]
            todos.add("lead", f"“{part}”：文件写“负责”，未写“牵头”，已记为牵头单位")
        else:
            units = split_units(part)
            roles.lead += [x for x in units[:1] if x not in roles.lead]
            roles.support += [x for x in units[1:] if x not in roles.support]
            todos.add("lead", f"“{part}”：未写明牵头或配合，已记第一个为牵头单位、其余为配合单位")
    return roles


def parse_clause(inner: str, todos: Todos) -> tuple[Roles, str | None]:
    """The inside of a responsibility clause, keyed or free."""
    if _KEYED.search(inner):
        return keyed(inner, todos)
    return free(inner, todos), None


_BRACKET_KEY = re.compile(rf"[【〔\[［]\s*({_LEADER_KEY}|{_LEAD_KEY}|{_RESP_KEY}|{_SUPPORT_KEY}|{_DUE_KEY})\s*[】〕\]］][:：]?")


def normalise_keys(text: str) -> str:
    """`【牵头单位】市发改局` → `牵头单位：市发改局`."""
    return _BRACKET_KEY.sub(lambda m: m.group(1) + "：", text)


def is_role_line(line: str) -> bool:
    """`牵头单位：区发改局` on a line of its own (or several keys on one line)."""
    return bool(_KEYED.match(normalise_keys(line).strip().lstrip("—-－ ")))


# Suffixes that make a bracketed list of names a list of units (中心, 院 are too often glosses).
_UNIT_NAME = re.compile(r"(?:局|委|办|部|厅|集团|分局|管委会|政府)$")


def units_only(inner: str) -> bool:
    """（市发改局、市财政局）: names of units and nothing else."""
    parts = split_list(inner)
    return bool(parts) and len(inner) <= 120 and not _ROLE_WORDS.search(inner) and all(
        _UNIT_NAME.search(p) and len(p) <= 20 and not re.search(r"\d", p) for p in parts)


def is_clause(inner: str) -> bool:
    """Whether a bracket's content is a responsibility clause rather than an aside."""
    if _KEYED.search(normalise_keys(inner)):
        return True
    if not _ROLE_WORDS.search(inner):
        # （市发改局、市财政局）: a list of units only (the first listed leads, by convention)
        parts = split_list(inner)
        return bool(parts) and len(inner) <= 120 and all(
            _UNIT_NAME.search(p) and len(p) <= 20 and not re.search(r"\d", p) for p in parts)
    # an aside such as （由市财政局负责资金保障的除外） is long prose; a clause is a list of units
    return len(inner) <= 200 and not re.search(r"[。]", inner)


def trailing_clauses(text: str) -> list[tuple[int, int, str]]:
    """(start, end, inner) of every top-level bracket in `text` that is a responsibility clause."""
    found: list[tuple[int, int, str]] = []
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch in "（(":
            stack.append(i)
        elif ch in "）)" and stack:
            start = stack.pop()
            if not stack:
                inner = text[start + 1: i]
                # a clause closes a sentence: （…牵头）。 or at the end of the item
                after = text[i + 1: i + 2]
                rest = text[i + 1:].split("\n", 1)[0].strip("。；; ")
                if is_clause(inner) and (after == "" or after in "。；;！!\n”") \
                        and (not units_only(inner) or not rest):
                    # a list of units alone counts only where it closes the line
                    found.append((start, i + 1, inner))
    return found
