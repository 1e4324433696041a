"""Data that does not fit the standards: what is an error, what is a warning, and what each says.

An error stops the evaluation (``DataError`` lists them all); a warning is
kept in ``report.problems`` and the evaluation goes on.
"""

from __future__ import annotations

import datetime
import json
import textwrap
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import svcstandards
from svcstandards import DataError, dataio, evaluate
from svcstandards.cli import main
from svcstandards.engines._values import SeenValues

# five calls; the flag `always` is true on every row, so a row is met exactly when in scope
CALLS = pd.DataFrame(
    {
        "channel": pd.Series(["phone", "email", "phone", None, "chat"], dtype=object),
        "priority": [1, 2, 2, 3, 2],
        "code": ["2", "3", "2", "2", "7"],
        "vip": [True, False, True, False, False],
        "always": True,
    }
)


def flag_standard(where: str, *, id_: str = "s") -> str:
    return textwrap.dedent(
        f"""\
          - id: {id_}
            where: {where}
            measure: {{flag: always}}
            floor: 50%
        """
    )


def standards(*entries: str) -> svcstandards.StandardSet:
    body = "".join(textwrap.indent(entry, "  ") for entry in entries)
    return svcstandards.loads("version: 1\nstandards:\n" + body)


def where(text: str) -> svcstandards.StandardSet:
    return standards(flag_standard(text))


def only_problem(caught: pytest.ExceptionInfo[DataError]) -> svcstandards.DataProblem:
    [problem] = caught.value.problems
    return problem


# -- where values that never occur: a close match is an error ------------------------------


@pytest.mark.parametrize(
    ("text", "column", "message", "hint"),
    [
        (
            "{channel: Phone}",
            "channel",
            "'Phone' never occurs in column 'channel'; did you mean 'phone'?",
            "values are compared exactly (case matters): write channel: phone",
        ),
        (
            "{channel: phnoe}",
            "channel",
            "'phnoe' never occurs in column 'channel'; did you mean 'phone'?",
            "values are compared exactly (spelling matters): write channel: phone",
        ),
        (
            # the file says text, the column holds numbers
            "{priority: '2'}",
            "priority",
            "'2' never occurs in column 'priority'; did you mean 2 (a number)?",
            'write priority: 2 (a number), not "2"',
        ),
        (
            # the file says a number, the column holds text
            "{code: 7}",
            "code",
            "7 never occurs in column 'code'; did you mean '7' (text, in quotes)?",
            'write code: "7" (text, in quotes), not 7',
        ),
        (
            "{vip: 'true'}",
            "vip",
            "'true' never occurs in column 'vip'; did you mean true (true/false)?",
            'write vip: true (true/false), not "true"',
        ),
        (
            "{channel: [phone, Chat]}",
            "channel",
            "'Chat' never occurs in column 'channel'; did you mean 'chat'?",
            "values are compared exactly (case matters): write chat in the list of channel",
        ),
        (
            "{channel: {not: Email}}",
            "channel",
            "'Email' never occurs in column 'channel'; did you mean 'email'?",
            "values are compared exactly (case matters): write channel: {not: email}",
        ),
        (
            "{channel: {not: [chat, EMAIL]}}",
            "channel",
            "'EMAIL' never occurs in column 'channel'; did you mean 'email'?",
            "values are compared exactly (case matters): write email in the not: list of channel",
        ),
    ],
)
def test_a_value_with_a_close_match_is_a_data_error(text: str, column: str, message: str, hint: str) -> None:
    with pytest.raises(DataError) as caught:
        evaluate(where(text), CALLS)
    problem = only_problem(caught)
    assert (problem.standard, problem.column, problem.code) == ("s", column, "where_value_unknown")
    assert (problem.message, problem.hint) == (message, hint)


def test_a_date_where_the_column_holds_text_says_to_quote_it() -> None:
    data = pd.DataFrame({"day": ["2026-03-01", "2026-03-02"], "always": True})
    with pytest.raises(DataError) as caught:
        evaluate(where("{day: 2026-03-01}"), data)  # YAML reads an unquoted date as a date
    problem = only_problem(caught)
    assert problem.message == "2026-03-01 never occurs in column 'day'; did you mean '2026-03-01' (text, in quotes)?"
    assert problem.hint == 'write day: "2026-03-01" (text, in quotes), not 2026-03-01'


