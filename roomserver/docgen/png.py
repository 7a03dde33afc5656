"""PNG images from a small RGBA canvas: rectangles, lines, discs and block-letter text."""

from __future__ import annotations

import struct
import zlib
from typing import Sequence

from .font import GLYPH_HEIGHT, GLYPH_WIDTH, fold, glyph

Color = tuple[int, int, int] | tuple[int, int, int, int]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _rgba(color: Color) -> tuple[int, int, int, int]:
    """Return ``color`` with an alpha channel (opaque when not given)."""
    if len(color) == 3:
        return (color[0], color[1], color[2], 255)
    return tuple(color)  # type: ignore[return-value]


class Canvas:
    """A width x height RGBA pixel buffer that draws simple shapes and renders to PNG."""

    def __init__(self, width: int, height: int, background: Color = (255, 255, 255, 255)):
        """Create a canvas filled with ``background`` (use alpha 0 for a transparent layer)."""
        if width <= 0 or height <= 0:
            raise ValueError("a canvas needs a positive width and height")
        self.width = width
        self.height = height
        self.pixels = bytearray(bytes(_rgba(background)) * (width * height))

    def get(self, x: int, y: int) -> tuple[int, int, int, int]:
        """Return the RGBA value of one pixel."""
        i = (y * self.width + x) * 4
        return tuple(self.pixels[i : i + 4])  # type: ignore[return-value]

    def put(self, x: int, y: int, color: Color) -> None:
        """Set one pixel (ignored outside the canvas); the colour replaces, it does not blend."""
        if 0 <= x < self.width and 0 <= y < self.height:
            i = (y * self.width + x) * 4
            self.pixels[i : i + 4] = bytes(_rgba(color))

    def fill_rect(self, x: int, y: int, w: int, h: int, color: Color) -> None:
        """Fill the rectangle with top-left corner (x, y), clipped to the canvas."""
        x0, y0 = max(0, x), max(0, y)
        x1, y1 = min(self.width, x + w), min(self.height, y + h)
        if x0 >= x1 or y0 >= y1:
            return
        row = bytes(_rgba(color)) * (x1 - x0)
        for yy in range(y0, y1):
            i = (yy * self.width + x0) * 4
            self.pixels[i : i + len(row)] = row

    def rect(self, x: int, y: int, w: int, h: int, color: Color, thickness: int = 1) -> None:
        """Draw the outline of a rectangle."""
        t = thickness
        self.fill_rect(x, y, w, t, color)
        self.fill_rect(x, y + h - t, w, t, color)
        self.fill_rect(x, y, t, h, color)
        self.fill_rect(x + w - t, y, t, h, color)

    def line(self, x0: int, y0: int, x1: int, y1: int, color: Color, thickness: int = 1) -> None:
        """Draw a straight line (Bresenham), ``thickness`` pixels wide."""
        dx, dy = abs(x1 - x0), -abs(y1 - y0)
        sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
        err = dx + dy
        half = thickness // 2
        while True:
            self.fill_rect(x0 - half, y0 - half, thickness, thickness, color)
            if x0 == x1 and y0 == y1:
                return
            e2 = 2 * err
            if e2 >= dy:
                err += dy
                x0 += sx
            if e2 <= dx:
                err += dx
                y0 += sy

    def disc(self, cx: int, cy: int, r: int, color: Color) -> None:
        """Fill a circle of radius ``r`` centred on (cx, cy)."""
        for yy in range(-r, r + 1):
            half = int((r * r - yy * yy) ** 0.5)
            self.fill_rect(cx - half, cy + yy, 2 * half + 1, 1, color)

    def text(self, x: int, y: int, text: str, color: Color = (0, 0, 0), scale: int = 2) -> None:
        """Write ``text`` in block letters, top-left at (x, y), each font pixel ``scale`` px wide."""
        cx = x
        for char in fold(text):
            if char == "\n":
                cx = x
                y += (GLYPH_HEIGHT + 3) * scale
                continue
            for row_index, row in enumerate(glyph(char)):
                for col_index, ink in enumerate(row):
                    if ink:
                        self.fill_rect(
                            cx + col_index * scale, y + row_index * scale, scale, scale, color
                        )
            cx += (GLYPH_WIDTH + 1) * scale

    def paste(self, other: "Canvas", x: int = 0, y: int = 0, opacity: float = 1.0) -> None:
        """Blend ``other`` over this canvas at (x, y) ("source over" alpha compositing)."""
        src, dst = other.pixels, self.pixels
        for oy in range(other.height):
            ty = y + oy
            if not 0 <= ty < self.height:
                continue
            for ox in range(other.width):
                tx = x + ox
                if not 0 <= tx < self.width:
                    continue
                si = (oy * other.width + ox) * 4
                a = src[si + 3] * opacity / 255
                if a <= 0:
                    continue
                di = (ty * self.width + tx) * 4
                if a >= 1:
                    dst[di : di + 4] = src[si : si + 4]
                    continue
                d = dst[di + 3] / 255
                out_a = a + d * (1 - a)
                for k in range(3):
                    dst[di + k] = round((src[si + k] * a + dst[di + k] * d * (1 - a)) / out_a)
                dst[di + 3] = round(out_a * 255)

    def scaled(self, width: int, height: int) -> "Canvas":
        """Return a nearest-neighbour resized copy (good enough for thumbnails)."""
        out = Canvas(width, height, (0, 0, 0, 0))
        for yy in range(height):
            sy = yy * self.height // height
            for xx in range(width):
                sx = xx * self.width // width
                out.put(xx, yy, self.get(sx, sy))
        return out

    def to_png(self, alpha: bool = True) -> bytes:
        """Encode the canvas as a PNG (RGBA, or RGB with ``alpha=False``)."""
        if alpha:
            return png_image(self.width, self.height, bytes(self.pixels))
        rgb = bytearray()
        for i in range(0, len(self.pixels), 4):
            rgb += self.pixels[i : i + 3]
        return png_image(self.width, self.height, bytes(rgb), alpha=False)


