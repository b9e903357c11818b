"""Two canonical texts → a `Diff`: blocks aligned, similar blocks paired, words compared.

The texts are normalized text: blocks (headings, paragraphs, list items, table rows)
separated by one blank line. Speed comes from never diffing characters:

1. Blocks. Every block that occurs in both texts becomes one code point and
   diff-match-patch aligns those strings. Blocks found on one side only can never be
   equal to anything, so they are left out of that diff altogether (GNU diff's
   "discard confusing lines" trick): a full rewrite costs nothing at this level.
2. Pairs. Inside each run of deleted + inserted blocks, a deleted block and an inserted
   block that say mostly the same thing become one MODIFIED change. Candidates are
   looked for in a window and screened with cheap set arithmetic before any diff runs.
3. Words. A pair is diffed word by word (each token one code point), then cleaned up
   with `diff_cleanupSemantic` into `Segment` runs.
4. Classes. Blocks that say the same thing once cosmetics, dates and section numbers are
   set aside (equal loose keys, see `classify`) are paired first: in place when both are
   in the same hunk, whatever their word similarity (a date line whose every word
   changed), and as a move when they sit in different hunks — such a block is kept out of
   its hunk's similarity pairing, so a reordered clause is not paired with a lookalike.
   Then every change gets its `ChangeClass`.

diff-match-patch runs under a count of steps instead of its wall-clock deadline (`dmp`),
so the same inputs always give the same `Diff`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from diff_match_patch import diff_match_patch

from watcher.diff.classify import BlockKeys, classify, twin_keys
from watcher.diff.dmp import Encoder, WorkBudget, dmp_diff
from watcher.models import BlockChange, ChangeOp, Diff, Segment

BLOCK_SEPARATOR = "\n\n"

# A deleted and an inserted block form one MODIFIED change when at least half of their
# words line up in a word diff: 2 * kept / (old words + new words) >= 0.5 (punctuation
# marks are diffed but not counted). Below that, a word-level diff is mostly noise and
# "removed + added" reads better.
SIMILARITY_THRESHOLD = 0.5
# How many inserted blocks, from the last pairing on, a deleted block is compared with
# (and how many later deleted blocks compete for the same one). It bounds pairing to
# O(blocks * window) cheap set operations, however large the rewrite.
PAIR_WINDOW = 16
# Blocks longer than this (in words) must also share word pairs (bigrams) before they are
# diffed: a shuffled paragraph has the same words but in another order, and its word diff
# is the slowest there is. Shorter blocks (headings, list items) are screened on words.
SHORT_BLOCK_WORDS = 12
MIN_BIGRAM_SIMILARITY = 0.25
# Work budgets, in steps of diff-match-patch's Myers bisection (about 1.7 µs each in
# CPython): far more than real edits use, and a hard stop for pathological inputs such as
# thousands of reordered blocks or a long paragraph with its words shuffled. When a budget
# runs out the unsolved part comes back as delete + insert: coarser, never wrong.
BLOCK_WORK = 50_000  # aligning the blocks of the two texts (≤ ~90 ms)
PAIR_WORK = 8_000  # one word-level diff (≤ ~15 ms)
TOTAL_PAIR_WORK = 25_000  # all word-level diffs of one compute() (≤ ~45 ms)

# A token is a word or a single punctuation mark ("models." → "models," is one mark
# changed, not a whole word), with the whitespace before it. Whitespace is not a token
# of its own: that would double the length of what the word diff has to align.
_TOKEN = re.compile(r"\s*(?:\w+|[^\w\s])")
_WORD = re.compile(r"\w+")


def compute(old: str, new: str) -> Diff:
    """Compare two canonical texts block by block, with word-level detail for modified blocks."""
    old_blocks = split_blocks(old)
    new_blocks = split_blocks(new)
    if old_blocks == new_blocks:
        return Diff(changes=())
    pair_budget = WorkBudget(TOTAL_PAIR_WORK)
    hunks = _hunks(old_blocks, new_blocks)
    keys = _Keys(BlockKeys(old_blocks), BlockKeys(new_blocks))
    keys.find_moves(hunks)
    changes: list[BlockChange] = []
    for deleted, inserted in hunks:
        changes.extend(_hunk_changes(old_blocks, new_blocks, deleted, inserted, pair_budget, keys))
    return Diff(changes=classify(changes, keys.old, keys.new))


def split_blocks(text: str) -> list[str]:
    """The blocks of a canonical text, in order (tolerates extra blank lines)."""
    blocks = (block.strip("\n") for block in text.split(BLOCK_SEPARATOR))
    return [block for block in blocks if block]


# --- blocks -------------------------------------------------------------------


def _hunks(old: Sequence[str], new: Sequence[str]) -> list[tuple[list[int], list[int]]]:
    """Runs of (deleted old indexes, inserted new indexes) between equal blocks."""
    common = set(old) & set(new)
    old_kept = [i for i, block in enumerate(old) if block in common]
    new_kept = [j for j, block in enumerate(new) if block in common]
    encoder = Encoder()
    a = encoder.encode(old[i] for i in old_kept)
    b = encoder.encode(new[j] for j in new_kept)

    # Walk the alignment of the common blocks; each equal pair is an anchor.
    anchors: list[tuple[int, int]] = []
    x = y = 0
    for op, chars in dmp_diff(a, b, WorkBudget(BLOCK_WORK)):
        if op == 0:
            anchors.extend(
                zip(old_kept[x : x + len(chars)], new_kept[y : y + len(chars)], strict=True)
            )
        if op <= 0:
            x += len(chars)
        if op >= 0:
            y += len(chars)
    anchors.append((len(old), len(new)))

    hunks = []
    prev_i = prev_j = -1
    for i, j in anchors:
        deleted = list(range(prev_i + 1, i))
        inserted = list(range(prev_j + 1, j))
        if deleted or inserted:
            hunks.append((deleted, inserted))
        prev_i, prev_j = i, j
    return hunks


@dataclass(frozen=True)
class _Shape:
    """What the pairing screen needs to know about a block."""

    words: int
    word_set: frozenset[str]
    bigram_set: frozenset[tuple[str, str]]

    @classmethod
    def of(cls, block: str) -> _Shape:
        # Punctuation is left out: it survives a shuffle attached to its word, and makes
        # "6. VOTRE COMPTE" look like "6. YOUR ACCOUNT".
        words = _WORD.findall(block)
        return cls(len(words), frozenset(words), frozenset(pairwise(words)))


class _Shapes:
    """The shapes of a list of blocks, each worked out the first time it is needed."""

    def __init__(self, blocks: list[str]) -> None:
        self.blocks = blocks
        self.cache: dict[int, _Shape] = {}

    def __getitem__(self, k: int) -> _Shape:
        shape = self.cache.get(k)
        if shape is None:
            shape = self.cache[k] = _Shape.of(self.blocks[k])
        return shape


def _dice(a: frozenset, b: frozenset) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def _screen(a: _Shape, b: _Shape) -> float:
    """A cheap guess at the similarity of two blocks; 0.0 when they cannot be a pair."""
    # Two blocks can't share a larger share of words than their lengths allow.
    if 2 * min(a.words, b.words) < SIMILARITY_THRESHOLD * (a.words + b.words):
        return 0.0
    if max(a.words, b.words) <= SHORT_BLOCK_WORDS:
        score = _dice(a.word_set, b.word_set)
        return score if score >= SIMILARITY_THRESHOLD else 0.0
    score = _dice(a.bigram_set, b.bigram_set)
    return score if score >= MIN_BIGRAM_SIMILARITY else 0.0


def _hunk_changes(
    old: Sequence[str],
    new: Sequence[str],
    deleted: list[int],
    inserted: list[int],
    budget: WorkBudget,
    keys: _Keys,
) -> list[BlockChange]:
    """The changes of one hunk, in text order: similar blocks paired as MODIFIED."""
    pairs = _pair(old, new, deleted, inserted, budget, keys) if deleted and inserted else []
    changes: list[BlockChange] = []
    d = n = 0  # next unpaired position in `deleted` / `inserted`
    for pd, pn, segments in [*pairs, (len(deleted), len(inserted), ())]:
        changes.extend(_removed(old, i) for i in deleted[d:pd])
        changes.extend(_added(new, j) for j in inserted[n:pn])
        i, j = (deleted[pd], inserted[pn]) if pd < len(deleted) else (None, None)
        # Identical twins in one hunk (only when the block budget ran out) are no change.
        if i is not None and old[i] != new[j]:
            changes.append(BlockChange(ChangeOp.MODIFIED, old[i], new[j], i, j, segments))
        d, n = pd + 1, pn + 1
    return changes


def _removed(old: Sequence[str], i: int) -> BlockChange:
    return BlockChange(ChangeOp.REMOVED, old[i], None, i, None)


def _added(new: Sequence[str], j: int) -> BlockChange:
    return BlockChange(ChangeOp.ADDED, None, new[j], None, j)


class _Keys:
    """Both texts' block keys, and the blocks whose loose twin sits in another hunk (moves)."""

    def __init__(self, old: BlockKeys, new: BlockKeys) -> None:
        self.old, self.new = old, new
        self.old_loose: dict[int, str] = {}  # loose keys of blocks that may have a twin
        self.new_loose: dict[int, str] = {}
        self.away_old: set[int] = set()
        self.away_new: set[int] = set()

    def find_moves(self, hunks: list[tuple[list[int], list[int]]]) -> None:
        """Mark blocks with no twin in their own hunk but one in another: they moved."""
        self.old_loose, self.new_loose = twin_keys(
            (i for deleted, _ in hunks for i in deleted),
            (j for _, inserted in hunks for j in inserted),
            self.old,
            self.new,
        )
        deleted_in: dict[str, set[int]] = defaultdict(set)  # loose key -> hunk numbers
        inserted_in: dict[str, set[int]] = defaultdict(set)
        for h, (deleted, inserted) in enumerate(hunks):
            for i in deleted:
                if i in self.old_loose:
                    deleted_in[self.old_loose[i]].add(h)
            for j in inserted:
                if j in self.new_loose:
                    inserted_in[self.new_loose[j]].add(h)
        for h, (deleted, inserted) in enumerate(hunks):
            for i in deleted:
                twin_hunks = inserted_in.get(self.old_loose.get(i, ""), set())
                if twin_hunks and h not in twin_hunks:
                    self.away_old.add(i)
            for j in inserted:
                twin_hunks = deleted_in.get(self.new_loose.get(j, ""), set())
                if twin_hunks and h not in twin_hunks:
                    self.away_new.add(j)


