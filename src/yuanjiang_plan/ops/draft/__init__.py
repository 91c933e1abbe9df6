"""Drafting a plan from its document's text: pure, no I/O (README *Drafting a plan from its
document*).

`draft(blocks, plan_id)` takes the document as paragraphs and tables (read/document.py reads
.txt and .docx) and returns a `Draft`; render/draft.py writes it as YAML with its TODOs.
"""

from .build import draft
from .model import Block, Draft

__all__ = ["Block", "Draft", "draft"]
