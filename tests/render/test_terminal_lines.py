"""`TerminalConsole.print_lines` writes what printing line by line writes, byte for byte."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yuanjiang_plan.render.terminal import TerminalConsole

# Text as diagnostics carry it: CJK, tabs, control characters, bidi overrides, wide and
# combining characters, spaces at either end, markup-like brackets.
_CHARS = st.sampled_from([*"ab 中文\t\x1b\x07\r\x0c\u202e\u200b\u0301😀[]/:\u00a0\u3000\x9b\x7f"])
_LINES = st.lists(st.text(_CHARS, max_size=40), max_size=12)


def _console(terminal: bool) -> tuple[TerminalConsole, io.StringIO]:
    out = io.StringIO()
    return TerminalConsole(file=out, force_terminal=terminal, color_system="standard" if terminal else None,
                           highlight=False, emoji=False, markup=False, soft_wrap=False, width=80), out


def _style(line: str) -> str:
    return "red" if "中" in line else "yellow"


@settings(max_examples=200)
@given(_LINES)
def test_print_lines_is_printing_each_line(lines: list[str]) -> None:
    for terminal in (False, True):
        one, one_out = _console(terminal)
        for line in lines:
            one.print(line, markup=False, highlight=False, soft_wrap=True, style=_style(line))
        many, many_out = _console(terminal)
        many.print_lines(lines, style=_style)
        assert many_out.getvalue() == one_out.getvalue()


def test_plain_lines_skip_rich_and_a_tab_goes_through_it(monkeypatch: pytest.MonkeyPatch) -> None:
    console, out = _console(False)
    printed: list[str] = []
    real = TerminalConsole.print

    def spy(self: TerminalConsole, *objects: object, **kwargs: object) -> None:
        printed.extend(map(str, objects))
        real(self, *objects, **kwargs)

    monkeypatch.setattr(TerminalConsole, "print", spy)
    console.print_lines(["甲:1:1: warning: x", "a\tb", "乙\x1b[31m"])
    assert printed == ["a\tb"]
    assert out.getvalue() == "甲:1:1: warning: x\na       b\n乙\\x1b[31m\n"
