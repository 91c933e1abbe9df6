"""Pydantic validation of a parsed document; every error becomes a located diagnostic."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..core import model
from ..core.diagnostics import Diagnostic, Loc, error

M = TypeVar("M", bound=BaseModel)



_KNOWN_KEYS: set[str] = set()


def _known_keys() -> set[str]:
    if not _KNOWN_KEYS:
        for obj in vars(model).values():
            if isinstance(obj, type) and issubclass(obj, BaseModel) and obj is not BaseModel:
                _KNOWN_KEYS.update(obj.model_fields)
    return _KNOWN_KEYS


_MESSAGES = {
    "missing": "缺少必填项 (missing)",
    "extra_forbidden": "未知的键 (unknown key)",
    "union_tag_invalid": "kind 只能是 quantity、level、milestone 或 action (bad kind)",
    "union_tag_not_found": "缺少 kind: quantity|level|milestone|action (missing kind)",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD (bad date)",
    "date_parsing": "日期格式应为 YYYY-MM-DD (bad date)",
    "date_type": "日期格式应为 YYYY-MM-DD (bad date)",
    "finite_number": "数值必须是有限数 (must be finite, no .nan/.inf)",
    "too_short": "不能为空 (must not be empty)",
    "string_too_short": "不能为空 (must not be empty)",
    "string_too_long": "太长 (too long)",
    "too_long": "太长 (too long)",
    "model_type": "应为键值映射 (expected a mapping)",
    "list_type": "应为列表 (expected a list)",
    "dict_type": "应为键值映射 (expected a mapping)",
}
_CODES = {
    "missing": "missing-key",
    "extra_forbidden": "unknown-key",
    "union_tag_invalid": "bad-kind",
    "union_tag_not_found": "bad-kind",
    "date_from_datetime_parsing": "bad-date",
    "date_parsing": "bad-date",
    "date_type": "bad-date",
    "finite_number": "not-finite",
}


def _clean_loc(data: Any, loc: tuple[Any, ...]) -> Loc:
    """Keep the segments of a pydantic loc that exist in the data (drop union tags)."""
    out: list[str | int] = []
    node = data
    for seg in loc:
        if isinstance(node, Mapping) and seg in node:
            out.append(seg)
            node = node[seg]
        elif isinstance(node, list) and isinstance(seg, int) and 0 <= seg < len(node):
            out.append(seg)
            node = node[seg]
        elif isinstance(node, Mapping) and isinstance(seg, str) and _is_field(seg):
            out.append(seg)  # a missing key: keep it so the message names it
            break
    return tuple(out)


def _is_field(name: str) -> bool:
    return name in _known_keys()


def validate(model: type[M], data: Any, rel: str, prefix: Loc = ()) -> tuple[M | None, list[Diagnostic]]:
    """Validate a parsed document (or the part of it at `prefix`); errors become diagnostics."""
    if prefix and not isinstance(data, dict):
        return None, [error(rel, "bad-shape", f"{'.'.join(map(str, prefix))}: 应为键值映射 (expected a mapping)",
                            "每条记录形如 - target: 1.2.3 (each entry is a mapping)", loc=prefix)]
    if not isinstance(data, dict):
        what = "空文件" if data is None else f"顶层是 {type(data).__name__}"
        return None, [error(
            rel, "empty-file" if data is None else "bad-shape",
            f"{what}，应为键值映射 (expected a mapping at the top level)",
            "参照 plan template 生成的文件格式 (see `plan template`)", line=1, col=1,
        )]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        diags = []
        for err in exc.errors(include_url=False):
            loc = prefix + _clean_loc(data, err["loc"])
            kind = err["type"]
            where = ".".join(str(s) for s in loc) or "(顶层)"
            hint = None
            if kind == "extra_forbidden":
                close = difflib.get_close_matches(str(loc[-1]) if loc else "", _known_keys(), n=1)
                hint = f"是不是 '{close[0]}'? (did you mean)" if close else "删除该键 (remove it)"
            text = _MESSAGES.get(kind)
            if text is None or kind == "value_error":
                text = err["msg"].removeprefix("Value error, ")
            diags.append(error(rel, _CODES.get(kind, "bad-value"), f"{where}: {text}", hint, loc=loc))
        return None, diags