def test_text_with_spaces_around_it_is_a_near_spelling() -> None:
    data = pd.DataFrame({"queue": ["sales ", "billing"], "always": True})
    with pytest.raises(DataError) as caught:
        evaluate(where("{queue: sales}"), data)
    # 'sales ' must be quoted in the file to keep its space
    assert only_problem(caught).hint == 'values are compared exactly (spelling matters): write queue: "sales "'


def test_every_value_problem_is_reported_at_once_for_each_standard() -> None:
    two = standards(
        flag_standard("{channel: Phone, priority: '3'}", id_="a"),
        flag_standard("{channel: Phone}", id_="b"),
    )
    with pytest.raises(DataError) as caught:
        evaluate(two, CALLS)
    assert [(p.standard, p.column, p.code) for p in caught.value.problems] == [
        ("a", "channel", "where_value_unknown"),
        ("a", "priority", "where_value_unknown"),
        ("b", "channel", "where_value_unknown"),
    ]


def test_target_wheres_and_any_alternatives_are_checked_too() -> None:
    text = """\
    version: 1
    standards:
      - id: reply
        measure: {from: created_at, to: replied_at}
        targets:
          - {where: {any: [{vip: true}, {channel: Chat}]}, within: 1h}
          - {within: 4h}
        floor: 50%
    """
    created = pd.Timestamp("2026-03-02 08:00")
    data = CALLS.assign(created_at=created, replied_at=created + pd.Timedelta(hours=2))
    with pytest.raises(DataError) as caught:
        evaluate(svcstandards.loads(textwrap.dedent(text)), data)
    problem = only_problem(caught)
    assert (problem.standard, problem.column, problem.message) == (
        "reply",
        "channel",
        "'Chat' never occurs in column 'channel'; did you mean 'chat'?",
    )


# -- a value never seen, with nothing close: a warning ----------------------------------------


def test_a_value_never_seen_is_a_warning_and_the_evaluation_goes_on() -> None:
    report = evaluate(where("{channel: [phone, fax]}"), CALLS)
    # phone, phone: 2 rows in scope, both met
    assert report.to_frame()[["n", "met"]].values.tolist() == [[2, 2]]
    [warning] = report.problems
    assert (warning.standard, warning.column, warning.code) == ("s", "channel", "where_value_unseen")
    assert warning.message == "'fax' never occurs in column 'channel'; no row matches it"
    # most frequent first: phone twice, then email and chat once each (in order of appearance)
    assert warning.hint == "check the value; the most frequent values are 'phone', 'email', 'chat'"


def test_a_not_value_never_seen_excludes_nothing() -> None:
    report = evaluate(where("{channel: {not: fax}}"), CALLS)
    assert report.to_frame()["n"].tolist() == [5]
    [warning] = report.problems
    assert warning.message == "'fax' never occurs in column 'channel'; not: excludes no row"


def test_a_number_never_seen_is_only_a_warning() -> None:
    report = evaluate(where("{priority: 9}"), CALLS)
    [warning] = report.problems
    assert warning.code == "where_value_unseen"
    assert warning.hint == "check the value; the most frequent values are 2, 1, 3"


def test_more_than_five_values_end_with_dots() -> None:
    data = pd.DataFrame({"queue": list("abcdefg"), "always": True})
    [warning] = evaluate(where("{queue: zzz}"), data).problems
    assert warning.hint == "check the value; the most frequent values are 'a', 'b', 'c', 'd', 'e', ..."


@pytest.mark.parametrize(
    "text",
    [
        "{priority: 2.0}",  # 2 == 2.0
        "{priority: [1, 3]}",
        "{vip: false}",
        "{channel: {gt: zzz}}",  # comparisons are not checked for occurrence
        "{priority: {ge: 10}}",
        "{channel: {present: true}}",
    ],
)
def test_values_that_occur_and_comparisons_raise_no_problem(text: str) -> None:
    assert evaluate(where(text), CALLS).problems == ()


def test_a_column_without_values_is_not_checked() -> None:
    data = pd.DataFrame({"channel": [None, None], "always": True})
    report = evaluate(where("{channel: Phone}"), data)
    assert (report.problems, report.to_frame()["n"].tolist()) == ((), [0])


