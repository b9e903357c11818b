"""The diff stage: two versions' texts → a structured `Diff`, and that diff as text to read.

Pure functions: no I/O, no clock, no configuration.
"""

from watcher.diff.align import compute, split_blocks
from watcher.diff.render import render_html, render_markdown, render_text
from watcher.diff.summary import summarize

__all__ = ["compute", "render_html", "render_markdown", "render_text", "split_blocks", "summarize"]
