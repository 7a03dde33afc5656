"""OpenRaster (.ora) layered images, opened by GIMP, Krita or MyPaint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .archive import zip_archive
from .png import Canvas
from .textblocks import xml_escape

ORA_MIMETYPE = "image/openraster"
THUMBNAIL_MAX = 256


@dataclass(frozen=True)
class Layer:
    """One named layer: its pixels, its offset in the image, opacity 0..1 and visibility."""

    name: str
    canvas: Canvas
    x: int = 0
    y: int = 0
    opacity: float = 1.0
    visible: bool = True


def merge_layers(width: int, height: int, layers: Sequence[Layer]) -> Canvas:
    """Composite the visible layers, bottom first, onto a transparent canvas."""
    merged = Canvas(width, height, (0, 0, 0, 0))
    for layer in layers:
        if layer.visible:
            merged.paste(layer.canvas, layer.x, layer.y, layer.opacity)
    return merged


def ora_image(width: int, height: int, layers: Sequence[Layer]) -> bytes:
    """Return an .ora of ``layers`` given bottom first; hidden layers are absent from the merged image."""
    if not layers:
        raise ValueError("an OpenRaster image needs at least one layer")
    files: dict[str, bytes] = {}
    entries = []
    for index, layer in enumerate(layers):
        src = f"data/layer{index}.png"
        files[src] = layer.canvas.to_png()
        entries.append(
            f'<layer name="{xml_escape(layer.name)}" src="{src}" x="{layer.x}" y="{layer.y}" '
            f'opacity="{layer.opacity:.2f}" visibility="{"visible" if layer.visible else "hidden"}" '
            f'composite-op="svg:src-over"/>'
        )
    # stack.xml lists the top layer first.
    stack = (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        f'<image version="0.0.5" w="{width}" h="{height}"><stack>{"".join(reversed(entries))}</stack></image>'
    )
    merged = merge_layers(width, height, layers)
    scale = min(1.0, THUMBNAIL_MAX / max(width, height))
    thumbnail = merged.scaled(max(1, int(width * scale)), max(1, int(height * scale)))
    files["stack.xml"] = stack.encode("utf-8")
    files["mergedimage.png"] = merged.to_png()
    files["Thumbnails/thumbnail.png"] = thumbnail.to_png()
    files["mimetype"] = ORA_MIMETYPE.encode("ascii")
    return zip_archive(files, first=["mimetype"], stored=["mimetype"])
