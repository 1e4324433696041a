"""The report: its table, its verdict, the rows behind the numbers and its documents."""

from __future__ import annotations

import copy
import json
import textwrap
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

import svcstandards
from svcstandards import Report, evaluate

RESULT_COLUMNS = [
    "n",
    "met",
    "missed",
    "pending",
    "excluded",
    "invalid",
    "share",
    "value",
    "floor",
    "ceiling",
    "limit",
    "status",
    "budget",
    "share_low",
    "share_high",
]
T0 = pd.Timestamp("2026-03-02 09:00:00")  # a Monday
SECOND = pd.Timedelta(seconds=1)

# line numbers matter: `line` in the JSON document points at each standard's `- id:`
STANDARDS = """\
version: 1
name: Phone team
timezone: Europe/Ljubljana
time: offered_at
measures:
  time_to_answer: {from: offered_at, to: answered_at, abandoned: abandoned_at}
standards:
  - id: answered-20s
    title: 80% of calls answered within 20 seconds
    measure: time_to_answer
    within: 20s
    floor: 80%
  - id: abandon-rate
    measure: {flag: abandoned}
    ceiling: {fail: 50%, warn: 20%}
  - id: asa
    measure: time_to_answer
    mean: {at_most: 30s}
  - id: csat
    measure: {column: csat}
    at_least: 4
    floor: 50%
    min_volume: 5
"""
LINES = {"answered-20s": 8, "abandon-rate": 13, "asa": 16, "csat": 19}


def phone_calls() -> pd.DataFrame:
    """Six calls offered a minute apart from T0 (09:00 in Ljubljana)."""
    offered = [T0 + pd.Timedelta(minutes=i) for i in range(6)]
    answered = [10, 30, 15, None, None, 45]
    abandoned = [None, None, None, 25, None, None]
    return pd.DataFrame(
        {
            "call": ["c1", "c2", "c3", "c4", "c5", "c6"],
            "offered_at": offered,
            "answered_at": [pd.NaT if s is None else o + s * SECOND for o, s in zip(offered, answered, strict=True)],
            "abandoned_at": [pd.NaT if s is None else o + s * SECOND for o, s in zip(offered, abandoned, strict=True)],
            "abandoned": [False, False, False, True, False, False],
            "csat": [5, 2, 4, np.nan, np.nan, 3],
        },
        index=pd.Index([101, 102, 103, 104, 105, 106], name="row"),
    )


def phone_report(**kwargs: object) -> Report:
    return evaluate(
        svcstandards.loads(STANDARDS), phone_calls(), as_of=kwargs.pop("as_of", "2026-03-02 09:05:50"), **kwargs
    )


# By hand, with as_of 09:05:50:
#   answered-20s: c1 10 s met, c2 30 s missed, c3 15 s met, c4 abandoned missed, c5 open 110 s
#     missed, c6 45 s missed: n 6, met 2, share 1/3 < 80%: fail; budget floor(6 x 0.2) - 4 = -3
#   abandon-rate: 1 of 6 flagged = 16.7%: at most 20%: pass; budget floor(6 x 0.5) - 1 = 2
#   asa: answered 10, 30, 15, 45: mean 25 s <= 30 s: pass; c4 excluded, c5 pending
#   csat: 5 met, 2 missed, 4 met, 3 missed: n 4 < min_volume 5: insufficient


def test_the_worked_numbers() -> None:
    table = phone_report().to_frame().set_index("standard")
    assert table.loc["answered-20s", ["n", "met", "missed", "status", "budget"]].tolist() == [6, 2, 4, "fail", -3]
    assert table.loc["abandon-rate", ["n", "met", "missed", "status", "budget"]].tolist() == [6, 1, 5, "pass", 2]
    assert table.loc["asa", ["n", "pending", "excluded", "value", "status"]].tolist() == [4, 1, 1, 25.0, "pass"]
    assert table.loc["csat", ["n", "met", "status"]].tolist() == [4, 2, "insufficient"]


