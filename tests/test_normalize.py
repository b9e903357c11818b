"""The normalize stage: golden files, canonical-form properties, and real-page noise."""

from __future__ import annotations

import gzip
import json
import unicodedata
from pathlib import Path

import pytest

from watcher.errors import NormalizeError
from watcher.models import Normalized, Rules
from watcher.normalize import VERSION, blocks, canonicalize_text, normalize, validate_selector
from watcher.normalize.text import _FOLD, WHITESPACE

DATA = Path(__file__).parent / "data"
CASES = sorted(p.stem for p in (DATA / "normalize").glob("*.html"))


def _rules(case: str) -> tuple[Rules, tuple[str, ...]]:
    """The case's rules and the `select` entries it expects to match nothing."""
    path = DATA / "normalize" / f"{case}.rules.json"
    spec = json.loads(path.read_text()) if path.exists() else {}
    rules = Rules(select=tuple(spec.get("select", ())), remove=tuple(spec.get("remove", ())))
    return rules, tuple(spec.get("expect_unmatched", ()))


def _expected(case: str) -> str:
    return (DATA / "normalize" / f"{case}.txt").read_text()


def _page(name: str) -> str:
    return gzip.decompress((DATA / "pages" / f"{name}.html.gz").read_bytes()).decode("utf-8")


# --- golden files -------------------------------------------------------------------------------


def test_the_golden_cases_are_all_there():
    assert len(CASES) >= 17
    for case in CASES:
        assert (DATA / "normalize" / f"{case}.txt").exists(), case


@pytest.mark.parametrize("case", CASES)
def test_golden(case):
    html = (DATA / "normalize" / f"{case}.html").read_text()
    rules, unmatched = _rules(case)
    result = normalize(html, "text/html", rules)
    assert result.text == _expected(case)
    assert result.unmatched_select == unmatched
    assert normalize(html, "text/html", rules) == result  # deterministic


@pytest.mark.parametrize("case", CASES)
def test_golden_output_is_canonical_and_stable(case):
    text = _expected(case)
    assert canonicalize_text(text) == text
    assert normalize(text, "text/plain", Rules()) == Normalized(text)
    assert text == "" or (text.endswith("\n") and not text.endswith("\n\n"))
    assert "\n\n\n" not in text and "  " not in text
    assert all(line == line.strip() for line in text.split("\n"))


def test_xhtml_content_type_and_parameters_use_the_html_path():
    html = (DATA / "normalize" / "xml_declaration.html").read_text()
    for content_type in ("application/xhtml+xml", "text/html; charset=utf-8", "TEXT/HTML"):
        assert normalize(html, content_type, Rules()).text == _expected("xml_declaration")


def test_unknown_content_type_is_sniffed():
    unknown = "application/octet-stream"
    assert normalize("<p>One</p><p>Two</p>", "", Rules()).text == "One\n\nTwo\n"
    assert normalize("\ufeff <p>One</p>", unknown, Rules()).text == "One\n"
    assert normalize("One <b>two</b>", unknown, Rules()).text == "One <b>two</b>\n"


# --- plain text and markdown --------------------------------------------------------------------


def test_plain_text_keeps_its_blocks():
    body = "  Title  \r\n\r\n\r\n\r\nFirst   line\nsecond\tline \n \n\n“Quoted” — fin…\n\n\n"
    expected = 'Title\n\nFirst line\nsecond line\n\n"Quoted" - fin...\n'
    assert normalize(body, "text/plain", Rules()) == Normalized(expected)


def test_markdown_passes_through_canonicalization_only():
    body = "# Terms\n\n- **one**\n- [two](https://example.com)\n\n\n\n## Next\n"
    result = normalize(body, "text/markdown; charset=utf-8", Rules())
    assert result.text == "# Terms\n\n- **one**\n- [two](https://example.com)\n\n## Next\n"


def test_text_reports_select_rules_as_unmatched():
    result = normalize("Just text.", "text/plain", Rules(select=("main",), remove=(".ad",)))
    assert result == Normalized("Just text.\n", ("main",))


# --- canonicalize_text and blocks ---------------------------------------------------------------

TRICKY = [
    "",
    "\n\n \n",
    "a\u200b\u0301b",  # an invisible character between a letter and a combining mark
    "e\u0301\u200b \u2000x\u2029y\u2028z\x85w\r\nv\rq\x0cf",
    "\ufeff  lead\u00a0\u00a0and trail \u3000\n\n\n\ntwo",
    "control\x01\x1fchars\x7f\x9f and \u2066isolates\u2069",
    "«\u00a0guillemets\u00a0» ‹x› „y“ ‚z‘ –—―−‐‑‒ …",
    "\u212b \u2126 A\u030a",  # singletons and a decomposed letter
]


@pytest.mark.parametrize("text", TRICKY)
def test_canonicalize_text_is_idempotent(text):
    once = canonicalize_text(text)
    assert canonicalize_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert set(once) & set(WHITESPACE) <= {" ", "\n"}
    assert not set(once) & set(_FOLD)


def test_canonicalize_text_folds_and_drops():
    assert canonicalize_text("a\u200bb\u00adc e\u0301") == "abc \u00e9\n"
    assert canonicalize_text("“x” ‘y’ a–b …") == "\"x\" 'y' a-b ...\n"
    assert canonicalize_text("p1\u2029p2\u2028l2") == "p1\n\np2\nl2\n"
    assert canonicalize_text(" \n\t\u00a0") == ""


def test_whitespace_constant_is_every_whitespace_character():
    assert set(WHITESPACE) == {chr(c) for c in range(0x110000) if chr(c).isspace()}


