"""A StatsReport in the reader's language: the summary text and the charts (plain data, drawn elsewhere)."""
from __future__ import annotations

import asyncio
import html
import statistics
from collections.abc import Callable
from datetime import date

from core.db import Database
from stats.aggregates import REACH_STATES, Period, StatsReport, gather
from stats.charts import Chart, Series, render
from verification.decoder_pool import DecoderPool

# Complaint handling time buckets: (upper bound in hours, locale key).
HANDLING = ((24, "stats-handled-day"), (72, "stats-handled-3days"), (168, "stats-handled-week"),
            (float("inf"), "stats-handled-longer"))
VERDICT_COLOURS = {"green": "green", "yellow": "yellow", "red": "red"}
REACH_COLOURS = {"sent": "green", "blocked": "grey", "failed": "red"}
DRAW_DEADLINE_S = 30.0  # a worker's first chart imports matplotlib (a second or two on a busy machine)


async def stats_for(db: Database, decoder: DecoderPool, t: Callable[..., str],
                    period: Period) -> tuple[str, list[bytes]]:
    """The summary and the charts as PNGs, drawn side by side in the decoder workers (a photo waits for one
    chart at most).

    Raises DecoderBusy or DecodeTimeout when the workers cannot draw now."""
    report = await gather(db, period)
    pictures = await asyncio.gather(*(decoder.run(render, chart, deadline_s=DRAW_DEADLINE_S)
                                      for chart in charts(t, report, lambda day: f"{day:%d.%m}")))
    return summary(t, report, lambda day: f"{day:%d.%m.%Y}"), list(pictures)


def summary(t: Callable[..., str], report: StatsReport, day_format: Callable[[date], str]) -> str:
    """The text that goes before the charts."""
    verdicts = report.verdicts()
    hours = report.handling_hours
    return t("stats-summary", first=day_format(report.period.first), last=day_format(report.period.last),
             checks=sum(verdicts.values()), green=verdicts["green"], yellow=verdicts["yellow"], red=verdicts["red"],
             complaints=sum(report.complaints.values()), overprice=report.complaints["overprice"],
             handled=len(hours), median_hours=round(statistics.median(hours), 1) if hours else 0,
             sent=sum(r.sent for r in report.recalls), blocked=sum(r.blocked for r in report.recalls),
             failed=sum(r.failed for r in report.recalls),
             leaks=sum(c["leak"] for c in report.alerts.values()),
             clones=sum(c["clone"] for c in report.alerts.values()))


def charts(t: Callable[..., str], report: StatsReport, day_label: Callable[[date], str]) -> list[Chart]:
    """The charts that have something to show, in a fixed order."""
    def title(key: str) -> str:
        return html.unescape(t(key))  # a chart is not HTML

    out = []
    days = report.period.days
    if report.checks:
        out.append(Chart(title("stats-chart-checks"), "columns", tuple(day_label(d) for d in days), tuple(
            Series(title(f"stats-verdict-{v}"), tuple(report.checks.get(d, {}).get(v, 0) for d in days), colour)
            for v, colour in VERDICT_COLOURS.items())))
    if report.red_reasons:
        ranked = report.red_reasons.most_common()
        out.append(Chart(title("stats-chart-red"), "bars", tuple(title(f"stats-reason-{r}") for r, _ in ranked),
                         (Series(title("stats-checks"), tuple(n for _, n in ranked), "red"),)))
    for key, rows, name in (("stats-chart-products", report.overprice_products, lambda r: r.name),
                            ("stats-chart-regions", report.overprice_regions,
                             lambda r: title(f"stats-region-{r.name}"))):
        if rows:
            out.append(Chart(title(key), "bars", tuple(name(r) for r in rows),
                             (Series(title("stats-complaints"), tuple(r.complaints for r in rows)),),
                             notes=tuple("" if r.median_excess_percent is None else f"+{r.median_excess_percent:g}%"
                                         for r in rows)))
    if report.handling_hours:
        counts = [0] * len(HANDLING)
        for hours in report.handling_hours:
            counts[next(i for i, (bound, _) in enumerate(HANDLING) if hours <= bound)] += 1
        out.append(Chart(title("stats-chart-handling"), "bars", tuple(title(key) for _, key in HANDLING),
                         (Series(title("stats-complaints"), tuple(counts)),)))
    if report.recalls:
        out.append(Chart(title("stats-chart-recalls"), "columns", tuple(r.product for r in report.recalls), tuple(
            Series(title(f"stats-reach-{state}"), tuple(getattr(r, state) for r in report.recalls),
                   REACH_COLOURS[state]) for state in REACH_STATES)))
    if report.alerts:
        out.append(Chart(title("stats-chart-alerts"), "columns", tuple(day_label(d) for d in days), tuple(
            Series(title(f"stats-alert-{kind}"), tuple(report.alerts.get(d, {}).get(kind, 0) for d in days), colour)
            for kind, colour in (("leak", "red"), ("clone", "yellow")))))
    return out