def test_categorical_columns_count_only_the_values_that_occur() -> None:
    channel = pd.Categorical(["phone", "chat"], categories=["phone", "chat", "email"])
    data = pd.DataFrame({"channel": channel, "always": True})
    # 'email' is a category, but no row has it
    [warning] = evaluate(where("{channel: email}"), data).problems
    assert (warning.code, warning.hint) == (
        "where_value_unseen",
        "check the value; the most frequent values are 'phone', 'chat'",
    )
    with pytest.raises(DataError) as caught:
        evaluate(where("{channel: Chat}"), data)
    assert only_problem(caught).code == "where_value_unknown"


@pytest.mark.parametrize("dtype", ["string", "str", "string[pyarrow]"])
def test_string_dtypes_are_checked_like_text(dtype: str) -> None:
    pytest.importorskip("pyarrow")
    data = pd.DataFrame({"channel": pd.Series(["phone", None, "chat"], dtype=dtype), "always": True})
    assert evaluate(where("{channel: chat}"), data).problems == ()
    with pytest.raises(DataError) as caught:
        evaluate(where("{channel: Chat}"), data)
    assert only_problem(caught).hint == "values are compared exactly (case matters): write channel: chat"


def test_nullable_integers_and_floats_with_missing_values() -> None:
    data = pd.DataFrame(
        {
            "priority": pd.Series([1, None, 2], dtype="Int64"),
            "score": [1.5, np.nan, 2.0],
            "always": True,
        }
    )
    assert evaluate(where("{priority: 2, score: 2}"), data).problems == ()
    with pytest.raises(DataError) as caught:
        evaluate(where("{score: '1.5'}"), data)
    assert only_problem(caught).hint == 'write score: 1.5 (a number), not "1.5"'


def test_timestamps_are_compared_as_instants_and_never_closely() -> None:
    data = pd.DataFrame({"created_at": pd.to_datetime(["2026-03-02 10:00", "2026-03-02 11:00"]), "always": True})
    assert evaluate(where("{created_at: '2026-03-02 10:00'}"), data).problems == ()
    [warning] = evaluate(where("{created_at: 2026-03-02}"), data).problems
    assert (warning.code, warning.message, warning.hint) == (
        "where_value_unseen",
        "2026-03-02 never occurs in column 'created_at'; no row matches it",
        "no row has exactly this time; for a range write created_at: {ge: ..., lt: ...}",
    )


