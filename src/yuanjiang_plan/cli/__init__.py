"""The `plan` command line: `app.py` defines the application, one module per command."""

from __future__ import annotations

from .app import app, main, version_text

__all__ = ["app", "main", "version_text"]
