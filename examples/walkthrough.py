# %% [markdown]
# # Walkthrough: a month of contact-centre data against the bundled standards
#
# This script is a notebook in plain Python: each `# %%` line starts a cell.
# Run it top to bottom with `python examples/walkthrough.py`, or cell by
# cell in an editor that understands `# %%` cells (VS Code, PyCharm, Spyder,
# or Jupyter through Jupytext).
#
# We will
#
# 1. generate four weeks of example interactions,
# 2. load the bundled phone standards (`standards/contact-centre.yaml`),
# 3. score them by channel and week and read the results table,
# 4. look at what fails or warns, and drill into the worst calls,
# 5. check that no interaction went missing, and
# 6. save the results as JSON for a dashboard or a CI job.
#
# The guide in `docs/guide/` explains each idea with a small example.

# %%
import json
import tempfile
from pathlib import Path

import pandas as pd

import svcstandards
from svcstandards import sample

pd.set_option("display.width", 160)
pd.set_option("display.max_columns", 20)

# %% [markdown]
# ## 1. The data
#
# `sample.interactions()` makes a realistic, seeded table: the same
# arguments always give the same rows. One row is one interaction: phone
# calls, chats, e-mails and social posts, with the columns of
# `docs/columns.md` (`offered_at`, `answered_at`, `abandoned_at`,
# `hold_seconds`, ...). A few rows are broken on purpose, as real extracts
# are: answered before they were offered, or with no offered time.
#
# 28 days from Monday 2 March 2026 are exactly four Monday-to-Sunday weeks.

# %%
interactions = sample.interactions(days=28, start="2026-03-02", seed=7)
print(f"{len(interactions):,} interactions")
print(interactions["channel"].value_counts().to_string())
print(interactions[["channel", "queue", "offered_at", "answered_at", "abandoned_at", "hold_seconds"]].head())

# %% [markdown]
# ## 2. The standards
#
# The path is relative to this script, so it runs from any directory.
# Every standard in the file picks its own rows with `where: {channel: phone}`.

# %%
STANDARDS_FILE = Path(__file__).resolve().parent.parent / "standards" / "contact-centre.yaml"
standards = svcstandards.load(STANDARDS_FILE)
print(standards.name)
for standard in standards.standards:
    print(f"  {standard.id:<25} {standard.title}")

# %% [markdown]
# ## 3. Score by channel and week
#
# `by` and `period` override the standards' own grouping for this run, so
# the file stays as it is. The file's `time: offered_at` places flag and
# value standards (abandon rate, hold time) in a week; duration standards
# use their measure's `from`, which is `offered_at` too.
#
# `to_text()` prints shares as percentages and durations as `1m30s`;
# `to_frame()` is the same table as a DataFrame with fractions and seconds.
#
# The broken rows without an `offered_at` cannot be placed in a week:
# `to_frame()` counts them as `invalid` in a row with a blank period (with
# `n = 0`, hence `no_data`), never silently dropped, and the summary under
# the text table lists them per standard (`INVALID ... (in no period)`).

# %%
report = svcstandards.evaluate(standards, interactions, by="channel", period="week")
print(report.to_text())

table = report.to_frame()
print(table[["standard", "period", "n", "share", "value", "status", "budget"]].head(8))

# %% [markdown]
# ## 4. What fails, and why
#
# `failures(include_warn=True)` keeps the rows whose status is `fail` or
# `warn`. `budget` says how far each one is from the line: negative is how
# many interactions too many went wrong that week.

# %%
problems = report.failures(include_warn=True)
print(problems[["standard", "period", "n", "met", "share", "floor", "ceiling", "status", "budget"]])
print(f"\npassed: {report.passed}")

# %% [markdown]
# The 20-second service level passes every week, but it is worth seeing
# which calls missed it. `breaches(id)` returns the input rows behind the
# misses with `measured` (the wait, or the time until the caller hung up),
# `target`, `over` (how far past the target) and `deadline`, durations as
# `Timedelta`. `breaches_text` prints them as people read them (`1m 05s`),
# the furthest over first. The worst ten:

# %%
breaches = report.breaches("calls-answered-20s")
shown = ["interaction_id", "queue", "offered_at", "answered_at", "abandoned_at", "measured", "over"]
print(report.breaches_text("calls-answered-20s", columns=shown, limit=10))
print(f"\n{len(breaches):,} calls missed 20 seconds; by queue:")
print(breaches["queue"].value_counts().to_string())

# %% [markdown]
# ## 5. Every row accounted for
#
# `counts()` gives, per standard, how many input rows got each outcome.
# They add up to the number of rows: the non-phone interactions are
# `out_of_scope`, short abandons (under 5 s) of the 20-second standard are
# `excluded`, abandoned calls are `excluded` from the average speed of
# answer (they have no answer time to average), and broken rows are
# `invalid`.

# %%
counts = report.counts()
print(counts)
outcome_columns = ["met", "missed", "pending", "excluded", "invalid", "out_of_scope"]
assert (counts[outcome_columns].sum(axis=1) == len(interactions)).all()

# %% [markdown]
# ## 6. Save the results
#
# `to_json()` is a stable document (`format: svcstandards-report`,
# `version: 1`) with one entry per standard and its rows; shares are
# fractions, timestamps ISO 8601. See `docs/guide/results.md` for every key.

# %%
output = Path(tempfile.gettempdir()) / "svcstandards-walkthrough-report.json"
output.write_text(report.to_json(), encoding="utf-8")
document = json.loads(output.read_text(encoding="utf-8"))
print(f"wrote {output} ({output.stat().st_size:,} bytes)")
for entry in document["standards"]:
    verdict = "passed" if entry["passed"] else "FAILED"
    print(f"  {entry['id']:<25} {verdict:<7} {len(entry['rows'])} rows, outcomes {entry['outcomes']}")
