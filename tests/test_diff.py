"""The diff stage: golden cases kept as data, then the renderers' and the budget's promises."""

from __future__ import annotations

import ast
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from watcher.diff import (
    align,
    compute,
    render_html,
    render_markdown,
    render_text,
    split_blocks,
    summarize,
)
from watcher.diff.numbering import number_spans
from watcher.models import BlockChange, ChangeClass, ChangeOp, Diff, Segment

DATA = Path(__file__).parent / "data" / "diff"
CASES = sorted(p.name.removesuffix(".old.txt") for p in DATA.glob("*.old.txt"))
RENDERERS = [render_text, render_markdown, render_html]


def _read(case: str, kind: str) -> str:
    return (DATA / f"{case}.{kind}.txt").read_text(encoding="utf-8")


def _diff(case: str) -> Diff:
    return compute(_read(case, "old"), _read(case, "new"))


def _changed(old: str, new: str) -> BlockChange:
    """The one MODIFIED change between two one-block texts."""
    (change,) = compute(old + "\n", new + "\n").changes
    assert change.op is ChangeOp.MODIFIED
    return change


# --- golden cases -------------------------------------------------------------


def test_the_golden_cases_are_all_there() -> None:
    expected = {
        "identical",
        "added_block",
        "removed_block",
        "modified_word",
        "list_item_inserted",
        "heading_renamed",
        "paragraph_moved",
        "full_rewrite",
        "empty_to_text",
        "reddit_ai_training",
        "cosmetic_punctuation",
        "heading_marker",
        "renumbered_sections",
        "date_only",
        "date_line_added",
        "dates_in_clauses",
        "reorder",
        "mixed",
        "typo_fix",
    }
    assert expected <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_golden_render_text(case: str) -> None:
    assert render_text(_diff(case)) == _read(case, "expected")


@pytest.mark.parametrize(
    "case", sorted(p.name.removesuffix(".expected.md") for p in DATA.glob("*.md"))
)
def test_golden_render_markdown(case: str) -> None:
    # Only changed words are marked: an insertion after a word that CommonMark's rules make
    # widen to the whole word strikes the old word too, never marks it as new on its own.
    assert render_markdown(_diff(case)) == (DATA / f"{case}.expected.md").read_text("utf-8")


@pytest.mark.parametrize("case", CASES)
def test_changes_account_for_every_block(case: str) -> None:
    old, new = _read(case, "old"), _read(case, "new")
    old_blocks, new_blocks = split_blocks(old), split_blocks(new)
    diff = compute(old, new)
    old_touched = [c.old_index for c in diff.changes if c.old_index is not None]
    new_touched = [c.new_index for c in diff.changes if c.new_index is not None]
    assert old_touched == sorted(old_touched) and new_touched == sorted(new_touched)
    # What no change touches is the same, in the same order, on both sides.
    assert [b for i, b in enumerate(old_blocks) if i not in old_touched] == [
        b for j, b in enumerate(new_blocks) if j not in new_touched
    ]
    for change in diff.changes:
        assert (change.old is None) == (change.op is ChangeOp.ADDED)
        assert (change.new is None) == (change.op is ChangeOp.REMOVED)
        if change.old is not None:
            assert old_blocks[change.old_index] == change.old
        if change.new is not None:
            assert new_blocks[change.new_index] == change.new
        if change.op is ChangeOp.MODIFIED:
            assert "".join(s.text for s in change.segments if s.op <= 0) == change.old
            assert "".join(s.text for s in change.segments if s.op >= 0) == change.new
        else:
            assert change.segments == ()


def test_identical_texts_have_no_changes() -> None:
    assert _diff("identical") == Diff(changes=())
    assert compute("", "") == Diff(changes=())
    assert render_text(Diff(changes=())) == ""


def test_empty_old_text_is_all_added() -> None:
    diff = _diff("empty_to_text")
    assert [c.op for c in diff.changes] == [ChangeOp.ADDED] * 3
    assert [c.new_index for c in diff.changes] == [0, 1, 2]


