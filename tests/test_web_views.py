"""What the pages show, as values (watcher.web.views): golden cases on real texts, then the
promises of each view — every block shown once and in order, context folded around changes,
AI-training clauses with their stance in plain words, failing watches first, a timeline
merged by time."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from watcher import detect
from watcher.diff import split_blocks
from watcher.models import (
    AIChangeKind,
    ChangeClass,
    ChangeOp,
    ChangeReport,
    Direction,
    Event,
    EventKind,
    FindingReport,
    Rules,
    Segment,
    Stance,
)
from watcher.models.report import Severity
from watcher.normalize import normalize
from watcher.notify.render import STANCE_WORDS
from watcher.store import VersionInfo, WatchOverview
from watcher.web.views import (
    ChangedBlock,
    DiffView,
    Unchanged,
    ai_history,
    clause,
    dashboard,
    diff_view,
    stances,
    timeline,
    with_counts,
)

DATA = Path(__file__).parent / "data"
GOLDEN = DATA / "web"
COPILOT = Rules(select=("#mainContent",), remove=(".cdx_mkt_brand",))
PERPLEXITY = Rules(select=("[data-framer-name=Post]",))


def _page_text(name: str, rules: Rules) -> str:
    html = gzip.decompress((DATA / "pages" / f"{name}.html.gz").read_bytes()).decode("utf-8")
    return normalize(html, "text/html", rules).text


def _texts(case: str) -> tuple[str, str]:
    """The old and new texts of a golden case: a diff case, or two real snapshots."""
    if case == "copilot_ai_appeared":
        return _page_text("copilot-terms-028", COPILOT), _page_text("copilot-terms-029", COPILOT)
    if case == "perplexity_same_text":
        return (
            _page_text("perplexity-privacy-009", PERPLEXITY),
            _page_text("perplexity-privacy-010", PERPLEXITY),
        )
    diff_data = DATA / "diff"
    return (
        (diff_data / f"{case}.old.txt").read_text(encoding="utf-8"),
        (diff_data / f"{case}.new.txt").read_text(encoding="utf-8"),
    )


def _view(case: str) -> DiffView:
    old, new = _texts(case)
    return diff_view(old, new, detect.scan(old), detect.scan(new))


def _marked(segments: tuple[Segment, ...]) -> str:
    return "".join(
        s.text if s.op == 0 else (f"[-{s.text}-]" if s.op < 0 else f"{{+{s.text}+}}")
        for s in segments
    )


def describe(view: DiffView) -> str:
    """A diff view as text, one line per item, for golden files."""
    counts = ", ".join(f"{kind.value} {n}" for kind, n in view.counts) or "none"
    lines = [f"summary: {view.summary}", f"counts: {counts}"]
    if view.ai_change is not None:
        lines.append(
            f"ai: {view.ai_change.value}, {view.ai_direction.value}, {view.ai_severity.value}"
        )
    for item in view.clause_changes:
        lines.append(f"  clause {item.change.value}: {item.words}")
        if item.marks:
            lines.append(f"    {_marked(item.marks)}")
    lines += [f"clauses before: {c.meaning}" for c in view.clauses_before]
    lines += [f"clauses after: {c.meaning}" for c in view.clauses_after]
    for item in view.items:
        if isinstance(item, Unchanged):
            lines.append(
                f"= unchanged: {len(item.head)} shown, {len(item.folded)} folded, "
                f"{len(item.tail)} shown"
            )
            continue
        where = f"{item.old_index}->{item.new_index}"
        ai = ""
        if item.ai:
            ai = f" AI before={list(item.ai_before)} after={list(item.ai_after)}"
        lines.append(f"{item.op.value} [{item.kind.value}] {where}{ai}: {_marked(item.segments)}")
    return "\n".join(lines) + "\n"


CASES = [
    "reddit_ai_training",
    "mixed",
    "paragraph_moved",
    "reorder",
    "renumbered_sections",
    "full_rewrite",
    "date_only",
    "identical",
    "copilot_ai_appeared",
    "perplexity_same_text",
]


@pytest.mark.parametrize("case", CASES)
def test_golden(case):
    expected = (GOLDEN / f"{case}.expected.txt").read_text(encoding="utf-8")
    assert describe(_view(case)) == expected


@pytest.mark.parametrize("case", CASES)
def test_every_block_is_shown_once_in_document_order(case):
    # Read back from the view: the new text is the unchanged blocks and the new side of the
    # changes, in order (moved blocks where they now are); the old text likewise.
    old, new = _texts(case)
    view = _view(case)
    new_side: list[str] = []
    old_side: list[str] = []
    for item in view.items:
        if isinstance(item, Unchanged):
            run = [*item.head, *item.folded, *item.tail]
            new_side += run
            old_side += run
            continue
        if item.op is not ChangeOp.REMOVED:
            new_side.append("".join(s.text for s in item.segments if s.op >= 0))
        if item.op is not ChangeOp.ADDED:
            old_side.append("".join(s.text for s in item.segments if s.op <= 0))
    assert new_side == split_blocks(new)
    assert sorted(old_side) == sorted(split_blocks(old))  # a moved block reads where it went


def test_context_is_a_few_blocks_each_side_and_the_rest_folded():
    old = "\n\n".join(f"Paragraph {i}." for i in range(20)) + "\n"
    new = old.replace("Paragraph 10.", "Paragraph ten.")
    view = diff_view(old, new, (), ())
    first, change, last = view.items
    assert isinstance(change, ChangedBlock) and change.kind is ChangeClass.SUBSTANTIVE
    assert first == Unchanged((), tuple(f"Paragraph {i}." for i in range(9)), ("Paragraph 9.",))
    assert last == Unchanged(
        ("Paragraph 11.",), tuple(f"Paragraph {i}." for i in range(12, 20)), ()
    )
    wide = diff_view(old, new, (), (), context=3)
    assert wide.items[0].tail == ("Paragraph 7.", "Paragraph 8.", "Paragraph 9.")
    # Between two changes, context on both sides; a fold of one block is not worth a click.
    two = diff_view(old, new.replace("Paragraph 13.", "Paragraph thirteen."), (), ())
    assert two.items[2] == Unchanged(("Paragraph 11.", "Paragraph 12."), (), ())


def test_identical_texts_are_one_unchanged_run():
    text = "# Terms\n\nOne.\n\nTwo.\n"
    view = diff_view(text, text, (), ())
    assert view.counts == () and view.changed == 0 and view.summary == "no text change"
    assert view.items == (Unchanged((), ("# Terms", "One.", "Two."), ()),)  # all folded


TERMS = (
    "# Terms\n\n## 4. Your content\n\nYou keep ownership of the content you upload.\n\n"
    "{clause}\n\n## 5. Contact\n\nWrite to us.\n"
)
NO_TRAINING = "We do not use your content to train our artificial intelligence models."
OPT_OUT = (
    "We may use your content to train our artificial intelligence models unless you opt out "
    "in your settings."
)


def test_an_ai_change_toward_opt_out_in_plain_words():
    old, new = TERMS.format(clause=NO_TRAINING), TERMS.format(clause=OPT_OUT)
    view = diff_view(old, new, detect.scan(old), detect.scan(new))
    assert (view.ai_change, view.ai_direction, view.ai_severity) == (
        AIChangeKind.CHANGED,
        Direction.MORE_PERMISSIVE,
        Severity.HIGH,
    )
    (item,) = view.clause_changes
    assert item.words == (
        f"now {STANCE_WORDS[Stance.OPT_OUT]} (was: {STANCE_WORDS[Stance.NOT_ALLOWED]})"
    )
    assert item.before.stance is Stance.NOT_ALLOWED and item.after.stance is Stance.OPT_OUT
    assert _marked(item.marks) == (
        "We[- do not-]{+ may+} use your content to train our artificial intelligence models"
        "{+ unless you opt out in your settings+}."
    )
    (change,) = [i for i in view.items if isinstance(i, ChangedBlock)]
    assert change.ai_before == (STANCE_WORDS[Stance.NOT_ALLOWED],)
    assert change.ai_after == (STANCE_WORDS[Stance.OPT_OUT],)


def test_a_clause_is_cut_at_its_cues():
    (finding,) = detect.scan(TERMS.format(clause=OPT_OUT))
    c = clause(finding)
    assert "".join(text for text, _ in c.parts) == finding.text
    marked = {text: kind for text, kind in c.parts if kind}
    assert marked["train"] == "training" and marked["artificial intelligence"] == "ai_term"
    assert c.meaning == STANCE_WORDS[Stance.OPT_OUT]


def test_stances_at_a_glance_most_permissive_first_each_once():
    text = _page_text("perplexity-privacy-009", PERPLEXITY)
    glance = stances(detect.scan(text))
    assert [s.key for s in glance] == ["allowed", "opt_out", "not_allowed"]
    assert glance[1].words == STANCE_WORDS[Stance.OPT_OUT]
    assert stances(()) == ()


NOW = datetime(2026, 5, 13, 12, 0, tzinfo=UTC)


def _watch(name: str, **kw) -> WatchOverview:
    base = dict(id=name.lower(), name=name, url=f"https://{name.lower()}.example/terms")
    return WatchOverview(**(base | dict(kind="terms", failures=0, error_raised=False) | kw))


def test_dashboard_puts_failing_watches_first_then_by_name():
    rows = dashboard(
        [
            _watch("alpha", last_check_at=NOW, findings=()),
            _watch("Zulu", failures=4, error_raised=True, last_check_at=NOW),
            _watch("beta", failures=1, last_check_at=NOW),
            _watch("Gamma"),
            _watch("Delta", failures=3, error_raised=True, last_check_at=NOW),
        ]
    )
    assert [(r.watch.name, r.status) for r in rows] == [
        ("Delta", "failing"),
        ("Zulu", "failing"),
        ("beta", "retrying"),
        ("alpha", "ok"),
        ("Gamma", "new"),
    ]
    assert rows[3].stances == () and rows[4].stances is None  # None: never read


def _event(id: int, kind: EventKind, at: datetime, vf=None, vt=None, report=None) -> Event:
    return Event(
        id=id,
        watch="w",
        name="W",
        url="https://w.example/",
        kind=kind,
        at=at,
        version_from=vf,
        version_to=vt,
        summary=f"event {id}",
        report=report or ChangeReport(),
    )


def _version(n: int, at: datetime) -> VersionInfo:
    return VersionInfo(n, at, f"{n:064x}", 100, False)


def test_timeline_merges_versions_and_events_newest_first():
    (finding,) = detect.scan(TERMS.format(clause=OPT_OUT))
    ai = ChangeReport(
        ai_change=AIChangeKind.APPEARED,
        ai_findings=(
            FindingReport(AIChangeKind.APPEARED, None, finding, Direction.MORE_PERMISSIVE),
        ),
    )
    t = [NOW + timedelta(hours=h) for h in range(5)]
    versions = [_version(1, t[0]), _version(2, t[3])]
    events = [
        _event(1, EventKind.FIRST_SEEN, t[0], None, 1),
        _event(2, EventKind.FETCH_ERROR, t[1]),
        _event(3, EventKind.RECOVERED, t[2]),
        _event(4, EventKind.CHANGED, t[3], 1, 2, ai),
        _event(5, EventKind.MOVED, t[4]),
    ]
    entries = timeline(versions, events)
    assert [(e.version, e.event.id if e.event else None) for e in entries] == [
        (None, 5),
        (2, 4),
        (None, 3),
        (None, 2),
        (1, 1),
    ]
    assert entries[1].previous == 1 and entries[4].previous is None
    assert entries[1].ai == (f"now says it {STANCE_WORDS[Stance.OPT_OUT]}",)
    counted = with_counts(entries, {2: ((ChangeClass.SUBSTANTIVE, 1),)})
    assert counted[1].counts == ((ChangeClass.SUBSTANTIVE, 1),) and counted[4].counts is None


def test_a_version_without_its_event_is_still_on_the_timeline():
    # A version re-derived after a rules change, or recorded by a release without events.
    entries = timeline([_version(1, NOW), _version(2, NOW + timedelta(days=1))], [])
    assert [(e.version, e.previous, e.event) for e in entries] == [(2, 1, None), (1, None, None)]


def test_ai_history_is_the_findings_now_and_each_change_newest_first():
    old, new = TERMS.format(clause=NO_TRAINING), TERMS.format(clause=OPT_OUT)
    before, after = detect.scan(old), detect.scan(new)
    first = ChangeReport(
        ai_change=AIChangeKind.PRESENT,
        ai_findings=(FindingReport(AIChangeKind.PRESENT, None, before[0]),),
    )
    change = ChangeReport(
        ai_change=AIChangeKind.CHANGED,
        ai_direction=Direction.MORE_PERMISSIVE,
        ai_severity=Severity.HIGH,
        ai_findings=(
            FindingReport(AIChangeKind.CHANGED, before[0], after[0], Direction.MORE_PERMISSIVE),
        ),
    )
    events = [
        _event(1, EventKind.FIRST_SEEN, NOW, None, 1, first),
        _event(2, EventKind.CHANGED, NOW + timedelta(days=1), 1, 2, ChangeReport()),
        _event(3, EventKind.CHANGED, NOW + timedelta(days=2), 2, 3, change),
    ]
    history = ai_history(3, after, events)
    assert [c.meaning for c in history.current] == [STANCE_WORDS[Stance.OPT_OUT]]
    assert [s.key for s in history.stances] == ["opt_out"]
    assert [a.event.id for a in history.changes] == [3, 1]
    assert history.changes[0].headline.startswith("AI-training terms changed: now may train")
    assert history.changes[0].items[0].marks  # the clause's changed words, marked
