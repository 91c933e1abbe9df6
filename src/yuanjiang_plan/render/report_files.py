"""Report formats by file extension: each renderer turns the content model into bytes."""

from __future__ import annotations

from collections.abc import Callable

from ..core.words import Lang
from ..ops.report import ReportContent

ReportRenderer = Callable[[ReportContent, Lang], bytes]


def _markdown(content: ReportContent, lang: Lang) -> bytes:
    from .report_md import render_markdown

    return render_markdown(content, lang).encode("utf-8")


def _html(content: ReportContent, lang: Lang) -> bytes:
    from .report_html import render_html

    return render_html(content, lang).encode("utf-8")


def _xlsx(content: ReportContent, lang: Lang) -> bytes:
    from .report_xlsx import render_xlsx

    return render_xlsx(content, lang)


def _docx(content: ReportContent, lang: Lang) -> bytes:
    from .report_docx import render_docx

    return render_docx(content, lang)


REPORT_RENDERERS: dict[str, ReportRenderer] = {
    ".md": _markdown,
    ".html": _html,
    ".xlsx": _xlsx,
    ".docx": _docx,
}