def test_text_emptied_is_all_removed() -> None:
    diff = compute(_read("empty_to_text", "new"), "")
    assert [(c.op, c.old_index) for c in diff.changes] == [(ChangeOp.REMOVED, i) for i in range(3)]


def test_a_modified_word_is_one_segment() -> None:
    (change,) = _diff("modified_word").changes
    assert (change.old_index, change.new_index) == (1, 1)
    assert [s for s in change.segments if s.op != 0] == [Segment(1, ", modify")]


def test_the_real_ai_clause_shows_as_inserted_words() -> None:
    (change,) = _diff("reddit_ai_training").changes
    inserted = " ".join(s.text for s in change.segments if s.op == 1)
    assert "the right to use Your Content to train AI and machine learning models" in inserted
    assert not [s for s in change.segments if s.op == -1]


def test_a_moved_paragraph_is_removed_and_added() -> None:
    diff = _diff("paragraph_moved")
    assert [(c.op, c.old_index, c.new_index, c.kind) for c in diff.changes] == [
        (ChangeOp.REMOVED, 1, None, ChangeClass.MOVED),
        (ChangeOp.ADDED, None, 3, ChangeClass.MOVED),
    ]


def test_blocks_tolerate_extra_blank_lines() -> None:
    assert split_blocks("a\n\n\n\nb\n") == ["a", "b"]
    assert split_blocks("") == []


# --- pairing ------------------------------------------------------------------


def test_dissimilar_blocks_are_not_paired() -> None:
    diff = compute("We sell books.\n", "Our offices are closed on Sunday.\n")
    assert [c.op for c in diff.changes] == [ChangeOp.REMOVED, ChangeOp.ADDED]


def test_pairing_prefers_the_closest_block() -> None:
    old = "Cookies help us keep you signed in to your account.\n"
    new = (
        "Cookies help us count visits to the site.\n\n"
        "Cookies help us keep you signed in to your account securely.\n"
    )
    diff = compute(old, new)
    modified = [c for c in diff.changes if c.op is ChangeOp.MODIFIED]
    assert [(c.old_index, c.new_index) for c in modified] == [(0, 1)]


def test_a_large_full_rewrite_is_fast_and_unpaired() -> None:
    rng = random.Random(7)
    vocabulary = [f"w{k}" for k in range(5000)]

    def text() -> str:
        blocks = (" ".join(rng.choices(vocabulary, k=rng.randint(5, 80))) for _ in range(3000))
        return "\n\n".join(blocks) + "\n"

    old, new = text(), text()
    start = time.perf_counter()
    diff = compute(old, new)
    elapsed = time.perf_counter() - start
    assert diff.count(ChangeOp.REMOVED) == diff.count(ChangeOp.ADDED) == 3000
    assert elapsed < 2.0  # about 0.1 s; the bound only catches a quadratic blow-up


def test_shuffled_words_stay_within_the_work_budget() -> None:
    rng = random.Random(3)
    words = ["the", "you", "may", "our", "data", "use", "to", "train", "improve", "models"]
    blocks = [" ".join(rng.choices(words, k=60)) for _ in range(400)]
    shuffled = [" ".join(rng.sample(b.split(), k=60)) for b in blocks]
    start = time.perf_counter()
    compute("\n\n".join(blocks) + "\n", "\n\n".join(shuffled) + "\n")
    assert time.perf_counter() - start < 2.0  # about 0.2 s


# --- change classes -----------------------------------------------------------

S, C, R, D, M = (
    ChangeClass.SUBSTANTIVE,
    ChangeClass.COSMETIC,
    ChangeClass.RENUMBERING,
    ChangeClass.DATE_ONLY,
    ChangeClass.MOVED,
)
CLASSES = {
    "identical": [],
    "added_block": [S],
    "removed_block": [S],
    "modified_word": [S],
    "heading_renamed": [S],
    "reddit_ai_training": [S],
    "paragraph_moved": [M, M],
    "cosmetic_punctuation": [C, C, C],
    "heading_marker": [C, C],
    "renumbered_sections": [R, R, R, R, R],
    "date_only": [D, D, D],
    "date_line_added": [D],
    "dates_in_clauses": [C, S],
    "reorder": [M, M, R, R, M, M, M, M],
    "mixed": [D, R, S, C],
    "typo_fix": [S, S],
}


