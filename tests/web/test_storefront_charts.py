"""Charts: the same description draws an SVG for the pages and a reportlab Drawing for PDFs."""
from __future__ import annotations

from training.storefront.charts import Chart, Series, chart_geometry, render_drawing, render_svg


def sample() -> Chart:
    return Chart("Laba per minggu", ["M1", "M2", "M3"], [Series("laba", [125_000, -40_000, 310_500])],
                 marker=(2, "terbaik"))


def test_chart_svg_contains_every_data_point():
    svg = str(render_svg(sample()))
    assert svg.startswith("<svg") and "style=" not in svg and "<script" not in svg
    for text in ("M1: Rp125.000", "M2: -Rp40.000", "M3: Rp310.500", "terbaik"):
        assert text in svg
    assert svg.count("<rect") >= 3


def test_negative_bars_hang_below_the_zero_line():
    geo = chart_geometry(sample())
    loss = next(b for b in geo.bars if "M2" in b["text"])
    assert abs(loss["y"] - geo.zero_y) < 0.01 and loss["colour"] == "#a5281b"


def test_line_chart_draws_a_polyline_through_its_points():
    chart = Chart("Kas", ["M1", "M2"], [Series("kas", [10, 20], "line")], money=False)
    svg = str(render_svg(chart))
    assert "<polyline" in svg and "M1: 10" in svg and "M2: 20" in svg


def test_reportlab_renderer_returns_a_drawing():
    from reportlab.graphics.shapes import Drawing
    from reportlab.graphics import renderPDF

    drawing = render_drawing(sample())
    assert isinstance(drawing, Drawing)
    assert drawing.width == 480 and len(drawing.contents) > 5
    assert renderPDF.drawToString(drawing).startswith(b"%PDF")
