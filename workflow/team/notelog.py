"""Where a statement's notes are logged (comments, proposals, versions), and how git merges
that log: both sides' lines are kept (``merge=union``)."""

from __future__ import annotations

from pathlib import Path

LOG_NAME = "collab.jsonl"
ATTRIBUTES = f"{LOG_NAME} merge=union\n"


def ensure_attributes(folder: Path) -> None:
    """Ask git to merge the log by keeping both sides' lines (``merge=union``)."""
    attributes = Path(folder) / ".gitattributes"
    if not attributes.exists():
        attributes.write_text(ATTRIBUTES, encoding="utf-8")
