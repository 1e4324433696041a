"""The installed ``svcstandards`` command: exit codes and output, as CI sees them.

Exit codes: 0 all valid, 1 a problem was found, 2 a usage or input error
(3, nothing scored, is for ``evaluate``: tests/test_no_data.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

import svcstandards

HERE = Path(__file__).parent
FORMAT_EXAMPLE = HERE / "data" / "format_example.yaml"
SCHEMA_FILE = HERE.parent / "docs" / "standards.schema.json"

VALID = """\
version: 1
standards:
  - id: calls
    measure: {from: offered_at, to: answered_at}
    within: 2m
    floor: 90%
"""

# two problems: line 5, column 13 and line 6, column 12
INVALID = """\
version: 1
standards:
  - id: calls
    measure: {from: offered_at, to: answered_at}
    within: 120
    floor: 90
"""

# the data has answered_at; the file says answerd_at (line 4, column 37)
TYPO = """\
version: 1
standards:
  - id: calls
    measure: {from: offered_at, to: answerd_at}
    within: 2m
    floor: 90%
"""

# the columns: mapping carries the typo; the reference is on line 6, column 37
MAPPED_TYPO = """\
version: 1
columns:
  answered_at: answerd_at
standards:
  - id: calls
    measure: {from: offered_at, to: answered_at}
    within: 2m
    floor: 90%