def test_the_distinct_values_of_a_column_are_computed_once_per_evaluation(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    original = SeenValues.of.__func__  # type: ignore[attr-defined]

    def counted(cls: type[SeenValues], series: pd.Series) -> SeenValues:
        calls.append(str(series.name))
        return original(cls, series)  # type: ignore[no-any-return]

    monkeypatch.setattr(SeenValues, "of", classmethod(counted))
    three = standards(
        flag_standard("{channel: phone}", id_="a"),
        flag_standard("{channel: [chat, fax]}", id_="b"),
        flag_standard("{channel: {not: email}, priority: 2}", id_="c"),
    )
    report = evaluate(three, CALLS)
    # channel once for the three standards; priority: 2 matches rows, so its distinct values are not needed
    assert calls == ["channel"]
    assert [(p.standard, p.code) for p in report.problems] == [("b", "where_value_unseen")]


# -- timestamp columns: the bad values, where they are, once per column -----------------------

DURATIONS = """\
version: 1
standards:
  - id: calls-20s
    measure: {from: offered_at, to: answered_at}
    within: 20s
    floor: 80%
  - id: calls-2m
    measure: {from: offered_at, to: answered_at}
    within: 2m
    floor: 80%
"""


def durations(answered: list[object], offered: object = "2026-03-02T09:00:00") -> pd.DataFrame:
    return pd.DataFrame({"offered_at": [offered] * len(answered), "answered_at": answered})


def test_unreadable_timestamps_are_named_with_their_rows_once_for_all_standards() -> None:
    answered = ["2026-03-02T09:00:10", "yesterday", None, "12/03/2026", "n/a", "soon", "2026-03-02 09:01"]
    with pytest.raises(DataError) as caught:
        evaluate(svcstandards.loads(DURATIONS), durations(answered))
    problem = only_problem(caught)
    assert (problem.standard, problem.column, problem.code) == ("", "answered_at", "timestamp_type")
    # 6 values present, 4 unreadable at rows 1, 3, 4, 5: the first three are quoted
    assert problem.message == (
        "used by calls-20s, calls-2m: expected timestamps; 4 of 6 values are not ISO 8601 date-times: "
        "'yesterday' (row 1), '12/03/2026' (row 3), 'n/a' (row 4), ..."
    )
    assert problem.hint.startswith("use datetime64 columns or ISO 8601 text such as 2026-03-02T09:15:00")


def test_one_standard_keeps_its_id_and_one_bad_value_is_said_in_the_singular() -> None:
    one = svcstandards.loads(DURATIONS.split("  - id: calls-2m")[0])
    with pytest.raises(DataError) as caught:
        evaluate(one, durations(["2026-03-02T09:00:10", "later"]))
    problem = only_problem(caught)
    assert (problem.standard, problem.message) == (
        "calls-20s",
        "expected timestamps; 1 of 2 values is not an ISO 8601 date-time: 'later' (row 1)",
    )


@pytest.mark.parametrize("far", ["2300-01-01T00:00:00", "1500-06-30 12:00", "2262-04-12T00:00:00+00:00"])
def test_iso_text_outside_the_nanosecond_range_says_so(far: str) -> None:
    with pytest.raises(DataError) as caught:
        evaluate(svcstandards.loads(DURATIONS), durations(["2026-03-02T09:00:10", far]))
    problem = only_problem(caught)
    assert problem.code == "timestamp_range"
    assert problem.message == (
        "used by calls-20s, calls-2m: expected timestamps; "
        f"1 of 2 values is out of the supported range 1678-01-01..2261-12-31: '{far}' (row 1)"
    )
    assert "not ISO" not in str(caught.value)
    assert problem.hint == (
        "pandas holds timestamps from 1677-09-21..2262-04-11, and the periods around each one must fit too; "
        "fix the year, or leave the value blank if it means 'not yet'"
    )


@pytest.mark.parametrize("unit", ["s", "us", "ms"])
def test_datetime_columns_with_times_outside_the_nanosecond_range(unit: str) -> None:
    answered = pd.Series(np.array(["2026-03-02T09:00:10", "2300-01-01T00:00:00"], dtype=f"datetime64[{unit}]"))
    offered = pd.Series(np.array(["2026-03-02T09:00:00"] * 2, dtype=f"datetime64[{unit}]"))
    with pytest.raises(DataError) as caught:
        evaluate(svcstandards.loads(DURATIONS), pd.DataFrame({"offered_at": offered, "answered_at": answered}))
    problem = only_problem(caught)
    assert (problem.column, problem.code) == ("answered_at", "timestamp_range")
    assert problem.message.endswith(
        "1 of 2 values is out of the supported range 1678-01-01..2261-12-31: 2300-01-01 00:00:00 (row 1)"
    )


def test_an_aware_column_outside_the_range_too() -> None:
    answered = pd.Series(np.array(["2026-03-02T09:00:10", "1600-01-01"], dtype="datetime64[s]")).dt.tz_localize("UTC")
    offered = pd.Series(pd.to_datetime(["2026-03-02T09:00:00"] * 2)).dt.tz_localize("UTC")
    with pytest.raises(DataError) as caught:
        evaluate(svcstandards.loads(DURATIONS), pd.DataFrame({"offered_at": offered, "answered_at": answered}))
    assert only_problem(caught).code == "timestamp_range"


def test_both_kinds_of_bad_values_in_one_message() -> None:
    with pytest.raises(DataError) as caught:
        evaluate(svcstandards.loads(DURATIONS), durations(["oops", "2300-01-01"]))
    problem = only_problem(caught)
    assert problem.code == "timestamp_type"
    assert problem.message == (
        "used by calls-20s, calls-2m: expected timestamps; 1 of 2 values is not an ISO 8601 date-time: 'oops' (row 0); "
        "1 of 2 values is out of the supported range 1678-01-01..2261-12-31: '2300-01-01' (row 1)"
    )


def test_text_pandas_reads_as_missing_is_missing_not_bad() -> None:
    report = evaluate(svcstandards.loads(DURATIONS), durations(["2026-03-02T09:00:10", "", "NaT", "nan"]))
    # one answered within 20 s; three open calls, pending at the latest time (09:00:10)
    assert report.counts()[["met", "pending"]].values.tolist() == [[1, 3], [1, 3]]


def test_rows_of_a_csv_file_are_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text(
        "offered_at,answered_at\n"  # line 1
        "2026-03-02T09:00:00,2026-03-02T09:00:10\n"  # line 2 (row 0)
        "2026-03-02T09:00:00,yesterday\n"  # line 3 (row 1)
        "2026-03-02T09:00:00,2026-03-02T09:00:20\n",  # line 4
        encoding="utf-8",
    )
    data = dataio.read_data(path)
    with pytest.raises(DataError) as caught:
        evaluate(svcstandards.loads(DURATIONS), data)
    assert only_problem(caught).message.endswith("'yesterday' (line 3)")
    # a frame that is no longer the file's rows falls back to row positions
    with pytest.raises(DataError) as caught:
        evaluate(svcstandards.loads(DURATIONS), data.iloc[1:])
    assert only_problem(caught).message.endswith("'yesterday' (row 0)")


def write_workbook(path: Path, sheets: dict[str, list[list[str]]]) -> None:
    """A minimal .xlsx of text cells: with openpyxl when it is installed, else its few XML parts by hand."""
    try:
        import openpyxl
    except ImportError:
        openpyxl = None
    if openpyxl is not None:
        book = openpyxl.Workbook()
        book.remove(book.active)
        for name, rows in sheets.items():
            sheet = book.create_sheet(name)
            for row in rows:
                sheet.append(row)
        book.save(path)
        return
    main_ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006"
    kinds = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    names = list(sheets)
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{package}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{kinds}.sheet.main+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{kinds}.worksheet+xml"/>'
            for i in range(1, len(names) + 1)
        )
        + "</Types>",
        "_rels/.rels": f'<Relationships xmlns="{package}/relationships">'
        f'<Relationship Id="rId1" Type="{rel_ns}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook {main_ns} xmlns:r="{rel_ns}"><sheets>'
        + "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, 1))
        + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{package}/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{rel_ns}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(names) + 1)
        )
        + "</Relationships>",
    }
    for i, rows in enumerate(sheets.values(), 1):
        cells = "".join(
            f'<row r="{r}">'
            + "".join(f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{v}</t></is></c>' for c, v in enumerate(row))
            + "</row>"
            for r, row in enumerate(rows, 1)
        )
        parts[f"xl/worksheets/sheet{i}.xml"] = f"<worksheet {main_ns}><sheetData>{cells}</sheetData></worksheet>"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + text)


