"""Hypothesis strategies for ``test_fuzz.py``: hostile standards files and hostile data frames.

Standards files come in three kinds, from far to near: random bytes and
text, random YAML structures, and near-valid files (the bundled ones and
:data:`RICH`) mutated at the level of the data (drop, duplicate, rename and
swap keys, change types, shared nodes written as anchors and aliases, huge
numbers, bad durations and percentages) and of the text (tabs,
truncation, odd characters, duplicated lines, stray tags and anchors).

Frames hold the columns a standards file needs, each drawn either with
its natural kind (timestamps for ``*_at``, flags for flag measures...) in
many dtypes, or with any other kind; some columns are missing, some
duplicated, some extra, and rows run from none to a dozen.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from hypothesis import strategies as st

import svcstandards
from svcstandards import StandardSet
from svcstandards.format.checks import column_references

HERE = Path(__file__).parent
ROOT = HERE.parent

#: A small file that reaches every part of the format the evaluator has:
#: where operators, targets, every statistic, flags, presence, repeat
#: contacts, calendars with holidays and open days, pauses, periods, groups,
#: a column mapping and a time zone with clock changes.
RICH = """\
version: 1
name: Every kind of standard
timezone: Europe/Ljubljana
time: created_at
columns: {recommend: nps_answer}
calendars:
  office:
    hours:
      mon-fri: "08:00-16:00"
      sat: ["09:00-11:00", "12:00-13:00"]
      sun: "22:00-02:00"
    holidays:
      dates: [2026-03-03, 2026-12-24]
    open: [2026-03-08]
  always:
    timezone: America/New_York
    hours:
      mon-sun: "00:00-24:00"
measures:
  wait: {from: offered_at, to: answered_at, abandoned: abandoned_at}
  reply: {from: created_at, to: first_reply_at, calendar: office, pause: paused_seconds}
  handling: {from: created_at, to: resolved_at, calendar: always, pause: {from: hold_start, to: hold_end}}
standards:
  - id: wait-20s
    where: {channel: phone, queue: [sales, billing], priority: {not: [low]}}
    measure: wait
    within: 20s
    floor: {fail: 80%, warn: 90%}
    abandons: {count_as: met_if_within, ignore_shorter_than: 5s}
    by: [queue]
    period: day
    min_volume: 3
  - id: wait-excluded
    where: {any: [{channel: phone}, {vip: true}]}
    measure: wait
    at_least: 1s
    within: 2m
    floor: 50%
    ceiling: 99%
    abandons: {count_as: excluded_if_within}
  - id: wait-abandons-out
    measure: wait
    within: 1m
    floor: 70%
    abandons: {count_as: excluded}
  - id: first-reply
    where: {channel: email, created_at: {during: office, ge: 2026-01-01, lt: "2027-01-01T00:00:00+01:00"}}
    measure: reply
    targets:
      - {where: {priority: urgent}, within: 1h}
      - {where: {priority: high, csat: {gt: 2, le: 5}}, within: 4h}
      - {within: 1d}
    floor: 90%
    period: week
  - id: handling-band
    where: {wait_seconds: {ge: 0, lt: 600}, csat: {present: false}}
    measure: handling
    at_least: 30s
    at_most: 1h
    ceiling: 40%
    period: month
  - id: hold
    measure: {column: hold_seconds}
    at_most: 60
    floor: 95%
    by: [channel, priority]
  - id: csat
    where: {csat: {present: true}}
    measure: {column: csat}
    at_least: 4
    floor: 85%
    period: quarter
  - id: escalations
    measure: {flag: escalated}
    ceiling: {fail: 5%, warn: 3%}
    period: year
  - id: survey-answered
    where: {survey_sent: true}
    measure: {present: csat}
    floor: 30%
  - id: repeat-7d
    measure: {repeat_contact: {customer: customer_id, within: 7d, topic: queue, time: created_at}}
    ceiling: 10%
  - id: asa
    measure: wait
    mean: {at_most: 30s, warn: 25s}
  - id: median-reply
    measure: reply
    median: {at_most: 2h}
    by: [channel]
  - id: p999-wait
    measure: wait
    p99.9: {at_most: 3m}
  - id: min-csat
    measure: {column: csat}
    min: {at_least: 1}
  - id: max-hold
    measure: {column: hold_seconds}
    max: {at_most: 600, warn: 300}
  - id: nps
    measure: {column: recommend}
    nps: {at_least: 30, warn: 40}
    period: month
    time: offered_at