def _pair(
    old: Sequence[str],
    new: Sequence[str],
    deleted: list[int],
    inserted: list[int],
    budget: WorkBudget,
    keys: _Keys,
) -> list[tuple[int, int, tuple[Segment, ...]]]:
    """Greedy, in-order pairing: (position in deleted, position in inserted, segments).

    A block's loose twin in the hunk is its pair, however far; the others are paired by
    similarity within a window, leaving out blocks that moved to or from another hunk.
    """
    old_shapes = _Shapes([old[i] for i in deleted])
    new_shapes = _Shapes([new[j] for j in inserted])
    twins: dict[str, list[int]] = defaultdict(list)  # loose key -> positions in inserted
    for n, j in enumerate(inserted):
        if j in keys.new_loose:
            twins[keys.new_loose[j]].append(n)
    last_twin = {keys.old_loose[i]: d for d, i in enumerate(deleted) if i in keys.old_loose}
    pairs = []
    next_n = 0
    for d, i in enumerate(deleted):
        if i in keys.away_old:
            continue
        positions = twins.get(keys.old_loose.get(i, ""), [])
        k = bisect_left(positions, next_n)
        if k < len(positions):
            n = positions[k]
            pairs.append((d, n, _word_segments(old[i], new[inserted[n]], budget, force=True)))
            next_n = n + 1
            continue
        if budget.left <= 0:
            continue  # no word diff can run any more: only twins are still paired
        window = [
            n
            for n in range(next_n, min(next_n + PAIR_WINDOW, len(inserted)))
            if inserted[n] not in keys.away_new
            and last_twin.get(keys.new_loose.get(inserted[n], ""), -1) < d  # no twin to come
        ]
        scores = [(_screen(old_shapes[d], new_shapes[n]), -n) for n in window]
        best, minus_n = max(scores, default=(0.0, 0))
        if best == 0.0:
            continue
        n = -minus_n
        # Leave the block to a later deleted block that resembles it more.
        rivals = range(d + 1, min(d + 1 + PAIR_WINDOW, len(deleted)))
        if any(_screen(old_shapes[r], new_shapes[n]) > best for r in rivals):
            continue
        segments = _word_segments(old[i], new[inserted[n]], budget)
        if segments:
            pairs.append((d, n, segments))
            next_n = n + 1
    return pairs


