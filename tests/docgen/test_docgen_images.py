"""PNG canvas and OpenRaster layered images, checked chunk by chunk."""

import io
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib

import pytest

from roomserver.docgen import Canvas, Layer, bar_chart, merge_layers, ora_image, png_image, text_width


def read_png(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """Check signature, chunk CRCs and IHDR; return width, height, channels and raw rows."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert crc == zlib.crc32(kind + body), kind
        chunks.append((kind, body))
        pos += 12 + length
    assert chunks[0][0] == b"IHDR" and chunks[-1] == (b"IEND", b"")
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert depth == 8 and interlace == 0 and color in (2, 6)
    channels = 4 if color == 6 else 3
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    stride = width * channels + 1
    assert len(raw) == stride * height
    rows = [raw[i * stride:(i + 1) * stride] for i in range(height)]
    assert all(row[0] == 0 for row in rows)  # filter type "none"
    return width, height, channels, [row[1:] for row in rows]


def pixel(rows, channels, x, y):
    return tuple(rows[y][x * channels:(x + 1) * channels])


def test_canvas_shapes_and_png_roundtrip():
    canvas = Canvas(40, 20, (255, 255, 255))
    canvas.fill_rect(2, 3, 4, 5, (255, 0, 0))
    canvas.line(0, 19, 39, 19, (0, 0, 255))
    canvas.disc(30, 8, 4, (0, 128, 0, 255))
    width, height, channels, rows = read_png(canvas.to_png())
    assert (width, height, channels) == (40, 20, 4)
    assert pixel(rows, 4, 3, 4) == (255, 0, 0, 255)
    assert pixel(rows, 4, 10, 19) == (0, 0, 255, 255)
    assert pixel(rows, 4, 30, 8) == (0, 128, 0, 255)
    assert pixel(rows, 4, 20, 10) == (255, 255, 255, 255)
    _, _, channels, rows = read_png(canvas.to_png(alpha=False))
    assert channels == 3 and pixel(rows, 3, 3, 4) == (255, 0, 0)


def test_block_letters_ink_and_width():
    canvas = Canvas(100, 30, (255, 255, 255))
    canvas.text(1, 1, "Éa1?", (0, 0, 0), 2)
    ink = sum(1 for i in range(0, len(canvas.pixels), 4) if canvas.pixels[i] == 0)
    assert ink > 40
    assert text_width("AB", 2) == 2 * 6 * 2 - 2
    assert text_width("AB\nCDEF", 1) == 4 * 6 - 1


def test_png_image_checks_size():
    with pytest.raises(ValueError):
        png_image(2, 2, b"\x00" * 15)


def test_bar_chart_is_a_png():
    width, height, _, _ = read_png(bar_chart(["A", "B"], [3, 5], title="T", width=200, height=120).to_png())
    assert (width, height) == (200, 120)


def test_ora_layers_hidden_layer_and_merged_image():
    background = Canvas(20, 10, (0, 0, 255))
    hidden = Canvas(20, 10, (0, 0, 0, 0))
    hidden.fill_rect(0, 0, 5, 5, (255, 0, 0))
    top = Canvas(4, 4, (0, 255, 0, 128))
    data = ora_image(20, 10, [Layer("Fond", background), Layer("Secret", hidden, visible=False),
                              Layer("Haut", top, x=10, y=2, opacity=0.5)])
    archive = zipfile.ZipFile(io.BytesIO(data))
    first = archive.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert archive.read("mimetype") == b"image/openraster"
    stack = ET.fromstring(archive.read("stack.xml"))
    assert (stack.get("w"), stack.get("h")) == ("20", "10")
    layers = stack.findall("stack/layer")
    assert [layer.get("name") for layer in layers] == ["Haut", "Secret", "Fond"]  # top first
    assert layers[1].get("visibility") == "hidden"
    assert (layers[0].get("x"), layers[0].get("y"), layers[0].get("opacity")) == ("10", "2", "0.50")
    for layer in layers:
        read_png(archive.read(layer.get("src")))
    width, height, channels, rows = read_png(archive.read("mergedimage.png"))
    assert (width, height) == (20, 10)
    assert pixel(rows, channels, 1, 1) == (0, 0, 255, 255)  # the hidden red square is not merged
    r, g, b, a = pixel(rows, channels, 11, 3)
    assert g > 0 and b < 255 and a == 255  # the half-transparent green is blended
    assert merge_layers(20, 10, [Layer("Fond", background)]).get(1, 1) == (0, 0, 255, 255)
    thumb_w, thumb_h, _, _ = read_png(archive.read("Thumbnails/thumbnail.png"))
    assert (thumb_w, thumb_h) == (20, 10)


def test_ora_thumbnail_is_at_most_256():
    data = ora_image(600, 300, [Layer("Fond", Canvas(600, 300))])
    width, height, _, _ = read_png(zipfile.ZipFile(io.BytesIO(data)).read("Thumbnails/thumbnail.png"))
    assert (width, height) == (256, 128)


def test_deterministic():
    def build():
        canvas = Canvas(30, 10)
        canvas.text(0, 0, "OK", (0, 0, 0), 1)
        return canvas.to_png(), ora_image(30, 10, [Layer("a", canvas)])
    assert build() == build()
