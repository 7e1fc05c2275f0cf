"""Horizontal bar charts, drawn twice from one layout: SVG text for the PDF, PNG bytes for Word.

Both are deterministic (same bars, same bytes) so documents stay byte-identical between builds.
A bar may be a range: solid up to its low value, outlined and lighter up to its high value. The
layout puts each label above its bar, so no text ever has to be measured to fit beside it; keep
labels under about 70 characters. Numbers are rounded here, for the reader, and nowhere earlier.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from specgen.document import Figure
from specgen.numbers import shown, shown_range

WIDTH, PAD, VALUE_SPACE = 640, 12, 140
TOP, ROW, BAR = 54, 46, 18
FONT = "'Liberation Sans', Arial, 'DejaVu Sans', sans-serif"
INK, MUTED, GRID, SOLID, RANGE = "#1a1a1a", "#4d4d4d", "#767676", "#1f3864", "#b4c7e7"
PNG_SCALE = 2  # Word shows the picture 15 cm wide: twice the layout's pixels keeps text crisp


@dataclass(frozen=True)
class Bar:
    label: str
    low: float
    high: float
    """Equal to ``low`` for a single value; a range bar shows low..high."""


def bar_chart(figure_id: str, title: str, bars: Sequence[Bar], unit: str, alt: str,
              caption: str, axis_end: float = 0) -> Figure:
    """A :class:`Figure` with both drawings; ``alt`` should carry the numbers for screen readers."""
    shapes = list(_layout(title, bars, unit, axis_end))
    return Figure(id=figure_id, alt=alt, caption=caption, svg=_svg(shapes, title, alt, len(bars)),
                  png=_png(shapes, len(bars)))


@dataclass(frozen=True)
class _Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    outline: str = ""


@dataclass(frozen=True)
class _Text:
    x: float
    y: float
    """The baseline."""
    text: str
    size: int
    colour: str
    middle: bool = False
    """Centred on x rather than starting there."""
    bold: bool = False


Shape = _Rect | _Text
"""One thing to draw, in layout pixels; the SVG and the PNG are drawn from the same list."""


def height(rows: int) -> int:
    return TOP + rows * ROW + 52


def _layout(title: str, bars: Sequence[Bar], unit: str, axis_end: float = 0) -> Iterator[Shape]:
    # axis_end: a fixed scale (e.g. stages 1-4) still runs to its end when every bar is short.
    step, end = _axis(max(max((bar.high for bar in bars), default=0), axis_end))
    scale = (WIDTH - 2 * PAD - VALUE_SPACE) / end
    bottom = TOP + len(bars) * ROW
    yield _Text(PAD, 30, title, 16, INK, bold=True)
    # An axis with ticks below the bars; full gridlines would run through the labels above them.
    yield _Rect(PAD, bottom, end * scale, 1, GRID)
    for tick in range(round(end / step) + 1):
        x = PAD + tick * step * scale
        yield _Rect(x - 0.5, bottom, 1, 4, GRID)
        yield _Text(x, bottom + 17, shown(tick * step) + ("%" if unit == "%" else ""), 11, MUTED, True)
    for index, bar in enumerate(bars):
        yield from _bar(bar, TOP + index * ROW, scale, unit)
    if any(bar.high > bar.low for bar in bars):
        yield from _legend(bottom + 36)


def _bar(bar: Bar, y: float, scale: float, unit: str) -> Iterator[Shape]:
    yield _Text(PAD, y + 14, bar.label, 13, INK)
    if bar.high > bar.low:
        yield _Rect(PAD + bar.low * scale, y + 20, (bar.high - bar.low) * scale, BAR, RANGE, SOLID)
    if bar.low > 0:
        yield _Rect(PAD, y + 20, bar.low * scale, BAR, SOLID)
    suffix = unit if unit in ("", "%") else f" {unit}"
    yield _Text(PAD + bar.high * scale + 8, y + 34, shown_range(bar.low, bar.high, suffix), 13, INK)


def _legend(y: float) -> Iterator[Shape]:
    yield _Rect(PAD, y - 10, 14, 10, SOLID)
    yield _Text(PAD + 20, y, "lower estimate", 11, MUTED)
    yield _Rect(PAD + 130, y - 10, 14, 10, RANGE, SOLID)
    yield _Text(PAD + 150, y, "range up to the higher estimate", 11, MUTED)


def _axis(largest: float) -> tuple[float, float]:
    """A round tick step giving at most six steps, and the axis end: a whole number of steps."""
    if largest <= 0:
        return 1.0, 1.0
    magnitude = 10 ** math.floor(math.log10(largest))
    step = next(m * magnitude for m in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10)
                if largest / (m * magnitude) <= 6)
    return step, step * math.ceil(largest / step - 1e-9)


def _svg(shapes: list[Shape], title: str, alt: str, rows: int) -> str:
    h = height(rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{h}" '
        f'viewBox="0 0 {WIDTH} {h}" role="img" font-family="{FONT}">',
        f"<title>{escape(title)}</title><desc>{escape(alt)}</desc>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{h}" fill="#ffffff"/>',
        *(_svg_shape(shape) for shape in shapes),
        "</svg>\n",
    ]
    return "\n".join(parts)


def _svg_shape(shape: Shape) -> str:
    if isinstance(shape, _Rect):
        stroke = f' stroke="{shape.outline}" stroke-width="1"' if shape.outline else ""
        return (f'<rect x="{shape.x:.1f}" y="{shape.y:.1f}" width="{shape.w:.1f}" '
                f'height="{shape.h:.1f}" fill="{shape.fill}"{stroke}/>')
    anchor = "middle" if shape.middle else "start"
    weight = ' font-weight="bold"' if shape.bold else ""
    return (f'<text x="{shape.x:.1f}" y="{shape.y:.1f}" font-size="{shape.size}"{weight} '
            f'fill="{shape.colour}" text-anchor="{anchor}">{escape(shape.text)}</text>')


def _png(shapes: list[Shape], rows: int) -> bytes:
    from PIL import Image, ImageDraw  # only when a chart is drawn

    image = Image.new("RGB", (WIDTH * PNG_SCALE, height(rows) * PNG_SCALE), "#ffffff")
    draw = ImageDraw.Draw(image)
    for shape in shapes:
        if isinstance(shape, _Rect):
            box = [coord * PNG_SCALE for coord in (shape.x, shape.y, shape.x + shape.w, shape.y + shape.h)]
            draw.rectangle(box, fill=shape.fill, outline=shape.outline or None,
                           width=PNG_SCALE if shape.outline else 0)
        else:
            draw.text((shape.x * PNG_SCALE, shape.y * PNG_SCALE), shape.text, fill=shape.colour,
                      font=_font(shape.size * PNG_SCALE, shape.bold),
                      anchor="ms" if shape.middle else "ls")
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)  # level 9 saves 3 % of the bytes at 3 times the cost
    return out.getvalue()


@cache
def _font(size: int, bold: bool = False) -> Any:
    """The PDF's font where the system has it (Pillow searches the usual font folders), else
    DejaVu, else Pillow's own font (which lacks some characters, such as the en dash)."""
    from PIL import ImageFont

    names = ("LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf") if bold else (
        "LiberationSans-Regular.ttf", "DejaVuSans.ttf")
    for name in names:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)
