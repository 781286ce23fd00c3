"""Text written into a workbook stays data: never a formula, an error value or a crash.

A published report may hold a narrative or an organ name such as
``=HYPERLINK("http://…"&封面!B3,"点击")``.  openpyxl stores any string that starts
with ``=`` as a formula and any string equal to an error code (``#N/A``) as an
error value (``Cell._bind_value`` in openpyxl 3.1), and rejects control
characters; Excel re-parses a text starting with ``= + - @`` (also after a tab or
CR, and the full-width forms a Chinese input method types) as a formula as soon
as the cell is edited.  :func:`put` therefore writes every text as a string
cell (``t="s"``), with the quote prefix (Excel's leading apostrophe, ECMA-376
``xf/@quotePrefix``) when it starts like a formula, and control characters
escaped as ``_xHHHH_`` (ECMA-376 §22.9.2.19 ST_Xstring), which the reader
undoes — so the text reads back identically.  :func:`literal` does the same
for values handed to Excel itself (xlwings), where the apostrophe is the only
way.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_LEADS = frozenset("=+-@\t\r\n＝＋－＠")
ERROR_TEXTS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                         "#GETTING_DATA", "#SPILL!", "#CALC!"})
# characters XML 1.0 cannot hold (what openpyxl rejects), and text that already looks
# like an escape (written as _x005F_xHHHH_ so that it is not undone on reading)
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")


def starts_like_formula(text: str) -> bool:
    """True if Excel could take ``text`` for a formula or an error value."""
    return bool(text) and (text[0] in FORMULA_LEADS or text.strip() in ERROR_TEXTS)


def xml_safe(text: str) -> str:
    """``text`` with the characters a cell cannot hold escaped as ``_xHHHH_``."""
    return _UNSAFE.sub(lambda m: f"_x{ord(m.group()):04X}_", text) if _UNSAFE.search(text) \
        else text


def put(cell, value: Any):
    """Set an openpyxl cell's value; a text is stored as text, whatever it starts with.

    Returns the cell.  Formulas giar-xl itself writes (self-checks, totals) are
    assigned directly, never through this function.
    """
    if not isinstance(value, str):
        cell.value = value
        return cell
    text = xml_safe(value)
    cell.value = text
    cell.data_type = "s"  # openpyxl made "=…" a formula ('f') and "#N/A" an error ('e')
    if starts_like_formula(text):
        cell.quotePrefix = True
    return cell


def literal(value: Any, exact: bool = False) -> Any:
    """A value as Excel's own input parser must receive it (xlwings ``Range.value``).

    Text that Excel would turn into a formula, an error, a number or a date gets
    the apostrophe prefix, which keeps it text and is not part of the cell's
    value.  ``exact`` prefixes any text (a fingerprint such as ``1234e5678901``
    must not become a number).
    """
    if isinstance(value, str) and value and (exact or starts_like_formula(value)):
        return "'" + value
    return value
