"""The checker of the documentation's blocks catches what it is meant to catch.

``test_docs.py`` runs it on the real pages; these tests feed it small pages
with known mistakes, so a checker that silently passes everything fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import svcstandards
from docblocks import (
    Block,
    MarkupError,
    blocks_of,
    commands_of,
    completed_yaml,
    json_failures,
    output_matches,
    prompts_outside_blocks,
    run_doctest,
    run_script,
    session_failures,
    yaml_failures,
)
from svcstandards.model import ShareStandard, StatisticStandard

PAGE = """\
# A page

```python
>>> 1 + 1
2

```

Some text.

<!-- docs-test: skip (needs the user's database) -->

```python
connect("db")
```

- a list item with a command:

  ```
  $ svcstandards validate standards/
  6 files checked: all valid
  ```
"""


def test_blocks_are_found_with_their_line_kind_and_marker() -> None:
    found = blocks_of(PAGE, "page.md")
    assert [(b.line, b.info, b.kind, b.directive, b.argument) for b in found] == [
        (3, "python", "doctest", None, ""),
        (13, "python", "python", "skip", "needs the user's database"),
        (19, "", "shell", None, ""),
    ]
    # the fence's indentation is taken off its lines
    assert found[2].text == "$ svcstandards validate standards/\n6 files checked: all valid\n"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("```yaml\na: 1\n```\n", "yaml"),
        ("```json\n{}\n```\n", "json"),
        ("```\nmake demo\n```\n", "commands"),
        ("```console\n$ svcstandards schema\n```\n", "shell"),
        ("```python\nx = 1\n```\n", "python"),
        ("```toml\nx = 1\n```\n", "unknown"),
    ],
)
def test_kind_of_a_block(text: str, kind: str) -> None:
    assert blocks_of(text, "page.md")[0].kind == kind


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<!-- docs-test: skip -->\n```python\nx\n```\n", "page.md:1: 'docs-test: skip' needs a reason"),
        ("<!-- docs-test: skip () -->\n```python\nx\n```\n", "page.md:1: 'docs-test: skip' needs a reason"),
        ("<!-- docs-test: not-standards -->\n```yaml\na: 1\n```\n", "page.md:1: 'docs-test: not-standards' needs"),
        ("<!-- docs-test: skp (typo) -->\n```python\nx\n```\n", "page.md:1: unknown docs-test marker 'skp (typo)'"),
        ("<!-- docs-test: skip (why) -->\ntext\n```python\nx\n```\n", "page.md:1: a docs-test marker must come just"),
        ("text\n<!-- docs-test: skip (why) -->\n", "page.md:2: a docs-test marker that no block follows"),
        ("```python\nx = 1\n", "page.md:1: a fenced block that is never closed"),
    ],
)
def test_markup_mistakes_are_reported_with_their_line(text: str, message: str) -> None:
    with pytest.raises(MarkupError) as caught:
        blocks_of(text, "page.md")
    assert str(caught.value).startswith(message)


def test_prompts_outside_a_block_are_found() -> None:
    text = "```python\n>>> 1\n1\n```\n\n>>> 2\n    >>> 3\n```\n>>> 4\n```\n"
    assert prompts_outside_blocks(text, "page.md") == ["page.md:6", "page.md:7"]


# --- Python ---------------------------------------------------------------------------------------


def test_python_blocks_of_a_page_share_one_namespace() -> None:
    first, second, third = blocks_of(
        "```python\n>>> x = 20\n\n```\n\n```python\ny = x + 1\n```\n\n```python\n>>> y\n21\n\n```\n", "page.md"
    )
    namespace: dict[str, object] = {}
    assert run_doctest(first, namespace) == []
    assert run_script(second, namespace) == []
    assert run_doctest(third, namespace) == []
    assert namespace["y"] == 21


def test_a_wrong_doctest_output_names_the_page_line() -> None:
    (block,) = blocks_of("text\n\n```python\n>>> 1 + 1\n3\n\n```\n", "docs/page.md")
    (report,) = run_doctest(block, {})
    assert 'File "docs/page.md", line 4' in report
    assert "Expected:\n    3\nGot:\n    2" in report


def test_a_raising_script_names_the_page_line() -> None:
    (block,) = blocks_of("text\n\n```python\nx = 1\nraise ValueError('stale')\n```\n", "docs/page.md")
    (report,) = run_script(block, {})
    assert report.startswith("docs/page.md:3: the Python block raised")
    assert 'File "docs/page.md", line 5' in report
    assert "ValueError: stale" in report


# --- YAML -----------------------------------------------------------------------------------------


def test_a_whole_file_is_taken_as_it_is() -> None:
    text = "version: 1\nstandards:\n  - {id: fcr, measure: {flag: resolved_first_contact}, floor: 70%}\n"
    assert completed_yaml(text) == text


def test_top_level_keys_get_a_version_and_the_context_they_lack() -> None:
    document = completed_yaml("columns:\n  offered_at: call_start\n")
    assert document.startswith("columns:\n  offered_at: call_start\nversion: 1\n")
    loaded = svcstandards.loads(document)
    assert dict(loaded.columns) == {"offered_at": "call_start"}
    assert [standard.id for standard in loaded] == ["example"]
    assert set(loaded.calendars) == {"office"}


def test_a_standards_keys_become_one_standard_with_defaults() -> None:
    loaded = svcstandards.loads(completed_yaml("    abandons: {count_as: excluded}\n"))
    (standard,) = loaded.standards
    assert isinstance(standard, ShareStandard)
    assert standard.id == "example"
    assert standard.measure == "time_to_answer"
    assert str(standard.within) == "20s"
    assert standard.abandons is not None
    assert standard.abandons.count_as == "excluded"


def test_a_statistic_gets_no_floor_and_a_flag_no_condition() -> None:
    statistic = svcstandards.loads(completed_yaml("mean: {at_most: 30s}\n")).standards[0]
    assert isinstance(statistic, StatisticStandard)
    flag = svcstandards.loads(completed_yaml("measure: {flag: abandoned}\nceiling: 5%\n")).standards[0]
    assert isinstance(flag, ShareStandard)
    assert flag.within is None


def test_a_list_is_the_list_of_standards() -> None:
    loaded = svcstandards.loads(completed_yaml("- id: asa\n  measure: time_to_answer\n  mean: {at_most: 30s}\n"))
    assert [standard.id for standard in loaded] == ["asa"]


def test_yaml_of_another_kind_must_be_marked() -> None:
    with pytest.raises(MarkupError, match="docs-test: not-standards"):
        completed_yaml("repos:\n  - repo: x\n")


def yaml_page(*blocks: str) -> list[Block]:
    return blocks_of("\n".join(blocks), "docs/page.md")


def test_a_stale_key_fails_with_the_problem_and_the_completed_file() -> None:
    (failure,) = yaml_failures(yaml_page("```yaml\nstandards:\n  - {id: a, measure: time_to_answer, flor: 90%}\n```\n"))
    assert failure.startswith("docs/page.md:1: the YAML block does not load:")
    assert "unknown key 'flor' (did you mean 'floor'?)" in failure
    assert "   1 | standards:" in failure


def test_an_invalid_block_must_fail_with_its_codes() -> None:
    marked = "<!-- docs-test: invalid duration_unit_missing -->\n```yaml\nwithin: 20\n```\n"
    assert yaml_failures(yaml_page(marked)) == []
    wrong_code = "<!-- docs-test: invalid percent_range -->\n```yaml\nwithin: 20\n```\n"
    (failure,) = yaml_failures(yaml_page(wrong_code))
    assert failure.startswith("docs/page.md:2: expected the problem codes ['percent_range'], got")
    loads_fine = "<!-- docs-test: invalid -->\n```yaml\nwithin: 20s\n```\n"
    (failure,) = yaml_failures(yaml_page(loads_fine))
    assert failure.startswith("docs/page.md:2: the block is marked invalid but loads")


def test_a_continued_block_is_read_with_the_one_before() -> None:
    events = "```yaml\nevents: {id: ticket_id, time: at, type: event}\n```\n"
    reply = "measures:\n  next: {from: customer_reply, to: agent_reply}\nstandards:\n"
    reply += "  - {id: next-4h, unit: reply, measure: next, within: 4h, floor: 90%}\n"
    assert yaml_failures(yaml_page(events, "<!-- docs-test: continues -->\n```yaml\n" + reply + "```\n")) == []
    (alone,) = yaml_failures(yaml_page(events, "```yaml\n" + reply + "```\n"))
    assert "reply cycles are read from an event log" in alone


def test_other_yaml_is_only_parsed() -> None:
    ok = "<!-- docs-test: not-standards (a workflow) -->\n```yaml\non: [push]\n```\n"
    assert yaml_failures(yaml_page(ok)) == []
    broken = "<!-- docs-test: not-standards (a workflow) -->\n```yaml\non: [push\n```\n"
    (failure,) = yaml_failures(yaml_page(broken))
    assert failure.startswith("docs/page.md:2: not valid YAML")


def test_json_blocks_must_parse() -> None:
    page = blocks_of('```json\n{"valid": true}\n```\n\n```json\n{"valid": true,}\n```\n', "docs/page.md")
    (failure,) = json_failures(page)
    assert failure.startswith("docs/page.md:5: not valid JSON")


# --- shell sessions -------------------------------------------------------------------------------


def test_commands_and_their_output() -> None:
    (block,) = blocks_of(
        "```\n$ svcstandards validate a.yaml \\\n    --format json\n{\n}\n\n$ echo $?\n0\n$ svcstandards schema\n```\n",
        "page.md",
    )
    assert [(c.line, c.text, c.shown) for c in commands_of(block)] == [
        (2, "svcstandards validate a.yaml --format json", ("{", "}")),
        (7, "echo $?", ("0",)),
        (9, "svcstandards schema", ()),
    ]


def test_output_before_the_first_command_is_a_mistake() -> None:
    (block,) = blocks_of("```\noutput\n$ svcstandards schema\n```\n", "page.md")
    with pytest.raises(MarkupError, match=r"page\.md:2: output before the first"):
        commands_of(block)


@pytest.mark.parametrize(
    ("shown", "printed", "matches"),
    [
        (["a", "b"], "a  \nb\n\n", True),  # trailing whitespace and blank lines do not count
        (["a", "...", "d"], "a\nb\nc\nd\n", True),
        (["a", "b..."], "a\nbcd\n", True),
        (["a", "b"], "a\nc\n", False),
        (["a"], "a\nb\n", False),
    ],
)
def test_output_matching(shown: list[str], printed: str, matches: bool) -> None:
    assert output_matches(shown, printed) is matches


def test_a_session_reports_a_diff_and_wrong_exit_codes(tmp_path: Path) -> None:
    (tmp_path / "ok.yaml").write_text(
        "version: 1\nstandards:\n  - {id: fcr, measure: {flag: resolved_first_contact}, floor: 70%}\n", "utf-8"
    )
    page = (
        "```\n$ svcstandards validate ok.yaml\n2 files checked: all valid\n$ echo $?\n1\n"
        "$ svcstandards validate missing.yaml\n$ svcstandards validate ok.yaml\n$ echo $?\n0\n```\n"
    )
    failures = session_failures(blocks_of(page, "docs/page.md"), tmp_path)
    assert failures[0].splitlines() == [
        "--- docs/page.md:2 (shown)",
        "+++ `svcstandards validate ok.yaml` (printed, exit code 0)",
        "@@ -1 +1 @@",
        "-2 files checked: all valid",
        "+1 file checked: all valid",
    ]
    assert failures[1] == "docs/page.md:4: the page shows exit code ['1'], the command gave 0"
    assert failures[2].startswith("docs/page.md:6: `svcstandards validate missing.yaml` is a usage or input error")
    assert len(failures) == 3


def test_only_svcstandards_commands_run(tmp_path: Path) -> None:
    failures = session_failures(blocks_of("```\n$ rm -rf data\n```\n", "page.md"), tmp_path)
    assert failures == [
        "page.md:2: only 'svcstandards ...', 'python -c ...' and 'echo $?' run here; mark the block skip"
    ]
