"""Pictures on Pillow (PNG, JPEG, bar chart, real TrueType text) and OpenRaster layered images."""

import io
import xml.etree.ElementTree as ET
import zipfile

from PIL import Image, ImageChops, ImageDraw

from preflight.formats import Layer, bar_chart, jpeg_bytes, load_font, merge_layers, ora_image, png_bytes
from roomserver.fonts import BOLD, REGULAR


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()  # decodes every byte: a truncated or corrupt file fails here
    return image


def test_png_roundtrip_keeps_mode_size_and_pixels():
    picture = Image.new("RGBA", (40, 20), (255, 255, 255, 255))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((2, 3, 5, 7), fill=(255, 0, 0, 255))
    draw.point((30, 8), fill=(0, 128, 0, 100))
    back = opened(png_bytes(picture))
    assert (back.format, back.mode, back.size) == ("PNG", "RGBA", (40, 20))
    assert back.getpixel((3, 4)) == (255, 0, 0, 255) and back.getpixel((30, 8)) == (0, 128, 0, 100)
    assert png_bytes(picture) == png_bytes(picture.copy())


def test_jpeg_is_a_real_baseline_jpeg_without_alpha():
    picture = Image.linear_gradient("L").resize((64, 48)).convert("RGBA")
    data = jpeg_bytes(picture)
    assert data[:3] == b"\xff\xd8\xff"
    back = opened(data)
    assert (back.format, back.mode, back.size) == ("JPEG", "RGB", (64, 48))
    assert not back.info.get("progressive")
    assert abs(back.getpixel((0, 0))[0] - picture.getpixel((0, 0))[0]) < 12


def ink(text: str, font) -> Image.Image:
    picture = Image.new("L", (260, 60), 0)
    ImageDraw.Draw(picture).text((4, 4), text, font=font, fill=255)
    return picture


def test_truetype_font_draws_real_accents():
    font = load_font(24, REGULAR)
    accented, plain = ink("Répéter 4 fois", font), ink("Repeter 4 fois", font)
    assert ImageChops.difference(accented, plain).getbbox() is not None
    # The accents sit above the lower-case "e": the ink starts higher.
    assert ink("éèê", font).getbbox()[1] < ink("eee", font).getbbox()[1] - 3
    assert load_font(24, BOLD).getbbox("é") != font.getbbox("é")
    assert ink("ABC", load_font(24)).getbbox() is not None  # Pillow's default font, no file needed


def test_bar_chart_draws_bars_of_the_right_height():
    chart = bar_chart(["A", "B"], [3, 6], title="Titre", width=200, height=160, color=(10, 20, 200))
    assert chart.size == (200, 160) and chart.mode == "RGB"
    columns = [[y for y in range(chart.height) if chart.getpixel((x, y)) == (10, 20, 200)] for x in (60, 140)]
    heights = [len(c) for c in columns]
    assert heights[1] > heights[0] > 0
    assert abs(heights[1] - 2 * heights[0]) <= 2


def test_ora_layers_hidden_layer_and_merged_image():
    background = Image.new("RGBA", (20, 10), (0, 0, 255, 255))
    hidden = Image.new("RGBA", (20, 10), (0, 0, 0, 0))
    ImageDraw.Draw(hidden).rectangle((0, 0, 4, 4), fill=(255, 0, 0, 255))
    top = Image.new("RGBA", (4, 4), (0, 255, 0, 128))
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
    pictures = {layer.get("name"): opened(archive.read(layer.get("src"))) for layer in layers}
    assert pictures["Secret"].getpixel((1, 1)) == (255, 0, 0, 255)  # the hidden layer keeps its pixels
    assert pictures["Haut"].size == (4, 4)
    merged = opened(archive.read("mergedimage.png"))
    assert merged.size == (20, 10)
    assert merged.getpixel((1, 1)) == (0, 0, 255, 255)  # the hidden red square is not merged
    r, g, b, a = merged.getpixel((11, 3))
    assert 0 < g < 255 and 0 < b < 255 and a == 255  # the half-transparent green is blended, at 50 %
    assert merge_layers(20, 10, [Layer("Fond", background)]).getpixel((1, 1)) == (0, 0, 255, 255)
    assert opened(archive.read("Thumbnails/thumbnail.png")).size == (20, 10)


def test_ora_thumbnail_is_at_most_256():
    data = ora_image(600, 300, [Layer("Fond", Image.new("RGBA", (600, 300), (9, 9, 9, 255)))])
    assert opened(zipfile.ZipFile(io.BytesIO(data)).read("Thumbnails/thumbnail.png")).size == (256, 128)


def test_deterministic():
    def build():
        picture = Image.new("RGBA", (60, 20), (255, 255, 255, 255))
        ImageDraw.Draw(picture).text((0, 0), "Été", font=load_font(14, REGULAR), fill=(0, 0, 0))
        return png_bytes(picture), ora_image(60, 20, [Layer("a", picture)])
    assert build() == build()
