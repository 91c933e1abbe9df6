"""Pydantic models of plan and progress files (README *Encoding a real plan*, *Add a report*);
no I/O here.

The models describe files exactly as users write them. Inheritance of responsibility and
deadlines, alias resolution and cross-file checks happen later (``load`` and ``checks``).

base.py holds the shared field types and `Model`; departments.py the units, meta.py the
plan's settings, nodes.py the tree, files.py the plan's files, reports.py a unit's report.
Every model class is exported here: read/validate.py collects the known keys from them.
"""

from .base import (
    Basis,
    Cadence,
    EvidenceRule,
    Model,
    Names,
    NodeId,
    Number,
    When,
    when_end,
    when_start,
)
from .departments import (
    Department,
    Group,
    Owner,
)
from .files import (
    DepartmentsFile,
    EnvName,
    Extension,
    ExtensionsFile,
    Notify,
    PlanMeta,
    TreeFile,
)
from .meta import (
    Coordination,
    Lights,
    NodeReporting,
    Reporting,
)
from .nodes import (
    ActionTarget,
    Breakdown,
    LevelTarget,
    MilestoneTarget,
    Node,
    Op,
    Qualifier,
    QuantityTarget,
    Schedule,
    Section,
    Stage,
    Target,
    TargetBase,
    Task,
)
from .reports import (
    Entry,
    ProgressFile,
    ProgressHeader,
)

__all__ = [
    "ActionTarget",
    "Basis",
    "Breakdown",
    "Cadence",
    "Coordination",
    "Department",
    "DepartmentsFile",
    "Entry",
    "EnvName",
    "EvidenceRule",
    "Extension",
    "ExtensionsFile",
    "Group",
    "LevelTarget",
    "Lights",
    "MilestoneTarget",
    "Model",
    "Names",
    "Node",
    "NodeId",
    "NodeReporting",
    "Notify",
    "Number",
    "Op",
    "Owner",
    "PlanMeta",
    "ProgressFile",
    "ProgressHeader",
    "Qualifier",
    "QuantityTarget",
    "Reporting",
    "Schedule",
    "Section",
    "Stage",
    "Target",
    "TargetBase",
    "Task",
    "TreeFile",
    "When",
    "when_end",
    "when_start",
]
