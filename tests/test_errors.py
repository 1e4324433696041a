"""Every error the library raises on purpose is a SvcStandardsError and the matching built-in.

The tree drawn in ``svcstandards.errors`` and in ``docs/errors.md`` is the
real class hierarchy: both are parsed and compared with it here.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import pkgutil
import re
from pathlib import Path

import pandas as pd
import pytest
from pydantic import ValidationError

import svcstandards
import svcstandards.errors
from svcstandards import (
    BusinessCalendar,
    Duration,
    ImmutableError,
    InvalidArgumentError,
    StandardsError,
    SvcStandardsError,
    UnitError,
    UnknownStandardError,
    UsageError,
    evaluate,
    loads,
)
from svcstandards.loader import from_data

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "svcstandards"
TREE_LINE = re.compile(r"[├└]── (\w+) \((\w+)\)")

VALID = """\
version: 1
standards:
  - id: calls
    measure: {from: offered_at, to: answered_at}
    within: 2m
    floor: 90%
"""


def _tree(text: str) -> list[str]:
    """The lines of the drawn tree: from 'SvcStandardsError' to the last branch, without indentation."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "SvcStandardsError")
    indent = len(lines[start]) - len(lines[start].lstrip())
    tree = []
    for line in lines[start:]:
        if not line.strip() or (tree and line[indent : indent + 1] not in ("├", "│", "└", " ")):
            break
        tree.append(line[indent:].rstrip())
    return tree


def _all_library_errors() -> dict[str, type[BaseException]]:
    for module in pkgutil.walk_packages(svcstandards.__path__, "svcstandards."):
        if module.name != "svcstandards.__main__":  # that one runs the command
            importlib.import_module(module.name)
    found: dict[str, type[BaseException]] = {}
    todo = [SvcStandardsError]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("svcstandards"):
                found[sub.__name__] = sub
                todo.append(sub)
    return found


# -- the documented tree is the real one -------------------------------------------------------


def test_the_tree_in_the_docstring_is_the_class_hierarchy() -> None:
    drawn = dict(TREE_LINE.findall("\n".join(_tree(svcstandards.errors.__doc__ or ""))))
    real = _all_library_errors()
    assert sorted(drawn) == sorted(real)
    for name, builtin in drawn.items():
        # each derives from the base and from the built-in drawn beside it, nothing else
        assert real[name].__bases__ == (SvcStandardsError, getattr(builtins, builtin))


def test_the_tree_in_docs_errors_md_is_the_one_in_the_docstring() -> None:
    page = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert _tree(page) == _tree(svcstandards.errors.__doc__ or "")
    assert len(_tree(page)) > 8  # the whole tree, not a line of it


def test_every_library_error_is_public() -> None:
    for name in _all_library_errors():
        assert name in svcstandards.__all__, f"{name} is not exported by svcstandards"


def test_no_bare_builtin_is_raised_where_a_user_can_reach_it() -> None:
    # The built-ins still raised in src/ are caught inside the library, or are ones
    # Python's own conventions ask for (OSError for paths); anything new is a finding.
    allowed = {
        ("_i18n.py", "KeyError"),  # a catalog placeholder; turned into an error of the catalog
        ("_i18n.py", "ValueError"),  # a message catalog that cannot be filled: a defect of the package
        ("_instants.py", "ValueError"),  # mixed time zones, caught and raised again as a DataError
        ("cli.py", "ValueError"),  # --column NAME=COL, caught by main() as a usage error
    }
    kinds = {"TypeError", "ValueError", "KeyError", "AttributeError", "IndexError", "LookupError"}
    found = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            call = node.exc if isinstance(node, ast.Raise) else None
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in kinds:
                found.add((path.name, call.func.id))
    assert found <= allowed, f"raise a library error instead: {sorted(found - allowed)}"


# -- what each raises -----------------------------------------------------------------------------


def test_an_unknown_id_is_an_unknown_standard_error_and_a_key_error() -> None:
    standards = loads(VALID)
    with pytest.raises(UnknownStandardError) as caught:
        standards.get("call")
    assert isinstance(caught.value, KeyError)
    assert isinstance(caught.value, SvcStandardsError)
    # shown as the message, not quoted as a key would be
    assert str(caught.value) == "no standard 'call' (known: calls)"
    with pytest.raises(KeyError):
        standards.select("calls", "nope")


def test_a_report_asked_for_an_unknown_id_raises_unknown_standard_error() -> None:
    data = pd.DataFrame(
        {
            "offered_at": pd.to_datetime(["2026-03-02 09:00:00"]),
            "answered_at": pd.to_datetime(["2026-03-02 09:00:30"]),
        }
    )
    report = evaluate(loads(VALID), data)
    with pytest.raises(UnknownStandardError, match="no standard 'call' in this report"):
        report.breaches("call")


