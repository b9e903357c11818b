"""diff-match-patch with a deterministic budget, on strings of stand-in characters.

diff-match-patch bounds its work with a wall-clock deadline, which would make the result
depend on machine load; `WorkBudget` replaces that deadline with a count of steps, so
the same inputs always give the same diff. `Encoder` turns blocks or words into single
characters, so that dmp aligns sequences of them rather than characters.
"""

from __future__ import annotations

from collections.abc import Iterable

from diff_match_patch import diff_match_patch

# First code point used to stand for a block or a token; 0x100 keeps clear of ASCII,
# whose line breaks and spaces diff-match-patch's cleanup treats specially.
_FIRST_CODE_POINT = 0x100
_SURROGATES = range(0xD800, 0xE000)


class WorkBudget:
    """A diff-match-patch "deadline" that runs out after a number of steps instead of seconds.

    dmp checks `time.time() > deadline` once per round `d` of its Myers bisection, and
    round `d` walks about `d + 1` diagonals. Python evaluates that check as
    `deadline.__lt__(now)`, so this object charges each round its cost and says "expired"
    when the steps are spent; dmp then returns the unsolved part as one delete + insert.
    """

    def __init__(self, steps: int) -> None:
        self.left = steps
        self.round = 0

    def start_bisect(self) -> None:
        """A new bisection starts at round 0."""
        self.round = 0

    def __lt__(self, _now: float) -> bool:
        self.round += 1
        self.left -= self.round
        return self.left < 0


class _BudgetedDmp(diff_match_patch):
    """diff-match-patch that tells the budget where each bisection starts."""

    def diff_bisect(self, text1: str, text2: str, deadline: WorkBudget) -> list:  # type: ignore[override]
        deadline.start_bisect()
        return super().diff_bisect(text1, text2, deadline)


def dmp_diff(a: str, b: str, budget: WorkBudget) -> list[tuple[int, str]]:
    """diff-match-patch's diff of two strings, within `budget` (no line mode, no cleanup)."""
    dmp = _BudgetedDmp()
    # Our budget is passed as the deadline, so Diff_Timeout only keeps dmp's half-match
    # speed-up switched on (it is off when the timeout is 0).
    dmp.Diff_Timeout = 1.0
    return dmp.diff_main(a, b, False, budget)


def _code_point(index: int) -> str:
    cp = _FIRST_CODE_POINT + index
    if cp >= _SURROGATES.start:
        cp += len(_SURROGATES)
    return chr(cp)  # ValueError past U+10FFFF: over a million distinct blocks or words


class Encoder:
    """Maps strings (blocks or tokens) to single characters, the same string to the same one."""

    def __init__(self) -> None:
        self.codes: dict[str, str] = {}
        self.strings: dict[str, str] = {}

    def encode(self, items: Iterable[str]) -> str:
        """One character per item."""
        chars = []
        for item in items:
            char = self.codes.get(item)
            if char is None:
                char = self.codes[item] = _code_point(len(self.codes))
                self.strings[char] = item
            chars.append(char)
        return "".join(chars)