"""

#: The texts mutated into near-valid files: the bundled standards, the test files and :data:`RICH`.
SEED_TEXTS: dict[str, str] = {
    **{p.name: p.read_text("utf-8") for p in sorted((ROOT / "standards").glob("*.yaml"))},
    **{p.name: p.read_text("utf-8") for p in sorted((HERE / "data").glob("*.yaml"))},
    "rich.yaml": RICH,
}

# -- values a file may hold -----------------------------------------------------------

HUGE_NUMBERS = [
    10**30,
    2**63,
    2**63 - 1,
    -(2**63) - 1,
    2**64,
    1e308,
    -1e308,
    5e-324,
    math.inf,
    -math.inf,
    math.nan,
    -0.0,
    10**400,
]
BAD_DURATIONS = [
    "",
    " ",
    "0s",
    "-5s",
    "5",
    "1h1h",
    "1s1h",
    "2 minutes",
    "2M",
    "PT",
    "P",
    "P1M",
    "P1Y",
    "PT-1S",
    "P1DT",
    "1.5.5h",
    ".5h",
    "1e3s",
    "1e400s",
    "0.0000000001s",
    "0.000000001s",
    "99999999999999999999w",
    "9223372036854775807s",
    "106751d",
    "106752d",
    "15250w",
    "15251w",
    "nan s",
    "infs",
    "١٢s",  # Arabic-Indic digits
    "２０s",  # full-width digits
    "20ｓ",
    "1h\n30m",
    "PT2M\x00",
]
BAD_PERCENTS = [
    "101%",
    "100.0000000001%",
    "-1%",
    "-0%",
    "1e400%",
    "1e-400%",
    "nan%",
    "inf%",
    "%",
    "90%%",
    "90 %",
    "٩٠%",
    "９０%",
    "0.9.9",
    "ninety",
    "1.0000000000000001",
    "1e-30",
    "0x10",
    "0o7",
    "1_000",
    ".inf",
    ".nan",
    "90‰",
]
ODD_TEXT = [
    "",
    "\t",
    "\x85",
    "\u2028",
    "\ufeff",
    "\u200b",
    "é",
    "ß",
    "İ",
    "ǅ",
    "👩‍💻",
    "a" * 300,
    "~",
    "null",
    "NULL",
    "yes",
    "On",
    "1:30",
    "0o17",
    "0x1F",
    "1_0",
    "2026-13-45",
    "2026-03-02T09:00:00+25:00",
    "!!python/object/apply:os.system",
    "&a",
    "*a",
    "<<",
    "p0",
    "p100",
    "p50.",
    "p-1",
    "p1e2",
    "any",
    "not",
    "UTC",
    "Mars/Olympus",
    "Europe/Ljubljana",
    "mon-fri",
    "fri-mon",
    "xyz-abc",
    "25:00-26:00",
    "08:00-08:00",
    "00:00-24:00",
    "23:59-00:00",
    "24:00-24:01",
]
ODD_DATES: list[Any] = [
    dt.date(1, 1, 1),
    dt.date(9999, 12, 31),
    dt.date(1678, 1, 1),
    dt.date(2261, 12, 31),
    dt.datetime(2026, 3, 29, 2, 30),
    dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=-12))),
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(HUGE_NUMBERS),
    st.sampled_from(BAD_DURATIONS),
    st.sampled_from(BAD_PERCENTS),
    st.sampled_from(ODD_TEXT),
    st.sampled_from(ODD_DATES),
    st.dates(),
)
#: Random YAML structures: nested mappings and lists of scalars.
structures = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8) | scalars, inner, max_size=4),
    max_leaves=25,
)


def _words(value: Any, found: set[str]) -> set[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            found.add(str(key))
            _words(item, found)
    elif isinstance(value, list):
        for item in value:
            _words(item, found)
    return found


SEED_DATA = {name: yaml.safe_load(text) for name, text in SEED_TEXTS.items()}
#: Every key the seeds use, so that renames often land on a real key in the wrong place.
KEYS = sorted(set().union(*(_words(data, set()) for data in SEED_DATA.values())))


def _dump(data: Any, flow: bool | None, unicode: bool, width: int) -> str:
    return yaml.safe_dump(data, sort_keys=False, default_flow_style=flow, allow_unicode=unicode, width=width)


def _places(value: Any, path: tuple[Any, ...] = (), seen: set[int] | None = None) -> list[tuple[Any, ...]]:
    """Paths to every node below the root (a node that holds itself is entered once)."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return []
    out: list[tuple[Any, ...]] = []
    if isinstance(value, dict | list):
        seen.add(id(value))
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            out.append((*path, key))
            out.extend(_places(item, (*path, key), seen))
    return out


