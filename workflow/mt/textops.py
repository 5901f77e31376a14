"""Text handling around machine translation: keep links intact, split long paragraphs.

URLs, e-mail addresses, hashtags, @handles, Markdown link targets and code spans (found by
:func:`workflow.quality.placeables.find_protected`) are replaced by numbered placeholders before a
text is sent and put back afterwards, so that an engine cannot translate or break them.
Paragraphs longer than a provider's limit are split at sentence boundaries (then clause,
then word boundaries) and joined back.
"""

from __future__ import annotations

import re

from ..quality.placeables import find_protected

_PLACEHOLDER = re.compile(r"[⟦\[]\s*(\d{1,3})\s*[⟧\]]")
_SENTENCE_END = re.compile(r"(?<=[.!?؟…])[\"'”»)]*\s+")
_CLAUSE_END = re.compile(r"(?<=[,;:،؛])\s+")


def protect(text: str) -> tuple[str, list[str]]:
    """Replace protected spans by ``⟦n⟧`` placeholders; returns the text and the spans."""
    spans: list[str] = []
    out: list[str] = []
    last = 0
    for span in find_protected(text):
        out.append(text[last : span.start])
        spans.append(span.text)
        out.append(f"⟦{len(spans)}⟧")
        last = span.end
    out.append(text[last:])
    return "".join(out), spans


def restore(text: str, spans: list[str]) -> str | None:
    """Put the protected spans back; None if the engine lost or invented a placeholder."""
    if not spans:
        return text
    seen: set[int] = set()

    def back(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if not 1 <= number <= len(spans):
            return match.group(0)
        seen.add(number)
        return spans[number - 1]

    restored = _PLACEHOLDER.sub(back, text)
    if len(seen) != len(spans) or "⟦" in restored:
        return None
    return restored


def split_for_limit(text: str, limit: int) -> list[str]:
    """Pieces of ``text`` no longer than ``limit``, cut at the best boundaries available."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    for pattern in (_SENTENCE_END, _CLAUSE_END, re.compile(r"\s+")):
        parts = [part for part in pattern.split(text) if part]
        if len(parts) > 1:
            break
    else:
        return [text[i : i + limit] for i in range(0, len(text), limit)]
    current = ""
    for part in parts:
        candidate = f"{current} {part}" if current else part
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        if len(part) > limit:
            pieces.extend(split_for_limit(part, limit))
            current = ""
        else:
            current = part
    if current:
        pieces.append(current)
    return pieces