def test_to_frame_has_the_format_columns_in_order() -> None:
    assert list(phone_report().to_frame().columns) == ["standard", *RESULT_COLUMNS]
    by_period = phone_report(by=["call"], period="day").to_frame()
    assert list(by_period.columns) == ["standard", "call", "period", *RESULT_COLUMNS]
    two = evaluate(
        svcstandards.loads(
            textwrap.dedent(
                """
                version: 1
                standards:
                  - id: a
                    measure: {flag: abandoned}
                    ceiling: 5%
                    by: [queue]
                  - id: b
                    measure: {flag: abandoned}
                    ceiling: 5%
                    by: [channel, queue]
                """
            )
        ),
        pd.DataFrame({"abandoned": [True, False], "queue": ["x", "y"], "channel": ["phone", "chat"]}),
    ).to_frame()
    assert list(two.columns) == ["standard", "queue", "channel", *RESULT_COLUMNS]
    assert two["channel"].isna().tolist() == [True, True, False, False]


def test_to_frame_types() -> None:
    table = phone_report().to_frame()
    for column in ("n", "met", "missed", "pending", "excluded", "invalid"):
        assert table[column].dtype == np.int64, column
    assert str(table["budget"].dtype) == "Int64"
    for column in ("share", "value", "floor", "ceiling", "limit", "share_low", "share_high"):
        assert table[column].dtype == np.float64, column


def test_passed_and_failures() -> None:
    report = phone_report()
    assert not report.passed
    assert report.failures()["standard"].tolist() == ["answered-20s"]
    assert list(report.failures().columns) == list(report.to_frame().columns)
    # 2 of 6 abandoned would be 33%: over the 20% warning, within the 50% ceiling
    calls = phone_calls()
    calls.loc[101, "abandoned"] = True
    warned = evaluate(svcstandards.loads(STANDARDS), calls, as_of="2026-03-02 09:05:50")
    assert warned.failures()["standard"].tolist() == ["answered-20s"]
    assert warned.failures(include_warn=True)["standard"].tolist() == ["answered-20s", "abandon-rate"]
    # nothing fails once the service level is dropped
    rest = evaluate(svcstandards.loads(STANDARDS).select("abandon-rate", "asa", "csat"), calls)
    assert rest.passed
    assert rest.failures().empty
    assert rest.failures(include_warn=True)["standard"].tolist() == ["abandon-rate"]


def test_counts_add_up_to_the_rows_for_every_standard() -> None:
    counts = phone_report().counts()
    assert list(counts.columns) == ["standard", "met", "missed", "pending", "excluded", "invalid", "out_of_scope"]
    assert counts.set_index("standard").sum(axis=1).tolist() == [6, 6, 6, 6]
    assert counts.to_dict("records")[3] == {
        "standard": "csat",
        "met": 2,
        "missed": 2,
        "pending": 0,
        "excluded": 0,
        "invalid": 0,
        "out_of_scope": 2,
    }


# -- breaches -------------------------------------------------------------------------


def test_breaches_are_the_missed_input_rows_with_measured_target_over_and_deadline() -> None:
    report = phone_report()
    misses = report.breaches("answered-20s")
    calls = phone_calls()
    assert list(misses.index) == [102, 104, 105, 106]
    assert list(misses.columns) == [*calls.columns, "outcome", "measured", "target", "over", "deadline"]
    pd.testing.assert_frame_equal(misses[list(calls.columns)], calls.loc[[102, 104, 105, 106]])
    assert misses["outcome"].tolist() == ["missed"] * 4
    # c2 answered after 30 s; c4 gave up after 25 s; c5 open since 09:04, 110 s at as_of; c6 45 s
    assert misses["measured"].tolist() == [pd.Timedelta(seconds=s) for s in (30, 25, 110, 45)]
    assert misses["target"].tolist() == [pd.Timedelta(seconds=20)] * 4
    assert misses["over"].tolist() == [pd.Timedelta(seconds=s) for s in (10, 5, 90, 25)]
    # the deadline is the start plus the target, in the file's time zone
    expected = [pd.Timestamp(f"2026-03-02 09:0{minute}:20", tz="Europe/Ljubljana") for minute in (1, 3, 4, 5)]
    assert misses["deadline"].tolist() == expected
    assert str(misses["deadline"].dt.tz) == "Europe/Ljubljana"


