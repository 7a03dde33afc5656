"""Pictures on Pillow: fonts, PNG and JPEG bytes, and a labelled bar chart.

Text is drawn with a TrueType font given by path (the room server passes its DejaVu Sans,
so accented French prints as written); without a path, Pillow's own scalable default font
is used, which is enough for the ASCII codes of the PC checks.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Sequence

from PIL import Image, ImageDraw, ImageFont

Color = tuple[int, int, int] | tuple[int, int, int, int]
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def load_font(size: int, path: str | Path | None = None) -> Font:
    """Return the TrueType font at ``path`` (Pillow's default font without one) at ``size`` pixels."""
    return ImageFont.truetype(str(path), size) if path else ImageFont.load_default(size)


def png_bytes(image: Image.Image) -> bytes:
    """Encode ``image`` as PNG (no timestamp: the same picture always gives the same bytes)."""
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def jpeg_bytes(image: Image.Image, quality: int = 85) -> bytes:
    """Encode ``image`` as a baseline JPEG (alpha dropped)."""
    buffer = io.BytesIO()
    image.convert("RGB" if image.mode not in ("L", "RGB") else image.mode).save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def centred_text(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], text: str, font: Font,
                 fill: Color) -> None:
    """Draw ``text`` centred in ``box`` (left, top, right, bottom)."""
    left, top, right, bottom = box
    draw.text(((left + right) / 2, (top + bottom) / 2), text, font=font, fill=fill, anchor="mm")


def bar_chart(
    labels: Sequence[str], values: Sequence[float], *, title: str = "", width: int = 640, height: int = 400,
    color: Color = (52, 101, 164), font: Font | None = None, title_font: Font | None = None,
) -> Image.Image:
    """Draw a labelled bar chart (each value printed above its bar) and return the RGB image."""
    font = font or load_font(16)
    title_font = title_font or font
    image = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    top, bottom, left = 60, height - 40, 30
    if title:
        centred_text(draw, (0, 10, width, 45), title, title_font, (0, 0, 0))
    draw.line((left, bottom, width - 20, bottom), fill=(0, 0, 0), width=2)
    highest = max(values) if values else 1
    slot = (width - left - 30) // max(1, len(values))
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        bar_height = int((bottom - top - 20) * value / highest) if highest else 0
        x = left + 10 + i * slot
        if bar_height:
            draw.rectangle((x, bottom - bar_height, x + slot - 21, bottom - 1), fill=color)
        centred_text(draw, (x, bottom - bar_height - 24, x + slot - 20, bottom - bar_height - 2), f"{value:g}",
                     font, (0, 0, 0))
        centred_text(draw, (x, bottom + 6, x + slot - 20, height - 4), label, font, (0, 0, 0))
    return image