@pytest.mark.parametrize("case", sorted(CLASSES))
def test_golden_classes(case: str) -> None:
    assert [c.kind for c in _diff(case).changes] == CLASSES[case]


def test_every_change_has_a_class() -> None:
    for case in CASES:
        diff = _diff(case)
        assert all(isinstance(c.kind, ChangeClass) for c in diff.changes)
        assert diff.substantive == any(c.kind is S for c in diff.changes)


def _kind(old: str, new: str) -> ChangeClass:
    """The class of the one change between two one-block texts."""
    (change,) = compute(old + "\n", new + "\n").changes
    return change.kind


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [
        # cosmetic: whitespace, punctuation between words, quotes, case, block markers
        ("You agree to the Terms.", "You agree to the terms", C),
        ("We may, at any time, update them.", "We may at any time update them;", C),
        ('the "Services"', "the \u201cServices\u201d", C),
        ("Reddit's rules", "Reddit\u2019s rules", C),
        ("Line one\nline two", "Line one line two", C),
        ("<p>1. Title</p>", "### 1. Title", S),  # the HTML tags are words here
        ("1. Title", "### 1. Title", C),
        ("- Be kind.", "Be kind.", C),
        ("Stra\u00dfe", "STRASSE", C),
        # a word changed is substantive, however small
        ("with your Ppromotion", "with your Promotion", S),
        ("any person's or entity''s rights", "any person's or entity's rights", S),
        ("our our rules", "our rules", S),
        ("Please e-mail us at the address below.", "Please email us at the address below.", S),
        ("a la carte", "\u00e0 la carte", S),
        ("We do not sell your data.", "We do sell your data.", S),
        # numbers that are wording, not numbering
        ("You must be 13 or older.", "You must be 16 or older.", S),
        ("within 30 days", "within 60 days", S),
        ("a fee of €10 per month", "a fee of €20 per month", S),
        ("1.5 GB of storage", "2 GB of storage", S),
        # renumbering, in five languages
        ("3. Privacy", "4. Privacy", R),
        ("## 3 Privacy", "## 4 Privacy", R),
        ("See Section 4.2 for details.", "See Section 5.2 for details.", R),
        ("(b) we share data", "(c) we share data", R),
        ("b) we share data", "c) we share data", R),
        ("IV. Liability", "V. Liability", R),
        ("as set out in Article 12", "as set out in Article 13", R),
        ("under Art. 5 GDPR", "under Art. 6 GDPR", R),
        ("nach § 3 Abs. 2", "nach § 4 Abs. 3", R),
        ("gemäß Ziff. 4", "gemäß Ziff. 5", R),
        ("conformément à l'article 12", "conformément à l'article 13", R),
        ("según el apartado 3 y la cláusula 7", "según el apartado 4 y la cláusula 8", R),
        ("ai sensi dell'articolo 5, comma 2", "ai sensi dell'articolo 6, comma 3", R),
        ("sections 3 and 4 apply", "sections 4 and 5 apply", R),
        # dates of the document
        ("Last updated: March 1, 2026", "Last updated: April 15, 2026", D),
        ("Stand: 1. März 2026", "Stand: 01.06.2026", D),
        ("Dernière mise à jour le 28 mars 2025.", "Dernière mise à jour le 8 août 2025.", D),
        ("Última actualización: 1 de marzo de 2026", "Última actualización: 2 de abril de 2026", D),
        ("Ultimo aggiornamento: 1° marzo 2026", "Ultimo aggiornamento: 2 aprile 2026", D),
        ("3. Last updated: 1 March 2026", "4. Last updated: 1 May 2026", D),
        # a date written another way says the same thing
        ("Effective date: March 1, 2026", "Effective date: 2026-03-01", C),
        # a date in a clause is a term of the contract
        ("if you joined before 1 May 2020", "if you joined before 1 May 2021", S),
        (
            "Changes take effect on September 16, 2024.",
            "Changes take effect on October 1, 2024.",
            S,
        ),
    ],
)
def test_classes_of_a_modified_block(old: str, new: str, kind: ChangeClass) -> None:
    assert _kind(old, new) is kind


