"""Links, e-mail addresses, hashtags and code spans in user text, found in linear time.

Every finder here scans from fixed anchors (``@``, ``http``/``www.``, ``](``, a backtick)
with possessive quantifiers, so that no input makes a search quadratic: a translation is
text a volunteer typed, and one unit of 200,000 characters must not stop a statement from
being checked or published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_URL_START = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]++")
_URL_TRAILING = ".,;:!?)]»”'’،؛؟"
_LOCAL = re.compile(r"[\w.+-]")
_DOMAIN = re.compile(r"[\w-]++(?:\.[\w-]++)++")
# A hashtag or handle, also with a one-letter conjunction or preposition joined before it
# as Arabic and Sorani writers do (و#FreePalestine, ل#Gaza, وب#غزة).
# A hashtag or handle's body; where it may start is checked in Python (_tag_may_start): a
# pattern opening with look-behinds is tried at every position of the text, this one only
# at "#" and "@".
_TAG_BODY = re.compile(r"[#@][^\W\d]\w*+")
_ATTACHED = frozenset("وبلف")  # Arabic conjunctions and prepositions written onto a word
_PROTECTED_TAG = re.compile(r"(?<![\w&])[#@][^\W\d]\w*+")
LINK_TARGET = re.compile(r"\]\(([^)\s]++)")
_TARGET_STOP = re.compile(r"[)\s]")
_TITLE = re.compile(r"\s++\"[^\"]*+\"\)")
_CODE = re.compile(r"`[^`\n]++`")
_WORD_CHAR = re.compile(r"\w")


@dataclass(frozen=True)
class Span:
    """A protected piece of text and where it stands."""

    start: int
    end: int
    text: str


def find_urls(text: str) -> list[Span]:
    """Web addresses (``https://…``, ``www.…``), trailing sentence punctuation left out."""
    found: list[Span] = []
    if "http" not in text and "www." not in text:  # the pattern is tried at every position
        return found
    position = 0
    while True:
        match = _URL_START.search(text, position)
        if match is None:
            return found
        end = match.end()
        prefix = 4 if match.group(0).startswith("www.") else match.group(0).index("//") + 2
        while end > match.start() + prefix and text[end - 1] in _URL_TRAILING:
            end -= 1
        if end - (match.start() + prefix) >= 2:
            found.append(Span(match.start(), end, text[match.start() : end]))
            position = end
        else:
            position = match.start() + 1


def find_emails(text: str) -> list[Span]:
    """E-mail addresses, found from each ``@`` outwards."""
    found: list[Span] = []
    last_end = 0
    at = text.find("@")
    while at >= 0:
        start = at
        while start > last_end and _LOCAL.match(text, start - 1):
            start -= 1
        while start < at and not _WORD_CHAR.match(text, start):
            start += 1
        domain = _DOMAIN.match(text, at + 1)
        end = at + 1
        if domain is not None:
            end = domain.end()
            while end > at + 1 and text[end - 1] == "-":
                end -= 1
            if "." not in text[at + 1 : end] or text[end - 1] == ".":
                end = at + 1
        if start < at and end > at + 1:
            found.append(Span(start, end, text[start:end]))
            last_end = end
            at = text.find("@", end)
        else:
            at = text.find("@", at + 1)
    return found


def _free(text: str, at: int) -> bool:
    """Whether nothing that joins a word (a letter, digit, "_", "&" or "/") is at ``at``."""
    if at < 0:
        return True
    char = text[at]
    return not (char.isalnum() or char in "_&/")


def _tag_may_start(text: str, at: int) -> bool:
    """Whether a "#" or "@" at ``at`` starts a tag: not inside a word, an address or a path,
    but after an attached Arabic prefix (و، ب، ل، ف, or two of them: وب، فل...)."""
    if _free(text, at - 1):
        return True
    if text[at - 1] in _ATTACHED and _free(text, at - 2):
        return True
    return at >= 2 and text[at - 2] in "وف" and text[at - 1] in "بل" and _free(text, at - 3)


def find_tags(text: str) -> list[Span]:
    """Hashtags and @handles."""
    if "#" not in text and "@" not in text:
        return []
    return [
        Span(m.start(), m.end(), m.group(0))
        for m in _TAG_BODY.finditer(text)
        if _tag_may_start(text, m.start())
    ]


def link_targets(text: str) -> list[str]:
    """The targets of Markdown links, ``[text](target)``."""
    return LINK_TARGET.findall(text)


def _link_targets_with_title(text: str) -> list[Span]:
    """``](target)`` and ``](target "title")``; every start in one run of non-space text
    shares the search for where its target stops, so a run of ``](`` stays linear."""
    found: list[Span] = []
    stop = -1
    titled: dict[int, int | None] = {}
    at = text.find("](")
    while at >= 0:
        if stop < at + 2:
            match = _TARGET_STOP.search(text, at + 2)
            stop = match.start() if match else len(text)
        end: int | None = None
        if stop > at + 2 and stop < len(text):
            if text[stop] == ")":
                end = stop + 1
            else:
                if stop not in titled:
                    title = _TITLE.match(text, stop)
                    titled[stop] = title.end() if title else None
                end = titled[stop]
        if end is not None:
            found.append(Span(at, end, text[at:end]))
            at = text.find("](", end)
        else:
            at = text.find("](", at + 1)
    return found


def find_protected(text: str) -> list[Span]:
    """What machine translation must not touch, leftmost first and never overlapping:
    Markdown link targets, code spans, web and e-mail addresses, hashtags and handles."""
    candidates: list[tuple[int, int, Span]] = []
    for priority, spans in enumerate(
        (
            _link_targets_with_title(text),
            [Span(m.start(), m.end(), m.group(0)) for m in _CODE.finditer(text)],
            find_urls(text),
            find_emails(text),
            [Span(m.start(), m.end(), m.group(0)) for m in _PROTECTED_TAG.finditer(text)],
        )
    ):
        candidates.extend((span.start, priority, span) for span in spans)
    chosen: list[Span] = []
    last_end = 0
    for _, _, span in sorted(candidates, key=lambda item: (item[0], item[1])):
        if span.start >= last_end:
            chosen.append(span)
            last_end = span.end
    return chosen


def blank_placeables(text: str) -> str:
    """The text with addresses, e-mail addresses and hashtags replaced by spaces."""
    spans = sorted(find_urls(text) + find_emails(text) + find_tags(text), key=lambda s: s.start)
    out: list[str] = []
    last = 0
    for span in spans:
        if span.start < last:
            continue
        out.append(text[last : span.start])
        out.append(" ")
        last = span.end
    out.append(text[last:])
    return "".join(out)