def test_nfc_never_produces_a_character_that_folding_changes():
    # canonicalize_text folds before NFC; this is what keeps it idempotent. NFC changes a
    # character only through its canonical decomposition, and composes pairs only into
    # characters that have one.
    fold = set(_FOLD)
    chars = (chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and chr(c) not in fold)
    composed = unicodedata.normalize("NFC", "\n".join(chars))  # "\n" never composes
    assert not set(composed) & fold
    for char in fold:
        decomposition = unicodedata.decomposition(char)
        assert not decomposition or decomposition.startswith("<"), hex(ord(char))


def test_blocks():
    assert blocks("") == []
    assert blocks("# Title\n\nOne\ntwo\n\n- item\n") == ["# Title", "One\ntwo", "- item"]
    assert blocks("a\n \n\n\nb") == ["a", "b"]  # tolerant of text that is not canonical
    text = _expected("real_reddit_terms")
    assert "\n\n".join(blocks(text)) + "\n" == text


# --- selectors and errors -----------------------------------------------------------------------


def test_validate_selector():
    for good in (
        "main",
        "#mainContent",
        "[data-framer-name=Post]",
        "body > header + section",
        '[href="/legal"]:first-child',
        "div:has(p)",
        'img[src*="qwen_icon"]',
    ):
        assert validate_selector(good) is None, good
    for bad in ("", "main[", "p::before", "a >> b"):
        reason = validate_selector(bad)
        assert isinstance(reason, str) and reason, bad


def test_an_invalid_selector_is_a_normalize_error():
    with pytest.raises(NormalizeError):
        normalize("<main>x</main>", "text/html", Rules(select=("main[",)))
    with pytest.raises(NormalizeError):
        normalize("<main>x</main>", "text/html", Rules(remove=("::before",)))


def test_select_matching_nothing_gives_no_text():
    result = normalize("<main><p>Text</p></main>", "text/html", Rules(select=(".gone", "#nope")))
    assert result == Normalized("", (".gone", "#nope"))


def test_empty_documents():
    for body in ("", "   ", "<!-- only a comment -->"):
        assert normalize(body, "text/html", Rules(select=("main",))) == Normalized("", ("main",))
        assert normalize(body, "text/html", Rules()) == Normalized("")


def test_a_selected_element_is_kept_even_if_it_would_be_skipped():
    html = '<body><nav id="toc" hidden><p>Contents</p></nav><p>Body</p></body>'
    assert normalize(html, "text/html", Rules(select=("#toc",))).text == "Contents\n"
    assert normalize(html, "text/html", Rules()).text == "Body\n"


def test_version_is_a_short_string():
    assert isinstance(VERSION, str) and VERSION


# --- noise: what must not change the text -------------------------------------------------------

BASE = """<!DOCTYPE html><html><head><title>Terms</title>
<script nonce="abc">window.build = "111";</script></head>
<body class="a"><nav><a href="/x?ref=1">Home</a></nav>
<main><h1 id="t">Terms</h1><p class="lead">We may use <a href="/data?v=1">your data</a>.</p>
<ul><li>One</li><li>Two</li></ul></main>
<footer>Build 111, served at 10:00</footer></body></html>"""

VARIANTS = {
    "script": BASE.replace('window.build = "111"', 'window.build = "222"'),
    "attributes": BASE.replace('class="lead"', 'class="intro" data-id="9"')
    .replace("/data?v=1", "/data?v=2")
    .replace('nonce="abc"', 'nonce="xyz"'),
    "whitespace": BASE.replace("<ul>", "\n  <ul>\n    ").replace("</li><li>", "</li>\n    <li>"),
    "nav": BASE.replace(">Home<", ">Start<"),
    "footer": BASE.replace("served at 10:00", "served at 11:00"),
    "comment": BASE.replace("<main>", "<main><!-- rendered by edge 7 -->"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_noise_does_not_change_the_text(variant):
    expected = "# Terms\n\nWe may use your data.\n\n- One\n\n- Two\n"
    assert normalize(BASE, "text/html", Rules()).text == expected
    assert normalize(VARIANTS[variant], "text/html", Rules()).text == expected


def test_a_real_edit_changes_the_text():
    edited = BASE.replace("We may use", "We will use")
    assert normalize(edited, "text/html", Rules()).text == (
        "# Terms\n\nWe will use your data.\n\n- One\n\n- Two\n"
    )


COPILOT = Rules(select=("#mainContent",), remove=(".cdx_mkt_brand",))
PERPLEXITY = Rules(select=("[data-framer-name=Post]",))


def test_real_snapshots_without_a_text_change_normalize_identically():
    # Consecutive Open Terms Archive snapshots whose bytes differ but whose text did not change
    # (copilot-terms steps 27 and 28; perplexity-privacy step 10 only changed a link target).
    for rules, old, new in (
        (COPILOT, "copilot-terms-027", "copilot-terms-028"),
        (PERPLEXITY, "perplexity-privacy-009", "perplexity-privacy-010"),
    ):
        old_html, new_html = _page(old), _page(new)
        assert old_html != new_html
        old_text = normalize(old_html, "text/html", rules)
        assert old_text.unmatched_select == ()
        assert len(old_text.text) > 10_000
        assert normalize(new_html, "text/html", rules) == old_text


def test_a_real_text_change_is_seen():
    # copilot-terms step 29 added a clause on Copilot Health data and AI training.
    before = normalize(_page("copilot-terms-028"), "text/html", COPILOT).text
    after = normalize(_page("copilot-terms-029"), "text/html", COPILOT).text
    clause = "not used to develop or train generative AI models"
    assert clause not in before
    assert clause in after
    old, new = set(blocks(before)), set(blocks(after))
    assert len(old - new) < len(old) / 5  # an edit: most blocks are the same on both sides
