"""Flow diagrams: a row of boxes joined by arrows, drawn as SVG (for the PDF) and PNG (for Word).

Used for the theory of change (inputs → activities → … → long-term outcomes). Like the charts,
both drawings come from one list of shapes and are deterministic. Box text is short and fixed
(a heading of up to two lines and a note such as "4 items"), so nothing needs measuring; the
detail lives in the table beside the figure and in the alt text.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from specgen.document import Figure
from specgen.figures.charts import FONT, INK, MUTED, PNG_SCALE, RANGE, SOLID
from specgen.figures.charts import _font as chart_font  # one font fallback chain for every figure

WIDTH, PAD, GAP, TOP, BOX_H = 760, 16, 26, 48, 104


@dataclass(frozen=True)
class Box:
    lines: tuple[str, ...]
    """The heading, one or two short lines (about 12 characters each)."""
    note: str = ""


@dataclass(frozen=True)
class _Shape:
    kind: str
    """"box", "arrow" or "text"."""
    x: float
    y: float
    w: float = 0
    text: str = ""
    size: int = 12
    bold: bool = False
    colour: str = INK
    middle: bool = True
    """Text centred on x (box labels) rather than starting there (the title)."""


def flow_diagram(figure_id: str, title: str, boxes: Sequence[Box], alt: str,
                 caption: str) -> Figure:
    """Boxes left to right with an arrow between each pair; ``alt`` should say what they hold."""
    shapes = list(_layout(title, boxes))
    return Figure(id=figure_id, alt=alt, caption=caption, svg=_svg(shapes, title, alt),
                  png=_png(shapes))


def _height() -> int:
    return TOP + BOX_H + PAD


def _layout(title: str, boxes: Sequence[Box]) -> Iterator[_Shape]:
    yield _Shape("text", PAD, 28, text=title, size=16, bold=True, middle=False)
    count = max(len(boxes), 1)
    width = (WIDTH - 2 * PAD - (count - 1) * GAP) / count
    for index, box in enumerate(boxes):
        x = PAD + index * (width + GAP)
        yield _Shape("box", x, TOP, width)
        middle = x + width / 2
        for line_no, line in enumerate(box.lines):
            yield _Shape("text", middle, TOP + 36 + line_no * 17, text=line, size=13, bold=True)
        if box.note:
            yield _Shape("text", middle, TOP + BOX_H - 16, text=box.note, size=11, colour=MUTED)
        if index:
            yield _Shape("arrow", x - GAP + 4, TOP + BOX_H / 2, GAP - 8)


def _svg(shapes: list[_Shape], title: str, alt: str) -> str:
    h = _height()
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{h}" '
        f'viewBox="0 0 {WIDTH} {h}" role="img" font-family="{FONT}">',
        f"<title>{escape(title)}</title><desc>{escape(alt)}</desc>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{h}" fill="#ffffff"/>',
        *(_svg_shape(shape) for shape in shapes),
        "</svg>\n",
    ])


def _svg_shape(s: _Shape) -> str:
    if s.kind == "box":
        return (f'<rect x="{s.x:.1f}" y="{s.y:.1f}" width="{s.w:.1f}" height="{BOX_H}" rx="8" '
                f'fill="{RANGE}" stroke="{SOLID}" stroke-width="1.5"/>')
    if s.kind == "arrow":
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in _arrow_head(s))
        return (f'<line x1="{s.x:.1f}" y1="{s.y:.1f}" x2="{s.x + s.w - 7:.1f}" y2="{s.y:.1f}" '
                f'stroke="{SOLID}" stroke-width="2"/><polygon points="{points}" fill="{SOLID}"/>')
    anchor = "middle" if s.middle else "start"
    weight = ' font-weight="bold"' if s.bold else ""
    return (f'<text x="{s.x:.1f}" y="{s.y:.1f}" font-size="{s.size}"{weight} fill="{s.colour}" '
            f'text-anchor="{anchor}">{escape(s.text)}</text>')


def _arrow_head(s: _Shape) -> list[tuple[float, float]]:
    tip = s.x + s.w
    return [(tip, s.y), (tip - 8, s.y - 5), (tip - 8, s.y + 5)]


def _png(shapes: list[_Shape]) -> bytes:
    from PIL import Image, ImageDraw  # only when a diagram is drawn

    k = PNG_SCALE
    image = Image.new("RGB", (WIDTH * k, _height() * k), "#ffffff")
    draw = ImageDraw.Draw(image)
    for s in shapes:
        if s.kind == "box":
            draw.rounded_rectangle([s.x * k, s.y * k, (s.x + s.w) * k, (s.y + BOX_H) * k],
                                   radius=8 * k, fill=RANGE, outline=SOLID, width=k + 1)
        elif s.kind == "arrow":
            draw.line([s.x * k, s.y * k, (s.x + s.w - 7) * k, s.y * k], fill=SOLID, width=2 * k)
            draw.polygon([(x * k, y * k) for x, y in _arrow_head(s)], fill=SOLID)
        else:
            draw.text((s.x * k, s.y * k), s.text, fill=s.colour, font=chart_font(s.size * k, s.bold),
                      anchor="ms" if s.middle else "ls")
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=9)
    return out.getvalue()
