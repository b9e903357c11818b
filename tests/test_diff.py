"""The diff stage: golden cases kept as data, then the renderers' and the budget's promises."""

from __future__ import annotations

import ast
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from watcher.diff import (
    compute,
    render_html,
    render_markdown,
    render_text,
    split_blocks,
    summarize,
)
from watcher.models import BlockChange, ChangeOp, Diff, Segment

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
    }
    assert expected <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_golden_render_text(case: str) -> None:
    assert render_text(_diff(case)) == _read(case, "expected")


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
    assert [(c.op, c.old_index, c.new_index) for c in diff.changes] == [
        (ChangeOp.REMOVED, 1, None),
        (ChangeOp.ADDED, None, 3),
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


# --- purity -------------------------------------------------------------------


def test_the_diff_package_imports_only_models_and_errors_of_ours() -> None:
    package = Path(__file__).parents[1] / "watcher" / "diff"
    allowed = {"watcher.models", "watcher.errors"}
    for source in package.glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            module = (node.module or "") if isinstance(node, ast.ImportFrom) else ""
            if module.startswith("watcher"):
                assert module in allowed or module.startswith("watcher.diff"), source
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("watcher") for a in node.names), source