def test_a_lone_date_line_is_date_only_and_a_wordless_block_cosmetic() -> None:
    diff = compute(
        "# Terms\n\nText.\n", "# Terms\n\nLast updated: 1 March 2026\n\nText.\n\n* * *\n"
    )
    assert [(c.op, c.kind) for c in diff.changes] == [(ChangeOp.ADDED, D), (ChangeOp.ADDED, C)]
    assert not diff.substantive
    removed = compute("Effective: July 10, 2025\n\nText.\n", "Text.\n")
    assert [(c.op, c.kind) for c in removed.changes] == [(ChangeOp.REMOVED, D)]
    banner = compute("Text.\n", "Text.\n\nNew terms take effect on 1 May 2026.\n")
    assert banner.substantive


def test_a_moved_block_may_change_cosmetically_or_be_renumbered() -> None:
    old = "## 1. Accounts\n\nKeep your password safe.\n\n## 2. Content\n\nYou own it.\n"
    new = "## 1. Content\n\nYou own it.\n\n## 2. Accounts\n\nKeep your password safe!\n"
    diff = compute(old, new)
    assert not diff.substantive
    assert {c.kind for c in diff.changes} <= {M, R}
    assert sum(c.kind is M for c in diff.changes) % 2 == 0


def test_a_moved_block_is_not_paired_with_a_lookalike() -> None:
    # "not share" moves down; "not sell" is rewritten in place. Pairing the moved block
    # with its lookalike would hide the move and show two edits.
    old = "- We do not share your data.\n\n- We do not sell your data.\n\nEnd.\n"
    new = "- We never sell your data.\n\nEnd.\n\n- We do not share your data.\n"
    kinds = [(c.op, c.kind) for c in compute(old, new).changes]
    assert (ChangeOp.REMOVED, M) in kinds and (ChangeOp.ADDED, M) in kinds
    assert (ChangeOp.MODIFIED, S) in kinds


def test_a_date_line_is_paired_however_little_of_it_is_kept() -> None:
    old = "Effective September 12, 2021. Last Revised August 12, 2021\n"
    new = "Effective June 19, 2023. Last Revised April 18, 2023\n"
    (change,) = compute(old, new).changes
    assert (change.op, change.kind) == (ChangeOp.MODIFIED, D)


def test_identical_blocks_left_over_by_the_block_budget_are_no_change(monkeypatch) -> None:
    # Without budget for aligning blocks, every block comes back deleted and inserted;
    # the twins are paired again and the identical ones dropped.
    monkeypatch.setattr(align, "BLOCK_WORK", 0)
    old = "".join(f"Paragraph {k} says something.\n\n" for k in range(30))
    new = old.replace("Paragraph 7 says", "Paragraph 7 now says")
    diff = compute(old, new)
    assert [(c.op, c.old_index, c.kind) for c in diff.changes] == [(ChangeOp.MODIFIED, 7, S)]


def test_a_moved_clause_whose_date_changed_is_an_edit() -> None:
    old = "A.\n\nIf you joined before 1 May 2020, old terms apply.\n\nB.\n\nC.\n"
    new = "A.\n\nB.\n\nC.\n\nIf you joined before 1 May 2021, old terms apply.\n"
    assert [c.kind for c in compute(old, new).changes] == [S, S]
    old = "A.\n\nLast updated: 1 May 2020\n\nB.\n\nC.\n"
    new = "A.\n\nB.\n\nC.\n\nLast updated: 1 May 2021\n"
    assert [c.kind for c in compute(old, new).changes] == [M, M]