def test_rows_of_an_excel_sheet_are_named_as_the_spreadsheet_numbers_them(tmp_path: Path) -> None:
    pytest.importorskip("python_calamine", reason="needs the excel extra: pip install 'svcstandards[excel]'")
    path = tmp_path / "calls.xlsx"
    rows = [
        ["offered_at", "answered_at"],  # sheet row 1: the header
        ["2026-03-02T09:00:00", "2026-03-02T09:00:10"],  # sheet row 2 (row 0)
        ["2026-03-02T09:00:00", "yesterday"],  # sheet row 3 (row 1)
        ["2026-03-02T09:00:00", "2026-03-02T09:00:20"],  # sheet row 4
    ]
    write_workbook(path, {"Notes": [["nothing here"]], "March calls": rows})
    data = dataio.read_data(path, sheet="March calls")
    with pytest.raises(DataError) as caught:
        evaluate(svcstandards.loads(DURATIONS), data)
    assert only_problem(caught).message.endswith("'yesterday' (row 3 of sheet March calls)")


def test_the_command_line_names_the_sheet_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("python_calamine", reason="needs the excel extra: pip install 'svcstandards[excel]'")
    (tmp_path / "standards.yaml").write_text(DURATIONS, encoding="utf-8")
    rows = [["offered_at", "answered_at"], ["2026-03-02T09:00:00", "soon"]]
    write_workbook(tmp_path / "calls.xlsx", {"Calls": rows})
    code = main(["evaluate", str(tmp_path / "standards.yaml"), str(tmp_path / "calls.xlsx")])
    err = capsys.readouterr().err
    assert code == 2
    assert "'soon' (row 2 of sheet Calls)" in err
    assert "line" not in err


def test_rows_of_a_json_lines_file_are_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "calls.jsonl"
    rows = [("2026-03-02T09:00:00", "2026-03-02T09:00:10"), ("2026-03-02T09:00:00", "later")]
    path.write_text("".join(json.dumps({"offered_at": a, "answered_at": b}) + "\n" for a, b in rows))
    with pytest.raises(DataError) as caught:
        evaluate(svcstandards.loads(DURATIONS), dataio.read_data(path))
    assert only_problem(caught).message.endswith("'later' (line 2)")


