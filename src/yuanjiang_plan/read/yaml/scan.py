"""The pre-scan: tags, anchors, aliases and `%YAML` versions, refused from the parser's events."""

from __future__ import annotations

import re
from typing import Any

import yaml as _pyyaml

from .libyaml import Loader
from .marks import Refusal, at

DIRECTIVE = re.compile(r"^%", re.MULTILINE)


def scan_events(text: str) -> None:
    """Refuse tags, anchors, aliases and YAML versions, seen only as parser events.

    Run only when the text holds a character that can start one (`!`, `&`, `*`, a `%` at the
    start of a line): libyaml's composer expands aliases and hides where a tag came from.
    Syntax errors are left to the composer, which reports them the same way.
    """
    from yaml.events import (
        AliasEvent,
        CollectionStartEvent,
        DocumentStartEvent,
        NodeEvent,
        ScalarEvent,
    )

    parser = Loader(text)
    anchor: Any = None
    try:
        while True:
            event = parser.get_event()
            if event is None:
                break
            if isinstance(event, DocumentStartEvent):
                version = event.version
                if version is not None and tuple(version) != (1, 2):
                    line, col = at(event)
                    shown = ".".join(str(v) for v in version)
                    raise Refusal(
                        "yaml-version", f"不支持 YAML {shown} 版本声明，只读 YAML 1.2 (%YAML {shown} "
                        "is not supported: YAML 1.2 only)",
                        "删除 %YAML 行 (remove the %YAML line)", line, col)
            elif isinstance(event, AliasEvent):
                line, col = at(event)
                raise Refusal(
                    "yaml-alias", "不支持 YAML 锚点/别名 (& / *) (anchors and aliases are not allowed)",
                    "把内容直接写出来 (write the content out)", line, col)
            elif isinstance(event, NodeEvent):
                tag = getattr(event, "tag", None)  # None: resolved implicitly
                if tag is not None and isinstance(event, ScalarEvent | CollectionStartEvent):
                    line, col = at(event)
                    shown = str(tag).replace("tag:yaml.org,2002:", "!!")
                    raise Refusal(
                        "yaml-tag", f"不允许的 YAML 标签 {shown} (tags are not allowed)",
                        "删除标签，只写普通的键和值 (remove the tag: plain YAML only)", line, col)
                if event.anchor is not None and anchor is None:
                    anchor = event
    except _pyyaml.YAMLError:
        return  # the composer reports it
    finally:
        parser.dispose()
    if anchor is not None:
        line, col = at(anchor)
        raise Refusal(
            "yaml-anchor", f"不支持 YAML 锚点 &{anchor.anchor} (anchors are not allowed)",
            "删除 & 及其名称 (remove the & and its name)", line, col)
