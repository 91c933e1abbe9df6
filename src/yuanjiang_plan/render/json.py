"""JSON output: UTF-8 text, Chinese kept readable, never NaN."""

from __future__ import annotations

import json
from typing import Any


def dumps(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False, default=str)
