"""What every step of a draft reads of the whole document."""

from __future__ import annotations


class Context:
    """The year the plan is about (for dates written without one) and the document's text."""

    def __init__(self, year: int | None, body: str = "") -> None:
        self.year = year
        self.body = body
