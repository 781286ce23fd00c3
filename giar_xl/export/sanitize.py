"""Making the clerk's text safe for every output, and numbers printable.

Narratives are often pasted from web pages and Word: they can carry control
characters that XML forbids (a single ``\\x0b`` makes python-docx refuse the
run, and a hand-edited .docx containing one will not open), lone surrogates
and non-characters.  Everything the exporter takes from a report passes
through :func:`clean_text`; escaping for HTML or Markdown is the renderers'
job, never done here.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from ..model import ErrorValue, Value

# Vertical tab (Word's manual line break when copied as text) and form feed
# (a page break) separate lines: keep them as line breaks, not as nothing.
_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\u2028": "\n", "\u2029": "\n"})
# Everything XML 1.0 forbids (except \t and \n, which we keep), DEL and the C1
# controls (invisible, and rejected by some Word versions), lone surrogates,
# and the non-characters U+FFFE / U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """``text`` with line endings normalised to ``\\n`` and XML-illegal characters removed.

    Tabs and newlines are kept; ``\\x0b``/``\\x0c`` become newlines; the rest
    of the control characters disappear.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_BREAKS)
    return _ILLEGAL.sub("", text)


def paragraphs(text: str | None) -> list[str]:
    """The non-empty lines of a narrative, each stripped, in order."""
    if not text:
        return []
    return [line.strip() for line in clean_text(text).split("\n") if line.strip()]


def format_value(value: Value) -> str:
    """A table value as printed: blank as "", numbers as written, anything else as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")
    if isinstance(value, (dt.date, ErrorValue)):
        return str(value)
    return " ".join(clean_text(str(value)).split())  # one line, no tabs: it fills one cell


def format_date(value: Value) -> str:
    """A date as official documents write it (GB/T 9704): 2026年1月20日."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return "" if value is None else clean_text(str(value)).strip()
