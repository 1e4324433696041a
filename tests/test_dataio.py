"""Reading data files as helpdesk and contact-centre platforms export them (``svcstandards.dataio``).

Every CSV below holds the same two calls unless it says otherwise:

=====  ===================  =====  ======
id     offered_at           queue  wait_s
=====  ===================  =====  ======
1      2026-03-02T09:00:00  phone  12
2      2026-03-02T09:05:00  chat   30
=====  ===================  =====  ======
"""

from __future__ import annotations

import codecs
import io
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from svcstandards import dataio
from svcstandards.engines._columns import LINES_ATTR
from svcstandards.errors import DataError, InvalidArgumentError, MissingDependencyError

FIXTURES = Path(__file__).parent / "fixtures"
ROWS = [["id", "offered_at", "queue", "wait_s"], ["1", "2026-03-02T09:00:00", "phone", "12"]]
ROWS.append(["2", "2026-03-02T09:05:00", "chat", "30"])
EXPECTED = pd.DataFrame(
    {
        "id": [1, 2],
        "offered_at": ["2026-03-02T09:00:00", "2026-03-02T09:05:00"],
        "queue": ["phone", "chat"],
        "wait_s": [12, 30],
    }
)


def csv_text(sep: str, rows: list[list[str]] = ROWS) -> str:
    return "".join(sep.join(row) + "\n" for row in rows)


def write(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def problem(caught: pytest.ExceptionInfo[DataError]) -> tuple[str, str, str]:
    """The one problem of a DataError: message, code, hint."""
    (found,) = caught.value.problems
    assert (found.standard, found.column) == ("", "")
    return found.message, found.code, found.hint


# -- separators ------------------------------------------------------------------------
@pytest.mark.parametrize("sep", [",", ";", "\t", "|"], ids=["comma", "semicolon", "tab", "pipe"])
def test_the_separator_is_detected_from_the_header(tmp_path: Path, sep: str) -> None:
    path = write(tmp_path / "calls.csv", csv_text(sep))
    assert dataio.read_column_names(path) == ROWS[0]
    data = dataio.read_data(path)
    pd.testing.assert_frame_equal(data, EXPECTED)
    assert data.attrs[LINES_ATTR] == {"source": "calls.csv", "first": 2, "rows": 2}
    sample, whole = dataio.read_sample(path, rows=1)
    pd.testing.assert_frame_equal(sample, EXPECTED.iloc[:1])
    assert not whole


def test_separators_inside_quoted_header_names_do_not_count(tmp_path: Path) -> None:
    # split on ';' the header has 3 fields, on ',' 2 (the quoted name is one field): ';' wins
    path = write(tmp_path / "calls.csv", '"wait; s";queue;"id, call"\n12;phone;1\n')
    assert dataio.read_column_names(path) == ["wait; s", "queue", "id, call"]
    # commas in free text of data rows do not mislead it
    path = write(tmp_path / "notes.csv", "id;note\n1;a, b, c, d\n2;e, f\n")
    assert dataio.read_data(path)["note"].tolist() == ["a, b, c, d", "e, f"]


def test_a_single_column_is_read_as_comma_separated(tmp_path: Path) -> None:
    path = write(tmp_path / "ids.csv", "id\n1\n2\n")
    assert dataio.read_data(path)["id"].tolist() == [1, 2]


@pytest.mark.parametrize(("given", "sep"), [(";", ";"), ("tab", "\t"), ("\\t", "\t"), ("TAB", "\t")])
def test_sep_overrides_detection(tmp_path: Path, given: str, sep: str) -> None:
    # the header alone looks comma-separated ("a,b" is one name with a comma in it)
    path = write(tmp_path / "calls.csv", f"a,b{sep}c\n1{sep}2\n")
    assert dataio.read_column_names(path, sep=given) == ["a,b", "c"]
    assert dataio.read_data(path, sep=given).to_dict("list") == {"a,b": [1], "c": [2]}


def test_a_separator_of_several_characters_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "calls.csv", csv_text(","))
    with pytest.raises(InvalidArgumentError, match=r"^the separator must be one character \(or 'tab'\), got '::'$"):
        dataio.read_data(path, sep="::")


