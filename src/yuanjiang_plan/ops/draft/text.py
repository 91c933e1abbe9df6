"""The 公文 shape of a document's text: headings, sentences, clauses (README *Drafting a plan
from its document*); no I/O.

Documents mix full-width and half-width punctuation (`(一)` and `（一）`, `:` and `：`): every
pattern here accepts both, and the document's own text is kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = "零一二三四五六七八九十百"
LP, RP = "[（(]", "[）)]"

# Heading styles in the usual 公文 order: 第一部分 > 一、 > （一） > 1. > （1） > ①.
_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"^第([{CN_DIGITS}]+)(?:部分|章|篇)\s*[、．.:：]?\s*")),
    ("cn", re.compile(rf"^([{CN_DIGITS}]+)\s*[、．.]\s*")),
    ("cnp", re.compile(rf"^{LP}([{CN_DIGITS}]+){RP}\s*[、．.]?\s*")),
    ("ar", re.compile(r"^(\d{1,3})\s*(?:[、．]|\.(?!\d))\s*")),
    ("arp", re.compile(rf"^{LP}(\d{{1,3}}){RP}\s*[、．.]?\s*")),
    ("circ", re.compile(r"^([①-⑳])\s*")),
)
STYLE_ORDER = tuple(name for name, _ in _STYLES)

_DIGITS_ACROSS_BREAK = re.compile(r"(?<=\d)\n(?=\d)")


def unwrap(text: str) -> str:
    """A paragraph's lines joined back into one line, as the document wrapped it.

    Chinese text wraps anywhere, so a line break joins with nothing — except between two digits:
    "1" ending one line and "2个以上" starting the next are two numbers, not 12, and a draft must
    never write a number the document does not (a space keeps them apart).
    """
    return _DIGITS_ACROSS_BREAK.sub(" ", text).replace("\n", "")


@dataclass(frozen=True)
class Numbered:
    """A line that starts with the document's numbering."""

    style: str
    label: str  # as written: "（一）", "1.", "一、"
    number: int
    rest: str


def cn_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20 (the numbering of headings)."""
    values = {c: i for i, c in enumerate("零一二三四五六七八九")}
    if text == "十":
        return 10
    if "百" in text:
        head, _, tail = text.partition("百")
        return values.get(head, 1) * 100 + (cn_number(tail) if tail else 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (values[tens] if tens else 1) * 10 + (values[ones] if ones else 0)
    return values.get(text, 0)


def numbered(line: str) -> Numbered | None:
    """The numbering at the start of `line`, if any."""
    for style, pattern in _STYLES:
        m = pattern.match(line)
        if not m:
            continue
        raw = m.group(1)
        if style in ("part", "cn", "cnp"):
            number = cn_number(raw)
        elif style == "circ":
            number = ord(raw) - ord("①") + 1
        else:
            number = int(raw)
        rest = line[m.end():].strip()
        if not rest or number <= 0:
            return None
        return Numbered(style, m.group(0).strip(), number, rest)
    return None


_CJK = r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f“”‘’《》]"
_SPACE_IN_CJK = re.compile(rf"(?<={_CJK})[ \t\u3000]+|[ \t\u3000]+(?={_CJK})")


def clean(line: str) -> str:
    """Strip the line and drop spaces that only break Chinese text (改造 完成 → 改造完成)."""
    return _SPACE_IN_CJK.sub("", line.replace("\u00a0", " ").strip())


_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])")


def sentences(text: str) -> list[str]:
    """Sentences ending in 。！？ or ；, with the closing mark dropped; brackets are kept whole."""
    out: list[str] = []
    depth = 0
    current = ""
    for ch in text:
        current += ch
        if ch in "（(《“":
            depth += 1
        elif ch in "）)》”" and depth:
            depth -= 1
        elif ch in "。！？!?；;" and depth == 0:
            piece = current[:-1].strip()
            if piece:
                out.append(piece)
            current = ""
    if current.strip():
        out.append(current.strip())
    return out


def clauses(sentence: str) -> list[str]:
    """A sentence's clauses at its top-level commas (brackets and quotes kept whole)."""
    out: list[str] = []
    depth = 0
    current = ""
    for i, ch in enumerate(sentence):
        if ch in "（(《“":
            depth += 1
        elif ch in "）)》”" and depth:
            depth -= 1
        thousands = ch == "," and current[-1:].isdigit() and sentence[i + 1: i + 4].isdigit()
        if ch in ",，" and depth == 0 and not thousands:
            if current.strip():
                out.append(current.strip())
            current = ""
            continue
        current += ch
    if current.strip():
        out.append(current.strip())
    return out


def split_list(text: str) -> list[str]:
    """A list of names at 、 , ， (brackets kept whole)."""
    out: list[str] = []
    depth = 0
    current = ""
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
        if ch in "、,，/" and depth == 0:
            out.append(current.strip())
            current = ""
            continue
        current += ch
    out.append(current.strip())
    return [x for x in out if x]


# Spans whose digits are names, not targets: 《book titles》, “quoted names”, (2022—2025年).
_MASKED = re.compile(r"《[^》]*》|“[^”]*”|‘[^’]*’|\"[^\"]*\"|[（(][^（）()]*\d{4}[^（）()]*[）)]")


def masked(text: str) -> str:
    """`text` with the digits of titles, quotations and year ranges replaced by #."""
    return _MASKED.sub(lambda m: re.sub(r"\d", "#", m.group(0)), text)


def looks_like_heading(line: str) -> bool:
    """An unnumbered sub-heading: a short phrase with no sentence punctuation or number."""
    if len(line) > 24 or len(line) < 2:
        return False
    if re.search(r"[。；;：:！？!?，,、（）()《》“”\d]", line):
        return False
    return bool(re.search(r"[\u4e00-\u9fff]", line))


def shorten(text: str, limit: int = 40) -> tuple[str, bool]:
    """A title from a text: the first clause if short enough, else cut; True when cut."""
    first = clauses(text)[0] if clauses(text) else text
    if len(text) <= limit:
        return text, False
    if len(first) <= limit:
        return first, False
    return first[:limit] + "…", True
