"""Chart geometry, computed on the server: numbers only. The SVG itself is written by the Jinja partial
templates/_charts.html, so every label goes through autoescape like any other text in the report.

Bars carry the filter they apply to the findings when clicked (report.js); the trend draws one marker per run
and priority, a date per run, axis labels, and leaves a gap at an incomplete run: its counts are not the
whole picture, and drawing them would show a drop that did not happen."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping, Optional, Sequence, Tuple, Union

from auditor.render.safe import visible

# A point of the run history: (date of the run, findings counted by priority), optionally whether the run was
# complete (a run without that flag is taken as complete).
TrendPoint = Union[Tuple[Union[dt.date, str], Mapping[str, int]], Tuple[Union[dt.date, str], Mapping[str, int], bool]]
PRIORITIES = ("P1", "P2", "P3", "P4")

BAR_HEIGHT = 24
LABEL_WIDTH = 160
BAR_SPACE = 190  # pixels for the longest bar; the value is written after it
BAR_VIEW_WIDTH = 400


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int
    css: str  # a class name chosen by us (P1..P4 or 'bar'), never from the inventory
    filter: str = ""  # the findings filter a click applies: app, prio, platform, dept ("" for none)
    key: str = ""  # the value of that filter


def _short(label: str, limit: int = 20) -> str:
    """A label that fits beside its bar: visible characters only, cut with an ellipsis (the full name is in the tables)."""
    text = visible(label)
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    bars: Tuple[Bar, ...]
    height: int
    total: int
    more: int  # categories beyond the ones drawn, added up in the last bar's note
    width: int = BAR_VIEW_WIDTH
    label_width: int = LABEL_WIDTH
    unit: Tuple[str, str] = ("finding", "findings")  # what a bar counts, singular and plural: said on every bar

    def counted(self, value: int) -> str:
        """'1 device', '5 devices': a value with what it counts."""
        return f"{value} {self.unit[0] if value == 1 else self.unit[1]}"

    @property
    def description(self) -> str:
        """The chart as one sentence, for screen readers (the SVG's <desc>)."""
        parts = ", ".join(f"{b.label}: {self.counted(b.value)}" for b in self.bars)
        return f"{self.title}. {parts}." + (f" And {self.more} more categories." if self.more else "")


def bar_chart(chart_id: str, title: str, items: Sequence[Tuple[str, str, int]], limit: int = 10,
              filter_name: str = "", classes: Optional[Mapping[str, str]] = None, total: Optional[int] = None,
              unit: Tuple[str, str] = ("finding", "findings")) -> BarChart:
    """Horizontal bars from (filter key, label, value), largest first as given; at most `limit` bars, the rest
    summed up as 'N others' (a bar that filters nothing). `total` when the bars overlap (a device with two apps
    is under both): what the caption counts; else the bars' sum."""
    rows = list(items)
    more = max(0, len(rows) - limit)
    if more:
        rest = sum(v for _, _, v in rows[limit - 1:])
        rows = rows[:limit - 1] + [("", f"{more + 1} others", rest)]
    peak = max([v for _, _, v in rows] + [1])
    bars = tuple(Bar(label=_short(label), value=value, y=i * BAR_HEIGHT,
                     width=max(1 if value else 0, round(value * BAR_SPACE / peak)),
                     css=(classes or {}).get(key, "bar"),
                     filter=filter_name if value and key else "", key=key)
                 for i, (key, label, value) in enumerate(rows))
    return BarChart(chart_id, title, bars, max(1, len(bars)) * BAR_HEIGHT,
                    sum(v for _, _, v in items) if total is None else total, more, unit=unit)


@dataclass(frozen=True)
class TrendMarker:
    x: float
    y: float
    priority: str
    value: int
    title: str  # "2026-11-21: P1 4" (the SVG <title>: shown on hover, read by screen readers)


@dataclass(frozen=True)
class TrendRun:
    x: float
    date: str
    label: str  # the date as written under the axis (month-day when every run is in one year)
    complete: bool
    counts: Tuple[Tuple[str, int], ...]


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    left: int  # the plot area
    top: int
    right: int
    bottom: int
    ticks: Tuple[Tuple[float, int], ...]  # (y, value) on the vertical axis
    runs: Tuple[TrendRun, ...]
    segments: Tuple[Tuple[str, str], ...]  # (priority, "x,y x,y") for <polyline>: complete runs in a row
    markers: Tuple[TrendMarker, ...]
    latest: Tuple[Tuple[str, int], ...]  # the last complete run's counts, for the legend
    incomplete: int
    x_label: str
    description: str


def _nice_top(peak: int) -> int:
    """The top of the vertical axis: up to 10 the peak itself, made even; above, the peak rounded up to 1, 2 or 5
    times a power of ten. Even, so that the middle tick is a whole number."""
    if peak <= 10:
        return max(2, peak + peak % 2)
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            top = step * magnitude
            if top >= peak and top % 2 == 0:
                return top
        magnitude *= 10


def _date(value: Union[dt.date, str]) -> str:
    return value.isoformat() if isinstance(value, dt.date) else visible(str(value))


def trend_chart(points: Sequence[TrendPoint], priorities: Sequence[str] = PRIORITIES,
                width: int = 420, height: int = 240) -> Optional[TrendChart]:
    """One line per priority over past runs, markers per run, gaps at incomplete runs; None when there are
    fewer than two runs to draw. Runs are kept in the order given (oldest first)."""
    if len(points) < 2:
        return None
    runs_in = [(_date(p[0]), p[1], bool(p[2]) if len(p) > 2 else True) for p in points]  # type: ignore[misc]
    left, top, right, bottom = 44, 14, width - 14, height - 62
    peak = max([c.get(p, 0) for _, c, ok in runs_in if ok for p in priorities] + [0])
    ceiling = _nice_top(peak)
    step = (right - left) / (len(runs_in) - 1)

    def y_of(value: int) -> float:
        return round(bottom - value * (bottom - top) / ceiling, 1)

    one_year = len({d[:4] for d, _, _ in runs_in}) == 1 and all(len(d) == 10 for d, _, _ in runs_in)
    runs = tuple(TrendRun(round(left + i * step, 1), d, d[5:] if one_year else d, ok,
                          tuple((p, int(c.get(p, 0))) for p in priorities))
                 for i, (d, c, ok) in enumerate(runs_in))
    segments, markers = [], []
    for prio in priorities:
        current = []
        for run in runs + (None,):  # type: ignore[operator]
            if run is not None and run.complete:
                value = dict(run.counts)[prio]
                current.append(f"{run.x},{y_of(value)}")
                markers.append(TrendMarker(run.x, y_of(value), prio, value, f"{run.date}: {prio} {value}"))
                continue
            if len(current) > 1:
                segments.append((prio, " ".join(current)))
            current = []
    complete_runs = [r for r in runs if r.complete]
    latest = complete_runs[-1].counts if complete_runs else tuple((p, 0) for p in priorities)
    incomplete = sum(1 for r in runs if not r.complete)
    ticks = ((y_of(0), 0), (y_of(ceiling // 2), ceiling // 2), (y_of(ceiling), ceiling))
    x_label = f"Run (as-of date{', ' + runs[0].date[:4] if one_year else ''})"
    description = (f"Open findings by priority over {len(runs)} runs from {runs[0].date} to {runs[-1].date}"
                   + (f", {incomplete} of them incomplete (not drawn)" if incomplete else "")
                   + "; latest complete run: " + ", ".join(f"{p} {n}" for p, n in latest) + ".")
    return TrendChart(width, height, left, top, right, bottom, ticks, runs, tuple(segments), tuple(markers),
                      latest, incomplete, x_label, description)