def test_options_for_another_kind_of_file_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "calls.jsonl", '{"id": 1}\n')
    with pytest.raises(InvalidArgumentError) as caught:
        dataio.read_data(path, sep=";")
    assert str(caught.value) == "a separator (--sep) applies to csv files only, not to jsonl files"
    with pytest.raises(InvalidArgumentError) as caught:
        dataio.read_column_names(tmp_path / "calls.csv", sheet="Calls")
    assert str(caught.value) == "a sheet (--sheet) applies to excel files only, not to csv files"


# -- encodings -------------------------------------------------------------------------
def test_a_utf8_byte_order_mark_is_dropped_with_any_separator(tmp_path: Path) -> None:
    path = write(tmp_path / "calls.csv", codecs.BOM_UTF8 + csv_text(";").encode("utf-8"))
    assert dataio.read_column_names(path) == ROWS[0]
    pd.testing.assert_frame_equal(dataio.read_data(path), EXPECTED)


def test_utf16_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    # Excel's "Unicode text": UTF-16 (little-endian, with a byte order mark), tab-separated
    path = write(tmp_path / "calls.txt", csv_text("\t").encode("utf-16"))
    assert dataio.read_column_names(path) == ROWS[0]
    pd.testing.assert_frame_equal(dataio.read_data(path), EXPECTED)


CP1252 = "queue,wait_s\nCafé,12\n".encode("cp1252")  # é is byte 0xE9 at offset 16: 13 bytes of header, then "Caf"


@pytest.mark.parametrize("read", [dataio.read_data, dataio.read_column_names, dataio.read_sample])
def test_bytes_that_are_not_utf8_are_an_error_naming_the_offset(tmp_path: Path, read: Any) -> None:
    path = write(tmp_path / "calls.csv", CP1252)
    with pytest.raises(DataError) as caught:
        read(path)
    assert problem(caught) == (
        f"{path}: is not valid UTF-8: byte 0xE9 at offset 16 (line 2) cannot be decoded",
        "file_encoding",
        "a file saved by Excel or another Windows program is often in cp1252: pass its encoding, "
        "e.g. --encoding cp1252 (or --encoding latin-1)",
    )


def test_a_bad_byte_far_into_the_file_is_found(tmp_path: Path) -> None:
    # 4 header bytes + 70,000 rows of 4 bytes, then "caf": 0xE9 at offset 280,007, line 1 + 70,000 + 1
    path = write(tmp_path / "calls.csv", b"a,b\n" + b"x,1\n" * 70_000 + b"caf\xe9,1\n")
    with pytest.raises(DataError) as caught:
        dataio.read_data(path)
    assert problem(caught)[:2] == (
        f"{path}: is not valid UTF-8: byte 0xE9 at offset 280,007 (line 70002) cannot be decoded",
        "file_encoding",
    )


def test_a_character_split_across_blocks_is_not_a_bad_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # bytes: a \n C4 8D C4 | 8D FF \n (blocks of 5): the second č spans both blocks, FF is at offset 6
    monkeypatch.setattr(dataio, "_SCAN_BYTES", 5)
    path = write(tmp_path / "calls.csv", "a\nčč".encode() + b"\xff\n")
    with pytest.raises(DataError) as caught:
        dataio.read_data(path)
    assert problem(caught)[0] == f"{path}: is not valid UTF-8: byte 0xFF at offset 6 (line 2) cannot be decoded"


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "CP1252"])
def test_encoding_reads_a_windows_export(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path / "calls.csv", CP1252)
    assert dataio.read_data(path, encoding=encoding).to_dict("list") == {"queue": ["Café"], "wait_s": [12]}


