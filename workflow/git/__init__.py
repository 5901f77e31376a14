"""The translations folder under git: one commit per change, sync between offices.

:mod:`.history` records each change as a commit by the person who made it, :mod:`.sync`
fetches, merges and pushes, :mod:`.threeway` merges two offices' versions of a catalog unit
by unit, and :mod:`.mergedriver` is that merge as a git merge driver.
"""

from __future__ import annotations

import os
from pathlib import Path

DISABLE_ENV = "STATEMENTS_NO_GIT"


def may_be_under_git(root: Path) -> bool:
    """Whether ``root`` may be in a git work tree: git is on for this process, ``root`` is a
    folder and it or a folder above holds a ``.git``. Cheap (git itself is not asked, and
    :mod:`.history` with :mod:`subprocess` is not imported): outside a work tree a change
    has nothing to be recorded in."""
    if os.environ.get(DISABLE_ENV):
        return False
    path = Path(root).resolve()
    return path.is_dir() and any((folder / ".git").exists() for folder in (path, *path.parents))
