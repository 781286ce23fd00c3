"""Traditional characters to simplified: OpenCC's ``t2s`` dictionaries.

The pure-Python implementation (opencc-python-reimplemented), so that the browser page
converts exactly as the command line does.  Used by the importer (reports printed in
traditional characters) and by the roster's name matching (organ names).
"""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def converter():
    """OpenCC's t2s converter, or None where it is not installed."""
    try:
        import opencc
    except ImportError:
        return None
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """``text`` in simplified characters (unchanged where no converter is installed)."""
    convert = converter()
    return convert.convert(text) if convert is not None else text
