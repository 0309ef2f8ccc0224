#!/usr/bin/env python3
"""Checks that a PNG has no ink in its outer frame (default 2 pixels): every
label and mark of a chart lies inside the image.  A tiny PNG decoder (the
standard library's zlib; 8-bit greyscale, RGB, RGBA or palette, not
interlaced: what gnuplot's pngcairo writes).  Exit 0 when clean, 1 with
the offending pixels named, 2 on a PNG it cannot read."""
import struct
import sys
import zlib


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, palette = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = [body[i:i + 3] for i in range(0, len(body), 3)]
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        pos += 12 + n
    if depth != 8 or interlace:
        raise ValueError("unsupported PNG (depth %d, interlace %d)" % (depth, interlace))
    bpp = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ctype]
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pr) & 255
        rows.append(line)
        prev = line

    def rgb(x, y):
        px = rows[y][x * bpp:(x + 1) * bpp]
        if ctype == 3:
            return tuple(palette[px[0]])
        if ctype in (0, 4):
            return (px[0],) * 3
        if ctype == 6 and px[3] < 16:
            return (255, 255, 255)  # transparent: no ink
        return tuple(px[:3])

    return w, h, rgb


def main():
    path = sys.argv[1]
    frame = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    try:
        w, h, rgb = decode(path)
    except (ValueError, KeyError, zlib.error, struct.error) as e:
        print("%s: %s" % (path, e))
        return 2
    inked = []
    for y in range(h):
        for x in range(w):
            if frame <= x < w - frame and frame <= y < h - frame:
                continue
            if min(rgb(x, y)) < 240:
                inked.append((x, y))
    if inked:
        print("%s: ink in the outer %d-pixel frame at %d pixels, e.g. %s"
              % (path, frame, len(inked), inked[:5]))
        return 1
    return 0


sys.exit(main())
