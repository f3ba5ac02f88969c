"""PNG charts for a phone screen: a chart is plain data (`Chart`), drawn by `render` in a decoder worker.

Plain data crosses to the worker process; matplotlib is imported there (never in the bot's own
process, where drawing would hold the event loop). Large type, at most three series, the title in
the reader's language.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

MAX_SERIES = 3
COLOURS = {"green": "#2e7d32", "yellow": "#f9a825", "red": "#c62828", "blue": "#1565c0", "grey": "#757575"}


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]
    colour: str = "blue"  # a key of COLOURS


@dataclass(frozen=True)
class Chart:
    """`kind`: "columns" (stacked, one per label: days, campaigns) or "bars" (horizontal, ranked: names)."""
    title: str
    kind: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    notes: tuple[str, ...] = ()  # beside each bar (a median excess), for "bars"

    def __post_init__(self) -> None:
        if not 1 <= len(self.series) <= MAX_SERIES:
            raise ValueError(f"a chart has 1 to {MAX_SERIES} series, not {len(self.series)}")


def render(chart: Chart) -> bytes:
    """The chart as PNG bytes (900 px wide)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(9, 6), dpi=100)
    # Fixed margins (room for names on the left of ranked bars): a layout engine took a third of the time.
    figure.subplots_adjust(left=0.3 if chart.kind == "bars" else 0.08, right=0.97, top=0.84, bottom=0.09)
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    figure.suptitle(chart.title, fontsize=22, x=0.02, ha="left")
    ax.tick_params(labelsize=15)
    ax.spines[["top", "right"]].set_visible(False)
    positions = range(len(chart.labels))
    base = [0.0] * len(chart.labels)
    handles = []
    for series in chart.series:
        # One collection of rectangles per series: ax.bar's artist per bar took a third of the time.
        top = [b + v for b, v in zip(base, series.values)]
        boxes = [[(p - 0.35, b), (p + 0.35, b), (p + 0.35, t), (p - 0.35, t)]
                 for p, b, t in zip(positions, base, top)]
        if chart.kind == "bars":
            boxes = [[(y, x) for x, y in box] for box in boxes]
        ax.add_collection(PolyCollection(boxes, facecolors=COLOURS[series.colour], linewidths=0))
        handles.append(Patch(color=COLOURS[series.colour], label=series.name))
        base = top
    ax.autoscale_view()
    (ax.set_xlim if chart.kind == "bars" else ax.set_ylim)(0, max(base, default=0) * 1.05 or 1)
    (ax.xaxis if chart.kind == "bars" else ax.yaxis).set_major_locator(MaxNLocator(integer=True))  # counts
    if chart.kind == "bars":
        ax.set_yticks(list(positions), [_short(label) for label in chart.labels])
        ax.invert_yaxis()  # the largest first, on top
        for y, (total, note) in enumerate(zip(base, chart.notes)):
            if note:
                ax.annotate(note, (total, y), xytext=(6, 0), textcoords="offset points", va="center", fontsize=15)
        ax.set_xlim(0, max(base, default=0) * 1.2 or 1)  # room for the notes
    else:
        step = max(1, len(chart.labels) // 7)  # at most about seven labels fit a phone's width
        ax.set_xticks(list(positions)[::step], list(chart.labels)[::step])
    if len(chart.series) > 1:
        # A row above the plot, never over a bar; a fixed place, as "best" is a costly search.
        ax.legend(handles=handles, fontsize=15, frameon=False, loc="lower left", bbox_to_anchor=(0, 1), ncols=3,
                  borderaxespad=0.2)
    out = io.BytesIO()
    figure.savefig(out, format="png", pil_kwargs={"compress_level": 1})  # flat colours stay small anyway
    return out.getvalue()


def _short(label: str, limit: int = 22) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