def test_a_wrong_encoding_given_names_it(tmp_path: Path) -> None:
    path = write(tmp_path / "calls.csv", CP1252)
    with pytest.raises(DataError) as caught:
        dataio.read_data(path, encoding="ascii")
    assert problem(caught)[0] == f"{path}: is not valid ascii: byte 0xE9 at offset 16 (line 2) cannot be decoded"


def test_an_unknown_encoding_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        dataio.read_data(write(tmp_path / "calls.csv", CP1252), encoding="windows-9999")
    assert str(caught.value) == (
        "unknown encoding 'windows-9999'; use a Python codec name such as utf-8, cp1252 or latin-1"
    )


# -- decimal commas ----------------------------------------------------------------------
EUROPEAN = """\
id;wait;score;note;day;clock;mixed;dotted
1;12,5;3;a,b;02.03.2026;09:15;12,5;12.5
2;0,25;-1,5;c;03.03.2026;10:00;unknown;7.25
3;7;;d;04.03.2026;11:30;1,0;1
"""


def test_decimal_commas_are_numbers_where_a_column_is_all_numbers(tmp_path: Path) -> None:
    path = write(tmp_path / "export.csv", EUROPEAN)
    data = dataio.read_data(path)
    expected = pd.DataFrame(
        {
            "id": [1, 2, 3],
            "wait": [12.5, 0.25, 7.0],
            "score": [3.0, -1.5, float("nan")],
            "note": ["a,b", "c", "d"],  # text with a comma stays text
            "day": ["02.03.2026", "03.03.2026", "04.03.2026"],  # dates stay text
            "clock": ["09:15", "10:00", "11:30"],
            "mixed": ["12,5", "unknown", "1,0"],  # one value is not a number: the column stays text
            "dotted": [12.5, 7.25, 1.0],  # decimal points still read as numbers
        }
    )
    pd.testing.assert_frame_equal(data, expected)
    sample, _ = dataio.read_sample(path)
    pd.testing.assert_frame_equal(sample, expected)


def test_decimal_commas_across_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # one row per chunk: pandas reads 7 as a number and 12,5 as text; put together, all are numbers
    monkeypatch.setattr(dataio, "CHUNK_ROWS", 1)
    data = dataio.read_data(write(tmp_path / "export.csv", "id;wait\n1;7\n2;12,5\n3;\n"))
    pd.testing.assert_frame_equal(data, pd.DataFrame({"id": [1, 2, 3], "wait": [7.0, 12.5, float("nan")]}))


def test_decimal_commas_stay_text_in_a_comma_separated_file(tmp_path: Path) -> None:
    path = write(tmp_path / "calls.csv", 'id,wait\n1,"12,5"\n')
    assert dataio.read_data(path)["wait"].tolist() == ["12,5"]


# -- ragged rows -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("a,b,c\n1,2,3\n4,5,6,7\n", "line 3 has 4 fields, but the header has 3 (separator ',')"),
        ("a;b\n1;2;3\n4;5\n", "line 2 has more fields than the header, which has 2 (separator ';')"),
        ("a\tb\n1\t2\n3\t4\t5\n", "line 3 has 3 fields, but the header has 2 (separator 'tab')"),
    ],
)
@pytest.mark.parametrize("read", [dataio.read_data, dataio.read_sample])
def test_a_row_with_more_fields_than_the_header_is_an_error(tmp_path: Path, read: Any, text: str, said: str) -> None:
    path = write(tmp_path / "calls.csv", text)
    with pytest.raises(DataError) as caught:
        read(path)
    assert problem(caught) == (
        f"{path}: {said}",
        "file_ragged",
        f"quote the values that contain {said.rsplit(' ', 1)[1][:-1]}, or pass the separator the file uses with --sep",
    )


