"""Charts drawn on the server: one description, worked into geometry, drawn as SVG or for a PDF.

``Chart`` says what to show (bars or lines over labelled x positions, optionally a marked point);
``chart_geometry`` turns it into plain shapes in a box of ``width`` x ``height`` with the y axis
pointing down (SVG's way); ``render_svg`` writes those shapes as an SVG string for the pages (no
JavaScript, no inline style) and ``render_drawing`` as a reportlab ``Drawing`` for PDF reports.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from markupsafe import Markup

from training.simulator.money import format_rupiah

COLOURS = ("#0f5c4d", "#c98a00", "#3b6fb6", "#7a3e9d")
NEGATIVE = "#a5281b"
INK, GRID, MUTED = "#1c2421", "#cdd6d2", "#55625d"


@dataclass
class Series:
    """One row of values: drawn as ``bar`` or ``line``; None leaves a gap."""

    name: str
    values: list[float | None]
    kind: str = "bar"


@dataclass
class Chart:
    """What a chart shows. ``money`` formats values as rupiah; ``marker`` is (x index, label) and
    ``more_markers`` mark further points (the what-if curve marks the learner's price and the best)."""

    title: str
    labels: list[str]
    series: list[Series]
    money: bool = True
    marker: tuple[int, str] | None = None
    label_every: int = 1
    more_markers: list[tuple[int, str]] = field(default_factory=list)
    marker_legend: bool = False  # marker texts in rows under the title (never cut at the edge)


@dataclass
class Geometry:
    """Shapes in pixels, y down: ready for any renderer."""

    width: int
    height: int
    title: str
    plot: tuple[float, float, float, float]  # left, top, right, bottom
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    zero_y: float = 0.0
    bars: list[dict] = field(default_factory=list)  # x, y, w, h, colour, text
    lines: list[dict] = field(default_factory=list)  # points [(x, y)], colour, dots [(x, y, text)]
    marker: dict | None = None  # x, y, text
    more_markers: list[dict] = field(default_factory=list)  # x, y, text
    legend: list[tuple[str, str]] = field(default_factory=list)  # (colour, name)


def short_value(value: float, money: bool) -> str:
    """An axis label: ``Rp1,2 jt``, ``Rp250 rb``, or a plain count."""
    if not money:
        return f"{value:,.0f}".replace(",", ".")
    size = abs(value)
    sign = "-" if value < 0 else ""
    if size >= 1_000_000:
        return f"{sign}Rp{size / 1_000_000:.1f} jt".replace(".", ",")
    if size >= 1_000:
        return f"{sign}Rp{size / 1_000:.0f} rb"
    return f"{sign}Rp{size:.0f}"


def full_value(value: float, money: bool) -> str:
    """A data point's exact value: ``Rp12.500`` or ``12``."""
    if money:
        return format_rupiah(round(value))
    return f"{value:,.0f}".replace(",", ".") if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (always including zero's side)."""
    if high == low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks, value = [], start
    while value <= high + step * 1e-9:
        ticks.append(round(value, 6))
        value += step
    if ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return ticks


def chart_geometry(chart: Chart, width: int = 640, height: int = 260, font: int = 12) -> Geometry:
    """Lay the chart out in a ``width`` x ``height`` box (left margin for labels of ``font`` size,
    rows for the marker texts under the title when ``marker_legend``, legend below)."""
    rows = (1 + len(chart.more_markers)) if chart.marker_legend and chart.marker else 0
    top = 34.0 + rows * (font + 8) + (font if rows else 0)
    left, right, bottom = 6.0 * font, width - 14.0, height - max(46.0, 2.0 * font + 26)
    geo = Geometry(width, height, chart.title, (left, top, right, bottom))
    values = [v for s in chart.series for v in s.values if v is not None]
    low, high = min(values + [0]), max(values + [0])
    if not chart.money and high - low < 5:  # counts: whole-number ticks
        high = low + 5
    ticks = nice_ticks(low, high)
    y_min, y_max = ticks[0], ticks[-1]

    def y_of(value: float) -> float:
        return bottom - (value - y_min) / (y_max - y_min) * (bottom - top)

    geo.y_ticks = [(y_of(t), short_value(t, chart.money)) for t in ticks]
    geo.zero_y = y_of(0)
    count = max(1, len(chart.labels))
    slot = (right - left) / count
    centre = [left + slot * (i + 0.5) for i in range(count)]
    geo.x_ticks = [(centre[i], label) for i, label in enumerate(chart.labels)
                   if i % max(1, chart.label_every) == 0]
    bar_series = [s for s in chart.series if s.kind == "bar"]
    bar_w = slot * 0.7 / max(1, len(bar_series))
    for number, series in enumerate(chart.series):
        colour = COLOURS[number % len(COLOURS)]
        geo.legend.append((colour, series.name))
        if series.kind == "bar":
            position = bar_series.index(series)
            for i, value in enumerate(series.values):
                if value is None:
                    continue
                x = centre[i] - slot * 0.35 + position * bar_w
                y0, y1 = sorted((y_of(0), y_of(value)))
                geo.bars.append({"x": x, "y": y0, "w": bar_w, "h": max(y1 - y0, 0.5),
                                 "colour": NEGATIVE if value < 0 else colour,
                                 "text": f"{chart.labels[i]}: {full_value(value, chart.money)}"})
        else:
            points = [(centre[i], y_of(v), f"{chart.labels[i]}: {full_value(v, chart.money)}")
                      for i, v in enumerate(series.values) if v is not None]
            geo.lines.append({"points": [(x, y) for x, y, _t in points], "colour": colour, "dots": points})

    def point(index: int, text: str) -> dict | None:
        for series in chart.series:
            value = series.values[index] if index < len(series.values) else None
            if value is not None:
                return {"x": centre[index], "y": y_of(value), "text": text}
        return None

    if chart.marker is not None:
        geo.marker = point(*chart.marker)
    geo.more_markers = [m for m in (point(*extra) for extra in chart.more_markers) if m is not None]
    return geo


def _f(value: float) -> str:
    return f"{value:.1f}"


def render_svg(chart: Chart, width: int = 640, height: int = 260, font: int = 12) -> Markup:
    """The chart as an inline SVG element (scales to its container through ``viewBox``); ``font``
    is the labels' size in the chart's own units (a narrower chart with a larger font stays
    legible on a phone)."""
    geo = chart_geometry(chart, width, height, font)
    left, top, right, bottom = geo.plot
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="{escape(geo.title, {chr(34): "&quot;"})}">',
           f'<title>{escape(geo.title)}</title>',
           f'<text x="{_f(font)}" y="20" font-size="{font + 3}" font-weight="bold" fill="{INK}">{escape(geo.title)}</text>']
    for y, label in geo.y_ticks:
        out.append(f'<line x1="{_f(left)}" y1="{_f(y)}" x2="{_f(right)}" y2="{_f(y)}" stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{_f(left - 6)}" y="{_f(y + 4)}" font-size="{font}" text-anchor="end" fill="{MUTED}">{escape(label)}</text>')
    out.append(f'<line x1="{_f(left)}" y1="{_f(geo.zero_y)}" x2="{_f(right)}" y2="{_f(geo.zero_y)}" stroke="{INK}" stroke-width="1.5"/>')
    for x, label in geo.x_ticks:
        out.append(f'<text x="{_f(x)}" y="{_f(bottom + font + 6)}" font-size="{font}" text-anchor="middle" '
                   f'fill="{MUTED}">{escape(label)}</text>')
    for bar in geo.bars:
        out.append(f'<rect x="{_f(bar["x"])}" y="{_f(bar["y"])}" width="{_f(bar["w"])}" height="{_f(bar["h"])}" '
                   f'fill="{bar["colour"]}"><title>{escape(bar["text"])}</title></rect>')
    for line in geo.lines:
        points = " ".join(f"{_f(x)},{_f(y)}" for x, y in line["points"])
        out.append(f'<polyline points="{points}" fill="none" stroke="{line["colour"]}" stroke-width="3"/>')
        for x, y, text in line["dots"]:
            out.append(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="4" fill="{line["colour"]}"><title>{escape(text)}</title></circle>')
    for number, m in enumerate(([geo.marker] if geo.marker else []) + geo.more_markers):
        colour = NEGATIVE if number == 0 else COLOURS[2]
        out.append(f'<circle cx="{_f(m["x"])}" cy="{_f(m["y"])}" r="{7 + 3 * number}" fill="none" stroke="{colour}" '
                   f'stroke-width="3"/>')
        if chart.marker_legend:  # a row under the title: a ring like the one on the curve, then the words
            y = 34 + number * (font + 8) + font / 2
            out.append(f'<circle cx="{_f(font)}" cy="{_f(y)}" r="{font / 2:.1f}" fill="none" stroke="{colour}" stroke-width="3"/>')
            out.append(f'<text x="{_f(2.2 * font)}" y="{_f(y + font / 2 - 1)}" font-size="{font + 1}" font-weight="bold" '
                       f'fill="{colour}">{escape(m["text"])}</text>')
            continue
        anchor = "end" if m["x"] > (left + right) / 2 else "start"
        dx = -10 if anchor == "end" else 10
        out.append(f'<text x="{_f(m["x"] + dx)}" y="{_f(max(m["y"] - 10, top + font))}" font-size="{font + 1}" '
                   f'font-weight="bold" text-anchor="{anchor}" fill="{colour}">{escape(m["text"])}</text>')
    x = left
    for colour, name in geo.legend:
        out.append(f'<rect x="{_f(x)}" y="{_f(height - 16)}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{_f(x + 17)}" y="{_f(height - 6)}" font-size="{font}" fill="{INK}">{escape(name)}</text>')
        x += 30 + font * 0.6 * len(name)
    out.append("</svg>")
    return Markup("".join(out))


def render_drawing(chart: Chart, width: int = 480, height: int = 200):
    """The chart as a reportlab ``Drawing`` (points; y flipped to reportlab's upward axis)."""
    from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
    from reportlab.lib.colors import HexColor

    geo = chart_geometry(chart, width, height)
    left, top, right, bottom = geo.plot
    drawing = Drawing(width, height)

    def up(y: float) -> float:
        return height - y

    drawing.add(String(left, up(20), geo.title, fontSize=11, fontName="Helvetica-Bold", fillColor=HexColor(INK)))
    for y, label in geo.y_ticks:
        drawing.add(Line(left, up(y), right, up(y), strokeColor=HexColor(GRID), strokeWidth=0.5))
        drawing.add(String(left - 4, up(y) - 3, label, fontSize=7, textAnchor="end", fillColor=HexColor(MUTED)))
    drawing.add(Line(left, up(geo.zero_y), right, up(geo.zero_y), strokeColor=HexColor(INK), strokeWidth=1))
    for x, label in geo.x_ticks:
        drawing.add(String(x, up(bottom + 12), label, fontSize=7, textAnchor="middle", fillColor=HexColor(MUTED)))
    for bar in geo.bars:
        drawing.add(Rect(bar["x"], up(bar["y"] + bar["h"]), bar["w"], bar["h"], fillColor=HexColor(bar["colour"]),
                         strokeColor=None))
    for line in geo.lines:
        flat = [v for x, y in line["points"] for v in (x, up(y))]
        if len(flat) >= 4:
            drawing.add(PolyLine(flat, strokeColor=HexColor(line["colour"]), strokeWidth=2))
        for x, y, _text in line["dots"]:
            drawing.add(Circle(x, up(y), 2.5, fillColor=HexColor(line["colour"]), strokeColor=None))
    if geo.marker:
        m = geo.marker
        drawing.add(Circle(m["x"], up(m["y"]), 5, fillColor=None, strokeColor=HexColor(NEGATIVE), strokeWidth=2))
        drawing.add(String(m["x"] + 8, up(m["y"]) + 6, m["text"], fontSize=8, fillColor=HexColor(NEGATIVE)))
    return drawing
