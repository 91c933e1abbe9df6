"""The JSON Schema and the loader agree on a mutated corpus (issue 17).

An editor (yaml-language-server) checks a progress file against `schema/progress.schema.json`
while a clerk types; `plan validate` checks it when it is committed. Each of the ~110 files
below is a small mutation of a valid report (and 17 of the plan, at the end); for each, the schema (the `jsonschema` library,
over the YAML as the YAML server reads it: YAML 1.2, dates as strings) and the loader must both
accept it or both reject it.

Some checks are inherently the loader's alone, because they need the plan beside the file (a
schema describes one file): an unknown target or department, a period outside the plan, a
unit that contradicts the target's, a stage the target does not have, a negative value for a
`quantity` target (a `level` such as GDP growth may be negative). And JSON Schema cannot say
"not NaN": `.nan` is a number to it. Those cases carry their reason in `LOADER_ONLY`: there the
schema must accept and the loader reject, so the exception itself is checked.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from helpers import REPO

HEADER = "department: 交通局\nperiod: 2024-09\nsubmitted: 2024-10-03\n"
GOOD_ENTRY = "  - target: 1.1.1\n    value: 60\n"

# The plan these files are checked against (conftest TREE_YAML): 1.1.1 quantity 100个, 1.1.2
# milestone [开工, 主体完工, 投入使用], 1.1.4 action, G1 level 6.5%; units 发改局 (fgj), 交通局 (jtj,
# alias 市交通运输局), 农业局; plan 2024-07-01 .. 2024-12-31.

HEADERS = {  # (department, period, submitted) lines replacing the header
    "dept-alias": "department: 市交通运输局\nperiod: 2024-09\n",
    "dept-code": "department: jtj\nperiod: 2024-09\n",
    "dept-empty": "department: ''\nperiod: 2024-09\n",
    "dept-null": "department:\nperiod: 2024-09\n",
    "dept-number": "department: 123\nperiod: 2024-09\n",
    "dept-list": "department: [交通局]\nperiod: 2024-09\n",
    "dept-missing": "period: 2024-09\n",
    "period-month-short": "department: 交通局\nperiod: 2024-9\n",
    "period-slash": "department: 交通局\nperiod: 2024/09\n",
    "period-chinese-month": "department: 交通局\nperiod: 2024年9月\n",
    "period-quarter": "department: 交通局\nperiod: 2024-Q3\n",
    "period-quarter-nodash": "department: 交通局\nperiod: 2024Q3\n",
    "period-quarter-lower": "department: 交通局\nperiod: 2024-q3\n",
    "period-chinese-quarter": "department: 交通局\nperiod: 2024年第三季度\n",
    "period-chinese-quarter-short": "department: 交通局\nperiod: 2024年三季度\n",
    "period-half": "department: 交通局\nperiod: 2024-H2\n",
    "period-chinese-half": "department: 交通局\nperiod: 2024年下半年\n",
    "period-year-int": "department: 交通局\nperiod: 2024\n",
    "period-year-text": "department: 交通局\nperiod: '2024'\n",
    "period-year-chinese": "department: 交通局\nperiod: 2024年\n",
    "period-13": "department: 交通局\nperiod: 2024-13\n",
    "period-00": "department: 交通局\nperiod: 2024-00\n",
    "period-q5": "department: 交通局\nperiod: 2024-Q5\n",
    "period-q0": "department: 交通局\nperiod: 2024-Q0\n",
    "period-h3": "department: 交通局\nperiod: 2024-H3\n",
    "period-date": "department: 交通局\nperiod: 2024-09-01\n",
    "period-two-digit-year": "department: 交通局\nperiod: 24-09\n",
    "period-chinese-13": "department: 交通局\nperiod: 2024年13月\n",
    "period-chinese-q5": "department: 交通局\nperiod: 2024年第五季度\n",
    "period-int-yyyymm": "department: 交通局\nperiod: 202409\n",
    "period-empty": "department: 交通局\nperiod: ''\n",
    "period-null": "department: 交通局\nperiod:\n",
    "period-word": "department: 交通局\nperiod: 九月\n",
    "period-list": "department: 交通局\nperiod: [2024-09]\n",
    "period-three-digit-month": "department: 交通局\nperiod: 2024-009\n",
    "submitted-quoted": "department: 交通局\nperiod: 2024-09\nsubmitted: '2024-10-03'\n",
    "submitted-feb-30": "department: 交通局\nperiod: 2024-09\nsubmitted: 2024-02-30\n",
    "submitted-month-13": "department: 交通局\nperiod: 2024-09\nsubmitted: 2024-13-01\n",
    "submitted-day-32": "department: 交通局\nperiod: 2024-09\nsubmitted: 2024-10-32\n",
    "submitted-apr-31": "department: 交通局\nperiod: 2024-09\nsubmitted: 2024-04-31\n",
    "submitted-leap": "department: 交通局\nperiod: 2024-09\nsubmitted: 2024-02-29\n",
    "submitted-not-leap": "department: 交通局\nperiod: 2024-09\nsubmitted: 2023-02-29\n",
    "submitted-slash": "department: 交通局\nperiod: 2024-09\nsubmitted: 2024/10/03\n",
    "submitted-word": "department: 交通局\nperiod: 2024-09\nsubmitted: 昨天\n",
    "submitted-null": "department: 交通局\nperiod: 2024-09\nsubmitted:\n",
    "submitted-empty": "department: 交通局\nperiod: 2024-09\nsubmitted: ''\n",
    "submitted-quoted-feb-30": "department: 交通局\nperiod: 2024-09\nsubmitted: '2024-02-30'\n",
    "extra-top-key": "department: 交通局\nperiod: 2024-09\nremarks: 无\n",
}

ENTRIES = {  # one entry replacing the good one
    "target-quoted": "  - target: '1.1.1'\n    value: 60\n",
    "target-float": "  - target: 1.1\n    value: 60\n",
    "target-empty": "  - target: ''\n    value: 60\n",
    "target-null": "  - target:\n    value: 60\n",
    "target-missing": "  - value: 60\n",
    "target-list": "  - target: [1.1.1]\n    value: 60\n",
    "value-float": "  - target: 1.1.1\n    value: 60.5\n",
    "value-text-number": "  - target: 1.1.1\n    value: '60'\n",
    "value-with-unit": "  - target: 1.1.1\n    value: 60个\n",
    "value-wan": "  - target: 1.1.1\n    value: 4.5万\n",
    "value-grouped": "  - target: 1.1.1\n    value: 1,200\n",
    "value-fullwidth": "  - target: 1.1.1\n    value: １２\n",
    "value-zero": "  - target: 1.1.1\n    value: 0\n",
    "value-exponent": "  - target: 1.1.1\n    value: 1e3\n",
    "value-exponent-text": "  - target: 1.1.1\n    value: '1e3'\n",
    "value-huge-int": "  - target: 1.1.1\n    value: 123456789012345678901234567890\n",
    "value-inf": "  - target: 1.1.1\n    value: .inf\n",
    "value-minus-inf": "  - target: 1.1.1\n    value: -.inf\n",
    "value-overflow": "  - target: 1.1.1\n    value: 1e400\n",
    "value-many": "  - target: 1.1.1\n    value: 很多\n",
    "value-chinese-numeral": "  - target: 1.1.1\n    value: 三万\n",
    "value-about": "  - target: 1.1.1\n    value: 约60\n",
    "value-trailing-dot": "  - target: 1.1.1\n    value: '5.'\n",
    "value-fraction": "  - target: 1.1.1\n    value: 1/2\n",
    "value-hex": "  - target: 1.1.1\n    value: '0x10'\n",
    "value-underscore": "  - target: 1.1.1\n    value: '1_000'\n",
    "value-nan-text": "  - target: 1.1.1\n    value: NaN\n",
    "value-empty-text": "  - target: 1.1.1\n    value: ''\n",
    "value-bool": "  - target: 1.1.1\n    value: true\n",
    "value-list": "  - target: 1.1.1\n    value: [60]\n",
    "value-map": "  - target: 1.1.1\n    value: {n: 60}\n",
    "value-level-negative": "  - target: G1\n    value: -1.5\n",
    "value-level-percent": "  - target: G1\n    value: 6.5%\n",
    "stage": "  - target: 1.1.2\n    stage: 开工\n",
    "stage-number": "  - target: 1.1.2\n    stage: 1\n",
    "stage-list": "  - target: 1.1.2\n    stage: [开工]\n",
    "note": "  - target: 1.1.4\n    note: 巡查全覆盖\n",
    "note-block": "  - target: 1.1.4\n    note: |\n      第一行\n      第二行\n",
    "note-number": "  - target: 1.1.4\n    note: 123\n",
    "note-bool": "  - target: 1.1.4\n    note: true\n",
    "note-list": "  - target: 1.1.4\n    note: [巡查]\n",
    "done-true": "  - target: 1.1.4\n    done: true\n",
    "done-false": "  - target: 1.1.4\n    done: false\n    note: 进行中\n",
    "done-yes": "  - target: 1.1.4\n    done: yes\n",
    "done-no": "  - target: 1.1.4\n    done: no\n    note: 进行中\n",
    "done-on": "  - target: 1.1.4\n    done: on\n",
    "done-one": "  - target: 1.1.4\n    done: 1\n",
    "done-zero": "  - target: 1.1.4\n    done: 0\n    note: 进行中\n",
    "done-two": "  - target: 1.1.4\n    done: 2\n",
    "done-text-true": "  - target: 1.1.4\n    done: 'true'\n",
    "done-chinese": "  - target: 1.1.4\n    done: 完成\n",
    "done-list": "  - target: 1.1.4\n    done: [true]\n",
    "evidence-list": "  - target: 1.1.1\n    value: 60\n    evidence: [沅交发〔2024〕12号]\n",
    "evidence-single": "  - target: 1.1.1\n    value: 60\n    evidence: 沅交发〔2024〕12号\n",
    "evidence-empty": "  - target: 1.1.1\n    value: 60\n    evidence:\n",
    "evidence-empty-list": "  - target: 1.1.1\n    value: 60\n    evidence: []\n",
    "evidence-empty-item": "  - target: 1.1.1\n    value: 60\n    evidence: ['']\n",
    "evidence-empty-text": "  - target: 1.1.1\n    value: 60\n    evidence: ''\n",
    "evidence-number-item": "  - target: 1.1.1\n    value: 60\n    evidence: [12]\n",
    "evidence-nested": "  - target: 1.1.1\n    value: 60\n    evidence: [[a]]\n",
    "evidence-map": "  - target: 1.1.1\n    value: 60\n    evidence: {a: b}\n",
    "evidence-null-item": "  - target: 1.1.1\n    value: 60\n    evidence: [a, null]\n",
    "extra-entry-key": "  - target: 1.1.1\n    valeu: 60\n",
    "entry-scalar": "  - 1.1.1\n",
    "entry-null": "  -\n",
    "entry-list": "  - [1.1.1, 60]\n",
}

WHOLE = {  # whole files
    "empty": "",
    "comment-only": "# nothing yet\n",
    "top-list": "- department: 交通局\n",
    "top-scalar": "交通局\n",
    "entries-missing": "department: 交通局\nperiod: 2024-09\n",
    "entries-empty": "department: 交通局\nperiod: 2024-09\nentries: []\n",
    "entries-null": "department: 交通局\nperiod: 2024-09\nentries:\n",
    "entries-text": "department: 交通局\nperiod: 2024-09\nentries: 无\n",
    "entries-map": "department: 交通局\nperiod: 2024-09\nentries:\n  target: 1.1.1\n  value: 60\n",
    "only-blank-entries": "department: 交通局\nperiod: 2024-09\nentries:\n  - target: 1.1.1\n    value:\n"
                          "    note:\n    evidence: []\n",
    "blank-beside-filled": "department: 交通局\nperiod: 2024-09\nentries:\n  - target: 1.1.1\n    value:\n"
                           "  - target: 1.1.4\n    note: 巡查\n",
}

# Needs the plan: the loader rejects, the schema (one file, no plan) cannot.
LOADER_ONLY = {
    "dept-unknown": ("department: 交通\nperiod: 2024-09\n", "unknown department: the registry is in plan/"),
    "period-outside-plan": ("department: 交通局\nperiod: 2024-03\n", "the plan's dates are in plan/plan.yaml"),
    "target-unknown": ("  - target: 9.9.9\n    value: 60\n", "targets are in plan/"),
    "target-int-unknown": ("  - target: 2\n    value: 60\n", "targets are in plan/"),
    "value-unit-mismatch": ("  - target: 1.1.1\n    value: 60亩\n", "the target's unit is in plan/"),
    "value-negative": ("  - target: 1.1.1\n    value: -5\n", "negative only for a quantity target (plan/)"),
    "value-negative-text": ("  - target: 1.1.1\n    value: '-5'\n", "negative only for a quantity target (plan/)"),
    "stage-unknown": ("  - target: 1.1.2\n    stage: 完工\n", "a target's stages are in plan/"),
    "value-nan": ("  - target: 1.1.1\n    value: .nan\n", "JSON Schema has no way to say 'not NaN'"),
}


def corpus() -> dict[str, tuple[str, str | None]]:
    """name -> (file text, reason the loader alone rejects it or None)."""
    files: dict[str, tuple[str, str | None]] = {}
    for name, header in HEADERS.items():
        files[name] = (header + "entries:\n" + GOOD_ENTRY, None)
    for name, entry in ENTRIES.items():
        files[name] = (HEADER + "entries:\n" + entry, None)
    for name, text in WHOLE.items():
        files[name] = (text, None)
    for name, (part, reason) in LOADER_ONLY.items():
        text = (part + "entries:\n" + GOOD_ENTRY) if part.startswith("department") else (
            HEADER + "entries:\n" + part)
        files[name] = (text, reason)
    return files


def _as_the_yaml_server_reads(text: str) -> Any:
    """YAML 1.2 (yes/on stay strings), timestamps as the strings they are, to JSON values."""
    yaml = YAML(typ="safe", pure=True)
    yaml.constructor.add_constructor("tag:yaml.org,2002:timestamp",
                                     lambda c, node: c.construct_scalar(node))
    return yaml.load(text)


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bool, bool, str | None, str]]:
    """name -> (schema accepts, loader accepts, loader-only reason, what each said)."""
    import jsonschema
    from typer.testing import CliRunner

    from helpers import DEPARTMENTS_YAML, PLAN_YAML, TREE_YAML, write
    from yuanjiang_plan.cli import app

    root = tmp_path_factory.mktemp("corpus")
    write(root / "plan/plan.yaml", PLAN_YAML)
    write(root / "plan/departments.yaml", DEPARTMENTS_YAML)
    write(root / "plan/tree.yaml", TREE_YAML)
    files = corpus()
    for i, (name, (text, _)) in enumerate(files.items()):
        # one period folder per file: two reports of one unit for one period are a conflict
        (root / "progress" / f"{i:03d}").mkdir(parents=True)
        (root / "progress" / f"{i:03d}" / f"{name}.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", "--root", str(root), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    diagnostics = json.loads(result.stdout)
    errors: dict[str, list[str]] = {}
    for d in diagnostics:
        if d["severity"] == "error":
            errors.setdefault(Path(d["path"]).stem, []).append(d["code"])
    schema = json.loads((REPO / "schema" / "progress.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    out = {}
    for name, (text, reason) in files.items():
        data = _as_the_yaml_server_reads(text)
        problems = [e.message for e in validator.iter_errors(data)]
        out[name] = (not problems, name not in errors, reason,
                     f"schema: {problems[:1]}; loader: {errors.get(name)}")
    return out


def test_the_corpus_is_about_110_files():
    assert 100 <= len(corpus()) <= 140


def test_schema_and_loader_agree(verdicts):
    disagree = {name: said for name, (schema_ok, loader_ok, reason, said) in verdicts.items()
                if reason is None and schema_ok != loader_ok}
    assert not disagree, "\n".join(f"{k}: {v}" for k, v in disagree.items())
    # the corpus has both verdicts in quantity
    accepted = sum(1 for s, _, r, _ in verdicts.values() if s and r is None)
    assert 30 <= accepted <= len(verdicts) - 30, accepted


def test_loader_only_checks_are_exactly_those(verdicts):
    for name, (schema_ok, loader_ok, reason, said) in verdicts.items():
        if reason is not None:
            assert schema_ok and not loader_ok, (name, reason, said)


@pytest.mark.parametrize("line", ["period: 2024-13", "submitted: 2024-02-30", "period: 2024-Q5"])
def test_an_editor_flags_while_the_clerk_types(line):
    """What yaml-language-server shows: the property's own schema rejects the value."""
    import jsonschema

    schema = json.loads((REPO / "schema" / "progress.schema.json").read_text(encoding="utf-8"))
    key = line.split(": ")[0]
    sub = {**schema["properties"][key], "$defs": schema.get("$defs", {})}
    data = _as_the_yaml_server_reads(line)[key]
    assert list(jsonschema.Draft202012Validator(sub).iter_errors(data)), line


