"""plot_staffing(): agents needed by interval, read back from the figure's lines (no pixels compared)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("matplotlib", reason="the staffing picture needs the plot extra: pip install 'svcstandards[plot]'")

import svcstandards
from svcstandards.cli import main
from svcstandards.errors import InvalidArgumentError
from svcstandards.staffing import plot_staffing, staffing

STANDARDS = svcstandards.loads("""
version: 1
measures:
  time_to_answer: {from: offered_at, to: answered_at, abandoned: abandoned_at}
standards:
  - {id: sl-80-20, measure: time_to_answer, within: 20s, floor: 80%}
  - {id: sl-90-60, measure: time_to_answer, within: 1m, floor: 90%}
""")

#: Half-hours of 180-second calls: 100 calls are 10 Erlangs (14 agents for 80/20, the published example),
#: 40 calls 4 Erlangs (7 agents: service level 0.9032; 6 give 0.7720), 250 calls 25 Erlangs (30 agents: 0.8566;
#: 29 give 0.7813). With 30% shrinkage: ceil(14 / 0.7) = 20, ceil(7 / 0.7) = 10, ceil(30 / 0.7) = 43.
FORECAST = pd.DataFrame(
    {
        "start": ["2026-03-02 09:00", "2026-03-02 09:30", "2026-03-02 09:00", "2026-03-02 09:30"],
        "queue": ["sales", "sales", "support", "support"],
        "calls": [100, 0, 40, 250],
        "aht": [180, 180, 180, 180],
    }
)


def _steps(line: tuple[np.ndarray, np.ndarray]) -> tuple[list[object], list[float]]:  # type: ignore[type-arg]
    """Each interval's start and value: a step line has three points per interval (start, end, end or a break)."""
    return line[0][0::3].tolist(), line[1][0::3].tolist()


def _lines(axes: object) -> dict[str, tuple[np.ndarray, np.ndarray]]:  # type: ignore[type-arg]
    return {
        line.get_label(): (np.asarray(line.get_xdata()), np.asarray(line.get_ydata(), dtype=float))
        for line in axes.get_lines()  # type: ignore[attr-defined]
    }


def test_one_panel_per_queue_with_agents_and_staff_as_steps() -> None:
    table = staffing(STANDARDS, FORECAST, standard="sl-80-20", shrinkage="30%")
    figure = plot_staffing(table)
    shown = [axes for axes in figure.axes if axes.get_visible()]
    assert [axes.get_title() for axes in shown] == ["sales", "support"]
    assert figure._suptitle.get_text() == "Agents needed to meet sl-80-20"  # type: ignore[union-attr]
    sales, support = (_lines(axes) for axes in shown)
    x, y = sales["agents on the phones"]
    # 09:00-09:30 at 14, then on at 0 to 10:00, where the line ends (NaN: no interval follows)
    assert (
        x.tolist()
        == pd.to_datetime(["2026-03-02 09:00", *["2026-03-02 09:30"] * 3, *["2026-03-02 10:00"] * 2])
        .to_numpy()
        .tolist()
    )
    assert np.array_equal(y, [14, 14, 14, 0, 0, np.nan], equal_nan=True)
    assert _steps(support["agents on the phones"])[1] == [7, 30]
    assert _steps(support["staff to schedule"])[1] == [10, 43]
    assert shown[1].get_ylim() == (0.0, 48.0)  # ceil(43 x 1.1): room above the highest step
    # one legend under the panels, none in them
    assert [[t.get_text() for t in legend.get_texts()] for legend in figure.legends] == [
        ["agents on the phones", "staff to schedule"]
    ]
    assert all(axes.get_legend() is None for axes in shown)


def test_a_table_of_several_standards_needs_one_chosen() -> None:
    table = staffing(STANDARDS, FORECAST)
    with pytest.raises(InvalidArgumentError, match=r"2 standards \(sl-80-20, sl-90-60\).*standard='sl-80-20'"):
        plot_staffing(table)
    with pytest.raises(InvalidArgumentError, match="no standard 'sl-99'"):
        plot_staffing(table, standard="sl-99")
    figure = plot_staffing(table, standard="sl-90-60")
    assert figure._suptitle.get_text() == "Agents needed to meet sl-90-60"  # type: ignore[union-attr]


def test_the_busiest_queues_when_there_are_too_many() -> None:
    table = staffing(STANDARDS, FORECAST, standard="sl-80-20")
    figure = plot_staffing(table, max_queues=1)
    shown = [axes for axes in figure.axes if axes.get_visible()]
    assert [axes.get_title() for axes in shown] == ["support"]  # 30 agents at its peak against 14
    assert figure._suptitle.get_text().endswith("(1 of 2 queues, the busiest)")  # type: ignore[union-attr]