@pytest.mark.parametrize(
    "as_of", ["2300-01-01", "1500-01-01T00:00:00", datetime.date(3000, 1, 1), pd.Timestamp("1600-01-01")]
)
def test_as_of_outside_the_range_is_a_data_error_naming_the_argument(as_of: object) -> None:
    data = durations(["2026-03-02T09:00:10"])
    with pytest.raises(DataError) as caught:
        evaluate(svcstandards.loads(DURATIONS), data, as_of=as_of)
    problem = only_problem(caught)
    assert (problem.standard, problem.column, problem.code) == ("", "", "as_of_range")
    assert problem.message.startswith("argument as_of: ")
    assert problem.message.endswith(" is out of the supported range 1677-09-21..2262-04-11")


def test_an_unreadable_as_of_is_still_a_value_error() -> None:
    with pytest.raises(ValueError, match="as_of must be a timestamp") as caught:
        evaluate(svcstandards.loads(DURATIONS), durations(["2026-03-02T09:00:10"]), as_of="soon")
    assert not isinstance(caught.value, DataError)


def test_a_where_time_outside_the_range_is_a_data_error() -> None:
    data = pd.DataFrame({"created_at": pd.to_datetime(["2026-03-02 10:00"]), "always": True})
    with pytest.raises(DataError) as caught:
        evaluate(where("{created_at: {gt: 2300-01-01}}"), data)
    problem = only_problem(caught)
    assert (problem.code, problem.message, problem.hint) == (
        "where_value",
        "cannot compare timestamps with datetime.date(2300, 1, 1) (outside 1677-09-21..2262-04-11)",
        "write a date or date-time from 1677-09-21..2262-04-11",
    )


# -- columns that are not one column, values that are not single values -----------------------


def test_a_column_name_used_twice_is_a_data_error() -> None:
    stamp = pd.Timestamp("2026-03-02 09:00")
    data = pd.DataFrame([[stamp, stamp, stamp]], columns=["offered_at", "answered_at", "answered_at"])
    with pytest.raises(DataError) as caught:
        evaluate(svcstandards.loads(DURATIONS), data)
    problem = only_problem(caught)
    assert (problem.standard, problem.column, problem.code) == ("", "answered_at", "column_duplicate")
    assert problem.message == "used by calls-20s, calls-2m: the data has 2 columns named 'answered_at'"
    assert problem.hint == "give each column its own name, or keep the first: data.loc[:, ~data.columns.duplicated()]"


def test_a_name_that_is_a_group_of_columns_is_a_data_error() -> None:
    stamps = pd.to_datetime(["2026-03-02 09:00"])
    data = pd.DataFrame({("offered_at", ""): stamps, ("answered_at", "first"): stamps, ("answered_at", "last"): stamps})
    with pytest.raises(DataError) as caught:
        evaluate(svcstandards.loads(DURATIONS.split("  - id: calls-2m")[0]), data)
    # ('offered_at', '') is read as the column itself: pandas drops a blank lower level
    problem = only_problem(caught)
    assert (problem.standard, problem.column, problem.code) == ("calls-20s", "answered_at", "column_not_single")
    assert problem.message == (
        "'answered_at' names a group of 2 columns (the column names have several levels), not one column"
    )


UNHASHABLE_HINT = (
    "give the column single values: text (df[col].astype(str)), one element (df[col].str[0]) "
    "or one row per element (df.explode(col))"
)


def test_lists_in_a_by_column_are_a_data_error() -> None:
    data = pd.DataFrame({"tags": [["a"], ["b", "c"], None], "always": True})
    text = "version: 1\nstandards:\n  - id: s\n    measure: {flag: always}\n    floor: 50%\n    by: tags\n"
    with pytest.raises(DataError) as caught:
        evaluate(svcstandards.loads(text), data)
    problem = only_problem(caught)
    assert (problem.standard, problem.column, problem.code) == ("s", "tags", "unhashable_values")
    assert problem.message == "holds lists, dicts or other values that cannot be matched or grouped as a whole"
    assert problem.hint == UNHASHABLE_HINT


