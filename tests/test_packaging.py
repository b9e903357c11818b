"""The wheel ships every subpackage, the migrations, the license and one version."""

import email
import json
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import watcher

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


def _built_wheel(tmp_path: Path) -> zipfile.ZipFile:
    """A wheel built from a copy of the sources, so the checkout gets no build/ or egg-info."""
    src = tmp_path / "src"
    junk = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("watcher", "migrations"):
        shutil.copytree(ROOT / name, src / name, ignore=junk)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, src / name)
    out = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(src)],
        check=True,
        timeout=300,
    )
    (wheel,) = out.glob("*.whl")
    return zipfile.ZipFile(wheel)


def test_the_wheel_carries_the_license_templates_and_one_version(tmp_path):
    wheel = _built_wheel(tmp_path)
    names = set(wheel.namelist())
    dist_info = f"policy_watcher-{watcher.__version__}.dist-info"
    assert f"{dist_info}/licenses/LICENSE" in names
    metadata = email.message_from_bytes(wheel.read(f"{dist_info}/METADATA"))
    assert metadata["Name"] == "policy-watcher"
    assert metadata["Version"] == watcher.__version__
    assert metadata["License-Expression"] == "Apache-2.0"
    assert 'psycopg[binary]>=3.1; extra == "postgres"' in metadata.get_all("Requires-Dist")
    assert "watcher = watcher.cli:main" in wheel.read(f"{dist_info}/entry_points.txt").decode()
    assert {"watcher/web/templates/base.html", "watcher/web/static/watcher.css"} <= names
    assert "watcher/migrations/script.py.mako" in names


def test_the_license_is_apache_2_with_our_copyright_line():
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("Copyright 2026 the Watcher contributors\n")
    assert "Apache License\n                           Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text


def test_the_version_is_written_once_and_printed_by_watcher_version():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in pyproject["project"]
    assert pyproject["project"]["dynamic"] == ["version"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "watcher.__version__"}
    run = subprocess.run(
        [sys.executable, "-m", "watcher", "--version"], capture_output=True, text=True, check=True
    )
    assert run.stdout == f"watcher {watcher.__version__}\n"


# No OCI builder runs here (docker is installed without a daemon), so the Dockerfile is read
# as instructions: each one joined with its continuation lines, comments left out.
def _instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text()
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    return [
        (word.upper(), rest.strip())
        for word, _, rest in (line.strip().partition(" ") for line in joined.splitlines())
        if word
    ]


def _args(instruction: str) -> list[str]:
    return [rest for word, rest in _instructions() if word == instruction]


def test_the_image_base_is_pinned_by_version_and_digest():
    (base,) = _args("FROM")
    assert re.fullmatch(r"python:3\.\d+\.\d+-slim-\w+@sha256:[0-9a-f]{64}", base), base


def test_the_image_runs_as_its_own_user_under_an_init():
    assert _args("USER") == ["watcher"]
    assert "useradd --system --uid 10001" in " ".join(_args("RUN"))
    (entrypoint,) = _args("ENTRYPOINT")
    assert json.loads(entrypoint)[:3] == ["/usr/bin/tini", "--", "watcher"]
    assert any("apt-get install -y --no-install-recommends tini" in run for run in _args("RUN"))


def test_the_image_checks_its_health_on_the_port_it_exposes():
    assert _args("EXPOSE") == ["8080"]
    (check,) = _args("HEALTHCHECK")
    assert "CMD" in check and "http://127.0.0.1:8080/healthz" in check
    assert 'listen = "127.0.0.1:8080"' in " ".join(_args("RUN"))  # the example serves it


def test_the_browser_build_argument_adds_chromium_and_the_extra():
    assert _args("ARG") == ["BROWSER=0"]
    runs = _args("RUN")
    assert any(
        'if [ "$BROWSER" = 1 ]; then apt-get install -y --no-install-recommends chromium;' in r
        for r in runs
    )
    assert any(
        "if [ \"$BROWSER\" = 1 ]; then pip install '.[browser]'; else pip install .;" in r
        for r in runs
    )


def test_the_image_copies_what_the_build_needs():
    copied = " ".join(_args("COPY"))
    for name in ("pyproject.toml", "README.md", "LICENSE", "watcher", "migrations"):
        assert name in copied
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert not {"README.md", "LICENSE", "watcher", "migrations", "pyproject.toml"} & set(ignored)
