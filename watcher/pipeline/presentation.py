"""What a message shows of a change, rendered when it is sent (not frozen at check time).

The report an event carries is data; its diff excerpts are rendered here from the two stored
versions' texts, bounded by `[notify] max_excerpt_chars`: the document's diff (only its minor
changes when nothing substantive changed; under an AI alert, the other changes than the AI
clauses it quotes, or none) and, for each AI-training clause that changed wording, the clause
itself with the changed words marked. Pure: texts in, excerpts out.
"""

from __future__ import annotations

from watcher.models import BlockChange, ChangeReport, Diff, Excerpt, Excerpts

CLAUSE_SHARE = 2  # a clause's excerpt takes at most this fraction of the bound
MIN_CLAUSE_CHARS = 400


def excerpts(report: ChangeReport, old: str, new: str, max_chars: int) -> Excerpts:
    """The excerpts of a change from `old` to `new` text, as `notify.render` shows them."""
    from watcher import diff  # imported when a change is delivered, not by every `check`

    d = diff.compute(old, new)
    if report.ai_change:  # the AI clauses are shown above the rest: not twice
        d = Diff(tuple(c for c in d.changes if not _shows_a_clause(c, report)))
        document = _excerpt(d, max_chars) if d.substantive else None
    else:
        document = _excerpt(d, max_chars, minor=not d.substantive)
    clauses = {}
    limit = max(MIN_CLAUSE_CHARS, max_chars // CLAUSE_SHARE)
    for i, item in enumerate(report.ai_findings):
        before, after = item.before, item.after
        if before is not None and after is not None and before.text != after.text:
            clause = diff.compute(before.text + "\n", after.text + "\n")
            clauses[i] = _excerpt(clause, limit)
    return Excerpts(document, clauses)


def _shows_a_clause(change: BlockChange, report: ChangeReport) -> bool:
    """True when the changed block is one of the AI clauses the message quotes on its own."""
    clauses = [f.text for item in report.ai_findings for f in (item.before, item.after) if f]
    blocks = [b for b in (change.old, change.new) if b]
    return any(c in b or b in c for c in clauses for b in blocks)


def _excerpt(d: Diff, max_chars: int, minor: bool = False) -> Excerpt:
    from watcher import diff

    return Excerpt(
        text=diff.render_text(d, max_chars=max_chars, minor=minor),
        markdown=diff.render_markdown(d, max_chars=max_chars, minor=minor),
        html=diff.render_html(d, max_chars=max_chars, minor=minor),
    )
