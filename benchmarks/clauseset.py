"""The labelled clause set and its split by service group (tests/data/clauses/README.md).

    python benchmarks/clauseset.py build CANDIDATES_DIR LABELS_DIR [--authored FILE]

`build` joins the candidates of `mine_passages.py` with their labels (one labels file per
batch, `batch_NN.labels.jsonl`), keeps the passages marked `keep`, and writes
tests/data/clauses/wild.jsonl (and authored.jsonl from --authored), each passage with its
corporate `group` and its `split`:

* `dev` — the rules may be written while looking at it: every group of the shared clause dev
  set (../shared/corpus/clauses/), on which the rules were first written, half of the
  hand-written passages, and the hand-written passages given with --dev-only (a second
  batch, written for the dev side after the first was split);
* `heldout` — never looked at while writing rules; scored only: every other group of the
  wild corpus, and the other half of the hand-written passages. A group is never on both
  sides: a provider's documents (Google's forty services, Match Group's dating apps …) fall
  together.

The wild corpus' AI-training passages come mostly from the groups of the shared dev set (the
AI companies); the held-out side is every other group so that it holds as many real
positives as the corpus gives. A hand-written passage's half is fixed by the md5 of its id.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "clauses"
HELDOUT_SHARE = 2  # 1 hand-written passage in 2 is held out

# Services that belong to one corporate group (the rest are a group of their own).
_GROUPS = {
    "google": (
        "Google*",
        "YouTube",
        "Youtube Kids",
        "AdSense",
        "AdMob",
        "Blogger",
        "Gmail",
        "Chrome and Chrome OS",
        "Stadia",
        "Local Guides",
        "Hotel Center by Google",
        "Merchant Center",
        "Reserve with Google",
    ),
    "apple": ("Apple*", "App Store", "iCloud"),
    "amazon": ("Amazon*", "AbeBooks", "IMDb", "Kindle Direct Publishing", "ZVAB", "Twitch"),
    "match": ("Match", "Tinder", "OkCupid", "Meetic", "Hinge", "Plenty of Fish"),
    "epic": ("Epic", "ArtStation", "Sketchfab"),
    "mistral": ("Le Chat", "Vibe"),
    "alibaba": ("Alibaba*", "Qwen Chat", "AliExpress"),
    "bytedance": ("TikTok*", "Doubao", "CapCut"),
    "yahoo": ("Yahoo*", "AOL"),
    "meta": ("Facebook", "Instagram", "WhatsApp", "Messenger", "Threads", "Meta*"),
    "microsoft": ("Microsoft*", "LinkedIn", "Bing", "Copilot", "Xbox*", "Skype", "GitHub"),
    "bolt": ("Bolt*",),
    "blizzard": ("Blizzard*",),
    "samsung": ("Samsung*",),
    "tp-link": ("TP-Link", "Tp-link"),
    "aylo": ("Pornhub", "YouPorn"),
    "parship": ("Parship", "eharmony"),
    "expedia": ("Expedia*", "Ebookers", "Orbitz", "Hotels.com"),
    "verizon": ("Verizon", "Visible"),
    "volkswagen": ("SEAT CONNECT", "Skoda Connect"),
    "olx": ("OLX", "Autovit.ro", "OTOMOTO"),
    "lufthansa": ("Austrian Airlines AG", "Brussels Airlines", "Lufthansa", "SWISS"),
    "seznam": ("Seznam.cz", "Sbazar.cz"),
    "justeat": ("Lieferando.de", "Thuisbezorgd"),
    "deliveryhero": ("foodora", "GLOVO", "Foody"),
    "hood": ("Hood", "Hood.de"),
}


def group_of(service: str) -> str:
    """The corporate group of a service (its own lower-cased name when it has none)."""
    for group, names in _GROUPS.items():
        for name in names:
            if service == name or (name.endswith("*") and service.startswith(name[:-1])):
                return group
    return service.strip().lower()


def dev_groups(corpus: Path | None) -> frozenset[str]:
    """Groups of the shared clause dev set (rules were written on them): always `dev`."""
    groups = set(_SHARED_DEV_GROUPS)
    if corpus is not None and (corpus / "clauses" / "dev.jsonl").exists():
        for line in (corpus / "clauses" / "dev.jsonl").open(encoding="utf-8"):
            if line.strip():
                groups.add(group_of(json.loads(line)["service"]))
    return frozenset(groups)


def split_of(group: str, dev: frozenset[str]) -> str:
    """`dev` or `heldout` (see the module docstring)."""
    if group in dev:
        return "dev"
    if not group.startswith("authored-"):
        return "heldout"
    return "heldout" if hashlib.md5(group.encode()).digest()[-1] % HELDOUT_SHARE == 0 else "dev"


# The services of ../shared/corpus/clauses/README.md, so that the split holds without it.
_SHARED_DEV_SERVICES = """
AdSense|Airbnb|Allrecipes|Allstate|App Store|Apple|ArtStation|BBC|Binance|BlaBlaCar|Blogger|Bolt|
Booking.com|BoursoBank|Brussels Airlines|ChatGPT|Chrome and Chrome OS|Coursera|Criteo|Daily Mail|
Dailymotion|Decathlon|DeepSeek|DeviantArt|Disqus|Dott|Dune|Eurolines|Evernote|Financial Times|
Finnair|FlixBus|Fox News|Gartner|GitLab|Gmail|Google|Gumb|Honkai: Star Rail|Honkai- Star Rail|
Hugging Face|Instacart|Kick|Le Chat|Legalstart|Levis|LibraryThing|Lime|Malt|Match|Miro|Mix|Netflix|
New Balance|OkCupid|PayPal|Perplexity|Printemps|Qwen Chat|Rakuten|Roblox|Ryanair|SEAT CONNECT|
Sketchfab|Snapchat|SoundCloud|Spotify|Stack Overflow|Substack|SurveyMonkey|TikTok|Tinder|Trainline|
Veepee|Verizon|Vibe|Vimeo|Vinted|Wargaming|Wix|YouTube|Zalando|Zora|eBay|sourcehut"""
_SHARED_DEV_GROUPS = frozenset(
    group_of(s.strip()) for s in _SHARED_DEV_SERVICES.replace("\n", "").split("|")
)
_SPACE = re.compile(r"\s+")


def build(
    candidates: Path,
    labels: Path,
    authored: Path | None,
    corpus: Path | None,
    dev_only: tuple[Path, ...] = (),
) -> None:
    """Write wild.jsonl (and authored.jsonl) under tests/data/clauses/."""
    dev = dev_groups(corpus)
    rows = []
    for batch in sorted(candidates.glob("batch_*.jsonl")):
        cands = [json.loads(line) for line in batch.open(encoding="utf-8")]
        marks = [
            json.loads(line)
            for line in (labels / batch.name.replace(".jsonl", ".labels.jsonl")).open()
        ]
        if [c["cid"] for c in cands] != [m["cid"] for m in marks]:
            raise SystemExit(f"{batch.name}: labels do not follow the candidates")
        for cand, mark in zip(cands, marks, strict=True):
            if not mark["keep"]:
                continue
            with_lead_in = bool(mark.get("with_lead_in") and cand.get("lead_in"))
            text = f"{cand['lead_in']} {cand['text']}" if with_lead_in else cand["text"]
            group = group_of(cand["service"])
            rows.append(
                {
                    "text": _SPACE.sub(" ", text).strip(),
                    "lang": mark["lang"],
                    "topic": mark["topic"],
                    "stance": mark["stance"] if mark["topic"] == "user_data_training" else None,
                    "service": cand["service"],
                    "group": group,
                    "split": split_of(group, dev),
                    "with_lead_in": with_lead_in,
                    "source": cand["source"],
                    "locator": None if with_lead_in else cand["locator"],
                    "doubt": mark.get("doubt"),
                }
            )
    rows.sort(key=lambda r: (r["source"]["dataset"], r["source"]["path"], r["text"]))
    DATA.mkdir(parents=True, exist_ok=True)
    with (DATA / "wild.jsonl").open("w", encoding="utf-8") as out:
        for i, row in enumerate(rows, 1):
            out.write(json.dumps({"id": f"wild-{i:04d}", **row}, ensure_ascii=False) + "\n")
    print(f"wild.jsonl: {len(rows)} passages")
    if authored is not None:
        count = 0
        sources = [(authored, False)] + [(path, True) for path in dev_only]
        with (DATA / "authored.jsonl").open("w", encoding="utf-8") as out:
            for forced_dev, line in (
                (d, line) for p, d in sources for line in p.open(encoding="utf-8")
            ):
                if not line.strip():
                    continue
                row = json.loads(line)
                group = f"authored-{row['id']}"
                row = {
                    "id": row["id"],
                    "text": row["text"],
                    "lang": row["lang"],
                    "topic": row["topic"],
                    "stance": row["stance"] if row["topic"] == "user_data_training" else None,
                    "service": None,
                    "group": group,
                    "split": "dev" if forced_dev else split_of(group, dev),
                    "style": row.get("style"),
                    "source": {"dataset": "authored"},
                }
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
        print(f"authored.jsonl: {count} passages")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="join candidates and labels into tests/data/clauses/")
    b.add_argument("candidates", type=Path)
    b.add_argument("labels", type=Path)
    b.add_argument("--authored", type=Path)
    b.add_argument(
        "--dev-only", type=Path, action="append", default=[], help="authored, all on the dev side"
    )
    default = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
    b.add_argument("--corpus", type=Path, default=default if default.exists() else None)
    args = parser.parse_args(argv)
    build(args.candidates, args.labels, args.authored, args.corpus, tuple(args.dev_only))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
