"""Charts drawn at build time as inline SVG, coloured by the theme's CSS so they read in light and dark."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # a percentage; None when there is no target
    text: str  # what is written beside the bar
    warn: bool = False


def bars(rows: list[Bar], *, reference: float | None = None, title: str = "") -> Markup:
    """Horizontal bars of percentages, with an optional reference line (e.g. time elapsed)."""
    label_width, bar_width, row_height = 96, 200, 26
    width = label_width + bar_width + 96
    height = row_height * len(rows) + 24
    top = max([100.0, reference or 0, *(r.value or 0 for r in rows)])
    scale = bar_width / top
    parts = [
        f'<svg class="portal-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" preserveAspectRatio="xMinYMin meet">',
        f"<title>{escape(title)}</title>",
    ]
    for i, row in enumerate(rows):
        y = i * row_height + 4
        length = (row.value or 0) * scale
        parts.append(
            f'<text class="label" x="{label_width - 6}" y="{y + 15}" text-anchor="end">{escape(row.label)}</text>'
        )
        parts.append(f'<rect class="track" x="{label_width}" y="{y + 3}" width="{bar_width}" height="16" rx="3"/>')
        css = "bar warn" if row.warn else "bar"
        parts.append(f'<rect class="{css}" x="{label_width}" y="{y + 3}" width="{length:.1f}" height="16" rx="3"/>')
        parts.append(f'<text class="value" x="{label_width + bar_width + 6}" y="{y + 15}">{escape(row.text)}</text>')
    x100 = label_width + 100 * scale
    bottom = row_height * len(rows) + 6
    parts.append(f'<line class="full" x1="{x100:.1f}" y1="0" x2="{x100:.1f}" y2="{bottom}"/>')
    if reference is not None and reference < 100:
        x = label_width + reference * scale
        parts.append(f'<line class="reference" x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{bottom}"/>')
        parts.append(
            f'<text class="note" x="{x:.1f}" y="{bottom + 14}" text-anchor="middle">时间进度 {reference:g}%</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def lines(x_labels: list[str], series: list[tuple[str, list[float]]], *, title: str = "") -> Markup:
    """A line per series over the x labels (weeks), with a legend."""
    width, height, left, bottom_pad, top_pad = 360, 180, 34, 34, 28
    plot_w, plot_h = width - left - 10, height - bottom_pad - top_pad
    peak = max([1.0, *(v for _, values in series for v in values)])
    step = plot_w / max(len(x_labels) - 1, 1)

    def point(i: int, v: float) -> str:
        return f"{left + i * step:.1f},{top_pad + plot_h - v / peak * plot_h:.1f}"

    parts = [
        f'<svg class="portal-chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line class="axis" x1="{left}" y1="{top_pad + plot_h}" x2="{width - 10}" y2="{top_pad + plot_h}"/>',
        f'<text class="note" x="{left - 4}" y="{top_pad + 4}" text-anchor="end">{peak:g}</text>',
        f'<text class="note" x="{left - 4}" y="{top_pad + plot_h}" text-anchor="end">0</text>',
    ]
    for i, label in enumerate(x_labels):
        if len(x_labels) <= 8 or i % 2 == 0:
            parts.append(
                f'<text class="note" x="{left + i * step:.1f}" y="{height - 14}" text-anchor="middle">'
                f"{escape(label)}</text>"
            )
    for n, (name, values) in enumerate(series):
        points = " ".join(point(i, v) for i, v in enumerate(values))
        parts.append(f'<polyline class="series s{n}" points="{points}"/>')
        for i, v in enumerate(values):
            x, y = point(i, v).split(",")
            parts.append(f'<circle class="series s{n}" cx="{x}" cy="{y}" r="2.5"/>')
        parts.append(f'<rect class="series s{n}" x="{left + n * 110}" y="6" width="12" height="4"/>')
        parts.append(f'<text class="label" x="{left + n * 110 + 16}" y="12">{escape(name)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
