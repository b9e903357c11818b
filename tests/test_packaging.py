"""The wheel ships every subpackage and the migrations."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_listed_in_pyproject():
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "watcher").rglob("__init__.py")
    }
    found |= {"watcher.migrations", "watcher.migrations.versions"}
    assert found == listed


def test_no_module_of_watcher_is_over_400_lines():
    # Small modules: a file that grows past this is split by what its parts do.
    root = Path(__file__).resolve().parent.parent / "watcher"
    long = {
        str(path.relative_to(root)): n
        for path in root.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}