def test_a_ragged_row_in_a_later_chunk_is_named_by_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dataio, "CHUNK_ROWS", 2)
    path = write(tmp_path / "calls.csv", "a,b\n1,2\n3,4\n5,6\n7,8,9\n")
    with pytest.raises(DataError) as caught:
        dataio.read_data(path)
    assert problem(caught)[0] == f"{path}: line 5 has 3 fields, but the header has 2 (separator ',')"


def test_fewer_fields_than_the_header_are_missing_values(tmp_path: Path) -> None:
    data = dataio.read_data(write(tmp_path / "calls.csv", "a,b\n1,2\n3\n"))
    assert data.to_dict("list") == {"a": [1, 3], "b": [2.0, pytest.approx(float("nan"), nan_ok=True)]}


# -- JSON --------------------------------------------------------------------------------
ARRAY = '[\n  {"id": 1, "queue": "phone", "offered_at": "2026-03-02T09:00:00"},\n  {"id": 2, "queue": "chat"}\n]\n'


@pytest.mark.parametrize("name", ["calls.json", "calls.json.gz"])
def test_a_json_array_of_objects(tmp_path: Path, name: str) -> None:
    import gzip

    content = ARRAY.encode("utf-8")
    path = write(tmp_path / name, gzip.compress(content) if name.endswith(".gz") else content)
    assert dataio.read_column_names(path) == ["id", "queue", "offered_at"]
    data = dataio.read_data(path)
    expected = pd.DataFrame(
        {"id": [1, 2], "queue": ["phone", "chat"], "offered_at": ["2026-03-02T09:00:00", float("nan")]}
    )
    pd.testing.assert_frame_equal(data, expected)
    # records of an array are named by position (row 0 is its first element), not by line
    assert LINES_ATTR not in data.attrs
    sample, whole = dataio.read_sample(path, rows=1)
    pd.testing.assert_frame_equal(sample, expected.iloc[:1])
    assert (whole, LINES_ATTR in sample.attrs) == (False, False)


def test_json_lines_in_a_json_file_are_still_json_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "calls.json", '{"id": 1}\n{"id": 2}\n')
    data = dataio.read_data(path)
    assert (data["id"].tolist(), data.attrs[LINES_ATTR]) == ([1, 2], {"source": "calls.json", "first": 1, "rows": 2})


@pytest.mark.parametrize("name", ["calls.jsonl", "calls.json"])
def test_json_that_is_not_utf8_is_an_error_naming_the_offset(tmp_path: Path, name: str) -> None:
    # {"queue": "caf is 14 bytes, then é in cp1252
    path = write(tmp_path / name, '{"queue": "café"}\n'.encode("cp1252"))
    with pytest.raises(DataError) as caught:
        dataio.read_data(path)
    assert problem(caught)[:2] == (
        f"{path}: is not valid UTF-8: byte 0xE9 at offset 14 (line 1) cannot be decoded",
        "file_encoding",
    )
    assert dataio.read_data(path, encoding="cp1252")["queue"].tolist() == ["café"]


def test_broken_json_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "calls.json", '[{"id": 1}, {"id": ')
    with pytest.raises(DataError) as caught:
        dataio.read_data(path)
    message, code, hint = problem(caught)
    assert (message.startswith(f"{path}: cannot be read as JSON: "), code, hint) == (
        True,
        "file_parse",
        "check that the file is complete",
    )


# -- Excel -------------------------------------------------------------------------------
# tests/fixtures/calls.xlsx, written once with openpyxl: sheet "Calls" (first) and sheet "Chats"
CALLS_SHEET = pd.DataFrame(
    {
        "call_id": [1, 2, 3],
        "offered_at": pd.to_datetime(["2026-03-02 09:00", "2026-03-02 09:05", "2026-03-02 09:07"]).as_unit("us"),
        "answered_at": pd.to_datetime(["2026-03-02 09:00:12", None, "2026-03-02 09:08:00"]).as_unit("us"),
        "queue": ["phone", "chat", "phone"],
        "wait_s": [12.5, 30.0, 60.0],
        "escalated": [False, True, False],
    }
)


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    pytest.importorskip("python_calamine", reason="needs the excel extra: pip install 'svcstandards[excel]'")
    path = tmp_path / "calls.xlsx"
    path.write_bytes((FIXTURES / "calls.xlsx").read_bytes())
    return path


