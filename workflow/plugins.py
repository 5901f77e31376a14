"""Commands that other installed packages add to ``statements`` (entry points).

``importlib.metadata.entry_points(group=...)`` says which there are, but importing it costs
more than the rest of ``statements --help`` (it brings in ``email``, ``zipfile`` and more:
40–60 ms of a 0.1 s start). Installed packages keep their entry points in
``<name>.dist-info/entry_points.txt`` (or ``.egg-info``) in a directory on ``sys.path``;
those are read here directly. Anything this does not cover (a zip file on the path, a
finder that supplies distributions of its own, an ``.egg``) is left to
``importlib.metadata``.
"""

from __future__ import annotations

import os
import re
import sys
from functools import reduce
from importlib import import_module
from typing import Any

GROUP = "statements.commands"
_METADATA_DIRS = (".dist-info", ".egg-info")
# What importlib.metadata.EntryPoint accepts: "module", "module:attr.sub", "[extras]" after.
_VALUE = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")


def entry_points(group: str = GROUP) -> list[tuple[str, str]]:
    """``(name, value)`` of every entry point in ``group``, as
    ``importlib.metadata.entry_points(group=group)`` lists them."""
    paths = [path or "." for path in sys.path]
    if any(path.endswith(".egg") or os.path.isfile(path) for path in paths) or _other_finders():
        from importlib.metadata import entry_points as from_metadata

        return [(entry.name, entry.value) for entry in from_metadata(group=group)]
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for path in paths:
        try:
            names = os.listdir(path)
        except OSError:
            continue  # not there, or a path hook's placeholder
        for name in names:
            stem, extension = os.path.splitext(name)
            if extension.lower() not in _METADATA_DIRS:
                continue
            distribution = re.sub(r"[-_.]+", "_", stem.partition("-")[0]).lower()
            if distribution in seen:
                continue  # an earlier path entry has it: that one is imported
            seen.add(distribution)
            try:
                with open(os.path.join(path, name, "entry_points.txt"), encoding="utf-8") as f:
                    text = f.read()
            except OSError:
                continue
            found += _section(text, group)
    return found


def load(value: str) -> Any:
    """The object an entry point's ``module:attr`` names (imported)."""
    match = _VALUE.match(value)
    if match is None:
        raise ValueError(f"not an entry point: {value!r}")
    module = import_module(match.group("module"))
    attributes = match.group("attr").split(".") if match.group("attr") else []
    return reduce(getattr, attributes, module)


def _section(text: str, group: str) -> list[tuple[str, str]]:
    """The ``name = value`` lines of section ``[group]`` of an ``entry_points.txt``, read as
    ``importlib.metadata`` reads them (a line without ``=`` is its ValueError too)."""
    pairs = []
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line.strip("[]")
        elif current == group:
            name, value = line.split("=", 1)
            pairs.append((name.strip(), value.strip()))
    return pairs


def _other_finders() -> bool:
    """Whether a finder other than the standard path finder supplies distributions."""
    from importlib.machinery import PathFinder

    return any(
        finder is not PathFinder and hasattr(finder, "find_distributions")
        for finder in sys.meta_path
    )