"""

HEADER = ["offered_at", "answered_at", "channel"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "svcstandards", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_exits_0(tmp_path: Path) -> None:
    write(tmp_path / "ok.yaml", VALID)
    result = run("validate", "ok.yaml", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "1 file checked: all valid\n")


def test_a_file_with_problems_exits_1_and_lists_them(tmp_path: Path) -> None:
    write(tmp_path / "bad.yaml", INVALID)
    result = run("validate", "bad.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "bad.yaml:5:13: standards[0].within: a bare number (120) is not a duration: it needs a unit (write 120s or 2m)",
        "bad.yaml:6:12: standards[0].floor: a bare number above 1 (90) is not a share (write 90% or 0.9)",
    ]
    assert result.stderr == "1 file checked: 2 problems in 1\n"


def test_a_directory_is_searched_for_yaml_and_yml(tmp_path: Path) -> None:
    write(tmp_path / "std" / "a.yaml", VALID)
    write(tmp_path / "std" / "team" / "b.yml", INVALID)
    write(tmp_path / "std" / "notes.txt", "not yaml: [")
    result = run("validate", "std", cwd=tmp_path)
    assert result.returncode == 1
    b = str(Path("std", "team", "b.yml"))
    assert [line.split(": ", 1)[0] for line in result.stdout.splitlines()] == [f"{b}:5:13", f"{b}:6:12"]
    assert result.stderr == "2 files checked: 2 problems in 1\n"


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = run("validate", "nope.yaml", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "svcstandards: error: no such file or directory: nope.yaml\n"


def test_a_directory_without_yaml_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path / "empty" / "readme.md", "# nothing here\n")
    result = run("validate", "empty", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "svcstandards: error: no standards files (*.yaml, *.yml) found\n"


def test_no_command_is_a_usage_error(tmp_path: Path) -> None:
    result = run(cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("usage: svcstandards")
    assert "Traceback" not in result.stderr


def test_json_output(tmp_path: Path) -> None:
    write(tmp_path / "std" / "a.yaml", VALID)
    write(tmp_path / "std" / "b.yaml", INVALID)
    result = run("validate", "std", "--format", "json", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    assert json.loads(result.stdout) == {
        "valid": False,
        "files": [
            {"file": str(Path("std", "a.yaml")), "valid": True, "problems": []},
            {
                "file": str(Path("std", "b.yaml")),
                "valid": False,
                "problems": [
                    {
                        "line": 5,
                        "column": 13,
                        "path": "standards[0].within",
                        "severity": "error",
                        "code": "duration_unit_missing",
                        "message": "a bare number (120) is not a duration: it needs a unit",
                        "hint": "write 120s or 2m",
                    },
                    {
                        "line": 6,
                        "column": 12,
                        "path": "standards[0].floor",
                        "severity": "error",
                        "code": "percent_bare_number",
                        "message": "a bare number above 1 (90) is not a share",
                        "hint": "write 90% or 0.9",
                    },
                ],
            },
        ],
    }


def test_github_annotations(tmp_path: Path) -> None:
    write(tmp_path / "bad.yaml", INVALID)
    result = run("validate", "bad.yaml", "--format", "github", cwd=tmp_path)
    assert result.returncode == 1
    # workflow commands escape % in the message; the title escapes nothing here
    assert result.stdout.splitlines() == [
        "::error file=bad.yaml,line=5,col=13,title=svcstandards duration_unit_missing::"
        "standards[0].within: a bare number (120) is not a duration: it needs a unit (write 120s or 2m)",
        "::error file=bad.yaml,line=6,col=12,title=svcstandards percent_bare_number::"
        "standards[0].floor: a bare number above 1 (90) is not a share (write 90%25 or 0.9)",
    ]


def _write_sample(path: Path, names: list[str]) -> Path:
    if path.suffix == ".parquet":
        pa = pytest.importorskip("pyarrow")
        pq = pytest.importorskip("pyarrow.parquet")
        pq.write_table(pa.table({name: [1] for name in names}), path)
    elif path.suffix == ".jsonl":
        write(path, json.dumps(dict.fromkeys(names, 1)) + "\n")
    else:
        write(path, ",".join(names) + "\n" + ",".join("1" for _ in names) + "\n")
    return path


@pytest.mark.parametrize("sample", ["sample.csv", "sample.jsonl", "sample.parquet"])
def test_columns_missing_from_a_data_sample(tmp_path: Path, sample: str) -> None:
    write(tmp_path / "calls.yaml", TYPO)
    _write_sample(tmp_path / sample, HEADER)
    result = run("validate", "calls.yaml", "--columns", sample, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "calls.yaml:4:37: standards[0].measure.to: column 'answerd_at' is not in the data (did you mean 'answered_at'?)"
    ]


def test_columns_missing_through_the_columns_mapping(tmp_path: Path) -> None:
    write(tmp_path / "calls.yaml", MAPPED_TYPO)
    _write_sample(tmp_path / "sample.csv", HEADER)
    result = run("validate", "calls.yaml", "--columns", "sample.csv", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "calls.yaml:6:37: standards[0].measure.to: column 'answerd_at' (mapped from 'answered_at'"
        " by columns:) is not in the data (did you mean 'answered_at'?)"
    ]


def test_columns_all_present(tmp_path: Path) -> None:
    write(tmp_path / "calls.yaml", VALID)
    _write_sample(tmp_path / "sample.csv", HEADER)
    result = run("validate", "calls.yaml", "--columns", "sample.csv", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "values checked against all 1 row of sample.csv\n1 file checked: all valid\n"


# an event log whose section misspells five columns of the log: lines 3, 6, 7, 8 and 9
EVENT_LOG_TYPOS = """\
version: 1
events:
  id: numbr
  time: sys_updated_on
  type: state
  created: {column: opend_at}
  times: {resolved: resolvd_at}
  when_set: {assigned: asigned_to}
  attributes: {priorty: at_creation}
standards:
  - id: resolved-1d
    measure: {from: created_first_at, to: resolved_first_at}
    within: 1d
    floor: 80%
