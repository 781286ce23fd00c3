"""Reports printed in traditional characters, read as if simplified.

Portals offer a 繁體 view of their pages and reviewers sometimes copy from it.
The format's labels are simplified, so a report in traditional characters is
converted with OpenCC's dictionaries (``t2s``; the pure-Python implementation,
so the browser page converts alike) before it is read; each line keeps its printed
cells, so every quote of the source (a finding's ``source``, a figure's origin)
shows the original characters.
"""

from __future__ import annotations

import dataclasses

from ..simplify import converter as _converter
from .lines import Line

# Simplified text can hold a few characters OpenCC would change (「乾」 in 乾隆); a report
# counts as traditional only when conversion changes at least this many characters.
MIN_CHANGED = 5


def simplified_lines(lines: list[Line]) -> list[Line]:
    """``lines`` read as simplified when the report is printed in traditional characters
    (as printed where no converter is installed)."""
    if _converter() is None:
        return lines
    cells = [c for ln in lines for c in ln.cells if c]
    joined = "\n".join(cells)
    converted = _converter().convert(joined)
    if converted == joined:
        return lines
    changed = (sum(1 for a, b in zip(joined, converted, strict=False) if a != b)
               + abs(len(joined) - len(converted)))
    return _each(lines) if changed >= MIN_CHANGED else lines


def _each(lines: list[Line]) -> list[Line]:
    convert = _converter().convert
    return [dataclasses.replace(ln, cells=tuple(convert(c) for c in ln.cells), printed=ln.cells)
            if any(ln.cells) else ln for ln in lines]