# ---------------------------------------------------------------- plan files: dates and periods

# (file, text to replace, replacement); each mutated plan is checked in a repository of its own
# (a plan error stops everything else).
PLAN_MUTATIONS = {
    "plan-start-feb-30": ("plan.yaml", "start: 2024-07-01", "start: 2024-02-30"),
    "plan-end-month-13": ("plan.yaml", "end: 2024-12-31", "end: 2024-13-31"),
    "plan-end-quoted": ("plan.yaml", "end: 2024-12-31", "end: '2024-12-31'"),
    "plan-end-slash": ("plan.yaml", "end: 2024-12-31", "end: 2024/12/31"),
    "plan-cadence-weekly": ("plan.yaml", "cadence: monthly", "cadence: weekly"),
    "plan-cadence-quarterly": ("plan.yaml", "cadence: monthly", "cadence: quarterly"),
    "due-date": ("tree.yaml", "            unit: 个\n", "            unit: 个\n            due: 2024-11-30\n"),
    "due-apr-31": ("tree.yaml", "            unit: 个\n", "            unit: 个\n            due: 2024-04-31\n"),
    "due-month": ("tree.yaml", "            unit: 个\n", "            unit: 个\n            due: 2024-10\n"),
    "due-chinese-month": ("tree.yaml", "            unit: 个\n", "            unit: 个\n            due: 2024年10月\n"),
    "due-quarter": ("tree.yaml", "            unit: 个\n", "            unit: 个\n            due: 2024-Q4\n"),
    "due-q5": ("tree.yaml", "            unit: 个\n", "            unit: 个\n            due: 2024-Q5\n"),
    "due-month-13": ("tree.yaml", "            unit: 个\n", "            unit: 个\n            due: 2024-13\n"),
    "due-year": ("tree.yaml", "            unit: 个\n", "            unit: 个\n            due: 2024\n"),
    "due-word": ("tree.yaml", "            unit: 个\n", "            unit: 个\n            due: 年底\n"),
    "start-half": ("tree.yaml", "            unit: 亩\n", "            unit: 亩\n            start: 2024-H2\n"),
    "start-h3": ("tree.yaml", "            unit: 亩\n", "            unit: 亩\n            start: 2024-H3\n"),
}


