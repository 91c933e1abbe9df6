"""Text as clerks type it: full-width digits and punctuation folded, user text quoted short."""

from __future__ import annotations

# Chinese input methods produce full-width digits and punctuation (１２．５，％); the mapping is
# one character to one character so positions in the normalised text match the raw text.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALF_WIDTH[0x3000] = ord(" ")  # ideographic space
_HALF_WIDTH[0x2212] = ord("-")  # MINUS SIGN, as pasted from Word and web pages

_MAX_SHOWN = 40


def normalise(text: str) -> str:
    return text.translate(_HALF_WIDTH)


def shown(text: str) -> str:
    """User text as quoted in a message: stripped and cut short."""
    text = text.strip()
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"
