"""Read a PNG without Pillow: its size, and its top rows of pixels, to tell an image from a blank."""

from __future__ import annotations

import struct
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}  # colour type -> samples per pixel (8-bit depth)


def chunks(data: bytes):
    assert data[:8] == SIGNATURE, "not a PNG file"
    pos = 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        yield kind, data[pos + 8 : pos + 8 + length]
        pos += 12 + length


def png_size(data: bytes) -> tuple[int, int]:
    kind, header = next(chunks(data))
    assert kind == b"IHDR"
    return struct.unpack(">II", header[:8])


def top_pixels(data: bytes, rows: int) -> set[bytes]:
    """The distinct pixels of the first ``rows`` rows (8-bit, non-interlaced PNGs)."""
    header = next(chunks(data))[1]
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in CHANNELS, "only 8-bit grey/RGB/RGBA PNGs are read"
    bpp = CHANNELS[colour]
    raw = zlib.decompressobj().decompress(b"".join(body for kind, body in chunks(data) if kind == b"IDAT"), (width * bpp + 1) * rows)
    stride = width * bpp
    previous = bytearray(stride)
    pixels: set[bytes] = set()
    for row in range(min(rows, height)):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            corner = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        pixels.update(bytes(line[i : i + bpp]) for i in range(0, stride, bpp))
        previous = line
    return pixels
