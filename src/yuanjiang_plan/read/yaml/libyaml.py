"""libyaml's composer through PyYAML's C binding, with none of PyYAML's Python resolver."""

from __future__ import annotations

from typing import Any

import yaml as _pyyaml


def _make_loader() -> Any:
    from yaml._yaml import CParser  # type: ignore[import-untyped, unused-ignore]

    class Loader(CParser):  # type: ignore[misc, unused-ignore]
        """libyaml's composer, and nothing of PyYAML's Python resolver machinery.

        The composer calls these three for every node; C callables that ignore their
        arguments save three Python calls a node. The tag it stores is then a throwaway
        `slice` for every implicitly typed node: the converter types plain scalars itself
        (`plain`), and an explicit tag (always a str) is refused before composing
        (`scan_events`).
        """

        resolve = slice
        descend_resolver = slice
        ascend_resolver = tuple

    return Loader


def _check_libyaml() -> None:
    if not getattr(_pyyaml, "__with_libyaml__", False):  # pragma: no cover - packaging
        raise ImportError("PyYAML was built without libyaml: install pyyaml>=6.0.4 wheels")


_check_libyaml()
Loader: Any = _make_loader()
