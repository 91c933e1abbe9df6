"""Generate a synthetic plan repository in the SPEC format, deterministically (seeded).

The vocabulary imitates the bundled plan (`plan/`) and reports (`progress/`): county and
bureau names, 推进……建设 titles, 完成……% notes, 万/亿 quantities, document numbers as
evidence. One report per unit per month (`progress/<period>/<unit>.yaml`) holds an entry for
every target the unit leads (牵头). The result passes `plan validate` with no errors.

With `--messy` the data looks like real reports (issue 12): a quarter of the units report
quarterly (their targets say `reporting: {cadence: quarterly}`, their files are
`progress/2024-Q1/...`); a third of the files carry a warning (a cumulative figure below last
period's, an entry for a target the unit does not lead, a met target without a document number);
about one file in a hundred has an error (an unknown target, a unit that contradicts the
target's); 15% of the reports come in after the deadline and 5% never come. `plan validate`
then reports exactly `counts["errors"]` errors.

    python benchmarks/generate.py --size prefecture --out /tmp/prefecture
    python benchmarks/generate.py --size province --messy --out /tmp/province-messy
    python benchmarks/generate.py --targets 200 --units 12 --months 6 --seed 7 --out /tmp/small
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

# name: (targets, units, months); the bundled plan has 71 targets, 33 units and 6 months.
SIZES: dict[str, tuple[int, int, int]] = {
    "bundled": (71, 33, 6),
    "prefecture": (1_000, 60, 24),
    "half-province": (5_000, 400, 24),
    "province": (10_000, 400, 24),
}

COUNTIES = [
    "沅江市", "南县", "桃江县", "安化县", "赫山区", "资阳区", "大通湖区", "岳阳楼区", "云溪区",
    "君山区", "华容县", "湘阴县", "平江县", "汨罗市", "临湘市", "武陵区", "鼎城区", "安乡县",
    "汉寿县", "澧县", "临澧县", "桃源县", "石门县", "津市市", "芙蓉区", "天心区", "岳麓区",
    "开福区", "雨花区", "望城区", "长沙县", "浏阳市", "宁乡市", "荷塘区", "芦淞区", "石峰区",
    "天元区", "渌口区", "攸县", "茶陵县", "炎陵县", "醴陵市", "雨湖区", "岳塘区", "湘潭县",
    "湘乡市", "韶山市", "珠晖区", "雁峰区", "石鼓区", "蒸湘区", "南岳区", "衡阳县", "衡南县",
]
BUREAUS = [
    ("发改局", "发展和改革局", "fgj"), ("交通运输局", "交通运输局", "jtj"),
    ("农业农村局", "农业农村局", "nyj"), ("水利局", "水利局", "slj"),
    ("教育局", "教育局", "jyj"), ("卫健局", "卫生健康局", "wjj"),
    ("住建局", "住房和城乡建设局", "zjj"), ("自然资源局", "自然资源局", "zrj"),
    ("商务局", "商务局", "swj"), ("文旅广体局", "文化旅游广电体育局", "wlj"),
    ("人社局", "人力资源和社会保障局", "rsj"), ("科工局", "科学技术和工业信息化局", "kgj"),
    ("林业局", "林业局", "lyj"), ("财政局", "财政局", "czj"),
    ("城管执法局", "城市管理综合执法局", "cgj"), ("医保局", "医疗保障局", "ybj"),
    ("行政审批局", "行政审批服务局", "spj"), ("公安局", "公安局", "gaj"),
    ("生态环境分局", "生态环境分局", "hbj"), ("高新区管委会", "高新技术产业开发区管委会", "gxq"),
]

SECTION_THEMES = [
    "加快推进东接东融发展战略", "推进洞庭湖生态经济区建设", "推动县域经济高质量发展",
    "全面推进乡村振兴", "提升城乡公共服务水平", "加强生态环境保护治理", "推进新型城镇化建设",
    "深化重点领域改革", "扩大高水平对外开放", "加快现代化基础设施建设",
]
PLACES = ["南大膳镇", "草尾镇", "琼湖街道", "胭包山街道", "黄茅洲镇", "共华镇", "阳罗洲镇",
          "四季红镇", "泗湖山镇", "漉湖芦苇场", "茶盘洲镇", "新湾镇", "南嘴镇", "庆云山街道"]
WORKS = ["城乡路网", "污水处理厂提标改造", "人民医院二期", "农村公路大中修", "航道疏浚",
         "港口码头", "分布式光伏发电", "风电项目", "湿地生态修复", "高标准农田", "冷链物流园",
         "职业教育实训基地", "中医阁", "电子证照汇聚", "芦苇综合利用产业园", "农机示范基地",
         "雨污分流改造", "安全饮水巩固提升", "老旧小区改造", "充电基础设施"]
QUANTITIES = [  # what is counted, the unit, a typical yearly target
    ("新引进产业项目", "个", 2, 12), ("新建快充桩", "个", 50, 400), ("修复湿地", "亩", 10_000, 60_000),
    ("新增高标准农田", "亩", 5_000, 40_000), ("新增城镇就业", "人", 2_000, 9_000),
    ("引进芦苇综合利用企业", "家", 2, 8), ("完成农村公路大中修", "公里", 20, 160),
    ("完成固定资产投资", "亿元", 20, 160), ("培训高素质农民", "人", 300, 2_000),
    ("清退欧美黑杨", "亩", 2_000, 30_000), ("建设村卫生室中医阁", "个", 10, 60),
]
LEVELS = [  # title, unit, target range, op
    ("地区生产总值增长", "%", (5.5, 7.5), ">="), ("城镇化率", "%", (58.0, 66.0), ">="),
    ("城乡居民人均可支配收入增长", "%", (5.0, 7.0), ">="), ("PM2.5平均浓度", "μg/m³", (28.0, 38.0), "<="),
    ("地表水达到或好于Ⅲ类水体比例", "%", (90.0, 98.0), ">="), ("森林覆盖率", "%", (30.0, 60.0), ">="),
]
STAGES = [["开工", "主体完工", "建成通车"], ["开工", "主体完工", "投入使用"],
          ["开工", "主体完工", "竣工验收"], ["签约", "落地开工"], ["开工", "完工"]]
ACTIONS = ["落实长江“十年禁渔”", "强化珍稀候鸟栖息地巡护监管", "建立区域大气污染联防联控机制",
           "推动高频电子证照互通互认", "执行环境准入制度", "落实国土空间规划", "开展河湖岸线整治",
           "深化与长沙产业创新协作", "办好群众性文化活动", "推进秸秆粪污“两利用”"]
NOTE_PROGRESS = ["路基工程完成{p}%", "主体工程完成{p}%", "设备安装完成{p}%", "内部装修完成{p}%",
                 "征拆工作完成{p}%", "累计完成投资{m}亿元", "招投标完成，施工单位进场"]
NOTE_ACTION = ["开展联合执法巡查{n}次，查处案件{k}起", "召开专题调度会{k}次，明确责任清单",
               "印发工作方案，分解任务{n}项", "组织学习座谈会{k}次，建立整改台账",
               "与{place}对接，形成工作机制文稿", "完成{place}试点，总结经验{k}条"]
DOC_PREFIX = ["沅发改", "沅交发", "沅农发", "沅政办发", "沅教发", "沅卫发", "沅环发", "沅住建发"]


@dataclass
class Unit:
    name: str
    full_name: str
    code: str


@dataclass
class TargetSpec:
    id: str
    kind: str
    lead: int  # index into units
    yaml: list[str]
    goal: float | None = None
    unit: str | None = None
    op: str = ">="
    stages: list[str] = field(default_factory=list)


def month_list(first: tuple[int, int], months: int) -> list[tuple[int, int]]:
    y, m = first
    out = []
    for _ in range(months):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def month_end(y: int, m: int) -> dt.date:
    nxt = dt.date(y + 1, 1, 1) if m == 12 else dt.date(y, m + 1, 1)
    return nxt - dt.timedelta(days=1)


def make_units(n: int) -> list[Unit]:
    units = []
    for i in range(n):
        county = COUNTIES[(i // len(BUREAUS)) % len(COUNTIES)]
        short, full, code = BUREAUS[i % len(BUREAUS)]
        lap = i // (len(BUREAUS) * len(COUNTIES))
        suffix = f"第{lap + 1}分局" if lap else ""
        units.append(Unit(f"{county}{short}{suffix}", f"{county}{full}{suffix}",
                          f"u{i:04d}-{code}"))
    return units


def fmt_num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}".rstrip("0").rstrip(".")


def make_target(rng: random.Random, tid: str, lead: int, people: list[Unit],
                quarterly: bool = False) -> TargetSpec:
    roll = rng.random()
    place = rng.choice(PLACES)
    support = sorted({rng.randrange(len(people)) for _ in range(rng.randint(0, 2))} - {lead})
    extra = [f"            support: [{', '.join(people[s].name for s in support)}]"] if support else []
    lines = [f"          - id: '{tid}'"]
    if roll < 0.40:
        what, unit, lo, hi = rng.choice(QUANTITIES)
        goal = float(rng.randint(lo, hi))
        spec = TargetSpec(tid, "quantity", lead, lines, goal, unit)
        lines += [f"            title: {place}{what}", "            kind: quantity",
                  f"            text: {place}{what}{fmt_num(goal)}{unit}以上",
                  f"            target: {fmt_num(goal)}", f"            unit: {unit}",
                  "            qualifier: at_least"]
    elif roll < 0.55:
        what, unit, (lo, hi), op = rng.choice(LEVELS)
        goal = round(rng.uniform(lo, hi), 1)
        spec = TargetSpec(tid, "level", lead, lines, goal, unit, op)
        lines += [f"            title: {place}{what}", "            kind: level",
                  f"            target: {fmt_num(goal)}", f"            unit: '{unit}'"]
        if op != ">=":
            lines.append(f"            op: '{op}'")
        lines.append(f"            qualifier: {'at_most' if op == '<=' else 'strive'}")
    elif roll < 0.80:
        stages = rng.choice(STAGES)
        work = rng.choice(WORKS)
        spec = TargetSpec(tid, "milestone", lead, lines, stages=stages)
        lines += [f"            title: {place}{work}项目", "            kind: milestone",
                  f"            text: 加快推进{place}{work}项目建设",
                  f"            stages: [{', '.join(stages)}]"]
    else:
        spec = TargetSpec(tid, "action", lead, lines)
        lines += [f"            title: {place}{rng.choice(ACTIONS)}", "            kind: action"]
    lines.append(f"            lead: [{people[lead].name}]")
    lines += extra
    if quarterly:
        lines.append("            reporting: {cadence: quarterly}")
    return spec


def generate(out: Path, targets: int, units: int, months: int, seed: int,
             first: tuple[int, int] = (2024, 1), messy: bool = False) -> dict[str, int]:
    """Write the repository under `out` (emptied first); returns counts of what was written
    (with `messy`, also the errors `plan validate` must report)."""
    rng = random.Random(seed)
    # A separate stream for the mess, so that the clean repository stays what it always was.
    mess = random.Random(seed * 7919 + 1)
    quarterly = {i for i in range(units) if messy and mess.random() < 0.25}
    if out.exists():
        shutil.rmtree(out)
    (out / "plan").mkdir(parents=True)
    people = make_units(units)
    periods = month_list(first, months)
    start = dt.date(*first, 1)
    end = month_end(*periods[-1])

    meta = [
        "# 合成基准数据 — 非真实计划 (synthetic benchmark data, not a real plan)",
        f"id: synthetic-{targets}-{units}-{months}-{seed}",
        f"title: 区域共进行动实施方案（合成数据，{targets}项指标）",
        "issuer: 合成数据生成器",
        f"published: {start.isoformat()}",
        f"start: {start.isoformat()}",
        f"end: {end.isoformat()}",
        "reporting:\n  cadence: monthly\n  due_day: 5",
        "coordination:",
        "  name: 落实区域共进行动工作专班",
        "  convener: 分管副省长",
        f"  office: {people[0].name}",
        "  duty: 负责日常协调和调度工作",
        f"  members: [{', '.join(u.name for u in people[:20])}]",
    ]
    (out / "plan" / "plan.yaml").write_text("\n".join(meta) + "\n", encoding="utf-8")
    dept_lines = ["departments:"]
    for u in people:
        dept_lines += [f"  - name: {u.name}", f"    full_name: {u.full_name}", f"    code: {u.code}"]
    (out / "plan" / "departments.yaml").write_text("\n".join(dept_lines) + "\n", encoding="utf-8")

    # Tree: ~8 targets per task, ~50 tasks per section, one file per section.
    specs: list[TargetSpec] = []
    per_task = 8
    per_section = 50
    n_tasks = max(1, -(-targets // per_task))
    n_sections = max(1, -(-n_tasks // per_section))
    made = 0
    for s in range(n_sections):
        sid = str(s + 1)
        lines = ["sections:", f"  - id: '{sid}'",
                 f"    title: {SECTION_THEMES[s % len(SECTION_THEMES)]}（{sid}）", "    tasks:"]
        for t in range(per_section):
            if made >= targets:
                break
            tid = f"{sid}.{t + 1}"
            task_due = end - dt.timedelta(days=rng.choice([0, 0, 0, 31, 92, 184]))
            lines += [f"      - id: '{tid}'", f"        title: 推进{rng.choice(PLACES)}{rng.choice(WORKS)}",
                      f"        due: {task_due.isoformat()}", "        targets:"]
            for k in range(min(per_task, targets - made)):
                lead = made % units  # every unit leads about the same number of targets
                spec = make_target(rng, f"{tid}.{k + 1}", lead, people, lead in quarterly)
                specs.append(spec)
                lines += spec.yaml
                made += 1
        text = "\n".join(lines) + "\n"
        (out / "plan" / f"section-{s + 1:03d}.yaml").write_text(text, encoding="utf-8")

    # Progress: per unit per month, one entry for each target it leads; cumulative values grow.
    led: dict[int, list[TargetSpec]] = {}
    for spec in specs:
        led.setdefault(spec.lead, []).append(spec)
    actions = [spec for spec in specs if spec.kind == "action"]
    state: dict[str, float] = {}
    files = entries = errors = 0
    for n, (y, m) in enumerate(periods):
        period = f"{y}-{m:02d}"
        folder = out / "progress" / period
        folder.mkdir(parents=True)
        submitted = month_end(y, m) + dt.timedelta(days=rng.randint(1, 8))
        share = (n + 1) / months
        for ui, u in enumerate(people):
            mine = led.get(ui)
            if not mine:
                continue
            if not messy:
                lines = [f"department: {u.name if rng.random() < 0.9 else u.code}", f"period: {period}",
                         f"submitted: {submitted.isoformat()}", "entries:"]
                for spec in mine:
                    lines += _entry(rng, spec, share, state)
                    entries += 1
                (folder / f"{u.name}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
                files += 1
                continue
            made = _messy_report(rng, mess, out, u, ui, mine, (y, m), share, state,
                                 ui in quarterly, actions)
            if made is not None:
                files += 1
                entries += made[0]
                errors += made[1]
    counts = {"targets": len(specs), "units": units, "months": months, "files": files,
              "entries": entries}
    if messy:
        counts["errors"] = errors
        counts["quarterly_units"] = len(quarterly)
    return counts


def _messy_report(rng: random.Random, mess: random.Random, out: Path, u: Unit, ui: int,
                  mine: list[TargetSpec], month: tuple[int, int], share: float,
                  state: dict[str, float], quarterly: bool,
                  actions: list[TargetSpec]) -> tuple[int, int] | None:
    """One unit's report for one period, as real ones are; (entries, errors) or None (not filed)."""
    y, m = month
    if quarterly and m % 3:
        return None
    period = f"{y}-Q{m // 3}" if quarterly else f"{y}-{m:02d}"
    # Entries are drawn whether or not the report is filed: the figures move on regardless.
    body: list[list[str]] = []
    for spec in mine:
        body.append(_entry(rng, spec, share, state))
    if mess.random() < 0.05:
        return None  # never filed: a missing report
    due = month_end(y, m) + dt.timedelta(days=5)
    late = mess.random() < 0.15
    submitted = due + dt.timedelta(days=mess.randint(1, 20)) if late \
        else due - dt.timedelta(days=mess.randint(0, 4))
    errors = 0
    roll = mess.random()
    if roll < 1 / 3:  # warnings, as a hurried clerk's report has them
        quantities = [i for i, spec in enumerate(mine) if spec.kind == "quantity" and state.get(spec.id)]
        others = [a for a in actions if a.lead != ui]
        if quantities:  # a cumulative figure below last period's: `regression`
            i = mess.choice(quantities)
            low = fmt_num(max(0.0, state[mine[i].id] * 0.5 - 1))
            body[i] = [line if not line.startswith("    value:") else f"    value: {low}"
                       for line in body[i]]
        if others and mess.random() < 0.3:  # a target another unit leads: `not-responsible`
            body.append([f"  - target: '{mess.choice(others).id}'", "    note: 配合开展相关工作"])
        # met targets without their document numbers: `missing-evidence`
        body = [[x for x in lines if not x.startswith("    evidence:")] for lines in body]
    elif roll < 0.34:  # an error: one entry the loader must refuse (the rest still counts)
        errors = 1
        if mess.random() < 0.5:
            body.append([f"  - target: '{mine[0].id}.99'", "    note: 编号写错"])  # unknown-target
        else:
            qty = [spec for spec in mine if spec.kind == "quantity"]
            if qty:
                body.append([f"  - target: '{qty[0].id}'", "    value: 3万吨"])  # unit-mismatch...
                if qty[0].unit == "吨":
                    body[-1][1] = "    value: 3万个"
            else:
                body.append([f"  - target: '{mine[0].id}.99'", "    note: 编号写错"])
    lines = [f"department: {u.name if rng.random() < 0.9 else u.code}", f"period: {period}",
             f"submitted: {submitted.isoformat()}", "entries:"]
    for entry in body:
        lines += entry
    folder = out / "progress" / period
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{u.name}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(body), errors


