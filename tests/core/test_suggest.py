"""Did-you-mean for target ids: difflib's answer, computed fast enough for 10,000 ids (issue 12)."""

from __future__ import annotations

import difflib
import random
import time

from yuanjiang_plan.core.similar import CountTable, closest


def test_same_answer_as_difflib() -> None:
    rng = random.Random(12)
    for _ in range(1500):
        words = ["".join(rng.choice("ab.12汉") for _ in range(rng.randint(0, 7)))
                 for _ in range(rng.randint(0, 40))]
        word = "".join(rng.choice("ab.12汉") for _ in range(rng.randint(0, 7)))
        for cutoff in (0.0, 0.5, 0.6, 0.9, 1.0):
            want = difflib.get_close_matches(word, words, n=1, cutoff=cutoff)
            assert closest(word, words, cutoff) == (want[0] if want else None), (word, words, cutoff)


def test_province_sized_plan() -> None:
    ids = [f"{s}.{t}.{k}" for s in range(1, 21) for t in range(1, 51) for k in range(1, 11)]
    table = CountTable(tuple(ids))
    typos = ["3.17.4.99", "12.3", "7.41.10.1", "20.50.11"]
    start = time.perf_counter()
    got = [closest(w, ids, 0.6, table) for w in typos]
    fast = time.perf_counter() - start
    start = time.perf_counter()
    want = [difflib.get_close_matches(w, ids, n=1, cutoff=0.6)[0] for w in typos]
    slow = time.perf_counter() - start
    assert got == want
    assert fast < slow / 2