def test_dicts_in_a_where_column_are_a_data_error() -> None:
    data = pd.DataFrame({"meta": [{"a": 1}, {"b": 2}], "always": True})
    with pytest.raises(DataError) as caught:
        evaluate(where("{meta: a}"), data)
    problem = only_problem(caught)
    assert (problem.standard, problem.column, problem.code) == ("s", "meta", "unhashable_values")


# -- naive and aware timestamps in one duration -------------------------------------------------

PARIS = """\
version: 1
timezone: Europe/Paris
standards:
  - id: reply
    measure: {from: created_at, to: replied_at}
    within: 1h
    floor: 50%
"""


def test_a_naive_start_and_an_aware_end_is_a_warning() -> None:
    data = pd.DataFrame(
        {
            "created_at": pd.to_datetime(["2026-03-02 09:00"]),  # 09:00 Paris = 08:00 UTC
            "replied_at": pd.to_datetime(["2026-03-02 08:30"]).tz_localize("UTC"),
        }
    )
    report = evaluate(svcstandards.loads(PARIS), data)
    # read as Paris time the reply took 30 minutes: met
    assert report.counts()["met"].tolist() == [1]
    [warning] = report.problems
    assert (warning.standard, warning.column, warning.code) == ("reply", "created_at", "mixed_timezones")
    assert warning.message == (
        "'created_at' has no time zone (it is read as wall-clock time in Europe/Paris) but 'replied_at' has one; "
        "if 'created_at' really holds times of another zone (UTC, say), every duration is off by the difference "
        "between the zones"
    )
    assert warning.hint == (
        "give both columns a time zone, e.g. df['created_at'].dt.tz_localize('UTC'), or remove it from both"
    )


def test_aware_text_and_naive_text_in_different_columns_is_a_warning_too() -> None:
    data = pd.DataFrame({"created_at": ["2026-03-02T08:00:00Z"], "replied_at": ["2026-03-02T09:30:00"]})
    [warning] = evaluate(svcstandards.loads(PARIS), data).problems
    assert (warning.column, warning.code) == ("replied_at", "mixed_timezones")


@pytest.mark.parametrize(
    ("created", "replied"),
    [
        (["2026-03-02T09:00:00"], ["2026-03-02T09:30:00"]),  # both naive
        (["2026-03-02T08:00:00Z"], ["2026-03-02T09:30:00+01:00"]),  # both aware
        # naive and aware text within one column is fine (each value as written)
        (["2026-03-02T09:00:00", "2026-03-02T08:00:00Z"], ["2026-03-02T08:30:00Z", "2026-03-02T09:30:00"]),
        (["2026-03-02T09:00:00"], [None]),  # nothing to compare with
    ],
)
def test_no_warning_when_the_zones_agree_or_mix_within_a_column(created: list[str], replied: list[str]) -> None:
    data = pd.DataFrame({"created_at": created, "replied_at": replied})
    assert evaluate(svcstandards.loads(PARIS), data).problems == ()


# -- the command line -------------------------------------------------------------------------

VALUES_FILE = """\
version: 1
standards:
  - id: calls-20s
    where: {channel: Phone}
    measure: {from: offered_at, to: answered_at}
    within: 20s
    floor: 80%
  - id: reply
    measure: {from: offered_at, to: answered_at}
    targets:
      - {where: {priority: "2", queue: [sales, fax]}, within: 1h}
      - {within: 4h}
    floor: 50%
"""