"""

EVENT_LOG_HEADER = ["number", "sys_updated_on", "state", "opened_at", "resolved_at", "assigned_to", "priority"]


def test_columns_checks_the_event_log_section_against_the_log(tmp_path: Path) -> None:
    write(tmp_path / "events.yaml", EVENT_LOG_TYPOS)
    _write_sample(tmp_path / "log.csv", EVENT_LOG_HEADER)
    result = run("validate", "events.yaml", "--columns", "log.csv", cwd=tmp_path)
    assert result.returncode == 1
    # each at its value: "  id: " ends at column 6; "  created: {column: " at 20; "  times: {resolved: " at 20;
    # "  when_set: {assigned: " at 23; an attribute's name is its key, after "  attributes: {" (column 15).
    # The derived columns (created_first_at, ...) are not looked for in the log.
    assert result.stdout.splitlines() == [
        "events.yaml:3:7: events.id: column 'numbr' is not in the data (did you mean 'number'?)",
        "events.yaml:6:21: events.created.column: column 'opend_at' is not in the data (did you mean 'opened_at'?)",
        "events.yaml:7:21: events.times.resolved: column 'resolvd_at' is not in the data (did you mean 'resolved_at'?)",
        "events.yaml:8:24: events.when_set.assigned: column 'asigned_to' is not in the data"
        " (did you mean 'assigned_to'?)",
        "events.yaml:9:16: events.attributes.priorty: column 'priorty' is not in the data (did you mean 'priority'?)",
    ]


def test_columns_accepts_an_event_log_section_that_matches_the_log(tmp_path: Path) -> None:
    fixed = EVENT_LOG_TYPOS
    for typo, column in (
        ("numbr", "number"),
        ("opend_at", "opened_at"),
        ("resolvd_", "resolved_"),
        ("asig", "assig"),
        ("priorty", "priority"),
    ):
        fixed = fixed.replace(typo, column)
    write(tmp_path / "events.yaml", fixed)
    _write_sample(tmp_path / "log.csv", EVENT_LOG_HEADER)
    result = run("validate", "events.yaml", "--columns", "log.csv", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")


def test_a_missing_data_sample_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path / "calls.yaml", VALID)
    result = run("validate", "calls.yaml", "--columns", "nothere.csv", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("svcstandards: error: ")
    assert "nothere.csv" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def printed_schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    result = run("schema", cwd=tmp_path_factory.mktemp("schema"))
    assert (result.returncode, result.stderr) == (0, "")
    schema: dict[str, object] = json.loads(result.stdout)
    return schema


def test_schema_is_a_json_schema_of_the_file(printed_schema: dict[str, object]) -> None:
    assert printed_schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert printed_schema["title"] == "svcstandards standards file, version 1"
    assert printed_schema["required"] == ["version", "standards"]


@pytest.mark.skipif(not SCHEMA_FILE.exists(), reason="docs/standards.schema.json is not generated yet")
def test_the_schema_in_docs_is_up_to_date(printed_schema: dict[str, object]) -> None:
    # regenerate with: make schema
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == printed_schema


def test_the_format_example_fits_the_schema(printed_schema: dict[str, object]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(printed_schema)
    data = yaml.safe_load(FORMAT_EXAMPLE.read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=str))  # dates as text, as an editor sees them
    jsonschema.validate(data, printed_schema, cls=jsonschema.Draft202012Validator)


def test_the_schema_refuses_a_bare_number_duration(printed_schema: dict[str, object]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data = yaml.safe_load(INVALID)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, printed_schema, cls=jsonschema.Draft202012Validator)


# -- a closed pipe and a terminal that cannot show every character ------------------------------

# a title and a description in Slovenian, a group value with a letter outside Latin-1
LOCAL = """\
version: 1
name: Klicni center
standards:
  - id: calls
    title: Klici, odgovorjeni v 2 minutah
    description: Čim prej, tudi v Škofji Loki.
    measure: {from: offered_at, to: answered_at}
    within: 2m
    floor: 90%
    by: [site]
