"""Did-you-mean: close spellings and look-alike typing of names and ids."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable


def closest(word: str, candidates: Iterable[str], cutoff: float,
            table: CountTable | None = None) -> str | None:
    """`difflib.get_close_matches(word, candidates, n=1, cutoff)`, the same answer, faster.

    get_close_matches computes the full ratio of every candidate whose cheap upper bounds pass;
    among 10,000 target ids nearly all pass, and one suggestion cost ~0.3 s (issue 12). Here
    the bound (quick_ratio: twice the size of the multiset intersection over the total length)
    is computed for all candidates at once from a `CountTable`, the candidates are taken in
    decreasing bound, and the full ratio is computed only while a bound can still reach the
    best ratio found (ties, as there, go to the larger string).
    """
    table = table or CountTable(tuple(candidates))
    n = len(word)
    shared = table.shared(word)
    bounded: list[tuple[float, str]] = []
    for x, size, common in zip(table.words, table.lengths, shared, strict=True):
        total = n + size
        if not total:
            bounded.append((1.0, x))
            continue
        if 2.0 * min(n, size) / total < cutoff:  # real_quick_ratio
            continue
        bound = 2.0 * common / total  # quick_ratio
        if bound >= cutoff:
            bounded.append((bound, x))
    bounded.sort(reverse=True)
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    best: tuple[float, str] | None = None
    for bound, x in bounded:
        if best is not None and bound < best[0]:
            break
        matcher.set_seq1(x)
        ratio = matcher.ratio()
        if ratio >= cutoff and (best is None or (ratio, x) > best):
            best = (ratio, x)
    return best[1] if best else None


class CountTable:
    """Per character, how often it occurs in each of many words, packed one byte per word, so
    that the multiset intersection with a new word is computed for all of them in a few big-int
    additions (`shared`)."""

    def __init__(self, words: tuple[str, ...]) -> None:
        self.words = words
        self.lengths = [len(w) for w in words]
        self.short = all(size < 256 for size in self.lengths)
        self._columns: dict[str, bytes] = {}
        if self.short:
            for c in {c for w in words for c in w}:
                self._columns[c] = bytes(w.count(c) for w in words)

    def shared(self, word: str) -> list[int]:
        """For each word, the size of its multiset intersection with `word`."""
        if not self.short or len(word) >= 256:
            return [sum(min(w.count(c), word.count(c)) for c in set(word)) for w in self.words]
        total = 0
        for c in set(word):
            column = self._columns.get(c)
            if column is None:
                continue
            k = word.count(c)
            capped = column.translate(bytes(min(v, k) for v in range(256)))
            total += int.from_bytes(capped, "little")  # no carry: every sum stays < 256
        return list(total.to_bytes(len(self.words), "little")) if self.words else []


def normalise(text: str) -> str:
    """Fold full-width forms and stray spaces, as a clerk's look-alike typing would need."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()