# --- words --------------------------------------------------------------------


def _word_segments(
    old: str, new: str, budget: WorkBudget, *, force: bool = False
) -> tuple[Segment, ...]:
    """Word-level segments of two blocks; () when not similar enough, unless `force`."""
    old_tokens, new_tokens = _tokens(old), _tokens(new)
    # Tokens are compared without their whitespace, so " the" (mid-sentence) and "the"
    # (first word) are the same word; whitespace differences come back in _segments().
    encoder = Encoder()
    a = encoder.encode(token.lstrip() for token in old_tokens)
    b = encoder.encode(token.lstrip() for token in new_tokens)
    spend = min(PAIR_WORK, max(budget.left, 0))
    pair_budget = WorkBudget(spend)
    diffs = dmp_diff(a, b, pair_budget)
    budget.left -= spend - pair_budget.left

    def words(chars: str) -> int:
        return sum(1 for c in chars if _WORD.match(encoder.strings[c]))

    kept = sum(words(chars) for op, chars in diffs if op == 0)
    total = words(a) + words(b)
    if not force and (total == 0 or 2 * kept < SIMILARITY_THRESHOLD * total):
        return ()
    diff_match_patch().diff_cleanupSemantic(diffs)
    return _segments(diffs, old_tokens, new_tokens)


