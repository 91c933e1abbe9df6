"""How close `plan draft` comes to a hand-made plan (issue 15): a benchmark, not a test.

    python benchmarks/draft.py [--source ../shared/source] [--json]

Drafts the bundled document (yuanjiang-2024-regional-plan.txt) and compares the draft with the
hand-made plan/ of this repository; then drafts each excerpt in source/realdocs/ and compares it
with its hand encoding in benchmarks/draft_fixtures/. Measured per document:
  items        expected items (tasks; goals of a 分工方案) found in the draft, and with the same id
  roles        items whose 牵头 / 责任 / 配合 units and 责任领导 are all exactly right
  figures      numeric targets with the right value, unit and qualifier (and period, where given)
  invented     figures in the draft whose number the document does not contain (must be 0)
  专班          coordination members, convener, deputies, office (bundled document)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "src"))

from yuanjiang_plan.ops.draft import draft  # noqa: E402
from yuanjiang_plan.ops.draft.model import Draft, TargetDraft, TaskDraft  # noqa: E402
from yuanjiang_plan.read.document import read_document  # noqa: E402

Figure = tuple[Any, ...]


def _source_dir(given: str | None) -> Path:
    if given:
        return Path(given)
    for parent in [REPO, *REPO.parents]:
        if (parent / "shared" / "source").is_dir():
            return parent / "shared" / "source"
    raise SystemExit("source documents not found: pass --source ../shared/source")


def _num(v: Any) -> Decimal:
    return Decimal(str(v)).normalize()


def _figures_of(t: TargetDraft) -> list[dict[str, Any]]:
    if t.schedule:
        return [{"value": v, "unit": t.unit, "qualifier": t.qualifier, "due": p, "op": t.op or ">="}
                for p, v in t.schedule.items()]
    value = t.target if t.target is not None else t.change
    if value is None:
        return []
    return [{"value": value, "unit": t.unit, "qualifier": t.qualifier, "due": t.due, "op": t.op or ">="}]


def _task_targets(task: TaskDraft) -> list[TargetDraft]:
    out = list(task.targets)
    for sub in task.tasks:
        out += _task_targets(sub)
    return out


def draft_items(d: Draft) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for g in d.goals:
        items.append({"id": g.id, "text": f"{g.title}{g.text}", "roles": g.roles,
                      "figures": _figures_of(g)})
    for task in d.all_tasks():
        targets = _task_targets(task)
        text = task.title + (task.text or "") + "".join(t.text for t in targets)
        items.append({"id": task.id, "text": text, "roles": task.roles,
                      "figures": [f for t in targets for f in _figures_of(t)]})
    return items


def _norm(text: str) -> str:
    return re.sub(r"[\s，,。；;：:（）()]", "", text)


def _same_figure(want: dict[str, Any], got: dict[str, Any]) -> bool:
    if _num(want["value"]) != _num(got["value"]) or want.get("unit") != got["unit"]:
        return False
    if want.get("qualifier") != got["qualifier"]:
        return False
    if "due" in want and str(want["due"]) != str(got["due"]):
        return False
    return not ("op" in want and want["op"] != got["op"])


def compare(d: Draft, expected: list[dict[str, Any]], text: str) -> dict[str, Any]:
    items = draft_items(d)
    found = same_id = roles_right = with_id = 0
    role_items = 0
    fig_total = fig_right = 0
    misses: list[str] = []
    for want in expected:
        key = _norm(want["find"])
        # an item with the expected id and text first, else the first item holding the text
        got = next((i for i in items if key in _norm(i["text"]) and i["id"] == want.get("id")),
                   None) or next((i for i in items if key in _norm(i["text"])), None)
        fig_total += len(want.get("figures", []))
        if want.get("has_roles", True):
            role_items += 1
        if got is None:
            misses.append(f"item not found: {want['find']}")
            continue
        found += 1
        with_id += want.get("id") is not None
        if want.get("id") is not None and str(want["id"]) == got["id"]:
            same_id += 1
        if want.get("has_roles", True):
            r = got["roles"]
            ok = all(list(want.get(k) or []) == list(getattr(r, k))
                     for k in ("lead", "responsible", "support", "leaders"))
            roles_right += ok
            if not ok:
                misses.append(f"roles of {want['find']}: want "
                              f"{ {k: want.get(k) or [] for k in ('lead', 'responsible', 'support', 'leaders')} } "
                              f"got lead={r.lead} responsible={r.responsible} support={r.support} leaders={r.leaders}")
        pool = list(got["figures"])
        for fig in want.get("figures", []):
            match = next((g for g in pool if _same_figure(fig, g)), None)
            if match is not None:
                pool.remove(match)
                fig_right += 1
            else:
                misses.append(f"figure {fig} of {want['find']}: draft has {got['figures']}")
    written = _written_numbers(text)
    drafted = [f for i in items for f in i["figures"]]
    invented = [f for f in drafted if abs(_num(f["value"])) not in written]
    return {
        "items": len(expected), "found": found, "same_id": same_id, "with_id": with_id,
        "role_items": role_items, "roles_right": roles_right,
        "figures": fig_total, "figures_right": fig_right,
        "drafted_figures": len(drafted), "invented": len(invented),
        "invented_list": invented, "misses": misses,
    }


def _written_numbers(text: str) -> set[Decimal]:
    out: set[Decimal] = set()
    for m in re.finditer(r"(\d+(?:\.\d+)?)\s*(万|亿|千)?", text):
        v = Decimal(m.group(1))
        mag = {"万": 10_000, "亿": 100_000_000, "千": 1000}.get(m.group(2) or "", 1)
        out.add((v * mag).normalize())
        out.add(v.normalize())
    return out


def bundled_expected(plan_dir: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    expected: list[dict[str, Any]] = []
    meta: dict[str, Any] = {}
    for path in sorted(plan_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if path.name == "plan.yaml":
            meta = data
        for g in data.get("goals", []):
            value = g.get("target", g.get("change"))
            expected.append({"find": g.get("text") or g["title"], "id": None, "has_roles": False,
                             "figures": [] if value is None else
                             [{"value": value, "unit": g["unit"], "qualifier": g.get("qualifier")}]})

        def walk_section(s: dict[str, Any]) -> None:
            for sub in s.get("sections", []):
                walk_section(sub)
            for t in s.get("tasks", []):
                figures = [{"value": x.get("target", x.get("change")), "unit": x["unit"],
                            "qualifier": x.get("qualifier")}
                           for x in t.get("targets", [])
                           if x.get("target", x.get("change")) is not None]
                expected.append({"find": t["title"], "id": t["id"], "lead": t.get("lead") or [],
                                 "support": t.get("support") or [], "figures": figures})

        for s in data.get("sections", []):
            walk_section(s)
    return expected, meta


def coordination_score(d: Draft, meta: dict[str, Any]) -> dict[str, Any]:
    want = meta.get("coordination") or {}
    got = d.coordination
    if got is None:
        return {"members": len(want.get("members", [])), "members_right": 0, "fields_right": 0}
    right = sum(1 for a, b in zip(want.get("members", []), got.members, strict=False) if a == b)
    fields = sum([want.get("convener") == got.convener, want.get("deputies") == got.deputies,
                  want.get("office") == got.office, want.get("name") == got.name])
    return {"members": len(want.get("members", [])), "members_found": len(got.members),
            "members_right": right, "fields_right": fields, "fields": 4}


def run(source: Path) -> dict[str, Any]:
    results: dict[str, Any] = {}
    doc = source / "yuanjiang-2024-regional-plan.txt"
    started = time.perf_counter()
    d = draft(read_document(doc), "yuanjiang-2024-regional")
    elapsed = time.perf_counter() - started
    expected, meta = bundled_expected(REPO / "plan")
    score = compare(d, expected, doc.read_text(encoding="utf-8"))
    score["coordination"] = coordination_score(d, meta)
    score["seconds"] = round(elapsed, 3)
    results[doc.name] = score
    for fixture in sorted((HERE / "draft_fixtures").glob("*.yaml")):
        spec = yaml.safe_load(fixture.read_text(encoding="utf-8"))
        path = source / spec["document"]
        d = draft(read_document(path), path.stem)
        score = compare(d, spec["items"], path.read_text(encoding="utf-8"))
        want_meta = spec.get("meta") or {}
        score["meta_right"] = sum([
            want_meta.get("title") == d.meta.title if "title" in want_meta else True,
            want_meta.get("issuer") == d.meta.issuer if "issuer" in want_meta else True,
            str(want_meta.get("published")) == str(d.meta.published) if "published" in want_meta else True,
        ])
        groups = [u.name for u in d.units if u.group]
        score["groups_right"] = groups == spec.get("groups", [])
        results[path.name] = score
    return results


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f}%)" if b else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    results = run(_source_dir(args.source))
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2, default=str))
        return
    print(f"{'document':38} {'items found':>14} {'same id':>14} {'roles right':>14} "
          f"{'figures right':>14} {'invented':>8}")
    for name, s in results.items():
        print(f"{name:38} {_pct(s['found'], s['items']):>14} {_pct(s['same_id'], s['with_id']):>14} "
              f"{_pct(s['roles_right'], s['role_items']):>14} {_pct(s['figures_right'], s['figures']):>14} "
              f"{s['invented']:>8}")
        if "coordination" in s:
            c = s["coordination"]
            print(f"{'':38} 专班 members {_pct(c['members_right'], c['members'])}, "
                  f"convener/deputies/office/name {c['fields_right']}/4, drafted in {s['seconds']}s")
        if args.verbose:
            for miss in s["misses"]:
                print(f"{'':4}- {miss}")
            for f in s["invented_list"]:
                print(f"{'':4}! invented {f}")


if __name__ == "__main__":
    main()