def test_the_first_sheet_of_a_workbook(workbook: Path) -> None:
    assert dataio.read_column_names(workbook) == list(CALLS_SHEET.columns)
    data = dataio.read_data(workbook)
    pd.testing.assert_frame_equal(data, CALLS_SHEET)
    # the header is sheet row 1: row 0 of the frame is sheet row 2
    assert data.attrs[LINES_ATTR] == {"source": "calls.xlsx", "first": 2, "rows": 3, "sheet": "Calls"}
    sample, whole = dataio.read_sample(workbook, rows=2)
    pd.testing.assert_frame_equal(sample, CALLS_SHEET.iloc[:2])
    assert not whole


def test_sheet_chooses_a_sheet(workbook: Path) -> None:
    assert dataio.read_column_names(workbook, sheet="Chats") == ["chat_id", "queue"]
    data = dataio.read_data(workbook, sheet="Chats")
    assert data.to_dict("list") == {"chat_id": ["c1", "c2"], "queue": ["web", "app"]}


def test_a_sheet_the_workbook_lacks_is_an_error(workbook: Path) -> None:
    with pytest.raises(DataError) as caught:
        dataio.read_data(workbook, sheet="Chat")
    assert problem(caught) == (
        f"{workbook}: the workbook has no sheet named 'Chat'; its sheets are 'Calls', 'Chats'",
        "file_sheet",
        "did you mean 'Chats'?",
    )


def test_a_file_that_is_not_a_workbook_is_an_error(workbook: Path) -> None:
    workbook.write_text("id,queue\n1,phone\n")
    with pytest.raises(DataError) as caught:
        dataio.read_data(workbook)
    message, code, _ = problem(caught)
    assert (message.startswith(f"{workbook}: cannot be read as an Excel workbook: "), code) == (True, "file_parse")


def test_a_missing_workbook_raises_file_not_found(workbook: Path) -> None:
    with pytest.raises(FileNotFoundError):
        dataio.read_data(workbook.with_name("nothere.xlsx"))


def test_excel_without_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = dataio.importlib.util.find_spec
    monkeypatch.setattr(
        dataio.importlib.util, "find_spec", lambda name, *a: None if name == "python_calamine" else real(name, *a)
    )
    with pytest.raises(MissingDependencyError) as caught:
        dataio.read_data(FIXTURES / "calls.xlsx")
    assert str(caught.value) == (
        "Reading Excel workbooks needs the 'python-calamine' package. "
        "Hint: install it with: pip install 'svcstandards[excel]'"
    )


# -- progress ------------------------------------------------------------------------------
class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_on_a_terminal_then_the_row_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("tqdm", reason="needs the progress extra: pip install 'svcstandards[progress]'")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(dataio, "CHUNK_ROWS", 1)
    lines: list[str] = []
    dataio.read_data(write(tmp_path / "calls.csv", csv_text(",")), progress=lines.append, after_seconds=0)
    # the bar replaces the lines per chunk; it ends full (the file's 27 + 31 + 30 bytes)
    assert lines == ["read 2 rows from calls.csv"]
    assert "reading calls.csv: 100%" in terminal.getvalue()
    assert "88.0/88.0 [" in terminal.getvalue()


def test_no_bar_without_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    quiet = io.StringIO()
    monkeypatch.setattr(sys, "stderr", quiet)
    lines: list[str] = []
    dataio.read_data(write(tmp_path / "calls.csv", csv_text(",")), progress=lines.append, after_seconds=0)
    assert (lines, quiet.getvalue()) == (["read 2 rows of calls.csv (0 MB)", "read 2 rows from calls.csv"], "")