def test_interval_length_given_or_taken_from_the_starts() -> None:
    one = pd.DataFrame({"start": pd.to_datetime(["2026-03-02 09:00"]), "agents": [14]})
    with pytest.raises(InvalidArgumentError, match=r"one interval start only.*interval=.30min."):
        plot_staffing(one)
    x, y = _lines(plot_staffing(one, interval="15min").axes[0])["agents on the phones"]
    assert x.tolist() == pd.to_datetime(["2026-03-02 09:00", *["2026-03-02 09:15"] * 2]).to_numpy().tolist()
    assert np.array_equal(y, [14, 14, np.nan], equal_nan=True)
    # the same length as seconds and in the file format's spelling, as staffing() and agents_needed() take it
    for same in (900, 900.0, "15m", "PT15M", pd.Timedelta(minutes=15)):
        assert np.array_equal(_lines(plot_staffing(one, interval=same).axes[0])["agents on the phones"][0], x)
    with pytest.raises(InvalidArgumentError, match="a duration longer than 0"):
        plot_staffing(one, interval="0min")
    with pytest.raises(InvalidArgumentError, match="one duration"):
        plot_staffing(one, interval=[900, 1800])
    with pytest.raises(InvalidArgumentError, match="needs a 'agents' column"):
        plot_staffing(one.drop(columns="agents"))
    with pytest.raises(InvalidArgumentError, match="got list"):
        plot_staffing([1, 2])  # type: ignore[arg-type]


def test_a_missing_interval_breaks_the_line() -> None:
    # calls at 09:00 and 09:30, none at 10:00, calls again at 10:30: no step drawn over 10:00-10:30
    table = pd.DataFrame(
        {"start": pd.to_datetime(["2026-03-02 09:00", "2026-03-02 09:30", "2026-03-02 10:30"]), "agents": [5, 6, 4]}
    )
    _, y = _lines(plot_staffing(table).axes[0])["agents on the phones"]
    assert np.array_equal(y, [5, 5, 5, 6, 6, np.nan, 4, 4, np.nan], equal_nan=True)


def test_observed_staffing_shows_the_service_level_reached() -> None:
    looked = pd.DataFrame(
        {
            "start": pd.to_datetime(["2026-03-03 08:00", "2026-03-03 08:30"]),
            "calls": [40, 70],
            "aht": [180.0, 180.0],
            "observed_service_level": [0.95, 0.75],
            "agents": pd.array([7, 10], dtype="Int64"),
        }
    )
    figure = plot_staffing(looked)
    agents_axes, level_axes = figure.axes
    assert _steps(_lines(agents_axes)["agents the calls needed"])[1] == [7, 10]
    x, level = _lines(level_axes)["service level reached"]
    # at the middle of each half-hour
    assert x.tolist() == pd.to_datetime(["2026-03-03 08:15", "2026-03-03 08:45"]).to_numpy().tolist()
    assert level.tolist() == [0.95, 0.75]
    assert level_axes.get_ylim() == (0.0, 1.05)
    assert [t.get_text() for t in figure.legends[0].get_texts()] == ["agents the calls needed", "service level reached"]


def test_staff_command_draws_the_picture(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    standards = tmp_path / "standards.yaml"
    standards.write_text(svcstandards.dumps(STANDARDS), encoding="utf-8")
    data = tmp_path / "forecast.csv"
    FORECAST.to_csv(data, index=False)
    picture = tmp_path / "agents.png"
    code = main(["staff", str(standards), str(data), "--standard", "sl-80-20", "--plot", str(picture)])
    out = capsys.readouterr().out
    assert code == 0
    assert "sl-80-20" in out  # the table is still written
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = tmp_path / "agents.svg"
    assert main(["staff", str(standards), str(data), "--standard", "sl-90-60", "--plot", str(svg)]) == 0
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    capsys.readouterr()
    assert main(["staff", str(standards), str(data), "--plot", str(tmp_path / "agents.gif")]) == 2
    assert "expected one of .png, .svg, .pdf" in capsys.readouterr().err
    assert main(["staff", str(standards), str(data), "--plot", str(picture)]) == 2  # two standards: choose one
    assert "Hint: pass standard='sl-80-20'" in capsys.readouterr().err
    assert io.BytesIO(picture.read_bytes()).getbuffer().nbytes > 1000