@pytest.mark.parametrize(
    ("call", "error", "builtin"),
    [
        (lambda: loads(42), UsageError, TypeError),  # type: ignore[arg-type]
        (lambda: svcstandards.load(42), UsageError, TypeError),  # type: ignore[arg-type]
        (lambda: from_data([1]), UsageError, TypeError),  # type: ignore[arg-type]
        (lambda: Duration(1.5), UsageError, TypeError),  # type: ignore[arg-type]
        (lambda: Duration.parse("2 minutes"), UnitError, ValueError),
        (lambda: evaluate(loads(VALID), [1, 2]), UsageError, TypeError),  # type: ignore[arg-type]
        (lambda: evaluate(42, pd.DataFrame()), UsageError, TypeError),  # type: ignore[arg-type]
        (lambda: evaluate(loads(VALID), pd.DataFrame(), period="hour"), InvalidArgumentError, ValueError),  # type: ignore[arg-type]
        (lambda: evaluate(loads(VALID), pd.DataFrame(), as_of="soon"), InvalidArgumentError, ValueError),
        (lambda: loads(VALID).handbook(lang="xx"), InvalidArgumentError, ValueError),
        (lambda: loads(VALID).handbook(format="pdf"), InvalidArgumentError, ValueError),  # type: ignore[arg-type]
        (lambda: svcstandards.interactions_from_events(pd.DataFrame(), loads(VALID)), InvalidArgumentError, ValueError),
    ],
    ids=[
        "loads-not-text",
        "load-not-a-path",
        "from_data-not-a-mapping",
        "duration-not-whole-ns",
        "duration-text",
        "evaluate-data-not-a-frame",
        "evaluate-standards-of-no-kind",
        "evaluate-period",
        "evaluate-as_of",
        "handbook-language",
        "handbook-format",
        "events-without-events-section",
    ],
)
def test_a_wrong_argument_is_a_library_error_and_the_builtin(
    call: object, error: type[SvcStandardsError], builtin: type[Exception]
) -> None:
    assert callable(call)
    with pytest.raises(error) as caught:
        call()
    assert isinstance(caught.value, builtin)
    assert isinstance(caught.value, SvcStandardsError)


def test_changing_a_business_calendar_is_an_immutable_error() -> None:
    office = BusinessCalendar({"mon-fri": "09:00-17:00"})
    with pytest.raises(ImmutableError) as caught:
        office.timezone = "UTC"  # type: ignore[misc]
    assert isinstance(caught.value, AttributeError)
    with pytest.raises(ImmutableError):
        del office._hours


def test_evaluating_an_invalid_standard_raises_standards_error_not_validation_error() -> None:
    # a share standard without a condition, built in Python: fine as a model, not as a set
    standard = svcstandards.ShareStandard.model_validate(
        {"id": "calls", "measure": {"from": "offered_at", "to": "answered_at"}, "floor": "90%"}
    )
    with pytest.raises(StandardsError) as caught:
        evaluate(standard, pd.DataFrame({"offered_at": [], "answered_at": []}))
    assert not isinstance(caught.value, ValidationError)
    (problem,) = caught.value.problems
    assert (problem.source, problem.line, problem.column, problem.path, problem.code) == (
        "<standard calls>",
        0,
        0,
        "standards[0]",
        "condition_missing",
    )


def test_from_data_collects_every_problem_without_validation_error() -> None:
    with pytest.raises(StandardsError) as caught:
        from_data({"version": 2, "standards": [{"id": "A b", "measure": {"flag": "x"}, "floor": 90}]})
    assert [(p.path, p.code, p.line, p.column) for p in caught.value.problems] == [
        ("standards[0].floor", "percent_bare_number", 0, 0),
        ("standards[0].id", "id_slug", 0, 0),
        ("version", "literal_error", 0, 0),
    ]


def test_loads_never_raises_validation_error_for_any_shape() -> None:
    for text in ["version: 1\nstandards: {a: 1}\n", "version: [1]\nstandards: [1, [2], {x: 3}]\n", "a: 2026-02-30\n"]:
        with pytest.raises(StandardsError) as caught:
            loads(text)
        assert not isinstance(caught.value, ValidationError)


def test_the_model_keeps_pydantic_s_convention() -> None:
    data = {"version": 1, "standards": [{"id": "a", "measure": "tta", "within": "2m", "floor": "90%"}]}
    with pytest.raises(ValidationError):
        svcstandards.StandardSet.model_validate(data)