def _get(root: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        root = root[step]
    return root


def _typo(draw: st.DrawFn, word: str) -> str:
    if not word:
        return draw(st.sampled_from(KEYS))
    i = draw(st.integers(0, len(word) - 1))
    how = draw(st.sampled_from(["drop", "double", "upper", "swap", "space", "dash"]))
    if how == "drop":
        return word[:i] + word[i + 1 :]
    if how == "double":
        return word[:i] + word[i] + word[i:]
    if how == "upper":
        return word.upper()
    if how == "space":
        return f" {word}"
    if how == "dash":
        return word.replace("_", "-") if "_" in word else word + "_"
    j = min(i + 1, len(word) - 1)
    return word[:i] + word[j] + word[i] + word[j + 1 :]


@st.composite
def _mutate_data(draw: st.DrawFn, data: Any) -> Any:
    """One structural change somewhere in the tree."""
    places = _places(data)
    if not places:
        return draw(structures)
    path = draw(st.sampled_from(places))
    parent, last = _get(data, path[:-1]), path[-1]
    how = draw(
        st.sampled_from(
            ["drop", "rename", "swap", "retype", "odd", "share", "duplicate_item", "wrap", "unwrap", "cycle"]
        )
    )
    if how == "drop":
        del parent[last]
    elif how == "rename" and isinstance(parent, dict):
        new = draw(st.sampled_from(KEYS) | st.just(_typo(draw, str(last))) | scalars.filter(_hashable))
        parent[new] = parent.pop(last)
    elif how == "swap":
        other = draw(st.sampled_from(places))
        try:
            other_parent = _get(data, other[:-1])
            parent[last], other_parent[other[-1]] = other_parent[other[-1]], parent[last]
        except (KeyError, IndexError, TypeError):
            pass  # the other place moved with the first
    elif how == "retype":
        parent[last] = draw(structures)
    elif how == "odd":
        parent[last] = draw(st.sampled_from(HUGE_NUMBERS + BAD_DURATIONS + BAD_PERCENTS + ODD_TEXT + ODD_DATES))
    elif how == "share":
        # the same object in two places: PyYAML writes an anchor and an alias
        other = draw(st.sampled_from(places))
        with contextlib.suppress(KeyError, IndexError, TypeError):
            parent[last] = _get(data, other)
    elif how == "duplicate_item" and isinstance(parent, list):
        parent.insert(last, parent[last] if draw(st.booleans()) else copy.deepcopy(parent[last]))
    elif how == "wrap":
        parent[last] = [parent[last]] if draw(st.booleans()) else {str(last): parent[last]}
    elif how == "unwrap" and isinstance(parent[last], dict | list) and parent[last]:
        inner = parent[last]
        parent[last] = next(iter(inner.values())) if isinstance(inner, dict) else inner[0]
    elif how == "cycle" and isinstance(parent[last], dict | list):
        # a node that holds itself: an alias to its own anchor
        node = parent[last]
        if isinstance(node, dict):
            node["self"] = node
        else:
            node.append(node)
    return data


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


TEXT_SNIPPETS = [
    "\t",
    "\t\t- ",
    " ",
    "\n",
    "\r\n",
    "\r",
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufeff",
    "\ufffe",
    "\U0001f600",
    "\ud800",
    "é",
    ":",
    ": ",
    "- ",
    "? ",
    "? [a, b]\n: c\n",
    "{",
    "}",
    "[",
    "]",
    "'",
    '"',
    "#",
    "|",
    ">",
    "&a ",
    "*a",
    "*undefined",
    "<<: *a\n",
    "<<: 5\n",
    "<<: [*a, 1]\n",
    "&a [1, 2]",
    "!!python/object/apply:os.system ['true'] ",
    "!!binary aGVsbG8= ",
    "!!set {a, b} ",
    "!!omap [a: 1] ",
    "!custom ",
    "!!str ",
    "!!int ",
    "!!float ",
    "!!timestamp ",
    "---\n",
    "...\n",
    "%YAML 1.1\n---\n",
    "%TAG ! tag:example.com,2000:\n---\n",
    "2026-13-45",
    "2026-02-29 25:61:61",
    "1e400",
    "-.inf",
    ".nan",
    "99999999999999999999999999",
    "0x" + "f" * 40,
    "\\u0000",
]


@st.composite
def _mutate_text(draw: st.DrawFn, text: str) -> str:
    """One change to the text: insert, delete, truncate, move lines."""
    how = draw(st.sampled_from(["insert", "insert_line", "truncate", "delete", "dup_line", "drop_line", "swap_lines"]))
    lines = text.split("\n")
    if how in ("insert", "insert_line", "truncate", "delete"):
        at = draw(st.integers(0, len(text)))
        if how == "truncate":
            return text[:at]
        if how == "delete":
            return text[:at] + text[at + draw(st.integers(1, 8)) :]
        snippet = draw(st.sampled_from(TEXT_SNIPPETS) | st.text(min_size=1, max_size=3))
        if how == "insert_line":
            at = text.rfind("\n", 0, at) + 1
        return text[:at] + snippet + text[at:]
    i = draw(st.integers(0, len(lines) - 1))
    if how == "dup_line":
        lines.insert(i, lines[i])
    elif how == "drop_line":
        del lines[i]
    else:
        j = draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


@st.composite
def near_valid_files(draw: st.DrawFn) -> str | bytes:
    """A seed file, changed a little (or not at all) in its data and its text."""
    name = draw(st.sampled_from(sorted(SEED_TEXTS)))
    if draw(st.booleans()):
        text = SEED_TEXTS[name]  # the original text, with its comments and flow style
    else:
        data = copy.deepcopy(SEED_DATA[name])
        for _ in range(draw(st.integers(0, 3))):
            data = draw(_mutate_data(data))
        text = _dump(
            data,
            draw(st.sampled_from([None, False, True])),
            draw(st.booleans()),
            draw(st.sampled_from([80, 20, 10**6])),
        )
    for _ in range(draw(st.integers(0, 2))):
        text = draw(_mutate_text(text))
    if draw(st.integers(0, 9)) == 0:
        return text.encode("utf-8", "surrogatepass")
    return text


YAML_ALPHABET = "{}[]:-,?&*!|>'\"#%@`~. \n\t\r01aZ_/é"

random_bytes = st.binary(max_size=300) | st.text(max_size=100).map(lambda t: t.encode("utf-16"))
random_text = st.text(max_size=200) | st.text(YAML_ALPHABET, max_size=200)


@st.composite
def random_structures(draw: st.DrawFn) -> str:
    """A random structure as YAML, sometimes inside a plausible file."""
    value = draw(structures)
    if draw(st.booleans()):
        value = {"version": draw(st.sampled_from([1, 1, 2, "1", None])), "standards": value}
    return _dump(value, draw(st.sampled_from([None, False, True])), draw(st.booleans()), 80)


#: Anything a standards file could be.
standards_texts = st.one_of(
    random_bytes,
    random_text,
    random_structures(),
    near_valid_files(),
    near_valid_files(),
    near_valid_files(),
)


# -- frames ----------------------------------------------------------------------------

BASE = pd.Timestamp("2026-03-28 22:00:00")  # the night the clocks go forward in Europe
ZONES = ["UTC", "Europe/Ljubljana", "America/New_York", "Asia/Kathmandu", "Pacific/Chatham", "Etc/GMT+12"]
EXTREME_TIMES = [
    pd.Timestamp.min,
    pd.Timestamp.max,
    pd.Timestamp("1678-01-01"),
    pd.Timestamp("1678-01-01 00:00:01"),
    pd.Timestamp("2261-12-31 23:59:59"),
    pd.Timestamp("1970-01-01"),
]
ISO_TEXT = [
    "2026-03-29T01:30:00",
    "2026-03-29T02:30:00",  # in the spring-forward gap of Europe/Ljubljana
    "2026-10-25T02:30:00",  # ambiguous there
    "2026-03-29T02:30:00+02:00",
    "2026-03-29T00:30:00Z",
    "2026-03-29 00:30",
    "2026-03-29",
    "2300-01-01T00:00:00",
    "1600-01-01T00:00:00",
    "1677-09-21T00:12:43",
    "2262-04-12T00:00:00",
    "0001-01-01",
    "9999-12-31T23:59:59+14:00",
    "2026-02-30T00:00:00",
    "2026-03-29T24:00:00",
    "2026-03-29T09:00:00+99:00",
    "not a date",
    "",
    " ",
    "NaT",
    "nan",
    "None",
    "1774735200",
]
NUMBERS: list[Any] = [0, 1, -1, 4, 5, 9, 10, 11, 60, 61, 599, 600, 0.5, -0.0, 1e308, -1e308, math.inf, -math.inf, 2**63]
WORDS: dict[str, list[Any]] = {
    "channel": ["phone", "email", "chat", "social"],
    "priority": ["urgent", "high", "low", "normal"],
    "queue": ["sales", "billing", "support"],
    "region": ["north", "south"],
    "event": ["created", "agent_reply", "customer_reply", "status_changed", "solved", "reopened"],
    "status": ["new", "open", "pending", "solved", "on_hold"],
}
FLAGS = {"abandoned", "complaint", "escalated", "reopened", "resolved_first_contact", "survey_sent", "vip"}
NUMBER_COLUMNS = {"csat", "recommend", "nps_answer", "hold_seconds", "paused_seconds", "wait_seconds", "reopened_count"}
ID_COLUMNS = {"ticket_id", "customer_id"}


def kind_of(column: str) -> str:
    """The natural kind of a column, from its name."""
    if column in FLAGS:
        return "flag"
    if column in NUMBER_COLUMNS:
        return "number"
    if column in ID_COLUMNS:
        return "id"
    if column == "at" or column.endswith(("_at", "_start", "_end")):
        return "time"
    return "text"


def data_columns(standard_set: StandardSet) -> list[str]:
    """The data columns a standards file refers to, after its ``columns:`` mapping."""
    names = {standard_set.columns.get(name, name) for _, name in column_references(standard_set)}
    return sorted(names)


def _near(seconds: int) -> pd.Timestamp:
    return BASE + pd.Timedelta(seconds=seconds)


tame_times = st.one_of(
    st.integers(-3 * 86_400, 3 * 86_400).map(_near),
    st.integers(-60, 60).map(_near),
    st.none(),
)
times = tame_times | st.sampled_from(EXTREME_TIMES)
missing = st.sampled_from([None, np.nan, pd.NaT, pd.NA])
mixed = st.one_of(
    missing,
    st.booleans(),
    st.integers(-(2**64), 2**64),
    st.floats(),
    st.text(max_size=5),
    st.sampled_from(ISO_TEXT),
    times,
    st.sampled_from(NUMBERS),
    st.datetimes(timezones=st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=5, minutes=45))])),
    st.dates(),
    st.timedeltas(),
    st.just(b"bytes"),
    st.just(("a", 1)),
    st.just(["a"]),  # unhashable
    st.just({"a": 1}),
    st.just(1 + 2j),
    st.just(np.datetime64("2026-03-29T01:00", "m")),
    st.just(np.timedelta64(5, "s")),
)


