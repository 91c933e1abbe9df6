"""JSON output: UTF-8 text, Chinese kept readable, never NaN."""

from __future__ import annotations

import json
import re
from typing import Any

# json.dumps escapes C0 controls but writes DEL and C1 (U+009B is an 8-bit CSI) as they are.
_C1 = re.compile(r"[\x7f-\x9f]")


def dumps(document: Any) -> str:
    text = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False, default=str)
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