def text_width(text: str, scale: int = 2) -> int:
    """Return the width in pixels of the longest line of ``text`` drawn by ``Canvas.text``."""
    longest = max((len(line) for line in fold(text).split("\n")), default=0)
    return max(0, longest * (GLYPH_WIDTH + 1) * scale - scale)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_image(width: int, height: int, pixels: bytes, alpha: bool = True) -> bytes:
    """Encode raw 8-bit RGBA (or RGB) rows, top to bottom, as a PNG file."""
    channels = 4 if alpha else 3
    stride = width * channels
    if len(pixels) != stride * height:
        raise ValueError(f"expected {stride * height} bytes of pixels, got {len(pixels)}")
    raw = b"".join(b"\x00" + pixels[y * stride : (y + 1) * stride] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 6 if alpha else 2, 0, 0, 0)
    return (
        PNG_SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


def bar_chart(
    labels: Sequence[str], values: Sequence[float], *, title: str = "", width: int = 640,
    height: int = 400, color: Color = (52, 101, 164),
) -> Canvas:
    """Draw a simple labelled bar chart (values printed above the bars) and return the canvas."""
    canvas = Canvas(width, height)
    top, bottom, left = 50, height - 40, 30
    if title:
        canvas.text((width - text_width(title, 2)) // 2, 14, title, (0, 0, 0), 2)
    canvas.line(left, bottom, width - 20, bottom, (0, 0, 0), 2)
    highest = max(values) if values else 1
    slot = (width - left - 30) // max(1, len(values))
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        bar_h = int((bottom - top - 20) * value / highest) if highest else 0
        x = left + 10 + i * slot
        canvas.fill_rect(x, bottom - bar_h, slot - 20, bar_h, color)
        shown = f"{value:g}"
        canvas.text(x + (slot - 20 - text_width(shown, 2)) // 2, bottom - bar_h - 18, shown, (0, 0, 0), 2)
        canvas.text(x + (slot - 20 - text_width(label, 2)) // 2, bottom + 10, label, (0, 0, 0), 2)
    return canvas