def test_plan_dates_and_periods_agree(tmp_path):
    import jsonschema
    from typer.testing import CliRunner

    from helpers import DEPARTMENTS_YAML, PLAN_YAML, TREE_YAML, write
    from yuanjiang_plan.cli import app

    schemas = {"plan.yaml": "plan.schema.json", "tree.yaml": "tree.schema.json"}
    disagree = []
    verdicts = []
    for name, (file, old, new) in PLAN_MUTATIONS.items():
        root = tmp_path / name
        texts = {"plan.yaml": PLAN_YAML, "departments.yaml": DEPARTMENTS_YAML, "tree.yaml": TREE_YAML}
        assert old in texts[file], name
        texts[file] = texts[file].replace(old, new, 1)
        for f, text in texts.items():
            write(root / "plan" / f, text)
        result = CliRunner().invoke(app, ["validate", "--root", str(root), "--format", "json"])
        errors = [d["code"] for d in json.loads(result.stdout or "[]") if d["severity"] == "error"]
        schema = json.loads((REPO / "schema" / schemas[file]).read_text(encoding="utf-8"))
        problems = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(
            _as_the_yaml_server_reads(texts[file]))]
        verdicts.append(not errors)
        if (not problems) != (not errors):
            disagree.append(f"{name}: schema {problems[:1]}; loader {errors}")
    assert not disagree, "\n".join(disagree)
    assert 5 <= sum(verdicts) <= len(verdicts) - 5  # both verdicts occur