"""
LOCAL_CALLS = "offered_at,answered_at,site\n2026-03-02T09:00:00,2026-03-02T09:00:30,Škofja Loka\n"


def _piped_commands(tmp_path: Path) -> dict[str, list[str]]:
    """A run of every command that writes to standard output."""
    write(tmp_path / "bad.yaml", INVALID)
    write(tmp_path / "local.yaml", LOCAL)
    write(tmp_path / "calls.csv", LOCAL_CALLS)
    return {
        "validate": ["validate", "bad.yaml"],
        "schema": ["schema"],
        "explain": ["explain", "local.yaml", "--lang", "ru"],
        "evaluate": ["evaluate", "local.yaml", "calls.csv"],
    }


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize("command", ["validate", "schema", "explain", "evaluate"])
def test_a_closed_pipe_ends_quietly_with_141(tmp_path: Path, command: str, buffered: bool) -> None:
    # the reading end is closed before the command starts (`| head -1` that has already exited):
    # writing to stdout fails with EPIPE, at the first write unbuffered, at the flush buffered
    args = _piped_commands(tmp_path)[command]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"} | (
        {} if buffered else {"PYTHONUNBUFFERED": "1"}
    )
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "svcstandards", *args],
            cwd=tmp_path,
            env=env,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)
    # buffered, validate's problems wait in the buffer while its summary goes to standard error, still open
    expected = "1 file checked: 2 problems in 1\n" if command == "validate" and buffered else ""
    assert (result.returncode, result.stderr) == (141, expected)


@pytest.mark.skipif(shutil.which("head") is None, reason="needs head")
def test_evaluate_piped_to_head(tmp_path: Path) -> None:
    # 5,000 calls, one results row each: about 500 kB. Whether the command still writes once head has
    # gone depends on how much the pipe takes first; either way it ends quietly: 141 when it met the
    # closed pipe, else 0 (every call is answered in 30 s, within 2 minutes: nothing fails)
    offered = pd.date_range("2026-03-02 09:00", periods=5000, freq="s")
    pd.DataFrame(
        {"call": range(5000), "offered_at": offered, "answered_at": offered + pd.Timedelta(seconds=30)}
    ).to_csv(tmp_path / "calls.csv", index=False)
    write(tmp_path / "ok.yaml", VALID)
    producer = subprocess.Popen(
        [sys.executable, "-m", "svcstandards", "evaluate", "ok.yaml", "calls.csv", "--by", "call"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    head = subprocess.Popen(["head", "-1"], stdin=producer.stdout, stdout=subprocess.PIPE)
    assert producer.stdout is not None
    assert producer.stderr is not None
    producer.stdout.close()  # head alone reads it now
    first, _ = head.communicate(timeout=120)
    errors = producer.stderr.read()
    producer.stderr.close()
    assert producer.wait(timeout=120) in (0, 141)
    assert errors == b""
    assert first.decode().split() == ["standard", "call", *RESULT_HEADER]


RESULT_HEADER = ["n", "met", "missed", "pending", "excluded", "invalid", "share", "value", "floor", "ceiling", "limit"]
RESULT_HEADER += ["status", "budget"]


def _run_encoded(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "svcstandards", *args],
        cwd=cwd,
        capture_output=True,
        env={**os.environ, **env},
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("command", ["validate", "schema", "explain", "evaluate"])
def test_an_ascii_terminal_gets_escapes_never_an_error(tmp_path: Path, command: str) -> None:
    args = _piped_commands(tmp_path)[command]
    result = _run_encoded(args, tmp_path, PYTHONIOENCODING="ascii")
    assert result.returncode == (1 if command == "validate" else 0), result.stderr
    assert b"Traceback" not in result.stderr
    assert result.stdout.isascii()


def test_explain_in_russian_on_an_ascii_terminal(tmp_path: Path) -> None:
    write(tmp_path / "local.yaml", LOCAL)
    result = _run_encoded(
        ["explain", "local.yaml", "--lang", "ru", "--format", "markdown"], tmp_path, PYTHONIOENCODING="ascii"
    )
    assert (result.returncode, result.stderr) == (0, b"")
    text = result.stdout.decode("ascii")
    # what ASCII cannot hold is written as Python escapes: the title's Č is \u010c
    assert "\\u010cim prej, tudi v \\u0160kofji Loki." in text
    standards = svcstandards.loads(LOCAL)
    assert standards.describe("calls", "ru") in text.encode("ascii").decode("unicode_escape")


def test_evaluate_on_a_latin_1_terminal(tmp_path: Path) -> None:
    # LC_ALL=C with a Latin-1 stream: Š is not in Latin-1, so it is escaped; the rest is Latin-1
    _piped_commands(tmp_path)
    result = _run_encoded(["evaluate", "local.yaml", "calls.csv"], tmp_path, LC_ALL="C", PYTHONIOENCODING="latin-1")
    assert (result.returncode, result.stderr) == (0, b"")
    lines = result.stdout.decode("latin-1").splitlines()
    assert lines[1].split()[:4] == ["calls", "\\u0160kofja", "Loka", "1"]


# -- the samples in the README ----------------------------------------------------------------


def _readme_sample(command: str) -> list[str]:
    """The lines the README shows after ``$ <command>``, up to the next ``$`` line."""
    lines = (HERE.parent / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index(f"$ {command}") + 1
    end = next(i for i in range(start, len(lines)) if lines[i].startswith(("$ ", "```")))
    return lines[start:end]


def test_the_readme_shows_what_validate_prints() -> None:
    result = run("validate", "standards/", cwd=HERE.parent)
    assert (result.returncode, result.stdout) == (0, "")
    assert _readme_sample("svcstandards validate standards/") == result.stderr.splitlines()


MAKE_CALLS = (
    "from svcstandards import sample; sample.interactions(days=7, start='2026-03-02').to_csv('calls.csv', index=False)"
)


def test_the_readme_shows_what_evaluate_prints(tmp_path: Path) -> None:
    readme = (HERE.parent / "README.md").read_text(encoding="utf-8").splitlines()
    assert f'$ python -c "{MAKE_CALLS}"' in readme
    subprocess.run([sys.executable, "-c", MAKE_CALLS], cwd=tmp_path, check=True, timeout=120)
    result = run("evaluate", str(HERE.parent / "standards" / "contact-centre.yaml"), "calls.csv", cwd=tmp_path)
    assert _readme_sample("svcstandards evaluate standards/contact-centre.yaml calls.csv") == result.stdout.splitlines()
    assert _readme_sample("echo $?") == [str(result.returncode)] == ["1"]


# -- warnings: reported, exit 0 unless --strict -------------------------------------------------

# a standard that can never fail: line 5, column 14
NEVER_FAILS = """\
version: 1
standards:
  - id: dropped
    measure: {flag: dropped}
    ceiling: 100%
