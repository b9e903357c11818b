"""The detector's commands: `scan` (one document) and `classify --jsonl` (passages)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

from watcher import detect, normalize, notify
from watcher.cli.wiring import UsageError
from watcher.cli.words import plural
from watcher.errors import FetchError, NormalizeError
from watcher.fetch import Fetcher, local_document
from watcher.models import FetchResult, FetchSettings, Finding, Rules, Topic
from watcher.redact import redact_url


def scan(args: argparse.Namespace) -> int:
    """`watcher scan FILE_OR_URL [--json]`."""
    text = _document_text(args.target, Rules(tuple(args.select or ()), tuple(args.remove or ())))
    findings = detect.scan(text)
    if args.json:
        print(json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False))
        return 0
    print(_report(args.target, findings))
    return 0


def _document_text(target: str, rules: Rules) -> str:
    """The text of a URL or a local file, read exactly as a check reads the same bytes."""
    try:
        if urlsplit(target).scheme in ("http", "https"):
            result = asyncio.run(_fetch(target))
        else:
            result = local_document(Path(target))
        return normalize.text_of(result, rules).text
    except OSError as exc:
        raise UsageError(f"cannot read {target}: {exc.strerror or exc}") from None
    except (FetchError, NormalizeError) as exc:
        raise UsageError(f"cannot read {redact_url(target)}: {exc}") from None


async def _fetch(url: str) -> FetchResult:
    async with Fetcher(FetchSettings(user_agent="")) as fetcher:
        return await fetcher.fetch(url)


def _report(target: str, findings: tuple[Finding, ...]) -> str:
    """Findings as a lawyer would read them: what each passage means, and why."""
    target = redact_url(target)
    if not findings:
        return f"{target}: no language about training AI on users' data found."
    lines = [f"{target}: {plural(len(findings), 'passage')} about training AI on data", ""]
    for i, f in enumerate(findings, 1):
        if f.topic is Topic.THIRD_PARTY_TRAINING_BAN:
            label = "Ban on others training AI"
        else:
            label = f"Training on users' data: {f.stance.value if f.stance else 'unclear'}"
        lines.append(f"{i}. {label} — it {notify.meaning(f)}")
        lines.append(
            f"   language {f.lang}, confidence {f.confidence:.2f}, characters {f.start}–{f.end}"
        )
        lines.append(f'   "{f.text}"')
        if f.data:
            lines.append(f"   data: {', '.join(f.data)}")
        if f.actors:
            lines.append(f"   who: {', '.join(f.actors)}")
        why = "; ".join(f'{c.kind} "{c.text}"' for c in f.cues)
        lines.append(f"   why: {why}")
        lines.append("")
    return "\n".join(lines).rstrip()


def classify(args: argparse.Namespace) -> int:
    """`watcher classify --jsonl`: one JSON object per line in, one per line out."""
    if not args.jsonl:
        raise UsageError("classify reads JSON lines: use --jsonl")
    failures = 0
    for n, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text = item["text"]
            if not isinstance(text, str):
                raise TypeError("text is not a string")
        except (ValueError, KeyError, TypeError) as exc:
            print(f'Error: stdin line {n}: expected {{"id", "text"}}: {exc}', file=sys.stderr)
            failures += 1
            continue
        c = detect.classify(text)
        out = {
            "id": item.get("id"),
            "topic": c.topic.value,
            "stance": c.stance.value if c.stance else None,
            "lang": c.lang,
        }
        if args.explain:
            out["confidence"] = round(c.confidence, 3)
            out["cues"] = [{"kind": cue.kind, "text": cue.text} for cue in c.cues]
        print(json.dumps(out, ensure_ascii=False), flush=True)
    return 1 if failures else 0
