"""Counted nouns in plain English for what the CLI prints: "1 watch", "2 watches"."""

from __future__ import annotations

_SIBILANT = ("s", "sh", "ch", "x", "z")


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`count` and `noun`, the noun in the plural unless the count is one (`many` if irregular)."""
    if count == 1:
        return f"1 {noun}"
    return f"{count} {many or (noun + 'es' if noun.endswith(_SIBILANT) else noun + 's')}"
