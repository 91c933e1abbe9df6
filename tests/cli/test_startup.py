"""Start-up stays light: --help, --version and completion import no heavy module (issue 7)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

HEAVY = ("pydantic", "ruamel", "yaml", "yuanjiang_plan.loader", "yuanjiang_plan.ops.track",
         "yuanjiang_plan.core.model", "openpyxl")
# typer >= 0.2x coerces its own --help/--install-completion values through pydantic when they
# are unset, so a subcommand's --help and completion import pydantic whatever we do; our
# models, the YAML readers and the engine must still stay out.
OURS = tuple(m for m in HEAVY if m != "pydantic")

PROBE = """
import json, sys
sys.argv = ["plan", *json.loads(sys.argv[1])]
from yuanjiang_plan.cli import main
try:
    main()
except SystemExit:
    pass
print("\\n" + json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in
      ("pydantic", "ruamel", "yaml", "openpyxl") or m.startswith("yuanjiang_plan."))))
"""


@pytest.mark.parametrize(("args", "banned"), [(["--version"], HEAVY), (["--help"], HEAVY),
                                             (["status", "--help"], OURS)])
def test_no_heavy_imports(args: list[str], banned: tuple[str, ...]) -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True,
                          text=True, timeout=60, env={"PATH": "", "NO_COLOR": "1"})
    assert proc.returncode == 0, proc.stderr
    loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    assert not [m for m in loaded if m.startswith(banned)], loaded
    assert "plan" in proc.stdout


def test_completion_imports_nothing_heavy() -> None:
    env = {"PATH": "", "_PLAN_COMPLETE": "complete_bash", "COMP_WORDS": "plan st", "COMP_CWORD": "1"}
    proc = subprocess.run([sys.executable, "-c", PROBE, "[]"], capture_output=True, text=True,
                          timeout=60, env=env)
    assert "status" in proc.stdout
    loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    assert not [m for m in loaded if m.startswith(OURS)], loaded


def test_version_shortcut_says_what_the_option_says(cli: Any) -> None:
    """`plan --version` is answered before typer builds the commands; same text either way."""
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(["--version"])],
                          capture_output=True, text=True, timeout=60, env={"PATH": ""})
    option = cli("--version")
    assert option.exit_code == 0
    assert proc.stdout.splitlines()[0] == option.stdout.strip()


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_the_program_imports_no_pickle_for_help_or_version(args: list[str]) -> None:
    """The answer cache (program.py) is not asked about --help or --version: its pickle module
    (2-3 ms of a ~100 ms start) is not imported for them."""
    probe = ("import json, sys\nsys.argv = ['plan', *json.loads(sys.argv[1])]\n"
             "from yuanjiang_plan.program import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('pickle' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", probe, json.dumps(args)], capture_output=True,
                          text=True, timeout=60, env={"PATH": "", "NO_COLOR": "1"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "False"