def _tokens(block: str) -> list[str]:
    tokens = _TOKEN.findall(block)
    rest = block[sum(map(len, tokens)) :]  # trailing whitespace (not in canonical text)
    if rest and tokens:
        tokens[-1] += rest
    elif rest:
        tokens = [rest]
    return tokens


def _segments(
    diffs: list[tuple[int, str]], old_tokens: list[str], new_tokens: list[str]
) -> tuple[Segment, ...]:
    """Token runs back to text, exact: kept + removed text is `old`, kept + added is `new`."""
    segments: list[Segment] = []

    def emit(op: int, text: str) -> None:
        if not text:
            return
        if segments and segments[-1].op == op:
            segments[-1] = Segment(op, segments[-1].text + text)
        else:
            segments.append(Segment(op, text))

    x = y = 0
    for op, chars in diffs:
        n = len(chars)
        if op == -1:
            emit(-1, "".join(old_tokens[x : x + n]))
        elif op == 1:
            emit(1, "".join(new_tokens[y : y + n]))
        else:
            for old_token, new_token in zip(
                old_tokens[x : x + n], new_tokens[y : y + n], strict=True
            ):
                if old_token != new_token:  # same word, other whitespace before it
                    space = len(old_token) - len(old_token.lstrip())
                    emit(-1, old_token[:space])
                    emit(1, new_token[: len(new_token) - len(old_token) + space])
                    old_token = old_token[space:]
                emit(0, old_token)
        x += n if op <= 0 else 0
        y += n if op >= 0 else 0
    return tuple(segments)