def test_breaches_of_other_outcomes() -> None:
    report = phone_report(as_of="2026-03-02 09:04:10")
    # at 09:04:10 call 5 has waited 10 s: pending (call 6 has an answer: it is not open)
    pending = report.breaches("answered-20s", outcome="pending")
    assert list(pending.index) == [105]
    assert pending["measured"].tolist() == [pd.Timedelta(seconds=10)]
    assert pending["deadline"].tolist() == [pd.Timestamp("2026-03-02 09:04:20", tz="Europe/Ljubljana")]
    met = report.breaches("answered-20s", ["met"])
    assert list(met.index) == [101, 103]
    assert met["over"].tolist() == [pd.Timedelta(seconds=-10), pd.Timedelta(seconds=-5)]
    both = report.breaches("answered-20s", ["met", "missed"])
    assert list(both.index) == [101, 102, 103, 104, 106]
    assert both["outcome"].tolist() == ["met", "missed", "met", "missed", "missed"]
    assert report.breaches("asa", "excluded").index.tolist() == [104]


def test_breaches_of_a_value_standard_are_plain_numbers() -> None:
    report = phone_report()
    misses = report.breaches("csat")
    assert list(misses.index) == [102, 106]
    assert misses["measured"].tolist() == [2.0, 3.0]
    assert misses["target"].tolist() == [4.0, 4.0]
    # an at_least shortfall is shown as a positive amount under the target
    assert misses["over"].tolist() == [2.0, 1.0]
    assert "deadline" not in misses.columns


def test_a_band_breach_names_the_bound_it_crossed() -> None:
    standards = svcstandards.loads(
        textwrap.dedent(
            """
            version: 1
            standards:
              - id: band
                measure: {column: score}
                at_least: 2
                at_most: 4
                floor: 50%
            """
        )
    )
    misses = evaluate(standards, pd.DataFrame({"score": [1.0, 3.0, 6.0]})).breaches("band")
    # 1 is 1 short of at_least 2; 6 is 2 over at_most 4
    assert misses["target"].tolist() == [2.0, 4.0]
    assert misses["over"].tolist() == [1.0, 2.0]


def test_breaches_with_targets_show_the_target_that_applied() -> None:
    standards = svcstandards.loads(
        textwrap.dedent(
            """
            version: 1
            standards:
              - id: reply
                measure: {from: created_at, to: replied_at}
                targets:
                  - {where: {priority: urgent}, within: 1h}
                  - {within: 4h}
                floor: 90%
            """
        )
    )
    created = pd.Timestamp("2026-03-02 08:00")
    data = pd.DataFrame(
        {
            "priority": ["urgent", "normal"],
            "created_at": [created, created],
            "replied_at": [created + pd.Timedelta(hours=2), created + pd.Timedelta(hours=5)],
        }
    )
    misses = evaluate(standards, data).breaches("reply")
    assert misses["target"].tolist() == [pd.Timedelta(hours=1), pd.Timedelta(hours=4)]
    assert misses["over"].tolist() == [pd.Timedelta(hours=1), pd.Timedelta(hours=1)]
    assert misses["deadline"].tolist() == [
        pd.Timestamp("2026-03-02 09:00", tz="UTC"),
        pd.Timestamp("2026-03-02 12:00", tz="UTC"),
    ]


def test_breaches_prefix_names_the_data_already_uses() -> None:
    calls = phone_calls().assign(outcome="ours", measured=1, target="x", over=None, deadline="soon")
    report = evaluate(svcstandards.loads(STANDARDS), calls, as_of="2026-03-02 09:05:50")
    misses = report.breaches("answered-20s")
    assert list(misses.columns) == [
        *calls.columns,
        "svc_outcome",
        "svc_measured",
        "svc_target",
        "svc_over",
        "svc_deadline",
    ]
    assert misses["outcome"].tolist() == ["ours"] * 4
    assert misses["svc_outcome"].tolist() == ["missed"] * 4
    assert misses["svc_over"].tolist()[0] == pd.Timedelta(seconds=10)