@st.composite
def time_columns(draw: st.DrawFn, n: int) -> pd.Series:
    how = draw(st.sampled_from(["naive", "naive", "unit", "aware", "mixed_zones", "iso", "object", "far", "empty"]))
    if how == "iso":
        values = draw(st.lists(st.sampled_from(ISO_TEXT) | missing, min_size=n, max_size=n))
        dtype = draw(st.sampled_from([object, "string", "str"]))
        return pd.Series(values, dtype=dtype)
    if how == "object":
        return pd.Series(draw(st.lists(mixed, min_size=n, max_size=n)), dtype=object)
    if how == "empty":
        return pd.Series([None] * n, dtype=draw(st.sampled_from([object, "datetime64[ns]", "float64"])))
    # one column in five reaches the ends of the nanosecond range
    stamps = draw(st.lists(times if draw(st.integers(0, 4)) == 0 else tame_times, min_size=n, max_size=n))
    if how == "far":
        # beyond what nanoseconds hold: only coarser units can store them
        far = st.sampled_from(["1000-01-01", "1677-01-01", "2262-06-01", "3000-12-31 23:59:59", "0001-01-01"])
        values = draw(st.lists(far | st.none(), min_size=n, max_size=n))
        return pd.Series(pd.to_datetime(pd.Series(values, dtype=object).to_numpy(dtype="datetime64[s]")))
    series = pd.Series(pd.to_datetime(pd.Series(stamps, dtype=object)), dtype="datetime64[ns]")
    if how == "unit":
        return series.dt.as_unit(draw(st.sampled_from(["s", "ms", "us"])))
    if how == "aware":
        return _in_zone(series.dt.tz_localize("UTC"), draw(st.sampled_from(ZONES)))
    if how == "mixed_zones":
        zones = draw(st.lists(st.sampled_from([*ZONES, None]), min_size=n, max_size=n))
        values = [s if pd.isna(s) or z is None else _stamp_in_zone(s, z) for s, z in zip(series, zones, strict=True)]
        return pd.Series(values, dtype=object)
    return series


