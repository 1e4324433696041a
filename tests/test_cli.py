"""The installed ``svcstandards`` command: exit codes and output, as CI sees them.

Exit codes: 0 all valid, 1 a problem was found, 2 a usage or input error.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

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
                        "code": "duration_unit_missing",
                        "severity": "error",
                        "message": "a bare number (120) is not a duration: it needs a unit",
                        "hint": "write 120s or 2m",
                    },
                    {
                        "line": 6,
                        "column": 12,
                        "path": "standards[0].floor",
                        "code": "percent_bare_number",
                        "severity": "error",
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
