"""OpenRaster (.ora) layered images, opened by GIMP, Krita or MyPaint.

The layers are Pillow images saved as PNG; the container is the OpenRaster layout: a ZIP
with ``mimetype`` first and stored, ``stack.xml`` (top layer first), the merged image and a
thumbnail. No maintained Python library writes it, and it is this small.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Sequence

from PIL import Image

from .archive import zip_archive
from .images import png_bytes

ORA_MIMETYPE = "image/openraster"
THUMBNAIL_MAX = 256


@dataclass(frozen=True)
class Layer:
    """One named layer: its picture, its offset in the image, opacity 0..1 and visibility."""

    name: str
    image: Image.Image
    x: int = 0
    y: int = 0
    opacity: float = 1.0
    visible: bool = True


def merge_layers(width: int, height: int, layers: Sequence[Layer]) -> Image.Image:
    """Composite the visible layers, bottom first, onto a transparent RGBA image."""
    merged = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    for layer in layers:
        if not layer.visible:
            continue
        picture = layer.image.convert("RGBA")
        if layer.opacity < 1:
            alpha = picture.getchannel("A").point(lambda a: round(a * layer.opacity))
            picture.putalpha(alpha)
        merged.alpha_composite(picture, (layer.x, layer.y))
    return merged


def ora_image(width: int, height: int, layers: Sequence[Layer]) -> bytes:
    """Return an .ora of ``layers`` given bottom first; hidden layers are absent from the merged image."""
    if not layers:
        raise ValueError("an OpenRaster image needs at least one layer")
    files: dict[str, bytes] = {}
    image = ET.Element("image", version="0.0.5", w=str(width), h=str(height))
    stack = ET.SubElement(image, "stack")
    for index in reversed(range(len(layers))):  # stack.xml lists the top layer first
        layer = layers[index]
        src = f"data/layer{index}.png"
        files[src] = png_bytes(layer.image.convert("RGBA"))
        ET.SubElement(stack, "layer", {
            "name": layer.name, "src": src, "x": str(layer.x), "y": str(layer.y),
            "opacity": f"{layer.opacity:.2f}", "visibility": "visible" if layer.visible else "hidden",
            "composite-op": "svg:src-over",
        })
    merged = merge_layers(width, height, layers)
    thumbnail = merged.copy()
    thumbnail.thumbnail((THUMBNAIL_MAX, THUMBNAIL_MAX))
    files["stack.xml"] = ET.tostring(image, encoding="utf-8", xml_declaration=True)
    files["mergedimage.png"] = png_bytes(merged)
    files["Thumbnails/thumbnail.png"] = png_bytes(thumbnail)
    files["mimetype"] = ORA_MIMETYPE.encode("ascii")
    return zip_archive(files, first=["mimetype"], stored=["mimetype"])