def _in_zone(utc: pd.Series, zone: str) -> pd.Series:
    """UTC timestamps shown in ``zone``, or left in UTC where the zone's wall clock would leave the ns range."""
    try:
        return utc.dt.tz_convert(zone)
    except pd.errors.OutOfBoundsDatetime:
        return utc


def _stamp_in_zone(stamp: pd.Timestamp, zone: str) -> pd.Timestamp:
    utc = stamp.tz_localize("UTC")
    try:
        return utc.tz_convert(zone)
    except pd.errors.OutOfBoundsDatetime:
        return utc


@st.composite
def flag_columns(draw: st.DrawFn, n: int) -> pd.Series:
    how = draw(st.sampled_from(["bool", "boolean", "object", "numbers", "category", "text"]))
    values = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    if how == "bool":
        return pd.Series(values, dtype=bool)
    holes = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    with_holes = [None if h else v for v, h in zip(values, holes, strict=True)]
    if how == "boolean":
        return pd.Series(with_holes, dtype="boolean")
    if how == "object":
        return pd.Series(
            [draw(st.sampled_from([v, v, None, np.nan, np.bool_(v), 1, "yes"])) for v in values], dtype=object
        )
    if how == "numbers":
        dtype = draw(st.sampled_from(["float64", "Int64", "int8", "uint8"]))
        numbers = [draw(st.sampled_from([0, 1, 2, -1])) if h else int(v) for v, h in zip(values, holes, strict=True)]
        if dtype in ("int8",):
            return pd.Series(numbers, dtype=dtype)
        if dtype == "uint8":
            return pd.Series([abs(x) for x in numbers], dtype=dtype)
        return pd.Series([None if x == -1 else x for x in numbers], dtype=dtype)
    if how == "category":
        return pd.Series(with_holes, dtype="category")
    return pd.Series(["true" if v else "false" for v in values], dtype=draw(st.sampled_from([object, "string"])))