def test_breaches_refuse_unknown_outcomes_and_standards() -> None:
    report = phone_report()
    with pytest.raises(ValueError, match="unknown outcome 'late'"):
        report.breaches("answered-20s", "late")
    with pytest.raises(KeyError, match="no standard 'answered-2m'"):
        report.breaches("answered-2m")


def test_views_never_modify_the_data() -> None:
    calls = phone_calls()
    before = copy.deepcopy(calls)
    report = evaluate(svcstandards.loads(STANDARDS), calls, by="call", period="week")
    for standard in ("answered-20s", "abandon-rate", "asa", "csat"):
        report.breaches(standard, ["met", "missed", "pending", "excluded", "invalid", "out_of_scope"])
        report.outcomes(standard)
    report.to_json()
    report.to_markdown()
    report._repr_html_()
    pd.testing.assert_frame_equal(calls, before, check_exact=True)


# -- documents ------------------------------------------------------------------------


def test_to_json_is_the_documented_shape() -> None:
    report = phone_report()
    document = json.loads(report.to_json())
    assert document == report.to_dict()
    assert {k: v for k, v in document.items() if k != "standards"} == {
        "format": "svcstandards-report",
        "version": 1,
        "source": "<string>",
        "name": "Phone team",
        "timezone": "Europe/Ljubljana",
        "as_of": "2026-03-02T08:05:50+00:00",  # 09:05:50 in Ljubljana
        "passed": False,
        "scored_nothing": False,
    }
    entries = {s["id"]: s for s in document["standards"]}
    assert list(entries) == ["answered-20s", "abandon-rate", "asa", "csat"]
    assert {i: s["line"] for i, s in entries.items()} == LINES
    assert {i: s["kind"] for i, s in entries.items()} == {
        "answered-20s": "share",
        "abandon-rate": "share",
        "asa": "statistic",
        "csat": "share",
    }
    assert {i: s["passed"] for i, s in entries.items()} == {
        "answered-20s": False,
        "abandon-rate": True,
        "asa": True,
        "csat": True,
    }
    assert {i: (s["scored"], s["reason"]) for i, s in entries.items()} == dict.fromkeys(LINES, (True, None))
    assert list(entries["asa"])[:12] == [
        "id",
        "title",
        "kind",
        "line",
        "by",
        "period",
        "as_of",
        "passed",
        "scored",
        "reason",
        "outcomes",
        "rows",
    ]
    sl = entries["answered-20s"]
    assert sl["title"] == "80% of calls answered within 20 seconds"
    assert (sl["by"], sl["period"]) == ([], None)
    assert sl["as_of"] == "2026-03-02T08:05:50+00:00"
    assert sl["outcomes"] == {
        "met": 2,
        "missed": 4,
        "pending": 0,
        "excluded": 0,
        "invalid": 0,
        "out_of_scope": 0,
    }
    [row] = sl["rows"]
    assert list(row) == RESULT_COLUMNS
    assert row["share"] == 2 / 6
    assert row["value"] is None  # NaN becomes null
    assert row["ceiling"] is None
    assert row["limit"] is None
    assert row["budget"] == -3
    [asa] = entries["asa"]["rows"]
    assert (asa["value"], asa["limit"], asa["share"], asa["budget"]) == (25.0, 30.0, None, None)
    assert (asa["share_low"], asa["share_high"]) == (None, None)
    assert "NaN" not in report.to_json()


def test_to_json_with_groups_and_periods() -> None:
    report = phone_report(by=["call"], period="day")
    entry = report.to_dict()["standards"][0]
    assert (entry["by"], entry["period"]) == (["call"], "day")
    first = entry["rows"][0]
    assert list(first)[:2] == ["call", "period"]
    assert first["call"] == "c1"
    assert first["period"] == "2026-03-02T00:00:00+01:00"
    json.loads(report.to_json(indent=None))


