"""The documentation's examples run as written.

Every fenced block of ``README.md`` and ``docs/**/*.md`` is checked by its
kind (the rules are in ``tests/docblocks.py``): Python blocks and doctests
run, YAML blocks load as standards files, JSON blocks parse, and shell
sessions (``$ svcstandards ...`` followed by its output) are run through
``python -m svcstandards`` and must print what the page shows. Each page
runs in a fresh temporary directory holding the small files its examples
read (see :func:`workspace`). The docstring examples of every module of
the package run too, and ``examples/walkthrough.py`` must run top to
bottom.

A failure names the page and the line of the block.
"""

from __future__ import annotations

import doctest
import importlib
import io
import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

import svcstandards
from docblocks import (
    FLAGS,
    KNOWN_INFOS,
    Block,
    json_failures,
    prompts_outside_blocks,
    read_page,
    run_doctest,
    run_script,
    session_failures,
    yaml_failures,
)
from svcstandards import sample

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "docs"
PAGE_PATHS = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
PAGES = dict(read_page(path, ROOT) for path in PAGE_PATHS)
WALKTHROUGH = ROOT / "examples" / "walkthrough.py"


def blocks(*kinds: str) -> dict[str, list[Block]]:
    """Per page, its blocks of these kinds that are not skipped (pages without any left out)."""
    found = {
        page: [block for block in page_blocks if block.kind in kinds and block.directive != "skip"]
        for page, page_blocks in PAGES.items()
    }
    return {page: chosen for page, chosen in found.items() if chosen}


def everything() -> list[Block]:
    return [block for page_blocks in PAGES.values() for block in page_blocks]


# --- the files the examples read ------------------------------------------------------------------


def _calls(days: int = 7, per_day: int = 40) -> pd.DataFrame:
    """A week of phone calls in the canonical columns (about 170 rows)."""
    calls = sample.interactions(days=days, per_day=per_day, seed=5)
    calls = calls[calls["channel"] == "phone"]
    columns = ["interaction_id", "channel", "queue", "offered_at", "answered_at", "abandoned_at", "abandoned"]
    return calls[[*columns, "hold_seconds"]].reset_index(drop=True)


BANK_EXPORT = """\
version: 1
columns:
  queued: {date: date, clock: q_start, missing: "0:00:00"}
  answered: {date: date, clock: ser_start, missing: "0:00:00", after: queued}
standards:
  - {id: answered-20s, measure: {from: queued, to: answered}, within: 20s, floor: 80%}
"""


def workspace(page: str, directory: Path) -> Path:
    """Fill an empty directory with what the examples of a page read; return it.

    Every page gets a copy of the bundled ``standards/`` folder and a
    ``calls.csv`` of phone calls in the canonical columns. Pages whose
    examples show other files get them on top:

    - README.md: ``calls.csv`` also has a ``call_start`` column (a copy of
      ``offered_at``) for the ``--column offered_at=call_start`` example,
      and ``my-standards.yaml`` has a bare number for a duration;
    - docs/ci.md: ``standards/`` holds only ``delivery.yaml`` and a broken
      ``calls.yaml``; ``parcels.parquet`` names its delivery column
      ``delivered``;
    - docs/columns.md: ``calls.csv`` is an export that names two columns
      its own way (``call_start`` and ``hold_secs``); ``bank.yaml`` reads a
      call centre's export of dates and clock times;
    - docs/engines.md: the calls also as ``calls/2026-03.parquet`` and as the table ``calls`` of
      ``contact-centre.duckdb``;
    - docs/presets.md, docs/live.md, docs/staffing.md and docs/intervals.md: ``examples/`` holds the sample exports
      (``*.csv``, ``forecast.csv`` among them) and ``open_tickets.yaml``.
    """
    shutil.copytree(ROOT / "standards", directory / "standards")
    calls = _calls()
    if page == "README.md":
        calls["call_start"] = calls["offered_at"]
    if page == "docs/columns.md":
        calls = calls.rename(columns={"offered_at": "call_start", "hold_seconds": "hold_secs"})
        (directory / "bank.yaml").write_text(BANK_EXPORT, encoding="utf-8")
    calls.to_csv(directory / "calls.csv", index=False)
    if page == "docs/ci.md":
        for bundled in (directory / "standards").iterdir():
            if bundled.name != "delivery.yaml":
                bundled.unlink()
        parcels = sample.parcels(days=2, per_day=20).rename(columns={"delivered_at": "delivered"})
        parcels.to_parquet(directory / "parcels.parquet")
    if page == "docs/engines.md":  # calls in Parquet files and in a DuckDB database file
        _lazy_engine_files(directory, calls)
    if page in ("docs/presets.md", "docs/live.md", "docs/staffing.md", "docs/intervals.md"):
        shutil.copytree(ROOT / "examples", directory / "examples", ignore=shutil.ignore_patterns("*.py", "*.md"))
    fixtures = FIXTURES / Path(page).with_suffix("").as_posix().replace("/", "-")
    if fixtures.is_dir():
        shutil.copytree(fixtures, directory, dirs_exist_ok=True)
    return directory


def _lazy_engine_files(directory: Path, calls: pd.DataFrame) -> None:
    """``calls/2026-03.parquet`` and ``contact-centre.duckdb`` (a table ``calls``), for docs/engines.md."""
    duckdb = pytest.importorskip("duckdb", reason="docs/engines.md needs the duckdb and polars extras")
    pytest.importorskip("polars", reason="docs/engines.md needs the duckdb and polars extras")
    (directory / "calls").mkdir()
    calls.to_parquet(directory / "calls" / "2026-03.parquet", index=False)
    with duckdb.connect(str(directory / "contact-centre.duckdb")) as connection:
        connection.register("frame", calls)
        connection.execute("create table calls as select * from frame")


