"""How `watcher.diff` classifies the real text changes of the replay corpus.

Usage: python benchmarks/change_classes.py [CORPUS]   (default: ../shared/corpus next to the repo)

Every step is normalized with the manifest's `select`/`remove` rules. For each step whose
text differs from the previous distinct text (labelled `text_changed`, or changed only in
our text, such as a heading marker the labels' extraction does not see), it prints the
step's `noise_kind` label, the classes of the changed blocks, whether the diff is
substantive, and `summarize()`. The totals say how many labelled noise steps come out
non-substantive, and check the rule that matters most: every real edit (`noise_kind`
null) is substantive. The exit status is 1 when a real edit is not.

The public set's noise is only language flips and banners, which are text changes to any
diff; so a second table applies synthetic noise of the other kinds (reorder, typography,
punctuation, case, block markers, date formats, renumbering) to each sequence's last
text and shows how it is classified: it should never be substantive.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from watcher.dates import find_dates  # noqa: E402
from watcher.diff import compute, split_blocks, summarize  # noqa: E402
from watcher.models import ChangeClass, Rules  # noqa: E402
from watcher.normalize import normalize  # noqa: E402

_SHORT = {
    ChangeClass.SUBSTANTIVE: "subst",
    ChangeClass.COSMETIC: "cosm",
    ChangeClass.RENUMBERING: "renum",
    ChangeClass.DATE_ONLY: "date",
    ChangeClass.MOVED: "moved",
}


def step_text(path: Path, rules: Rules) -> str:
    """The normalized text of one gzipped step ("" when the rules leave nothing)."""
    body = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    return normalize(body, "text/html", rules).text


def classes(diff) -> str:
    """ "subst×3 cosm×2": how many changed blocks of each class."""
    counts = Counter(change.kind for change in diff.changes)
    return " ".join(f"{_SHORT[kind]}×{counts[kind]}" for kind in _SHORT if counts[kind])


# --- synthetic noise ----------------------------------------------------------


def reorder(text: str) -> str:
    """The second section (heading to heading) moved to the end, three list items rotated."""
    blocks = split_blocks(text)
    heads = [k for k, b in enumerate(blocks) if b.startswith("#")]
    if len(heads) >= 3:
        start, end = heads[1], heads[2]
    else:
        start, end = 1, min(4, len(blocks))
    blocks = blocks[:start] + blocks[end:] + blocks[start:end]
    items = [k for k, b in enumerate(blocks) if b.startswith("- ")][:3]
    if len(items) == 3:
        a, b, c = (blocks[k] for k in items)
        for k, block in zip(items, (c, a, b), strict=True):
            blocks[k] = block
    return "\n\n".join(blocks) + "\n"


def typography(text: str) -> str:
    """Curly quotes and apostrophes, en dashes."""
    text = re.sub(r'"([^"\n]*)"', "\u201c\\1\u201d", text)
    return text.replace("'", "\u2019").replace(" - ", " \u2013 ")


def punctuation(text: str) -> str:
    """Semicolons become commas, and every paragraph loses its final period."""
    text = text.replace(";", ",")
    return re.sub(r"\.$", "", text, flags=re.MULTILINE)


def case(text: str) -> str:
    """Headings in capitals."""
    return re.sub(r"^(#+ .*)$", lambda m: m[1].upper(), text, flags=re.MULTILINE)


def markers(text: str) -> str:
    """Every heading one level down, and list items become paragraphs."""
    text = re.sub(r"^(#{1,5}) ", r"#\1 ", text, flags=re.MULTILINE)
    return re.sub(r"^- ", "", text, flags=re.MULTILINE)


def date_format(text: str) -> str:
    """Every date written the ISO way."""
    out, position = [], 0
    for date in find_dates(text):
        out += [text[position : date.start], date.value.isoformat()]
        position = date.end
    return "".join([*out, text[position:]])


def renumber(text: str) -> str:
    """Every numbered heading or item one number up, and "Section N" with it."""
    text = re.sub(
        r"^((?:#{1,6} |- )?)(\d+)([.)] )",
        lambda m: f"{m[1]}{int(m[2]) + 1}{m[3]}",
        text,
        flags=re.MULTILINE,
    )
    return re.sub(r"\b(Section|Article) (\d+)", lambda m: f"{m[1]} {int(m[2]) + 1}", text)


NOISE = [reorder, typography, punctuation, case, markers, date_format, renumber]


def synthetic(texts: dict[str, str]) -> int:
    """Print how each synthetic noise is classified; the number of substantive results."""
    print(f"\n{'synthetic noise':<16}{'sequence':<20}{'substantive':<13}{'classes':<34}summary")
    wrong = 0
    for noise in NOISE:
        for name, text in texts.items():
            diff = compute(text, noise(text))
            wrong += diff.substantive
            print(
                f"{noise.__name__:<16}{name:<20}{diff.substantive!s:<13}"
                f"{classes(diff):<34}{summarize(diff)}"
            )
    return wrong


def main() -> int:
    default = REPO.parent / "shared" / "corpus"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=default)
    corpus = parser.parse_args().corpus
    manifest_path = corpus / "replay" / "manifest.json"
    if not manifest_path.exists():
        parser.error(f"no replay/manifest.json under {corpus}")
    manifest = json.loads(manifest_path.read_text())

    print(f"{'sequence':<20}{'step':>5}  {'label':<22}{'substantive':<13}{'classes':<34}summary")
    noise = Counter()  # noise_kind -> steps
    noise_minor = Counter()  # noise_kind -> steps classified non-substantive
    real = real_substantive = extra = extra_minor = 0
    hidden = []
    last_texts = {}
    for seq in manifest["sequences"]:
        rules = Rules(tuple(seq["select"]), tuple(seq["remove"]))
        previous = None
        for step in seq["steps"]:
            text = step_text(corpus / "replay" / step["file"], rules)
            if not text:
                continue  # selector missing: a failed check, not a version
            if previous is None or text == previous:
                previous = text
                continue
            diff = compute(previous, text)
            previous = last_texts[seq["id"]] = text
            label = step["noise_kind"] or ("real edit" if step["text_changed"] else "(no label)")
            if not step["text_changed"]:
                label = "markup only" if step["markup_only_change"] else label
                extra += 1
                extra_minor += not diff.substantive
            elif step["noise_kind"]:
                noise[step["noise_kind"]] += 1
                noise_minor[step["noise_kind"]] += not diff.substantive
            else:
                real += 1
                real_substantive += diff.substantive
                if not diff.substantive:
                    hidden.append(f"{seq['id']} step {step['n']}")
            print(
                f"{seq['id']:<20}{step['n']:>5}  {label:<22}{diff.substantive!s:<13}"
                f"{classes(diff):<34}{summarize(diff)}"
            )

    print()
    for kind in sorted(noise):
        print(f"noise_kind {kind}: {noise_minor[kind]} of {noise[kind]} steps non-substantive")
    total_noise = sum(noise.values())
    print(f"all noise_kind steps: {sum(noise_minor.values())} of {total_noise} non-substantive")
    print(f"steps whose text changed without a text change label: {extra_minor} of {extra} minor")
    print(f"real edits (noise_kind null): {real_substantive} of {real} substantive")
    wrong = synthetic(last_texts)
    print(f"\nsynthetic noise classified substantive: {wrong} of {len(NOISE) * len(last_texts)}")
    if hidden:
        print("REAL EDITS HIDDEN: " + ", ".join(hidden))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