@st.composite
def number_columns(draw: st.DrawFn, n: int) -> pd.Series:
    how = draw(st.sampled_from(["int", "float", "Int64", "Float64", "timedelta", "object", "text", "category", "uint"]))
    values = draw(st.lists(st.sampled_from(NUMBERS) | st.integers(-5, 700), min_size=n, max_size=n))
    finite_ints = [int(v) if isinstance(v, int) and abs(v) < 2**62 else 7 for v in values]
    if how == "int":
        return pd.Series(finite_ints, dtype="int64")
    if how == "uint":
        return pd.Series([abs(v) for v in finite_ints], dtype="uint64") + np.uint64(2**63)
    holes = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    if how == "Int64":
        return pd.Series([None if h else v for v, h in zip(finite_ints, holes, strict=True)], dtype="Int64")
    floats = [np.nan if h else float(v) for v, h in zip(values, holes, strict=True)]
    if how == "float":
        return pd.Series(floats, dtype=draw(st.sampled_from(["float64", "float32", "float16"])))
    if how == "Float64":
        return pd.Series([None if h else v for v, h in zip(floats, holes, strict=True)], dtype="Float64")
    if how == "timedelta":
        seconds = [None if h else v for v, h in zip(finite_ints, holes, strict=True)]
        return pd.to_timedelta(pd.Series(seconds, dtype="float64"), unit="s")
    if how == "category":
        return pd.Series(floats, dtype="category")
    if how == "text":
        return pd.Series([str(v) for v in values], dtype=draw(st.sampled_from([object, "string"])))
    return pd.Series(draw(st.lists(mixed, min_size=n, max_size=n)), dtype=object)


