"""Find and check the fenced code blocks of the documentation.

Every fenced block of ``README.md`` and ``docs/**/*.md`` is one of these
kinds, told by its info string and its text:

``python`` with ``>>>`` lines
    a doctest: run; what it prints must be what the page shows
    (``ELLIPSIS`` and ``NORMALIZE_WHITESPACE``).
``python`` without ``>>>``
    a script: executed. The python blocks of a page (doctests and scripts)
    run in order in one namespace, so a block may use what an earlier one
    defined.
``yaml``
    a standards file or a piece of one; see :func:`completed_yaml`.
``json``
    parsed.
no info string, ``console``, ``shell`` or ``sh``, with ``$ `` prompts
    a shell session: each ``$ svcstandards ...`` command is run, and the
    lines up to the next prompt are what it must print (standard output and
    standard error as a terminal shows them; ``...`` matches anything,
    trailing whitespace is ignored). ``$ echo $?`` followed by a number
    checks the exit code of the command before it. A command shown
    without output must not be a usage or input error (exit code 2).
no info string, ``console``, ``shell``, ``sh`` or ``text``, without prompts
    commands to copy (``make demo``, ``pip install ...``) or text: not run.

An HTML comment on the line before a block (blank lines between are
allowed) changes how it is checked:

``<!-- docs-test: skip (reason) -->``
    not checked at all; the reason is required and the skips are listed.
``<!-- docs-test: invalid [code ...] -->``
    a standards file (or piece) that must fail to load, with at least
    these problem codes.
``<!-- docs-test: continues -->``
    a YAML piece read together with the previous YAML block of the page.
``<!-- docs-test: not-standards (reason) -->``
    YAML that is not a standards file (a CI workflow): only parsed as YAML.
"""

from __future__ import annotations

import contextlib
import difflib
import doctest
import io
import json
import os
import re
import shlex
import subprocess
import sys
import textwrap
import traceback
from dataclasses import dataclass
from pathlib import Path

import yaml

import svcstandards
from svcstandards.errors import StandardsError
from svcstandards.model import ShareStandard, StandardSet, StatisticStandard

FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
SHELL_INFOS = {"", "console", "shell", "sh", "text"}
KNOWN_INFOS = SHELL_INFOS | {"python", "yaml", "json"}

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>```+|~~~+)\s*(?P<info>[^`\s]*)[^`]*$")
_MARKER = re.compile(r"^\s*<!--\s*docs-test:\s*(?P<body>.*?)\s*-->\s*$")
_DIRECTIVE = re.compile(r"^(?P<name>[a-z-]+)(?:\s+(?P<rest>.*))?$")
_REASON = re.compile(r"^\((?P<reason>.*\S.*)\)$")
DIRECTIVES = ("skip", "invalid", "continues", "not-standards")


@dataclass(frozen=True)
class Block:
    """One fenced block: where it is, what it says, and how it is marked."""

    page: str  # path relative to the repository, e.g. "docs/ci.md"
    line: int  # 1-based line of the opening fence
    info: str  # the language of the fence ("" when none)
    text: str  # the content, without the fence's indentation
    directive: str | None = None  # skip, invalid, continues, not-standards
    argument: str = ""  # the reason (skip, not-standards) or the problem codes (invalid)

    @property
    def where(self) -> str:
        return f"{self.page}:{self.line}"

    @property
    def kind(self) -> str:
        """python, doctest, yaml, json, shell, commands (not run) or unknown."""
        if self.info == "python":
            return "doctest" if any(line.lstrip().startswith(">>>") for line in self.text.splitlines()) else "python"
        if self.info in {"yaml", "json"}:
            return self.info
        if self.info in SHELL_INFOS:
            return "shell" if any(line.startswith("$ ") for line in self.text.splitlines()) else "commands"
        return "unknown"


class MarkupError(ValueError):
    """A page's blocks or markers cannot be read."""


def blocks_of(text: str, page: str) -> list[Block]:
    """The fenced blocks of a Markdown text, with the marker before each."""
    lines = text.splitlines()
    blocks: list[Block] = []
    marker: tuple[int, str] | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        found = _MARKER.match(line)
        if found:
            if marker is not None:
                raise MarkupError(f"{page}:{marker[0]}: a docs-test marker that no block follows")
            marker = (index + 1, found.group("body"))
            index += 1
            continue
        fence = _FENCE.match(line)
        if not fence:
            if marker is not None and line.strip():
                raise MarkupError(f"{page}:{marker[0]}: a docs-test marker must come just before a fenced block")
            index += 1
            continue
        indent, mark = fence.group("indent"), fence.group("fence")
        end = index + 1
        closing = re.compile(rf"^ *{re.escape(mark[0])}{{{len(mark)},}}\s*$")
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        if end == len(lines):
            raise MarkupError(f"{page}:{index + 1}: a fenced block that is never closed")
        body = [_unindent(text_line, len(indent)) for text_line in lines[index + 1 : end]]
        directive, argument = _directive(marker, page) if marker else (None, "")
        blocks.append(Block(page, index + 1, fence.group("info").lower(), "\n".join(body) + "\n", directive, argument))
        marker = None
        index = end + 1
    if marker is not None:
        raise MarkupError(f"{page}:{marker[0]}: a docs-test marker that no block follows")
    return blocks


def prompts_outside_blocks(text: str, page: str) -> list[str]:
    """Places where ``>>>`` appears outside a fenced block: such examples would never run."""
    fence: str | None = None  # the opening fence while inside a block
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group("fence")
        elif fence is not None and line.strip().startswith(fence) and not line.strip().strip(fence[0]):
            fence = None
        elif fence is None and line.lstrip().startswith(">>>"):
            found.append(f"{page}:{number}")
    return found


def _unindent(line: str, width: int) -> str:
    stripped = len(line) - len(line.lstrip(" "))
    return line[min(width, stripped) :]


def _directive(marker: tuple[int, str], page: str) -> tuple[str, str]:
    line, body = marker
    found = _DIRECTIVE.match(body)
    if not found or found.group("name") not in DIRECTIVES:
        raise MarkupError(f"{page}:{line}: unknown docs-test marker {body!r}; known: {', '.join(DIRECTIVES)}")
    name, rest = found.group("name"), (found.group("rest") or "").strip()
    if name in {"skip", "not-standards"}:
        reason = _REASON.match(rest)
        if not reason:
            raise MarkupError(f"{page}:{line}: 'docs-test: {name}' needs a reason in brackets: {name} (why)")
        return name, reason.group("reason").strip()
    if name == "continues" and rest:
        raise MarkupError(f"{page}:{line}: 'docs-test: continues' takes no argument")
    return name, rest


# --- Python -------------------------------------------------------------------------------------


def run_doctest(block: Block, namespace: dict[str, object]) -> list[str]:
    """Run a doctest block in the page's namespace; its failures as doctest reports them."""
    examples = doctest.DocTestParser().get_examples(block.text, block.where)
    # lineno: the 0-based line before the block's first line, so reports give the page's own line numbers
    test = doctest.DocTest(examples, namespace, block.where, block.page, block.line, block.text)
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    result = runner.run(test, out=report.write, clear_globs=False)
    namespace.update(test.globs)  # DocTest works on a copy; later blocks continue from here
    return [report.getvalue()] if result.failed else []


def run_script(block: Block, namespace: dict[str, object]) -> list[str]:
    """Execute a plain Python block in the page's namespace; a traceback when it raises."""
    # blank lines in front keep the page's line numbers in a traceback
    code = compile("\n" * block.line + block.text, block.page, "exec")
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(code, namespace)
    except Exception:
        return [f"{block.where}: the Python block raised\n{traceback.format_exc()}"]
    return []


# --- YAML: completing pieces into files ---------------------------------------------------------

TOP_KEYS = frozenset(info.alias or name for name, info in StandardSet.model_fields.items())
STANDARD_KEYS = frozenset(
    info.alias or name
    for model in (ShareStandard, StatisticStandard)
    for name, info in model.model_fields.items()
    if not (info.alias or name).startswith("__")
)
_PERCENTILE_KEY = re.compile(r"^p\d+(\.\d+)?$")
_CONDITION_KEYS = {"within", "at_most", "at_least", "targets"}
_STATISTIC_KEYS = {"mean", "median", "min", "max", "nps"}
_MEASURE_WITHOUT_CONDITION = {"flag", "present", "repeat_contact"}

#: What a piece may use without defining it: the names most examples share.
CONTEXT = {
    "calendars": 'calendars:\n  office: {hours: {mon-fri: "09:00-17:00"}}\n',
    "measures": "measures:\n  time_to_answer: {from: offered_at, to: answered_at, abandoned: abandoned_at}\n",
    "standards": "standards:\n  - {id: example, measure: time_to_answer, within: 20s, floor: 80%}\n",
}


def completed_yaml(piece: str) -> str:
    """A whole standards file made of a YAML block of the docs.

    - a text with a top-level ``version:`` is a whole file, taken as it is;
    - a mapping of top-level keys only (``calendars:``, ``measures:``,
      ``events:``, ``labels:``, ``standards:``...) gets ``version: 1`` and,
      for each of ``calendars``, ``measures`` and ``standards`` it does not
      define, the section of :data:`CONTEXT` (a calendar ``office``, a
      measure ``time_to_answer``, one standard using them);
    - a list is the list of ``standards:``; a mapping of a standard's keys
      (``targets:``, ``abandons:``, ``where:``...) is one standard, given
      an ``id``, the measure ``time_to_answer``, ``within: 20s`` and
      ``floor: 80%`` where it has none of its own; both then get the
      context sections as above.

    The piece comes first, so in a whole file or a piece of top-level keys
    a problem's line and column are those of the block (in a wrapped
    standard, two lines further). Anything else raises :class:`MarkupError`.
    """
    text = textwrap.dedent(piece)
    shape = yaml.safe_load(text)
    if isinstance(shape, dict) and "version" in shape:
        return text
    if isinstance(shape, dict) and shape and set(shape) <= TOP_KEYS:
        return _with_context(text + "version: 1\n", set(shape))
    if isinstance(shape, list):
        return _with_context("standards:\n" + textwrap.indent(text, "  ") + "version: 1\n", {"standards"})
    if isinstance(shape, dict) and shape and all(key in STANDARD_KEYS or _PERCENTILE_KEY.match(key) for key in shape):
        return _with_context(_one_standard(text, shape) + "version: 1\n", {"standards"})
    raise MarkupError(
        "a YAML block that is neither a whole file (version:), nor top-level keys, nor a standard's keys; "
        "mark it with <!-- docs-test: not-standards (what it is) --> or <!-- docs-test: skip (why) -->"
    )


def _one_standard(text: str, shape: dict[str, object]) -> str:
    keys = set(shape)
    body = textwrap.indent(text, "    ")
    defaults = []
    if "id" not in keys:
        defaults.append("id: example")
    if "measure" not in keys:
        defaults.append("measure: time_to_answer")
    statistic = bool(keys & _STATISTIC_KEYS) or any(_PERCENTILE_KEY.match(key) for key in keys)
    measure = shape.get("measure")
    own_condition = isinstance(measure, dict) and bool(set(measure) & _MEASURE_WITHOUT_CONDITION)
    if not statistic and not keys & _CONDITION_KEYS and not own_condition:
        defaults.append("within: 20s")
    if not statistic and not keys & {"floor", "ceiling"}:
        defaults.append("floor: 80%")
    return "standards:\n  -\n" + body + "".join(f"    {line}\n" for line in defaults)


def _with_context(text: str, keys: set[str]) -> str:
    return text + "".join(section for key, section in CONTEXT.items() if key not in keys)


def yaml_failures(page_blocks: list[Block]) -> list[str]:
    """Check a page's YAML blocks in order; what went wrong, one entry per failing block."""
    failures = []
    previous = ""
    for block in page_blocks:
        if block.directive == "not-standards":
            try:
                yaml.safe_load(block.text)
            except yaml.YAMLError as error:
                failures.append(f"{block.where}: not valid YAML: {error}")
            continue
        piece = previous + block.text if block.directive == "continues" else block.text
        previous = piece
        failures.extend(standards_yaml_failures(block, piece))
    return failures


def standards_yaml_failures(block: Block, piece: str) -> list[str]:
    """Nothing when the block loads as the page says it does (or fails, when marked invalid)."""
    try:
        document = completed_yaml(piece)
    except (MarkupError, yaml.YAMLError) as error:
        return [f"{block.where}: {error}"]
    numbered = "\n".join(f"{n:4} | {line}" for n, line in enumerate(document.splitlines(), start=1))
    try:
        svcstandards.loads(document, source=block.where)
    except StandardsError as error:
        if block.directive != "invalid":
            return [f"{block.where}: the YAML block does not load:\n{error}\nas the file\n{numbered}"]
        missing = set(block.argument.split()) - {problem.code for problem in error.problems}
        return [f"{block.where}: expected the problem codes {sorted(missing)}, got\n{error}"] if missing else []
    if block.directive == "invalid":
        return [f"{block.where}: the block is marked invalid but loads as the file\n{numbered}"]
    return []


def json_failures(page_blocks: list[Block]) -> list[str]:
    """The JSON blocks that do not parse."""
    failures = []
    for block in page_blocks:
        try:
            json.loads(block.text)
        except json.JSONDecodeError as error:
            failures.append(f"{block.where}: not valid JSON: {error}")
    return failures


# --- shell sessions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    """One ``$`` line of a shell block and the output shown after it."""

    line: int  # 1-based line in the page
    text: str  # the command, without the prompt; continuation lines joined
    shown: tuple[str, ...]  # the output lines shown after it


def commands_of(block: Block) -> list[Command]:
    """The commands of a shell block with the output shown after each."""
    commands: list[Command] = []
    lines = block.text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        number = block.line + 1 + index
        if not line.startswith("$ "):
            if line.strip():
                raise MarkupError(f"{block.page}:{number}: output before the first '$ ' command of the block")
            index += 1
            continue
        text = line[2:]
        while text.endswith("\\") and index + 1 < len(lines):
            index += 1
            text = text[:-1].rstrip() + " " + lines[index].strip()
        index += 1
        shown = []
        while index < len(lines) and not lines[index].startswith("$ "):
            shown.append(lines[index])
            index += 1
        commands.append(Command(number, text.strip(), tuple(_trimmed(shown))))
    return commands


def _trimmed(lines: list[str]) -> list[str]:
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


#: Runs ``python -m svcstandards`` (or ``python -c CODE``) once per command given on standard input
#: (a JSON list of argument lists, the program first) in this one interpreter, so a page pays for
#: the start-up once; prints a JSON list of {"output": standard output and standard error in the
#: order written, "code": exit code}.
DRIVER = """
import io, json, runpy, sys, traceback
results = []
for argv in json.load(sys.stdin):
    real = sys.stdout, sys.stderr
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    sys.stdout = sys.stderr = stream
    sys.argv = ["svcstandards", *argv[1:]]
    try:
        if argv[0] == "python":  # python -c CODE: prepares a file the next commands read
            exec(compile(argv[2], "<command>", "exec"), {"__name__": "__main__"})
        else:
            runpy.run_module("svcstandards", run_name="__main__")
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except Exception:
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout, sys.stderr = real
    results.append({"output": stream.buffer.getvalue().decode("utf-8"), "code": code})
json.dump(results, sys.stdout)
"""


EXIT_USAGE = 2


def session_failures(page_blocks: list[Block], directory: Path) -> list[str]:
    """Run the commands of a page's shell blocks in order in ``directory``; what differs from the page."""
    commands = [(block.page, command) for block in page_blocks for command in commands_of(block)]
    failures = [
        f"{page}:{command.line}: only 'svcstandards ...', 'python -c ...' and 'echo $?' run here; mark the block skip"
        for page, command in commands
        if command.text != "echo $?" and not _runnable(shlex.split(command.text))
    ]
    if failures:
        return failures
    runs = iter(run_commands([shlex.split(c.text) for _, c in commands if c.text != "echo $?"], directory))
    exit_code: int | None = None
    for page, command in commands:
        where = f"{page}:{command.line}"
        if command.text == "echo $?":
            if [str(exit_code)] != list(command.shown):
                failures.append(
                    f"{where}: the page shows exit code {list(command.shown)}, the command gave {exit_code}"
                )
            continue
        printed, exit_code = next(runs)
        if not command.shown:
            if exit_code == EXIT_USAGE:
                failures.append(f"{where}: `{command.text}` is a usage or input error (exit code 2):\n{printed}")
        elif not output_matches(command.shown, printed):
            diff = difflib.unified_diff(
                list(command.shown),
                [line.rstrip() for line in printed.splitlines()],
                f"{where} (shown)",
                f"`{command.text}` (printed, exit code {exit_code})",
                lineterm="",
            )
            failures.append("\n".join(diff))
    return failures


def _runnable(argv: list[str]) -> bool:
    return argv[0] == "svcstandards" or (len(argv) == 3 and argv[:2] == ["python", "-c"])


def run_commands(argvs: list[list[str]], directory: Path) -> list[tuple[str, int]]:
    """Run each command (``svcstandards ARGS`` or ``python -c CODE``), in order; (output, exit code) of each.

    The commands share one interpreter (see :data:`DRIVER`): starting one costs
    a second or more on a busy machine.
    """
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "80"}
    completed = subprocess.run(
        [sys.executable, "-c", DRIVER],
        input=json.dumps(argvs),
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"the command driver failed:\n{completed.stderr}")
    return [(run["output"], run["code"]) for run in json.loads(completed.stdout)]


def output_matches(shown: tuple[str, ...] | list[str], printed: str) -> bool:
    """Whether the printed text is what the page shows (``...`` matches anything, trailing spaces ignored)."""
    want = "\n".join(shown) + "\n"
    got = "\n".join(_trimmed(printed.splitlines())) + "\n"
    return doctest.OutputChecker().check_output(want, got, doctest.ELLIPSIS)


def read_page(path: Path, root: Path) -> tuple[str, list[Block]]:
    """The page's name relative to the repository and its blocks."""
    page = path.relative_to(root).as_posix()
    return page, blocks_of(path.read_text(encoding="utf-8"), page)
