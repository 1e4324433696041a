"""The user guide's examples run as written.

Every page of ``docs/guide/`` is a doctest file: its ``>>>`` examples must
print exactly what the page shows. ``examples/walkthrough.py`` must run top
to bottom without an error.
"""

from __future__ import annotations

import doctest
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "guide"
PAGES = sorted(GUIDE.glob("*.md"))
WALKTHROUGH = ROOT / "examples" / "walkthrough.py"
FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS


def test_guide_has_pages() -> None:
    assert len(PAGES) > 1, f"no guide pages found in {GUIDE}"


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_guide_page_examples(page: Path) -> None:
    result = doctest.testfile(
        str(page),
        module_relative=False,
        optionflags=FLAGS,
        encoding="utf-8",
        report=False,
    )
    if page.name != "index.md":
        assert result.attempted > 0, f"{page.name} has no examples"
    # doctest prints each failing example with what it got; pytest shows that output
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {page.name} failed"


def test_guide_pages_are_linked_from_its_index() -> None:
    index = (GUIDE / "index.md").read_text(encoding="utf-8")
    missing = [page.name for page in PAGES if page.name != "index.md" and f"({page.name})" not in index]
    assert not missing, f"docs/guide/index.md does not link {missing}"


def test_walkthrough_runs(tmp_path: Path) -> None:
    # its own process: the script sets pandas display options; TMPDIR keeps its JSON file in tmp_path
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONIOENCODING": "utf-8"}
    completed = subprocess.run(
        [sys.executable, str(WALKTHROUGH)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "calls-answered-20s" in completed.stdout
    assert (tmp_path / "svcstandards-walkthrough-report.json").is_file()