def test_to_markdown_shows_percentages_and_durations() -> None:
    text = phone_report().to_markdown()
    lines = text.splitlines()
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert header == ["standard", *RESULT_COLUMNS[:-2]]
    assert lines[1].startswith("|---|")
    rows = {line.split("|")[1].strip(): [c.strip() for c in line.strip("|").split("|")] for line in lines[2:]}
    sl = dict(zip(header, rows["answered-20s"], strict=True))
    assert (sl["share"], sl["floor"], sl["status"], sl["budget"]) == ("33.3%", "80%", "fail", "-3")
    asa = dict(zip(header, rows["asa"], strict=True))
    assert (asa["value"], asa["limit"], asa["share"]) == ("25s", "30s", "")
    rate = dict(zip(header, rows["abandon-rate"], strict=True))
    assert (rate["share"], rate["ceiling"]) == ("16.7%", "50%")


def test_repr_html_colours_each_status() -> None:
    html = phone_report()._repr_html_()
    assert "Phone team" in html
    assert "failed" in html
    assert html.count("<tr>") == 5  # the header and four results
    assert 'style="color:#cf222e;font-weight:600">fail<' in html
    assert 'style="color:#1a7f37;font-weight:600">pass<' in html
    assert 'style="color:#57606a;font-weight:600">insufficient<' in html


def test_str_summarises_and_lists_what_fails() -> None:
    # one results row per standard: no line of row counts, only the verdict per standard
    assert str(phone_report()).splitlines() == [
        "4 standards: 2 passed, 1 failed, 1 insufficient -> FAILED",
        "  FAIL  answered-20s: 33.3% met of 6 (floor 80%), budget -3",
    ]


def test_str_counts_results_rows_when_a_standard_has_several() -> None:
    # by call, one call per row: answered-20s c1, c3 pass, c2, c4, c5, c6 fail; abandon-rate c4 fails (1 of 1
    # flagged), the other 5 pass; asa c1 10s, c2 30s, c3 15s pass, c6 45s fails, c4 (excluded) and c5 (pending)
    # have n = 0: no_data; csat c1, c2, c3, c6 have n = 1 < min_volume 5: insufficient (c4, c5 have no score,
    # so no row). 22 rows: 10 pass, 6 fail, 4 insufficient, 2 no_data; asa fails, so 3 standards failed
    lines = str(phone_report(by=["call"])).splitlines()
    assert lines[:2] == [
        "4 standards: 3 failed, 1 insufficient -> FAILED",
        "22 results: 10 pass, 6 fail, 4 insufficient, 2 no_data",
    ]
    assert [line.split(":")[0] for line in lines[2:]] == [
        "  FAIL  answered-20s [call=c2]",
        "  FAIL  answered-20s [call=c4]",
        "  FAIL  answered-20s [call=c5]",
        "  FAIL  answered-20s [call=c6]",
        "  FAIL  abandon-rate [call=c4]",
        "  FAIL  asa [call=c6]",
    ]


def test_to_junit_is_a_test_report() -> None:
    report = phone_report(by=["call"])
    root = ET.fromstring(report.to_junit())
    table = report.to_frame()
    assert root.tag == "testsuite"
    assert root.get("name") == "Phone team"
    assert int(root.get("tests", "-1")) == len(table) == len(root.findall("testcase"))
    fails = int((table["status"] == "fail").sum())
    skipped = int(table["status"].isin(["insufficient", "no_data"]).sum())
    assert fails > 0
    assert int(root.get("failures", "-1")) == fails
    assert int(root.get("skipped", "-1")) == skipped
    failures = root.findall("testcase/failure")
    assert sum(f.get("type") == "fail" for f in failures) == fails
    assert len(root.findall("testcase/skipped")) == skipped
    assert {case.get("classname") for case in root.findall("testcase")} == set(table["standard"])


