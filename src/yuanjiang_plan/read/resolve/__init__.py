"""Validated plan files -> the resolved `Plan` (README *Encoding a real plan*). Pure: values in,
values out.

Inheritance runs down the tree (section -> sub-section -> task -> sub-item -> target): every
role (`lead`, `support`, `responsible`, `leaders`, `reporter`), `start`, `due`, `basis`,
`reporting` (field by field) and `evidence`; a node's own value replaces its parent's. Groups
are expanded to their members here, so everything after this sees units only (an open group
stays by its name and owes nothing).

units.py resolves names to units (and checks the unit directory), inherit.py says what a node
inherits, walk.py walks the tree into the `Plan`.
"""

from .walk import resolve_plan

__all__ = ["resolve_plan"]