"""
NEVER_FAILS_LINE = (
    "never.yaml:5:14: warning: standards[0].ceiling: ceiling 100% admits every share: this standard can never fail"
    " (a ceiling is the largest share allowed, e.g. ceiling: 5%)"
)


def test_a_warning_is_printed_and_keeps_exit_0(tmp_path: Path) -> None:
    write(tmp_path / "never.yaml", NEVER_FAILS)
    result = run("validate", "never.yaml", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        NEVER_FAILS_LINE + "\n",
        "1 file checked: all valid, 1 warning\n",
    )


def test_strict_makes_a_warning_exit_1(tmp_path: Path) -> None:
    write(tmp_path / "never.yaml", NEVER_FAILS)
    result = run("validate", "never.yaml", "--strict", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, NEVER_FAILS_LINE + "\n")
    assert run("validate", "never.yaml", "--strict", cwd=tmp_path).stderr == "1 file checked: all valid, 1 warning\n"
    write(tmp_path / "ok.yaml", VALID)
    assert run("validate", "ok.yaml", "--strict", cwd=tmp_path).returncode == 0


def test_errors_and_warnings_are_printed_together_by_line(tmp_path: Path) -> None:
    write(tmp_path / "never.yaml", NEVER_FAILS + "  - id: late\n    measure: {flag: late}\n    floor: 90\n")
    write(tmp_path / "ok.yaml", VALID)
    result = run("validate", "never.yaml", "ok.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        NEVER_FAILS_LINE,
        "never.yaml:8:12: standards[1].floor: a bare number above 1 (90) is not a share (write 90% or 0.9)",
    ]
    assert result.stderr == "2 files checked: 1 problem in 1, 1 warning\n"


def test_a_warning_in_json_has_severity_warning(tmp_path: Path) -> None:
    write(tmp_path / "never.yaml", NEVER_FAILS)
    result = run("validate", "never.yaml", "--format", "json", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout) == {
        "valid": True,
        "files": [
            {
                "file": "never.yaml",
                "valid": True,
                "problems": [
                    {
                        "line": 5,
                        "column": 14,
                        "path": "standards[0].ceiling",
                        "severity": "warning",
                        "code": "never_fails",
                        "message": "ceiling 100% admits every share: this standard can never fail",
                        "hint": "a ceiling is the largest share allowed, e.g. ceiling: 5%",
                    }
                ],
            }
        ],
    }


def test_a_warning_in_github_format_is_a_warning_annotation(tmp_path: Path) -> None:
    write(tmp_path / "never.yaml", NEVER_FAILS)
    result = run("validate", "never.yaml", "--format", "github", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "::warning file=never.yaml,line=5,col=14,title=svcstandards never_fails::standards[0].ceiling: ceiling 100%25"
        " admits every share: this standard can never fail (a ceiling is the largest share allowed, e.g. ceiling: 5%25)"
    ]
