"""ReportEntry writes its fields in one go (issue 12): it must still be the frozen dataclass."""

from __future__ import annotations

import dataclasses
import inspect
import pickle

import pytest

from yuanjiang_plan.core.progress import ReportEntry
from yuanjiang_plan.core.quantity import parse_period


def entry(**changes: object) -> ReportEntry:
    fields = dict(target="1.1.1", department="交通局", period=parse_period("2024-09"), submitted=None,
                  value=5.0, stage=None, note="推进中", done=None, evidence=("交发〔2024〕1号",),
                  file="progress/2024-09/交通局.yaml", index=3)
    return ReportEntry(**{**fields, **changes})  # type: ignore[arg-type]


def test_init_takes_every_field_in_order_with_the_same_defaults() -> None:
    params = list(inspect.signature(ReportEntry.__init__).parameters.values())[1:]
    fields = dataclasses.fields(ReportEntry)
    assert [p.name for p in params] == [f.name for f in fields]
    assert [p.default for p in params] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default for f in fields]


def test_fields_equality_hash_repr_replace_and_pickle() -> None:
    e = entry()
    assert (e.target, e.department, e.value, e.note, e.index, e.percent) == (
        "1.1.1", "交通局", 5.0, "推进中", 3, None)
    assert vars(e) == {f.name: getattr(e, f.name) for f in dataclasses.fields(ReportEntry)}
    assert e == entry() and hash(e) == hash(entry()) and e != entry(index=4)
    assert repr(e).startswith("ReportEntry(target='1.1.1', department='交通局', period=")
    assert dataclasses.replace(e, percent=60.0) == entry(percent=60.0)
    assert pickle.loads(pickle.dumps(e)) == e
    full = entry(submitted=parse_period("2024-10").end, stage="主体完工", done=True, percent=60.0)
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps(full, protocol=protocol))
        assert again == full and vars(again) == vars(full)
    # Pickled as its fields in order (`__reduce__`): a field added to the class and not there fails.
    assert full.__reduce__()[1] == tuple(getattr(full, f.name) for f in dataclasses.fields(ReportEntry))
    assert dataclasses.astuple(e)[-1] is None and e.loc == ("entries", 3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.value = 6.0  # type: ignore[misc]
