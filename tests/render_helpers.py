"""Looking at rendered pages in tests: PDF page -> set of RGB colours present; the text of
each page and the height of every glyph."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path


def page_texts(pdf: Path) -> list[str]:
    """The text of each non-empty page of ``pdf``, whitespace removed (poppler's pdftotext)."""
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    return ["".join(p.split()) for p in pages if p.strip()]


def glyph_heights(pdf: Path) -> list[float]:
    """The height (pt) of every word's box in ``pdf``: a 9 pt glyph box is 8.97 pt high."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    return [float(b) - float(a) for a, b in
            re.findall(r'<word [^>]*yMin="([\d.]+)" [^>]*yMax="([\d.]+)"', boxes)]


def rendered_page(pdf: Path, page: int, workdir: Path, dpi: int = 40) -> set[tuple[int, int, int]]:
    """The colours on one page of ``pdf`` (rendered by poppler's pdftoppm as PPM)."""
    prefix = workdir / f"page{page}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf),
                    str(prefix)], check=True)
    [ppm] = workdir.glob(f"page{page}*.ppm")
    return set(_pixels(ppm.read_bytes()))


def _pixels(data: bytes):
    """RGB triples of a binary PPM (P6) image."""
    fields: list[bytes] = []
    pos = 0
    while len(fields) < 4:  # magic, width, height, maxval (comments skipped)
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P6" or fields[3] != b"255":
        raise ValueError("not an 8-bit P6 PPM")
    raw = data[pos + 1:]
    return (tuple(raw[i:i + 3]) for i in range(0, len(raw) - 2, 3))
