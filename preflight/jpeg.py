"""A tiny baseline JPEG encoder (greyscale), because docgen writes PNG but not JPEG.

Enough for the download check and the demo: standard Annex K luminance tables,
a naive DCT (fine for small pictures), deterministic output.
"""

from __future__ import annotations

import math
import struct

_ZIGZAG = [0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14,
           21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60,
           61, 54, 47, 55, 62, 63]
_QUANT = [16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29,
          51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121,
          120, 101, 72, 92, 95, 98, 112, 100, 103, 99]  # natural (row-major) order
_DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
_DC_VALUES = list(range(12))
_AC_BITS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D]
_AC_VALUES = bytes.fromhex(
    "01020300041105122131410613516107227114328191a1082342b1c11552d1f0"
    "24336272820 90a161718191a25262728292a3435363738393a434445464748494a"
    "535455565758595a636465666768696a737475767778797a838485868788898a"
    "92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6"
    "c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa".replace(" ", ""))
_COS = [[math.cos((2 * x + 1) * u * math.pi / 16) for x in range(8)] for u in range(8)]


def _huffman(bits: list[int], values) -> dict[int, tuple[int, int]]:
    """symbol -> (code, length), canonical codes as JPEG builds them."""
    table, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            table[values[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return table


_DC, _AC = _huffman(_DC_BITS, _DC_VALUES), _huffman(_AC_BITS, _AC_VALUES)


class _BitWriter:
    def __init__(self):
        self.out, self.acc, self.n = bytearray(), 0, 0

    def write(self, value: int, length: int) -> None:
        for shift in range(length - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> shift) & 1)
            self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0)  # byte stuffing
                self.acc, self.n = 0, 0

    def flush(self) -> bytes:
        if self.n:
            self.write((1 << (8 - self.n)) - 1, 8 - self.n)
        return bytes(self.out)


def _magnitude(value: int) -> tuple[int, int]:
    size = abs(value).bit_length()
    return size, (value if value >= 0 else value + (1 << size) - 1)


def _fdct(block: list[float]) -> list[float]:
    out = [0.0] * 64
    for v in range(8):
        for u in range(8):
            total = 0.0
            for y in range(8):
                row, cy = y * 8, _COS[v][y]
                for x in range(8):
                    total += block[row + x] * _COS[u][x] * cy
            cu = math.sqrt(0.5) if u == 0 else 1.0
            cv = math.sqrt(0.5) if v == 0 else 1.0
            out[v * 8 + u] = 0.25 * cu * cv * total
    return out


def jpeg_grey(width: int, height: int, pixels: bytes) -> bytes:
    """Encode ``pixels`` (one byte per pixel, row by row) as a baseline greyscale JPEG."""
    if len(pixels) != width * height:
        raise ValueError("pixels must hold width * height bytes")
    bits, previous_dc = _BitWriter(), 0
    for by in range(0, height, 8):
        for bx in range(0, width, 8):
            block = [float(pixels[min(by + y, height - 1) * width + min(bx + x, width - 1)]) - 128
                     for y in range(8) for x in range(8)]
            coeffs = _fdct(block)
            quant = [int(round(coeffs[i] / _QUANT[i])) for i in range(64)]
            zz = [quant[i] for i in _ZIGZAG]
            size, value = _magnitude(zz[0] - previous_dc)
            previous_dc = zz[0]
            bits.write(*_DC[size])
            bits.write(value, size)
            run = 0
            for coefficient in zz[1:]:
                if coefficient == 0:
                    run += 1
                    continue
                while run > 15:
                    bits.write(*_AC[0xF0])
                    run -= 16
                size, value = _magnitude(coefficient)
                bits.write(*_AC[(run << 4) | size])
                bits.write(value, size)
                run = 0
            if run:
                bits.write(*_AC[0x00])
    def segment(marker: int, payload: bytes) -> bytes:
        return struct.pack(">HH", marker, len(payload) + 2) + payload

    header = b"\xff\xd8" + segment(0xFFE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    header += segment(0xFFDB, b"\x00" + bytes(_QUANT[i] for i in _ZIGZAG))
    header += segment(0xFFC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
    header += segment(0xFFC4, b"\x00" + bytes(_DC_BITS) + bytes(_DC_VALUES))
    header += segment(0xFFC4, b"\x10" + bytes(_AC_BITS) + _AC_VALUES)
    header += segment(0xFFDA, b"\x01\x01\x00\x00\x3f\x00")
    return header + bits.flush() + b"\xff\xd9"


def gradient_jpeg(width: int = 64, height: int = 48) -> bytes:
    """A small deterministic picture: a diagonal gradient with a dark square."""
    pixels = bytearray()
    for y in range(height):
        for x in range(width):
            dark = width // 4 <= x < width // 2 and height // 4 <= y < height // 2
            pixels.append(30 if dark else (x * 255 // max(1, width - 1) + y * 2) % 256)
    return jpeg_grey(width, height, bytes(pixels))