def test_an_empty_report_view() -> None:
    standards = svcstandards.loads(STANDARDS)
    report = evaluate(standards.select("abandon-rate"), phone_calls().iloc[:0])
    assert list(report.to_frame().columns) == ["standard", *RESULT_COLUMNS]
    assert report.counts().to_dict("records") == [
        {
            "standard": "abandon-rate",
            "met": 0,
            "missed": 0,
            "pending": 0,
            "excluded": 0,
            "invalid": 0,
            "out_of_scope": 0,
        }
    ]
    # nothing scored never passes
    assert (report.passed, report.scored_nothing, report.unscored) == (False, True, {"abandon-rate": "no rows"})
    json.loads(report.to_json())
    assert str(report).splitlines() == [
        "1 standard: 1 scored nothing -> NOTHING SCORED",
        "  NO DATA  abandon-rate: no rows",
    ]


# -- warnings about the data (report.problems) -------------------------------------------------

UNSEEN = svcstandards.DataProblem(
    "answered-20s",
    "first_queue",
    "'fax' never occurs in column 'first_queue'; no row matches it",
    "check the value; the most frequent values are 'sales', 'billing'",
    "where_value_unseen",
)
UNSEEN_TEXT = (
    "standard 'answered-20s': column 'first_queue': 'fax' never occurs in column 'first_queue'; no row matches it"
    " (Hint: check the value; the most frequent values are 'sales', 'billing')"
)


def warned_report() -> Report:
    plain = phone_report()
    return Report(standard_set=plain.standard_set, results=plain.results, as_of=plain._as_of, problems=[UNSEEN])


def test_to_dict_lists_the_warnings_after_the_standards() -> None:
    document = warned_report().to_dict()
    assert list(document)[-2:] == ["standards", "problems"]
    assert document["problems"] == [
        {
            "standard": "answered-20s",
            "column": "first_queue",
            "code": "where_value_unseen",
            "message": "'fax' never occurs in column 'first_queue'; no row matches it",
            "hint": "check the value; the most frequent values are 'sales', 'billing'",
        }
    ]
    # without warnings the document has no "problems" key, as before
    assert "problems" not in phone_report().to_dict()


def test_to_markdown_lists_the_warnings_after_the_table() -> None:
    plain, warned = phone_report().to_markdown(), warned_report().to_markdown()
    assert warned.startswith(plain)
    # Markdown characters are escaped: first_queue would otherwise start an emphasis
    assert warned[len(plain) :] == (
        "\n**Warnings**\n\n- " + UNSEEN_TEXT.replace("_", "\\_") + " (`where_value_unseen`)\n"
    )
    assert "Warnings" not in plain


def test_repr_html_lists_the_warnings_after_the_table() -> None:
    plain, warned = phone_report()._repr_html_(), warned_report()._repr_html_()
    assert plain.endswith("</table></div>")
    assert warned == plain.removesuffix("</div>") + (
        '<p><b>Warnings</b></p><ul class="svcstandards-warnings"><li>'
        + UNSEEN_TEXT.replace("'", "&#x27;")
        + " (<code>where_value_unseen</code>)</li></ul></div>"
    )


def test_to_junit_puts_the_warnings_in_the_suites_system_err() -> None:
    root = ET.fromstring(warned_report().to_junit())
    assert root.findtext("system-err") == f"warning: {UNSEEN_TEXT} [where_value_unseen]"
    assert root.findall("*")[-1].tag == "system-err"  # after the test cases, as the JUnit schema orders them
    assert ET.fromstring(phone_report().to_junit()).find("system-err") is None


def test_junit_names_keep_a_colon_in_a_group_value() -> None:
    # the test case's name is built from the record: a queue called "sales: EU" is kept whole
    standards = svcstandards.loads(
        "version: 1\nstandards:\n  - id: fcr\n    measure: {flag: resolved}\n    floor: 50%\n    by: [queue]\n"
    )
    calls = pd.DataFrame({"queue": ["sales: EU", "support"], "resolved": [True, False]})
    report = svcstandards.evaluate(standards, calls)
    junit = report.to_junit()
    assert 'name="fcr [queue=sales: EU]"' in junit
    assert 'name="fcr [queue=support]"' in junit