@pytest.mark.parametrize("seed", range(3))
def test_a_word_edit_is_never_minor(seed: int) -> None:
    """Drop a word, misspell one or add "not": whatever block of real text it hits, it shows."""
    rng = random.Random(seed)
    text = _read("reddit_ai_training", "old") + "\n" + _read("date_only", "old")
    blocks = split_blocks(text)
    for _ in range(60):
        k = rng.randrange(len(blocks))
        words = list(re.finditer(r"[^\W\d_]{2,}", blocks[k]))
        if not words:
            continue
        word = rng.choice(words)
        a, b = word.span()
        letter = rng.randrange(a, b)
        replacement = "q" if blocks[k][letter].lower() != "q" else "z"
        edit = rng.choice(
            [
                blocks[k][:a] + blocks[k][b:].lstrip(" "),  # word dropped
                blocks[k][:letter] + replacement + blocks[k][letter + 1 :],  # typo
                blocks[k][:b] + " not" + blocks[k][b:],  # a word added
            ]
        )
        edited = "\n\n".join([*blocks[:k], edit, *blocks[k + 1 :]]) + "\n"
        diff = compute(text, edited)
        assert diff.substantive, (blocks[k], edit, diff)


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("3. Privacy", ["3."]),
        ("- 3.2.1 Scope", ["3.2.1"]),
        ("## 3 Privacy", ["3"]),
        ("30 days notice", []),
        ("(b) text, user(s), 4(b) and (iv)", ["(b)", "(b)", "(iv)"]),
        ("IV. Data", ["IV."]),
        ("Civil. Law", []),
        ("Section 4.2 and Art. 5, § 3", ["4.2", "5", "3"]),
        ("sections 3 and 4", ["3 and 4"]),
        ("Abschnitt 3 bis 5, Ziff. 4", ["3 bis 5", "4"]),
        ("l'article 12 et l'annexe II", ["12", "II"]),
        ("artículo 7 y 8", ["7 y 8"]),
        ("articolo 5, comma 2", ["5", "2"]),
        ("cláusula 4 e anexo III", ["4", "III"]),
        ("artikel 7 lid 2 en bijlage 3", ["7", "2", "3"]),
    ],
)
def test_number_spans(text: str, numbers: list[str]) -> None:
    assert [text[a:b] for a, b in number_spans(text)] == numbers


# --- determinism --------------------------------------------------------------


def test_compute_is_deterministic() -> None:
    for case in CASES:
        assert _diff(case) == _diff(case)


