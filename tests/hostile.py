"""A small plan repository whose titles, notes and department names are injection payloads.

Shared by test_formats.py and test_report.py: every output format must carry these as inert
text (no formula, no markup, no escape sequence, no script).
"""

from __future__ import annotations

from helpers import DEPARTMENTS_YAML, PLAN_YAML, SEPTEMBER_LIKE, TREE_YAML

FORMULA = "=cmd|' /C calc'!A0"
SCRIPT = "<script>alert(1)</script>"
MARKUP = "[red]x[/]"
OSC = "\x1b]8;;http://evil\x07"
PAYLOADS = (FORMULA, SCRIPT, MARKUP, OSC)

PLAN = PLAN_YAML.replace("title: 测试方案", 'title: "测试方案<script>alert(1)</script>\\e]8;;http://evil\\a"')

DEPARTMENTS = DEPARTMENTS_YAML + """\
  - name: "=cmd|' /C calc'!A0"
    code: evil
  - name: "<script>alert(1)</script>局"
    code: xss
"""

# Section 2 is led by the formula-named unit (which never reports) and has hostile titles;
# 1.1.4 is due 2024-09-30 and not done, so it is overdue on 2024-10-15.
TREE = TREE_YAML.replace(
    "          - id: 1.1.4\n            title: 落实禁渔\n            kind: action\n",
    "          - id: 1.1.4\n            title: 落实禁渔\n            kind: action\n            due: 2024-09-30\n",
) + """\
  - id: '2'
    title: "生态<script>alert(1)</script>"
    tasks:
      - id: '2.1'
        title: "=cmd|' /C calc'!A0"
        lead: [evil]
        support: [xss]
        targets:
          - id: 2.1.1
            title: "=1+1"
            kind: quantity
            target: 10
            unit: 个
          - id: 2.1.2
            title: "[red]x[/] \\e]8;;http://evil\\a链接 a|b"
            kind: level
            target: 5
            unit: "%"
"""

PROGRESS = {
    **SEPTEMBER_LIKE,
    "2024-08/交通局.yaml": """\
department: 交通局
period: 2024-08
submitted: 2024-09-03
entries:
  - target: 1.1.1
    value: 30
  - target: 1.1.2
    stage: 开工
""",
    "2024-09/xss.yaml": """\
department: xss
period: 2024-09
submitted: 2024-10-02
entries:
  - target: 2.1.2
    value: -1.5
    note: "<script>alert(1)</script> =cmd|' /C calc'!A0 [red]x[/] \\e]8;;http://evil\\a\\nsecond|line"
""",
}


def make_hostile(make_repo):  # type: ignore[no-untyped-def]
    return make_repo(PROGRESS, tree=TREE, plan=PLAN, departments=DEPARTMENTS)
