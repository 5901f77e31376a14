"""Deterministic synthetic statements for the benchmarks (no data set to download)."""

from __future__ import annotations

import random

WORDS = [
    "ceasefire",
    "siege",
    "occupation",
    "civilians",
    "humanitarian",
    "workers",
    "journalists",
    "Gaza",
    "Strip",
    "Palestinian",
    "people",
    "civil",
    "society",
    "Iraq",
    "solidarity",
    "international",
    "law",
    "accountability",
    "administrative",
    "detention",
    "hospitals",
    "fuel",
    "water",
    "food",
    "medicine",
    "children",
    "families",
    "statement",
    "coalition",
    "demand",
    "immediate",
    "end",
    "crimes",
    "against",
    "humanity",
    "apartheid",
    "regime",
    "the",
    "of",
    "and",
    "to",
    "in",
    "for",
    "with",
    "on",
    "by",
    "as",
    "at",
    "from",
    "is",
    "are",
    "have",
    "has",
    "been",
    "be",
    "that",
    "which",
]


def paragraph(rng: random.Random, length: int = 800) -> str:
    """One paragraph of about ``length`` characters, with numbers like a real statement."""
    words: list[str] = []
    size = 0
    while size < length:
        word = rng.choice(WORDS)
        if rng.random() < 0.04:
            word = str(rng.randint(2, 9000))
        words.append(word)
        size += len(word) + 1
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def zipf_vocabulary(size: int = 20_000, seed: int = 5) -> tuple[list[str], list[float]]:
    """Made-up words with Zipf frequencies, like a real language's vocabulary."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 11))) for _ in range(size)]
    return words, [1 / rank for rank in range(1, size + 1)]


def zipf_paragraph(
    rng: random.Random, vocabulary: tuple[list[str], list[float]], length: int
) -> str:
    """A paragraph of about ``length`` characters drawn from a Zipf vocabulary."""
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < length:
        words.extend(rng.choices(vocabulary[0], weights=vocabulary[1], k=8))
    text = " ".join(words)[:length].rsplit(" ", 1)[0]
    return text[0].upper() + text[1:] + "."


def markdown_statement(paragraphs: int = 2000, seed: int = 7) -> str:
    """A Markdown statement of ``paragraphs`` blocks (headings every 50), ~0.8 KB each."""
    rng = random.Random(seed)
    blocks = ["# A synthetic statement for benchmarks"]
    for index in range(paragraphs - 1):
        if index % 50 == 49:
            blocks.append(f"## Section {index // 50 + 1}")
        else:
            blocks.append(paragraph(rng))
    return "\n\n".join(blocks) + "\n"


def edit(text: str, share: float = 0.10, seed: int = 11) -> str:
    """The same statement with ``share`` of its paragraphs edited by a few words."""
    rng = random.Random(seed)
    blocks = text.split("\n\n")
    for index in range(1, len(blocks)):
        if rng.random() < share and not blocks[index].startswith("#"):
            words = blocks[index].split(" ")
            position = rng.randrange(len(words))
            words[position:position] = ["and", "now", "more", "than", "ever"]
            blocks[index] = " ".join(words)
    return "\n\n".join(blocks)
