"""Mine candidate passages from the wild corpus for labelling (see tests/data/clauses/README.md).

    python benchmarks/mine_passages.py [CORPUS] --out DIR [--batches N] [--seed S]

Reads `CORPUS/wild/` (Open Terms Archive, ODC-By 1.0; default ../shared/corpus), splits every
document into passages as a reader sees them (a sentence; a list item read with its lead-in),
and draws a stratified sample:

* `train_ai`  — a training word and an AI word in the same passage (most positives);
* `ai`        — an AI word without a training word (mostly ai_other);
* `hard`      — training / model / algorithm / "entraîner" / "formation" / scraping words
                without AI (hard negatives);
* `plain`     — a few passages with none of these (easy negatives, so the set is not only
                keyword hits).

At most a few passages per document and stratum, so that no service dominates; exact and
near-exact duplicates (lower-cased, digits and punctuation dropped) are drawn once. The
candidates are written as DIR/batch_NN.jsonl, shuffled, with their source (collection, commit,
path), service and, where the passage is a verbatim substring of the file, its locator.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from watcher.detect.passages import sentences

_TRAIN = re.compile(
    r"(?i)\b(?:train\w*|fine-?tun\w*|entra[îi]n\w*|entren\w*|addestr\w*|trein\w*|trainier\w*"
    r"|getraind|trainen|affin(?:er|age)|learn\w*|leren|aprend\w*|apprend\w*|lernen\w*"
    r"|improve\w*|am[ée]lior\w*|verbesser\w*|mejor\w*|miglior\w*|melhor\w*|aprimor\w*"
    r"|verbeter\w*|develop\w*|d[ée]velopp\w*|entwickel\w*|desarroll\w*|svilupp\w*"
    r"|desenvolv\w*|ontwikkel\w*|perfectionn\w*|teach\w*|mining|fouille|miner[íi]a"
    r"|scrap\w*|crawl\w*|tdm)\b"
)
_AI = re.compile(
    r"\b(?:AI|IA|KI|ML|LLMs?|GPT|NLP|GenAI)\b|(?i:\b(?:artificial|artificiel\w*|artificial\w*"
    r"|künstlich\w*|kunstmatige|machine\s+learning|deep\s+learning|apprentissage\s+automatique"
    r"|maschinell\w*|aprendizaje\s+autom|apprendimento\s+automatico|aprendizagem\s+autom"
    r"|neural\w*|neuron\w*|generativ\w*|g[ée]n[ée]rati\w*|model\w*|mod[èe]le\w*|modell\w*"
    r"|modelo\w*|algorit\w*|algorith\w*|chatbot\w*|large\s+language)\b)"
)
_HARD = re.compile(
    r"(?i)\b(?:train\w*|entra[îi]n\w*|formation|former|model\w*|mod[èe]le\w*|modell\w*"
    r"|algorit\w*|robot\w*|bots?|scrap\w*|crawl\w*|fouille|opleiding|treinamento|formaç\w+"
    r"|schulung\w*|intelligence|learning)\b"
)
_NORM = re.compile(r"[\W\d_]+")
_MARKER = re.compile(r"^\s*(?:#{1,6}\s+|[-*+•]\s+|\d{1,3}[.)]\s+|\(?[a-z]\)\s+)")
_UNDERLINE = re.compile(r"^\s*[=\-_*]{3,}\s*$")
_LINK = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$")
PER_DOC = {"train_ai": 20, "ai": 4, "hard": 4, "plain": 1}
PLAIN_SHARE = 0.2  # documents that give one easy negative
# Languages other than English and French are rare in the corpus: take more of each document.
_RARE = {
    lang: frozenset(words.split())
    for lang, words in {
        "de": "der die das und ist nicht mit von wir sie ihre für werden auf",
        "es": "el los las del que por para con una sus nuestros usted podemos",
        "it": "il della delle che per con una sono dei gli nostri utente possiamo",
        "pt": "os das dos que para com uma não seus você podemos pelo às",
        "nl": "de het een van en niet met voor wij u uw zijn worden deze",
    }.items()
}
RARE_FACTOR = 4
MIN_CHARS, MAX_CHARS = 30, 900


def default_corpus() -> Path:
    """../shared/corpus relative to the repository root."""
    return Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def blocks_of(markdown: str) -> list[tuple[str, bool]]:
    """(text, is_item) of each paragraph or list item, markers stripped, inline markup kept."""
    out: list[tuple[str, bool]] = []
    current: list[str] = []
    item = False

    def flush() -> None:
        if current:
            out.append((" ".join(current).strip(), item))
            current.clear()

    for line in markdown.splitlines():
        if not line.strip() or _UNDERLINE.match(line):
            flush()
            item = False
            continue
        marker = _MARKER.match(line)
        if marker:
            flush()
            item = not line.lstrip().startswith("#")
            current.append(line[marker.end() :].strip())
            if not item:
                flush()
            continue
        current.append(line.strip())
    flush()
    return [(t, i) for t, i in out if t]


def passages_of(markdown: str) -> list[dict]:
    """Passages of one document: sentences of paragraphs, list items with their lead-in."""
    out = []
    lead_in: str | None = None
    for text, is_item in blocks_of(markdown):
        spans = sentences(text, 0, len(text))
        if is_item and lead_in:
            for s, e in spans:
                out.append({"text": text[s:e], "lead_in": lead_in})
            continue
        for s, e in spans:
            out.append({"text": text[s:e], "lead_in": None})
        if not is_item:
            last = text[spans[-1][0] : spans[-1][1]] if spans else ""
            lead_in = last if last.rstrip("*_ ").endswith(":") and len(last) < 400 else None
    return out


def stratum(text: str) -> str:
    """Which sample a passage belongs to (see the module docstring)."""
    train, ai = _TRAIN.search(text), _AI.search(text)
    if train and ai:
        return "train_ai"
    if ai:
        return "ai"
    if _HARD.search(text):
        return "hard"
    return "plain"


def _rare_language(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+", text.lower())
    english = sum(w in {"the", "and", "of", "to", "you", "we", "your", "our"} for w in words)
    french = sum(w in {"le", "la", "les", "et", "vous", "nous", "des", "du"} for w in words)
    rare = max(sum(w in stop for w in words) for stop in _RARE.values())
    return rare > max(english, french)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=default_corpus())
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--batches", type=int, default=8)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--skip", type=Path, nargs="*", default=[], help="jsonl of texts to skip")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    seen: set[str] = set()
    for path in args.skip:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                seen.add(_NORM.sub(" ", json.loads(line)["text"].lower()).strip())
    wild = args.corpus / "wild"
    manifest = [json.loads(line) for line in (wild / "manifest.jsonl").open(encoding="utf-8")]
    picked: list[dict] = []
    for doc in manifest:
        raw = (wild / doc["file"]).read_text(encoding="utf-8")
        by_stratum: dict[str, list[dict]] = defaultdict(list)
        for p in passages_of(raw):
            text = p["text"]
            if not MIN_CHARS <= len(text) <= MAX_CHARS or _LINK.match(text):
                continue
            key = _NORM.sub(" ", text.lower()).strip()
            if key in seen:
                continue
            seen.add(key)
            by_stratum[stratum(text)].append(p)
        factor = RARE_FACTOR if _rare_language(raw[:20000]) else 1
        for name, found in by_stratum.items():
            rng.shuffle(found)
            cap = PER_DOC[name] * factor
            if name == "plain" and rng.random() > PLAIN_SHARE * factor:
                cap = 0
            for p in found[:cap]:
                offset = raw.find(p["text"])
                picked.append(
                    {
                        "text": p["text"],
                        "lead_in": p["lead_in"],
                        "stratum": name,
                        "service": doc["service"],
                        "source": {
                            "dataset": doc["collection"],
                            "path": doc["path"],
                            "commit": doc["commit"],
                        },
                        "locator": (
                            {"char_offset": offset, "char_length": len(p["text"])}
                            if offset >= 0
                            else None
                        ),
                    }
                )
    rng.shuffle(picked)
    args.out.mkdir(parents=True, exist_ok=True)
    for n in range(args.batches):
        batch = picked[n :: args.batches]
        with (args.out / f"batch_{n:02d}.jsonl").open("w", encoding="utf-8") as handle:
            for i, row in enumerate(batch):
                row = {"cid": f"c{n:02d}-{i:04d}", **row}
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts = defaultdict(int)
    for p in picked:
        counts[p["stratum"]] += 1
    print(f"{len(picked)} candidates from {len(manifest)} documents: {dict(counts)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
