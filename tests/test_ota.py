"""`watcher import-ota`: Open Terms Archive declarations as `[[watch]]` entries."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from watcher.cli import main
from watcher.cli.ota import import_declarations, kind_of, render
from watcher.config import parse
from watcher.models import Rules
from watcher.models.config import Range
from watcher.normalize import normalize

DATA = Path(__file__).parent / "data"
OTA = DATA / "ota"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "declarations"


def _config(tmp_path: Path, *paths: Path) -> tuple[str, object]:
    docs = import_declarations([str(p) for p in paths])
    text = render(docs)
    return text, parse(text, path=str(tmp_path / "imported.toml"), environ={})


@pytest.mark.parametrize(
    ("terms_type", "kind"),
    [
        ("Terms of Service", "terms"),
        ("Privacy Policy", "privacy"),
        ("Generative AI Usage Policy", "ai-policy"),
        ("AI Terms", "ai-policy"),
        ("Acceptable Use Policy", "other"),
        ("Maintenance Policy", "other"),  # "ai" inside a word is not AI
    ],
)
def test_kind_comes_from_the_terms_type(terms_type: str, kind: str) -> None:
    assert kind_of(terms_type) == kind


def test_real_declarations_import_into_a_configuration_the_loader_accepts(tmp_path: Path) -> None:
    _, cfg = _config(tmp_path, OTA / "genai-eu", OTA / "contrib")
    watches = {w.id: w for w in cfg.watches}
    copilot = watches["microsoft-copilot-terms-of-service"]
    assert copilot.name == "Microsoft Copilot Terms of Service"
    assert copilot.kind == "terms"
    assert (
        copilot.url
        == "https://www.microsoft.com/en-us/microsoft-copilot/for-individuals/termsofuse"
    )
    assert copilot.rules.select == ("#mainContent",)
    assert copilot.rules.remove == (".cdx_mkt_brand",)
    assert copilot.render == "browser"
    assert watches["microsoft-copilot-privacy-policy"].render == "http"
    assert watches["microsoft-copilot-privacy-policy"].kind == "privacy"
    # A combined document whose pages share the document's rules: urls = [...].
    grok = watches["grok-privacy-policy"]
    assert grok.urls == (
        "https://x.ai/legal/privacy-policy/",
        "https://x.ai/legal/europe-privacy-policy-addendum",
    )
    assert grok.rules == Rules(select=(".prose",), remove=('[href="/legal"]:first-child',))
    # A select written as one string in the declaration.
    assert watches["telegram-privacy-policy"].rules.select == (".tl_page_container",)
    assert watches["asus-privacy-policy"].rules.select == ("#member-page-content",)


def test_what_cannot_be_expressed_is_a_comment_not_a_silent_drop(tmp_path: Path) -> None:
    declaration = {
        "name": "Acme",
        "terms": {
            "Terms of Service": {"fetch": "https://example.com/t", "select": ["main >"]},
            "Privacy Policy": {"select": "main"},
        },
    }
    (tmp_path / "Acme.json").write_text(json.dumps(declaration), encoding="utf-8")
    paths = (OTA / "contrib" / "ASUS.json", OTA / "contrib" / "Telegram.json", tmp_path)
    text, cfg = _config(tmp_path, *paths)
    ids = {w.id for w in cfg.watches}
    # A selector Watcher's engine cannot run, a page without a URL: written commented out.
    assert "acme-terms-of-service" not in ids
    assert "# not imported: select[0]: invalid CSS selector" in text
    assert '# id = "acme-terms-of-service"' in text
    assert '# not imported: a page has no "fetch" URL' in text
    # A custom JavaScript filter: the watch is written, with a note.
    assert "asus-vulnerability-disclosure-policy" in ids
    assert "# note: custom JavaScript filters not applied: removeSecurityUpdates" in text
    # The rest is imported.
    assert {"asus-privacy-policy", "asus-terms-of-service", "telegram-developer-terms"} <= ids


def test_range_selectors_become_range_tables(tmp_path: Path) -> None:
    text, cfg = _config(tmp_path, OTA / "contrib" / "ASUS.json")
    assert '{ start_before = "#member-page-content", end_before = ' in text
    select = cfg.watch("asus-vulnerability-disclosure-policy").rules.select
    assert select == (
        Range("#member-page-content", "#member-page-content h3:nth-last-of-type(3)"),
        Range(
            "#member-page-content h3:nth-last-of-type(1)", "#member-page-content", end_after=True
        ),
    )


def test_combined_pages_with_rules_of_their_own_become_parts(tmp_path: Path) -> None:
    text, cfg = _config(tmp_path, OTA / "contrib" / "Telegram.json")
    watch = cfg.watch("telegram-terms-of-service")
    assert "[[watch.parts]]" in text
    assert watch.urls == ("https://telegram.org/tos", "https://telegram.org/faq?setln=en")
    assert watch.rules.parts == (
        Rules(select=(".tl_page_container",)),
        Rules(select=(".tl_page_container",), remove=("img", "video")),
    )


def test_the_command_writes_a_file_that_validate_accepts(tmp_path: Path, capsys) -> None:
    out = tmp_path / "watches.toml"
    args = [
        "import-ota",
        str(OTA / "genai-eu"),
        str(OTA / "contrib" / "ASUS.json"),
        "--out",
        str(out),
    ]
    assert main(args, environ={}) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "custom JavaScript filters not applied: removeSecurityUpdates" in captured.err
    assert "documents imported to" in captured.err
    assert main(["--config", str(out), "validate"], environ={}) == 0
    assert ": OK — " in capsys.readouterr().out


def test_the_command_prints_without_out(capsys) -> None:
    assert main(["import-ota", str(OTA / "genai-eu" / "Perplexity.json")], environ={}) == 0
    out = capsys.readouterr().out
    assert out.count("[[watch]]") == 5
    assert 'name = "Perplexity Privacy Policy"' in out
    assert parse(out, environ={}).watch("perplexity-privacy-policy").render == "browser"


def test_a_file_that_is_not_a_declaration_is_one_error_line(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["import-ota", str(bad)], environ={}) == 2
    assert capsys.readouterr().err.startswith("Error: ")
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"hello": 1}), encoding="utf-8")
    assert main(["import-ota", str(other)], environ={}) == 2
    assert "not an Open Terms Archive declaration" in capsys.readouterr().err
    assert main(["import-ota", str(tmp_path / "missing.json")], environ={}) == 2


def test_ids_stay_unique_when_two_declarations_slug_alike(tmp_path: Path) -> None:
    for name in ("Acme", "ACME"):
        body = {"name": name, "terms": {"Terms of Service": {"fetch": "https://example.com/t"}}}
        (tmp_path / f"{name}1.json").write_text(json.dumps(body), encoding="utf-8")
    _, cfg = _config(tmp_path, tmp_path)
    assert [w.id for w in cfg.watches] == ["acme-terms-of-service", "acme-terms-of-service-2"]


@pytest.mark.parametrize(
    ("declaration", "document", "page"),
    [
        ("Microsoft Copilot.json", "Terms of Service", "copilot-terms-027"),
        ("Perplexity.json", "Privacy Policy", "perplexity-privacy-009"),
    ],
)
def test_imported_selectors_give_the_declarations_text_on_a_real_snapshot(
    tmp_path: Path, declaration: str, document: str, page: str
) -> None:
    # Real raw snapshots of Open Terms Archive's replay corpus (tests/data/pages).
    html = gzip.decompress((DATA / "pages" / f"{page}.html.gz").read_bytes()).decode("utf-8")
    declared = json.loads((OTA / "genai-eu" / declaration).read_text(encoding="utf-8"))
    terms = declared["terms"][document]
    expected = Rules(select=tuple(terms["select"]), remove=tuple(terms.get("remove", ())))
    _, cfg = _config(tmp_path, OTA / "genai-eu" / declaration)
    watch = cfg.watch(f"{declared['name']} {document}")
    assert watch.url == terms["fetch"]
    imported = normalize(html, "text/html", watch.rules)
    assert imported.unmatched_select == ()
    assert len(imported.text) > 5_000
    assert imported == normalize(html, "text/html", expected)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared declarations corpus is absent")
def test_every_declaration_of_the_corpus_imports_into_a_valid_configuration(
    tmp_path: Path, capsys
) -> None:
    out = tmp_path / "all.toml"
    folders = [str(p) for p in sorted(CORPUS.iterdir()) if p.is_dir()]
    assert main(["import-ota", *folders, "--out", str(out)], environ={}) == 0
    err = capsys.readouterr().err
    cfg = parse(out.read_text(encoding="utf-8"), path=str(out), environ={})
    written = out.read_text(encoding="utf-8").count("[[watch]]")  # commented ones too
    assert len(cfg.watches) > 500
    assert written >= len(cfg.watches)
    # Every document left out is said on stderr.
    assert err.count("not imported:") == written - len(cfg.watches)
    assert main(["--config", str(out), "validate"], environ={}) == 0