# --- the collection itself -------------------------------------------------------------------------


def test_every_page_is_found() -> None:
    assert "README.md" in PAGES
    assert "docs/format.md" in PAGES
    assert len([page for page in PAGES if page.startswith("docs/guide/")]) > 1


def test_every_block_has_a_known_kind() -> None:
    unknown = [f"{block.where}: ```{block.info}" for block in everything() if block.info not in KNOWN_INFOS]
    assert not unknown, f"blocks in a language the docs tests do not know (use one of {sorted(KNOWN_INFOS)}): {unknown}"


def test_markers_fit_their_blocks() -> None:
    misplaced = [
        f"{block.where}: '{block.directive}' on a {block.kind} block"
        for block in everything()
        if block.directive in {"invalid", "continues", "not-standards"} and block.kind != "yaml"
    ]
    assert not misplaced


def test_no_doctest_outside_a_python_block() -> None:
    found = [place for path in PAGE_PATHS for place in prompts_outside_blocks(path.read_text("utf-8"), str(path))]
    assert not found, f">>> examples outside a ```python block are never run: {found}"


def test_no_example_is_skipped_inside_doctest() -> None:
    # a skipped example must be marked <!-- docs-test: skip (reason) --> so that it is listed
    skipped = [block.where for block in everything() if block.kind == "doctest" and "+SKIP" in block.text]
    assert not skipped, f"doctest +SKIP in {skipped}"


SKIPPED = [block for block in everything() if block.directive == "skip"]


@pytest.mark.parametrize("block", SKIPPED, ids=[block.where for block in SKIPPED])
def test_skipped_block(block: Block) -> None:
    # the reason is required when the page is read; here the skips are listed (pytest -rs)
    pytest.skip(f"{block.where} ({block.kind}): {block.argument}")


# --- Python ---------------------------------------------------------------------------------------

PYTHON = blocks("python", "doctest")


@pytest.mark.parametrize("page", PYTHON, ids=list(PYTHON))
def test_python_examples(page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workspace(page, tmp_path))
    namespace: dict[str, object] = {"__name__": "__docs__"}
    failures: list[str] = []
    for block in PYTHON[page]:
        failures.extend(run_doctest(block, namespace) if block.kind == "doctest" else run_script(block, namespace))
    assert not failures, "\n\n".join(failures)


# --- YAML and JSON --------------------------------------------------------------------------------

YAML = blocks("yaml")


@pytest.mark.parametrize("page", YAML, ids=list(YAML))
def test_yaml_blocks_load(page: str) -> None:
    failures = yaml_failures(YAML[page])
    assert not failures, "\n\n".join(failures)


JSON = blocks("json")


@pytest.mark.parametrize("page", JSON, ids=list(JSON))
def test_json_blocks_parse(page: str) -> None:
    failures = json_failures(JSON[page])
    assert not failures, "\n\n".join(failures)


# --- shell sessions -------------------------------------------------------------------------------

SHELL = blocks("shell")


@pytest.mark.parametrize("page", SHELL, ids=list(SHELL))
def test_shell_sessions(page: str, tmp_path: Path) -> None:
    directory = workspace(page, tmp_path)
    failures = session_failures(SHELL[page], directory)
    assert not failures, "\n\n".join(failures)


# --- docstrings of the package --------------------------------------------------------------------


def _modules() -> list[str]:
    names = [info.name for info in pkgutil.walk_packages(svcstandards.__path__, "svcstandards.")]
    return sorted(name for name in [*names, "svcstandards"] if name != "svcstandards.__main__")


MODULES = _modules()


@pytest.mark.parametrize("name", MODULES)
def test_module_docstring_examples(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # the examples read the bundled standards/ as a user at the top of the repository would
    monkeypatch.chdir(ROOT)
    module: ModuleType = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    report = io.StringIO()
    for test in finder.find(module):
        assert "+SKIP" not in (test.docstring or ""), f"{test.name}: doctest +SKIP; make the example runnable"
        runner.run(test, out=report.write)
    assert runner.failures == 0, report.getvalue()


def test_every_example_in_the_source_is_found() -> None:
    # an example the finder does not see (in a nested function, say) would never run
    finder = doctest.DocTestFinder(exclude_empty=True)
    found = sum(len(test.examples) for name in MODULES for test in finder.find(importlib.import_module(name)))
    written = 0
    for name in MODULES:
        source = Path(importlib.import_module(name).__file__ or "").read_text(encoding="utf-8")
        written += sum(line.lstrip().startswith(">>> ") for line in source.splitlines())
    assert found == written


# --- the walkthrough ------------------------------------------------------------------------------


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


def test_guide_pages_are_linked_from_its_index() -> None:
    guide = ROOT / "docs" / "guide"
    index = (guide / "index.md").read_text(encoding="utf-8")
    missing = [page.name for page in guide.glob("*.md") if page.name != "index.md" and f"({page.name})" not in index]
    assert not missing, f"docs/guide/index.md does not link {missing}"


def test_guide_pages_have_examples() -> None:
    without = [
        page
        for page in PAGES
        if page.startswith("docs/guide/") and page != "docs/guide/index.md" and page not in blocks("doctest")
    ]
    assert not without, f"guide pages without a worked example: {without}"