VALUES_DATA = (
    "offered_at,answered_at,channel,priority,queue\n"
    "2026-03-02T09:00:00,2026-03-02T09:00:10,phone,2,sales\n"
    "2026-03-02T09:00:00,2026-03-02T09:00:30,email,1,billing\n"
    "2026-03-02T09:05:00,2026-03-02T09:05:30,email,1,billing\n"
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_checks_where_values_against_the_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "calls.yaml", VALUES_FILE)
    write(tmp_path / "calls.csv", VALUES_DATA)
    assert main(["validate", "calls.yaml", "--columns", "calls.csv"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "calls.yaml:4:22: standards[0].where.channel: 'Phone' never occurs in column 'channel'; did you mean 'phone'?"
        " (values are compared exactly (case matters): write channel: phone)",
        "calls.yaml:11:28: standards[1].targets[0].where.priority: '2' never occurs in column 'priority';"
        ' did you mean 2 (a number)? (write priority: 2 (a number), not "2")',
        "calls.yaml:11:48: warning: standards[1].targets[0].where.queue[1]: 'fax' never occurs in column 'queue';"
        " no row matches it (check the value; the most frequent values are 'billing', 'sales')",
    ]
    assert err == "values checked against all 3 rows of calls.csv\n1 file checked: 2 problems in 1, 1 warning\n"


def test_validate_warnings_alone_keep_the_file_valid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "calls.yaml", VALUES_FILE.replace("Phone", "phone").replace('"2"', "2"))
    write(tmp_path / "calls.csv", VALUES_DATA)
    assert main(["validate", "calls.yaml", "--columns", "calls.csv", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["valid"] is True
    [warning] = document["files"][0]["problems"]
    assert (warning["line"], warning["column"], warning["code"], warning["severity"]) == (
        11,
        46,
        "where_value_unseen",
        "warning",
    )
    assert document["values_checked"] == {
        "file": "calls.csv",
        "rows": 3,
        "all_rows": True,
        "note": "values checked against all 3 rows of calls.csv",
    }
    assert main(["validate", "calls.yaml", "--columns", "calls.csv", "--format", "github"]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith("::warning file=calls.yaml,line=11,col=46,title=svcstandards where_value_unseen::")


def test_validate_reads_only_the_first_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(dataio, "SAMPLE_ROWS", 2)
    write(tmp_path / "calls.yaml", VALUES_FILE.replace("Phone", "phone").replace('"2"', "2"))
    # 'fax' is on line 4, the third row: past the first 2 rows, so still never seen
    write(tmp_path / "calls.csv", VALUES_DATA.removesuffix("billing\n") + "fax\n")
    assert main(["validate", "calls.yaml", "--columns", "calls.csv"]) == 0
    _, err = capsys.readouterr()
    assert err.splitlines()[0] == "values checked against the first 2 rows of calls.csv"


def test_validate_skips_value_checks_for_event_logs(tmp_path: Path) -> None:
    from svcstandards.validation import value_problems

    text = """\
    version: 1
    events: {id: ticket, time: at, type: event}
    standards:
      - id: s
        where: {channel: Phone}
        measure: {from: created, to: replied}
        within: 1h
        floor: 50%
    """
    log = pd.DataFrame({"ticket": [1], "at": ["2026-03-02T09:00"], "event": ["created"], "channel": ["phone"]})
    assert value_problems(svcstandards.loads(textwrap.dedent(text)), log) == []


def test_read_sample_says_whether_it_read_everything(tmp_path: Path) -> None:
    path = write(tmp_path / "calls.csv", VALUES_DATA)
    sample, whole = dataio.read_sample(path, rows=2)
    assert (len(sample), whole, sample["queue"].tolist()) == (2, False, ["sales", "billing"])
    sample, whole = dataio.read_sample(path, rows=3)
    assert (len(sample), whole) == (3, True)


def test_read_sample_of_parquet_across_row_groups(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "calls.parquet"
    pq.write_table(pa.table({"n": list(range(10))}), path, row_group_size=3)
    sample, whole = dataio.read_sample(path, rows=7)
    assert (sample["n"].tolist(), whole) == (list(range(7)), False)
    sample, whole = dataio.read_sample(path, rows=10)
    assert (len(sample), whole) == (10, True)


def test_evaluate_prints_each_warning_on_standard_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "calls.yaml", VALUES_FILE.replace("Phone", "phone").replace('"2"', "2"))
    write(tmp_path / "calls.csv", VALUES_DATA)
    main(["evaluate", "calls.yaml", "calls.csv", "--format", "json"])
    out, err = capsys.readouterr()
    assert err == (
        "svcstandards: warning: standard 'reply': column 'queue': 'fax' never occurs in column 'queue'; "
        "no row matches it (Hint: check the value; the most frequent values are 'billing', 'sales')\n"
    )
    assert [p["code"] for p in json.loads(out)["problems"]] == ["where_value_unseen"]


def test_junit_output_carries_the_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "calls.yaml", VALUES_FILE.replace("Phone", "phone").replace('"2"', "2"))
    write(tmp_path / "calls.csv", VALUES_DATA)
    main(["evaluate", "calls.yaml", "calls.csv", "--format", "junit"])
    suite = ET.fromstring(capsys.readouterr().out)
    assert suite.findtext("system-err", "").startswith("warning: standard 'reply': column 'queue': 'fax' never")