def _evidence(rng: random.Random, year: int) -> str:
    return f"    evidence: [{rng.choice(DOC_PREFIX)}〔{year}〕{rng.randint(1, 160)}号]"


def _entry(rng: random.Random, spec: TargetSpec, share: float, state: dict[str, float]) -> list[str]:
    lines = [f"  - target: '{spec.id}'"]
    year = 2024 + int(share * 2)
    if spec.kind == "quantity":
        assert spec.goal is not None
        # Cumulative: never below last month's figure, so no `regression` warnings.
        pace = min(1.15, share * rng.uniform(0.7, 1.25))
        value = max(state.get(spec.id, 0.0), round(spec.goal * pace, 1 if spec.goal < 100 else 0))
        state[spec.id] = value
        if value >= 10_000 and value % 1_000 == 0 and rng.random() < 0.5:
            shown = f"{fmt_num(value / 10_000)}万{spec.unit}"  # "3.3万亩", as clerks write it
        else:
            shown = fmt_num(value)
        lines.append(f"    value: {shown}")
        if rng.random() < 0.5:
            lines.append(f"    note: 累计{fmt_num(value)}{spec.unit}，{rng.choice(PLACES)}进度较快")
        if value >= spec.goal:
            lines.append(_evidence(rng, year))
    elif spec.kind == "level":
        assert spec.goal is not None
        value = round(spec.goal * rng.uniform(0.9, 1.1), 1)
        lines.append(f"    value: {fmt_num(value)}")
        lines.append("    note: 季度数据未更新，沿用上期统计快报")
        met = value >= spec.goal if spec.op == ">=" else value <= spec.goal
        if met:
            lines.append(_evidence(rng, year))
    elif spec.kind == "milestone":
        reached = min(len(spec.stages), int(share * len(spec.stages) * rng.uniform(0.8, 1.3)))
        reached = max(int(state.get(spec.id, 0)), reached)
        state[spec.id] = reached
        if reached:
            lines.append(f"    stage: {spec.stages[reached - 1]}")
        note = rng.choice(NOTE_PROGRESS).format(p=rng.randint(5, 95), m=fmt_num(rng.randint(1, 90) / 10))
        lines.append(f"    note: {note}")
        if reached == len(spec.stages):
            lines.append(_evidence(rng, year))
    else:
        note = rng.choice(NOTE_ACTION).format(n=rng.randint(3, 60), k=rng.randint(1, 9),
                                              place=rng.choice(PLACES))
        lines.append(f"    note: {note}")
        if share >= 1 and rng.random() < 0.3:
            lines += ["    done: true", _evidence(rng, year)]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), help="a preset; the options below override it")
    parser.add_argument("--targets", type=int)
    parser.add_argument("--units", type=int)
    parser.add_argument("--months", type=int)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--messy", action="store_true",
                        help="real-looking data: warnings, a few errors, late, missing and quarterly reports")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (emptied first)")
    args = parser.parse_args(argv)
    targets, units, months = SIZES[args.size or "bundled"]
    targets = args.targets or targets
    units = args.units or units
    months = args.months or months
    if min(targets, units, months) < 1:
        parser.error("--targets, --units and --months must be positive")
    counts = generate(args.out, targets, units, months, args.seed, messy=args.messy)
    print(" ".join(f"{k}={v}" for k, v in counts.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