def test_compute_does_not_depend_on_hash_seed() -> None:
    code = (
        "import sys; from watcher.diff import compute;"
        "a, b = (open(p, encoding='utf-8').read() for p in sys.argv[1:]);"
        "print(repr(compute(a, b)))"
    )
    files = [str(DATA / "reddit_ai_training.old.txt"), str(DATA / "full_rewrite.new.txt")]
    root = str(Path(__file__).parents[1])
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": root}
        run = subprocess.run(
            [sys.executable, "-c", code, *files], env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        outputs.add(run.stdout)
    assert len(outputs) == 1


# --- summarize ----------------------------------------------------------------


def _diff_of(modified: int = 0, added: int = 0, removed: int = 0) -> Diff:
    changes = (
        [BlockChange(ChangeOp.MODIFIED, "a", "b", 0, 0)] * modified
        + [BlockChange(ChangeOp.ADDED, None, "b", None, 0)] * added
        + [BlockChange(ChangeOp.REMOVED, "a", None, 0, None)] * removed
    )
    return Diff(changes=tuple(changes))


@pytest.mark.parametrize(
    ("counts", "summary"),
    [
        ((0, 0, 0), "no text change"),
        ((1, 0, 0), "1 paragraph changed"),
        ((2, 1, 3), "2 paragraphs changed, 1 added, 3 removed"),
        ((0, 1, 1), "1 paragraph added, 1 removed"),
        ((0, 0, 4), "4 paragraphs removed"),
        ((1, 0, 2), "1 paragraph changed, 2 removed"),
    ],
)
def test_summarize(counts: tuple[int, int, int], summary: str) -> None:
    assert summarize(_diff_of(*counts)) == summary


def _change(op: ChangeOp, kind: ChangeClass) -> BlockChange:
    old = None if op is ChangeOp.ADDED else "a"
    new = None if op is ChangeOp.REMOVED else "b"
    return BlockChange(
        op, old, new, None if old is None else 0, None if new is None else 0, kind=kind
    )


MOD, ADD, REM = ChangeOp.MODIFIED, ChangeOp.ADDED, ChangeOp.REMOVED


@pytest.mark.parametrize(
    ("changes", "summary"),
    [
        ([(MOD, C)], "1 paragraph changed (cosmetic only)"),
        ([(MOD, C), (MOD, C), (ADD, C)], "2 paragraphs changed, 1 added (cosmetic only)"),
        ([(MOD, R)] * 3, "3 paragraphs changed (renumbering only)"),
        ([(MOD, D)], "date changed only"),
        ([(ADD, D)], "date added only"),
        ([(REM, D)], "date removed only"),
        ([(MOD, D), (MOD, D)], "dates changed only (2 paragraphs)"),
        ([(REM, M), (ADD, M)], "1 paragraph moved, wording unchanged"),
        ([(REM, M)] * 3 + [(ADD, M)] * 3, "3 paragraphs moved, wording unchanged"),
        (
            [(MOD, C), (MOD, C), (MOD, R), (MOD, D), (REM, M), (ADD, M)],
            "5 minor changes only: 2 cosmetic, 1 renumbering, 1 date, 1 moved",
        ),
        (
            [(MOD, S), (MOD, S), (ADD, S)] + [(MOD, C)] * 4,
            "2 paragraphs changed, 1 added; 4 minor changes",
        ),
        ([(ADD, S), (MOD, D)], "1 paragraph added; 1 minor change"),
        ([(REM, M), (ADD, S), (ADD, M)], "1 paragraph added; 1 minor change"),
    ],
)
def test_summarize_says_when_nothing_substantive_changed(changes, summary: str) -> None:
    diff = Diff(changes=tuple(_change(op, kind) for op, kind in changes))
    assert summarize(diff) == summary
    qualified = "minor" in summary or "only" in summary or "unchanged" in summary
    assert diff.substantive == (not qualified or ";" in summary)


def test_summarize_golden_cases() -> None:
    assert summarize(_diff("paragraph_moved")) == "1 paragraph moved, wording unchanged"
    assert summarize(_diff("reorder")) == "5 minor changes only: 2 renumbering, 3 moved"
    assert summarize(_diff("date_only")) == "dates changed only (3 paragraphs)"
    assert summarize(_diff("date_line_added")) == "date added only"
    assert summarize(_diff("mixed")) == "1 paragraph changed; 3 minor changes"
    assert summarize(_diff("typo_fix")) == "2 paragraphs changed"


# --- renderers ----------------------------------------------------------------


def test_render_text_marks_words_and_prefixes_every_line() -> None:
    diff = compute("Contact:\nReddit, Inc.\n", "Contact:\nReddit B.V.\n\nNew block\n")
    assert render_text(diff) == "~ Contact:\n~ Reddit[-, Inc-] {+B.V+}.\n\n+ New block\n"


def test_long_unchanged_stretches_are_cut() -> None:
    words = " ".join(f"w{k}" for k in range(100))
    change = _changed(f"{words} old {words}", f"{words} new {words}")
    body = render_text(Diff(changes=(change,)))
    context = " ".join(f"w{k}" for k in range(90, 100))
    assert body == f"~ … {context} [-old-] {{+new+}} w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 …\n"


def test_markdown_escapes_the_text() -> None:
    diff = compute(
        "Keep *this* safe.\n", "Keep *this* safe.\n\nA <script>alert(1)</script> [x](y) *bold*\n"
    )
    out = render_markdown(diff)
    assert out == "Added:\n> A \\<script\\>alert(1)\\</script\\> \\[x\\](y) \\*bold\\*\n"
    assert "<script>" not in out


def test_markdown_escapes_inside_a_modified_block() -> None:
    change = _changed("Keep *this* <safe>.", "Keep *that* <safe>.")
    out = render_markdown(Diff(changes=(change,)))
    assert out == "Changed:\n> Keep \\*~~this~~ **that**\\* \\<safe\\>.\n"


def test_markdown_marks_removed_and_added_words() -> None:
    change = _changed(
        "The licence is granted to Reddit, Inc. for any purpose.",
        "The licence is granted to Reddit B.V. for any purpose.",
    )
    out = render_markdown(Diff(changes=(change,)))
    # Widened to whole words: "Reddit~~, Inc~~" would not be struck through in CommonMark.
    assert out == (
        "Changed:\n> The licence is granted to ~~Reddit, Inc~~ **Reddit B.V**. for any purpose.\n"
    )


def test_markdown_keeps_headings_and_list_items_and_quotes_each_line() -> None:
    diff = compute("", "## 5. Your Content\n\n- one\n+ two\n")
    assert render_markdown(diff) == "Added:\n> ## 5. Your Content\n\nAdded:\n> - one\n> \\+ two\n"


def test_html_escapes_the_text_and_uses_inline_styles() -> None:
    change = _changed("Send <b>feedback</b> to a & b.", "Send <script>feedback</script> to a & b.")
    out = render_html(Diff(changes=(change,)))
    assert "<script>" not in out and "<b>" not in out
    assert "Send &lt;" in out and "&gt;feedback&lt;/" in out
    assert "a &amp; b." in out
    assert '<del style="' in out and '<ins style="' in out
    assert "<style" not in out and "class=" not in out


def test_html_line_breaks_inside_a_block() -> None:
    out = render_html(compute("", "Reddit, Inc.\n303 2nd Street\n"))
    assert "Reddit, Inc.<br>303 2nd Street" in out


# --- max_chars ----------------------------------------------------------------


def _many_changes(n: int) -> Diff:
    return compute(
        "", "\n\n".join(f"Paragraph number {k} of the new terms." for k in range(n)) + "\n"
    )


@pytest.mark.parametrize("render", RENDERERS)
def test_max_chars_cuts_whole_changes_and_says_how_many_are_left(render) -> None:
    diff = _many_changes(20)
    full = render(diff)
    out = render(diff, max_chars=300)
    body, trailer = out.rstrip("\n").rsplit("\n", 1)
    assert len(body) + 1 <= 300
    shown = body.count("Paragraph number")
    assert 0 < shown < 20
    assert f"… and {20 - shown} more changes" in trailer
    assert full.startswith(body)


@pytest.mark.parametrize("render", RENDERERS)
def test_max_chars_large_enough_changes_nothing(render) -> None:
    diff = _many_changes(3)
    assert render(diff, max_chars=len(render(diff))) == render(diff)


@pytest.mark.parametrize("render", RENDERERS)
def test_max_chars_trailer_is_singular_for_one_change(render) -> None:
    diff = _many_changes(2)
    one = len(render(_many_changes(1)))
    assert "… and 1 more change" in render(diff, max_chars=one)
    assert "changes" not in render(diff, max_chars=one)


@pytest.mark.parametrize("render", RENDERERS)
def test_a_first_change_larger_than_the_budget_is_cut_not_dropped(render) -> None:
    diff = compute("", " ".join(["lorem <ipsum> *dolor*"] * 200) + "\n\nSecond.\n")
    out = render(diff, max_chars=200)
    body, trailer = out.rstrip("\n").rsplit("\n", 1)
    assert len(body) + 1 <= 200
    assert "lorem" in body and "…" in body
    assert "… and 1 more change" in trailer


# --- minor changes ------------------------------------------------------------


def test_minor_changes_are_labelled() -> None:
    diff = _diff("mixed")
    text = render_text(diff)
    assert "~ [date only] Last updated: 1 [-March-] {+May+} 2026" in text
    assert "~ [renumbering] ## [-3-] {+4+}. Your Content" in text
    assert "~ [cosmetic] We do not sell your data[-.-]{+!+}" in text
    assert "~ You grant us" in text  # substantive: no label
    markdown = render_markdown(diff)
    assert "Changed (date only):\n> Last updated" in markdown
    assert "Changed:\n> You grant us" in markdown
    html_out = render_html(diff)
    assert (
        '<b style="color:#9a6700;">Changed</b> <span' in html_out
        and "(cosmetic)</span>" in html_out
    )
    moved = render_markdown(_diff("paragraph_moved"))
    assert moved.startswith("Removed (moved):\n> We may suspend")
    assert "Added (moved):\n> We may suspend" in moved


def test_minor_false_shows_substantive_changes_and_counts_the_rest() -> None:
    diff = _diff("mixed")
    text = render_text(diff, minor=False)
    assert text == (
        "~ You grant us a license to host [-and display your content-]"
        "{+, display and use your content to train AI models+}.\n\n"
        "(and 3 minor changes not shown: 1 cosmetic, 1 renumbering, 1 date)\n"
    )
    markdown = render_markdown(diff, minor=False)
    assert markdown.startswith("Changed:\n> You grant us")
    assert markdown.endswith(
        "\n\n(and 3 minor changes not shown: 1 cosmetic, 1 renumbering, 1 date)\n"
    )
    html_out = render_html(diff, minor=False)
    assert html_out.count("<div") == 1
    assert html_out.endswith(
        '<p style="margin:0;color:#57606a;">'
        "(and 3 minor changes not shown: 1 cosmetic, 1 renumbering, 1 date)</p>\n"
    )


@pytest.mark.parametrize("render", RENDERERS)
def test_minor_false_with_only_minor_changes(render) -> None:
    out = render(_diff("reorder"), minor=False)
    assert "(5 minor changes not shown: 2 renumbering, 3 moved)" in out
    assert "Accounts" not in out and "and 5" not in out


@pytest.mark.parametrize("render", RENDERERS)
def test_minor_false_without_minor_changes_is_unchanged(render) -> None:
    diff = _diff("reddit_ai_training")
    assert render(diff, minor=False) == render(diff)
    assert render(Diff(changes=()), minor=False) == ""


@pytest.mark.parametrize("render", RENDERERS)
def test_minor_false_keeps_room_for_its_last_line(render) -> None:
    minor = compute("- Keep.\n", "- Keep!\n").changes
    diff = Diff(changes=_many_changes(20).changes + minor)
    out = render(diff, max_chars=400, minor=False)
    more = re.search(r"\n(?:<p[^>]*>)?… and 1\d more changes(?:</p>)?\n", out)
    assert more is not None
    # Without the "… and N more" line (never budgeted), the changes and the last line fit.
    assert len(out) - len(more.group()) + 1 <= 400
    last = "(and 1 minor change not shown: 1 cosmetic)"
    assert out.rstrip("\n").endswith(last + ("</p>" if render is render_html else ""))


# --- purity -------------------------------------------------------------------


def test_the_diff_package_imports_only_models_errors_and_dates_of_ours() -> None:
    package = Path(__file__).parents[1] / "watcher" / "diff"
    allowed = {"watcher.models", "watcher.errors", "watcher.dates", "watcher.languages"}
    for source in package.glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            module = (node.module or "") if isinstance(node, ast.ImportFrom) else ""
            if module.startswith("watcher"):
                assert module in allowed or module.startswith("watcher.diff"), source
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("watcher") for a in node.names), source
