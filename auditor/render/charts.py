"""Chart geometry, computed on the server: numbers only. The SVG itself is written by the Jinja partial
templates/_charts.html, so every label goes through autoescape like any other text in the report."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping, Optional, Sequence, Tuple, Union

from auditor.render.safe import visible

# A point of the run history: (date of the run, findings counted by priority).
TrendPoint = Tuple[Union[dt.date, str], Mapping[str, int]]

BAR_HEIGHT = 22
LABEL_WIDTH = 170
BAR_SPACE = 190  # pixels for the longest bar; the value is written after it


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int
    css: str  # a class name chosen by us (P1..P4 or 'bar'), never from the inventory


def _short(label: str, limit: int = 24) -> str:
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

    @property
    def description(self) -> str:
        """The chart as one sentence, for screen readers (the SVG's <desc>)."""
        parts = ", ".join(f"{b.label}: {b.value}" for b in self.bars)
        return f"{self.title}. {parts}." + (f" And {self.more} more categories." if self.more else "")


def bar_chart(chart_id: str, title: str, counts: Mapping[str, int], limit: int = 10,
              classes: Optional[Mapping[str, str]] = None) -> BarChart:
    """Horizontal bars, largest first as given; at most `limit` bars, the rest summed up as 'other'."""
    items = [(k, v) for k, v in counts.items()]
    more = max(0, len(items) - limit)
    if more:
        rest = sum(v for _, v in items[limit - 1:])
        items = items[:limit - 1] + [(f"{more + 1} others", rest)]
    peak = max([v for _, v in items] + [1])
    bars = tuple(Bar(label=_short(label), value=value, y=i * BAR_HEIGHT,
                     width=max(1 if value else 0, round(value * BAR_SPACE / peak)),
                     css=(classes or {}).get(label, "bar"))
                 for i, (label, value) in enumerate(items))
    return BarChart(chart_id, title, bars, max(1, len(bars)) * BAR_HEIGHT, sum(counts.values()), more)


@dataclass(frozen=True)
class TrendLine:
    priority: str
    points: str  # "x,y x,y ..." for <polyline points>
    last: int


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    lines: Tuple[TrendLine, ...]
    first: str
    last: str
    peak: int
    runs: int
    description: str


def trend_chart(points: Sequence[TrendPoint], priorities: Sequence[str] = ("P1", "P2", "P3", "P4"),
                width: int = 560, height: int = 160) -> Optional[TrendChart]:
    """One line per priority over past runs; None when there are fewer than two runs to draw."""
    if len(points) < 2:
        return None
    ordered = sorted(points, key=lambda p: str(p[0]))
    peak = max([c.get(p, 0) for _, c in ordered for p in priorities] + [1])
    step = (width - 20) / (len(ordered) - 1)
    lines = []
    for prio in priorities:
        coords = " ".join(f"{10 + i * step:.1f},{height - 10 - c.get(prio, 0) * (height - 30) / peak:.1f}"
                          for i, (_, c) in enumerate(ordered))
        lines.append(TrendLine(prio, coords, ordered[-1][1].get(prio, 0)))
    dates = [str(d.isoformat() if isinstance(d, dt.date) else d) for d, _ in ordered]
    description = (f"Findings by priority over {len(ordered)} runs from {dates[0]} to {dates[-1]}; latest: "
                   + ", ".join(f"{line.priority} {line.last}" for line in lines) + ".")
    return TrendChart(width, height, tuple(lines), dates[0], dates[-1], peak, len(ordered), description)