@st.composite
def text_columns(draw: st.DrawFn, n: int, words: list[Any]) -> pd.Series:
    how = draw(st.sampled_from(["object", "object", "string", "category", "mixed", "ints", "bools"]))
    values = draw(st.lists(st.sampled_from(words) | missing, min_size=n, max_size=n))
    if how == "object":
        return pd.Series(values, dtype=object)
    if how == "string":
        return pd.Series(values, dtype=draw(st.sampled_from(["string", "str"])))
    if how == "category":
        return pd.Series(values, dtype="category")
    if how == "ints":
        return pd.Series(draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)), dtype="int64")
    if how == "bools":
        return pd.Series(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
    return pd.Series(draw(st.lists(st.sampled_from(words) | mixed, min_size=n, max_size=n)), dtype=object)


@st.composite
def id_columns(draw: st.DrawFn, n: int) -> pd.Series:
    how = draw(st.sampled_from(["int", "int", "text", "float", "object", "category"]))
    values = draw(st.lists(st.integers(1, 4), min_size=n, max_size=n))
    if how == "int":
        return pd.Series(values, dtype="int64")
    if how == "text":
        return pd.Series([f"T{v}" for v in values], dtype=draw(st.sampled_from([object, "string"])))
    if how == "float":
        holes = draw(st.lists(st.integers(0, 5), min_size=n, max_size=n))
        return pd.Series([np.nan if h == 0 else float(v) for v, h in zip(values, holes, strict=True)])
    if how == "category":
        return pd.Series(values, dtype="category")
    return pd.Series(draw(st.lists(st.sampled_from([1, "1", 1.0, True, None, "T2", 2]), min_size=n, max_size=n)))


def column_of(name: str, n: int, chaos: bool) -> st.SearchStrategy[pd.Series]:
    """A column for ``name``: its natural kind, or (``chaos``) any kind at all."""
    kinds = {
        "time": time_columns(n),
        "flag": flag_columns(n),
        "number": number_columns(n),
        "id": id_columns(n),
        "text": text_columns(n, WORDS.get(name, ["a", "b", "c"])),
    }
    if chaos:
        return st.one_of(*kinds.values())
    return kinds[kind_of(name)]


@st.composite
def indexes(draw: st.DrawFn, n: int) -> pd.Index:
    how = draw(st.sampled_from(["range", "range", "shifted", "reversed", "text", "duplicates", "dates", "multi"]))
    if how == "range":
        return pd.RangeIndex(n)
    if how == "shifted":
        return pd.RangeIndex(10, 10 + 2 * n, 2)
    if how == "reversed":
        return pd.Index(list(range(n))[::-1])
    if how == "text":
        return pd.Index([f"r{i}" for i in range(n)], dtype=object)
    if how == "duplicates":
        return pd.Index([i % 2 for i in range(n)])
    if how == "dates":
        return pd.date_range("2026-01-01", periods=n, freq="D", name="day")
    return pd.MultiIndex.from_arrays([[i % 2 for i in range(n)], list(range(n))], names=["a", "b"])


@st.composite
def frames(draw: st.DrawFn, columns: list[str]) -> pd.DataFrame:
    """A frame for a file needing ``columns``: some missing, some odd, some duplicated, some extra."""
    if draw(st.integers(0, 30)) == 0:
        return pd.DataFrame()
    n = draw(st.sampled_from([0, 1, 2, 3, 5, 8, 12]))
    # how often a column is missing or of any kind: never, now and then, often
    odds = draw(st.sampled_from([0, 0, 30, 5]))
    parts: dict[str, pd.Series] = {}
    for name in columns:
        if odds and draw(st.integers(0, 2 * odds)) == 0:
            continue  # a missing column
        parts[name] = draw(column_of(name, n, chaos=bool(odds) and draw(st.integers(0, odds)) == 0))
    for name in draw(
        st.lists(st.sampled_from(["note", "outcome", "svc_outcome", "log_problem", "interaction"]), max_size=2)
    ):
        parts[name] = draw(column_of(name, n, chaos=True))
    index = draw(indexes(n))
    frame = pd.DataFrame({name: series.set_axis(index) for name, series in parts.items()}, index=index)
    if len(frame.columns) and draw(st.integers(0, 19)) == 0:
        # the same name twice
        twin = draw(st.sampled_from(list(frame.columns)))
        extra = draw(column_of(twin, n, chaos=True)).set_axis(index)
        frame = pd.concat([frame, extra.rename(twin)], axis=1)
    return frame


FILE_NAMES = [*sorted(p.name for p in (ROOT / "standards").glob("*.yaml")), "rich.yaml"]
FILES: dict[str, StandardSet] = {name: svcstandards.loads(SEED_TEXTS[name], source=name) for name in FILE_NAMES}
