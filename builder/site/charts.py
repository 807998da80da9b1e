"""Charts drawn at build time as inline SVG, coloured by the theme's CSS so they read in light and dark.

One colour rule on every chart (written on the 怎样看数字 page): blue is what was done, grey and dashed
is the plan or target, green is planned work done, red is behind. Nothing is told by colour alone:
a bar that is behind says so beside it, and the lines differ in dashes and markers, so a chart
printed in black and white reads the same.

A chart is drawn about as wide as a phone's column, so that its text stays at its size there;
wider screens show it up to a quarter larger (`SCALE`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

FONT = 12  # px of a label at the chart's own size
NOTE = 11  # px of the small notes (axis, time elapsed)
WIDTH = 330  # the chart's own width: a phone's column
SCALE = 1.25  # how much larger it is drawn where there is room


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # a percentage; None when there is no target
    text: str  # what is written beside the bar
    warn: bool = False


def text_width(text: str, size: float = FONT) -> float:
    """About how wide `text` is at `size` px: a Chinese character is a square, other characters about half one."""
    return size * sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)


def _open(width: float, height: float, title: str) -> str:
    return (
        f'<svg class="portal-chart" viewBox="0 0 {width:g} {height:g}" width="{width * SCALE:g}" '
        f'height="{height * SCALE:g}" role="img" aria-label="{escape(title)}" preserveAspectRatio="xMinYMin meet">'
        f"<title>{escape(title)}</title>"
    )


def bars(rows: list[Bar], *, reference: float | None = None, title: str = "", warn_text: str = "") -> Markup:
    """Horizontal bars of percentages, with an optional reference line (e.g. time elapsed).

    A bar that is behind is red and has `warn_text` written after its value.
    """
    texts = [f"{r.text} {warn_text}" if r.warn and warn_text else r.text for r in rows]
    label_width = max([4 * FONT, *(text_width(r.label) for r in rows)]) + 8
    value_width = max([4 * FONT, *(text_width(t) for t in texts)]) + 8
    bar_width = max(120.0, WIDTH - label_width - value_width)
    width, row_height = label_width + bar_width + value_width, 24
    height = row_height * len(rows) + 24
    top = max([100.0, reference or 0, *(r.value or 0 for r in rows)])
    scale = bar_width / top
    parts = [_open(width, height, title)]
    for i, (row, text) in enumerate(zip(rows, texts, strict=True)):
        y = i * row_height + 4
        length = (row.value or 0) * scale
        parts.append(
            f'<text class="label" x="{label_width - 6:g}" y="{y + 14}" text-anchor="end">{escape(row.label)}</text>'
        )
        parts.append(f'<rect class="track" x="{label_width:g}" y="{y + 3}" width="{bar_width:g}" height="14" rx="3"/>')
        css = "bar warn" if row.warn else "bar"
        parts.append(f'<rect class="{css}" x="{label_width:g}" y="{y + 3}" width="{length:.1f}" height="14" rx="3"/>')
        parts.append(f'<text class="value" x="{label_width + bar_width + 6:g}" y="{y + 14}">{escape(text)}</text>')
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


def _marker(n: int, x: float, y: float) -> str:
    """The marker of the n-th series at one point: a hollow circle, a square, a filled circle."""
    if n % 3 == 1:
        return f'<rect class="series s{n}" x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6"/>'
    return f'<circle class="series s{n}" cx="{x:.1f}" cy="{y:.1f}" r="3"/>'


def lines(x_labels: list[str], series: list[tuple[str, list[float]]], *, title: str = "") -> Markup:
    """A line per series over the x labels (weeks), with a legend drawn as the lines are (colour, dashes, marker)."""
    width, height, left, bottom_pad, top_pad = WIDTH, 190, 30, 34, 40
    plot_w, plot_h = width - left - 12, height - bottom_pad - top_pad
    peak = max([1.0, *(v for _, values in series for v in values)])
    step = plot_w / max(len(x_labels) - 1, 1)

    def point(i: int, v: float) -> tuple[float, float]:
        return left + i * step, top_pad + plot_h - v / peak * plot_h

    parts = [
        _open(width, height, title),
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
    x, y = float(left), 14.0  # where the next legend item goes
    for n, (name, values) in enumerate(series):
        points = [point(i, v) for i, v in enumerate(values)]
        parts.append(f'<polyline class="series s{n}" points="{" ".join(f"{a:.1f},{b:.1f}" for a, b in points)}"/>')
        parts += [_marker(n, a, b) for a, b in points]
        item = 22 + text_width(name)
        if x + item > width and x > left:
            x, y = float(left), y + 16
        parts.append(
            f'<g class="legend"><line class="series s{n}" x1="{x:.1f}" y1="{y - 4:g}" '
            f'x2="{x + 18:.1f}" y2="{y - 4:g}"/>'
            f'{_marker(n, x + 9, y - 4)}<text class="label" x="{x + 22:.1f}" y="{y:g}">{escape(name)}</text></g>'
        )
        x += item + 12
    parts.append("</svg>")
    return Markup("".join(parts))
