"""Chosen cells of a worksheet python-calamine must not read (see :mod:`.sheetscan`).

A sheet with a cell at XFD1048576 or a million rows is read keeping only the
cells asked for: memory grows with those cells (a shared string is held once
however many cells use it), time with the size of the XML.  When its cell tags
are written the plain way, they are found by their references in one regular
expression pass and only the chosen cells are parsed; otherwise (namespace
prefixes, cells without references …) the sheet is streamed.  Both parse with
the standard library's ElementTree (expat: no external entities, bounded entity
expansion), which the browser runtime has too.  Cells
are placed and their values read as python-calamine does — a cell at its
``r`` reference or after the cell before it; shared strings, inline and rich
text (phonetic runs left out), numbers, booleans, error values, ISO dates,
and numbers in date formats as dates — so a report reads the same whichever
way its sheet is read.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from collections.abc import Callable, Collection
from xml.etree import ElementTree

from ..cells import cell_name, parse_cell
from ..model import ErrorValue
from .sheetscan import PLAIN_CELL, sheet_data

MAX_KEPT_CELLS = 20_000  # a whole-sheet read (the 校验结果 list: ~2,000 cells) keeps at most this many

CellValue = float | str | bool | ErrorValue | dt.date | dt.datetime
PartLoader = Callable[[], bytes | None]  # a package part's bytes, None when absent

_REF = re.compile(r"([A-Za-z]*)([0-9]+)")


def read_sparse(sheet_xml: bytes, wanted: Collection[str] | None, plain: bool,
                shared_strings: PartLoader, styles: PartLoader,
                excel_date: Callable[[float], dt.date]) -> dict[str, CellValue]:
    """The non-empty cells of ``sheet_xml`` among ``wanted`` (A1 references; None: the
    first :data:`MAX_KEPT_CELLS` cells) as {"D7": value}; ``plain`` as
    :class:`.sheetscan.SheetScan` found it.

    ``shared_strings`` and ``styles`` load those parts when a kept cell needs
    them.  Raises ValueError when the XML is broken.
    """
    names: dict[tuple[int, int], list[str]] = {}  # position -> the references asking for it
    for ref in wanted or ():
        position = _position(ref)
        if position is not None:
            names.setdefault(position, []).append(ref)
    targets = None if wanted is None else set(names)
    try:
        raw = (_plain_cells(sheet_xml, targets) if plain else None) or _streamed_cells(sheet_xml, targets)
        needed = {int(v) for t, _s, v in raw.values() if t == "s" and v.isdigit()}
        strings = _shared_strings(shared_strings(), needed) if needed else {}
        formats = _DateStyles(styles) if any(s and t in ("n", "") for t, s, _v in raw.values()) else None
        if formats is not None:
            formats.load()
    except ElementTree.ParseError as exc:
        raise ValueError(str(exc)) from exc
    cells: dict[str, CellValue] = {}
    for (row, col), (kind, style, text) in raw.items():
        value = _value(kind, style, text, strings, formats, excel_date)
        if value is not None and value != "":
            for ref in names.get((row, col)) or [cell_name(row + 1, col + 1)]:
                cells[ref] = value
    return cells


def _position(ref: str) -> tuple[int, int] | None:
    try:
        row, col = parse_cell(ref)
    except ValueError:
        return None
    return row - 1, col - 1


RawCells = dict[tuple[int, int], tuple[str, str, str]]  # (row, col) 0-based -> type, style, text


def _plain_cells(xml: bytes, targets: set[tuple[int, int]] | None) -> RawCells | None:
    """The cells kept, found by the references of plain cell tags; only those cells are
    parsed.  None when one of them does not parse on its own (the caller streams then)."""
    region = sheet_data(xml)
    if region is None:
        return None
    wanted = None if targets is None else {cell_name(r + 1, c + 1).encode() for r, c in targets}
    found: RawCells = {}
    picked = None  # the last tag kept, whose element ends before the next tag
    for tag in itertools.chain(PLAIN_CELL.finditer(xml, *region), [None]):
        if picked is not None:
            close = xml.find(b"</c>", picked.end(), tag.start() if tag else region[1])
            if close >= 0:
                try:
                    cell = ElementTree.fromstring(xml[picked.start():close + 4])
                except ElementTree.ParseError:
                    return None
                found[_cell_position(picked.group(1).decode())] = _raw_value(cell)
            picked = None
            if targets is None and len(found) >= MAX_KEPT_CELLS or wanted is not None and not wanted:
                break
        if tag is not None and not tag.group(2).endswith(b"/") and (
                wanted is None or tag.group(1) in wanted):
            picked = tag
            if wanted is not None:
                wanted.discard(tag.group(1))
    return found


def _streamed_cells(xml: bytes, targets: set[tuple[int, int]] | None) -> RawCells:
    """The cells kept, in one streaming pass over the whole sheet."""
    found: RawCells = {}
    row_index = col_index = 0
    position = (0, 0)
    in_data = False
    for event, element, name in _events(xml, ("sheetData", "row", "c"), holders=("c",)):
        if name == "sheetData":
            if event == "end":
                break  # python-calamine reads the first sheetData only
            in_data = True
        elif not in_data:
            continue
        elif name == "row":
            if event == "start":
                number = _row_number(element.get("r"))
                row_index = row_index if number is None else number
            else:
                row_index, col_index = row_index + 1, 0
        elif event == "start":
            explicit = _cell_position(element.get("r"))
            if explicit is not None:
                col_index = explicit[1]
            position = explicit or (row_index, col_index)
        else:
            col_index += 1
            if targets is None or position in targets:
                found[position] = _raw_value(element)
                if (targets is None and len(found) >= MAX_KEPT_CELLS
                        or targets is not None and len(found) == len(targets)):
                    break
    return found


def _events(xml: bytes, names: tuple[str, ...], holders: tuple[str, ...] = ()):
    """("start" or "end", element, local name) of the elements ``names`` (in any namespace),
    streamed.  Every element is dropped from the tree once it has ended — except inside
    a ``holders`` element, whose contents stay until the holder has been seen whole — so
    the tree never holds more than the open elements and one holder."""
    stack: list = []
    holding = 0  # holder elements open
    for event, element in ElementTree.iterparse(io.BytesIO(xml), events=("start", "end")):
        name = _local(element.tag)
        if event == "start":
            stack.append(element)
            holding += name in holders
        else:
            stack.pop()
            holding -= name in holders
        if name in names:
            yield event, element, name
        if event == "end" and stack and not holding:
            stack[-1].remove(element)


def _local(tag) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _row_number(text: str | None) -> int | None:
    match = _REF.fullmatch(text or "")
    return int(match.group(2)) - 1 if match and int(match.group(2)) > 0 else None


def _cell_position(text: str | None) -> tuple[int, int] | None:
    match = _REF.fullmatch(text or "")
    if not match or not match.group(1) or int(match.group(2)) == 0:
        return None
    col = 0
    for letter in match.group(1).upper():
        col = col * 26 + ord(letter) - 64
    return int(match.group(2)) - 1, col - 1


def _raw_value(cell) -> tuple[str, str, str]:
    kind, style, text = cell.get("t") or "", cell.get("s") or "", ""
    for child in cell:
        name = _local(child.tag)
        if name == "v" and kind != "inlineStr":
            text = child.text or ""
        elif name == "is":
            kind, text = "inlineStr", _string_text(child)
    return kind, style, text


def _string_text(element) -> str:
    """Text of a shared or inline string: its ``t``, and the ``t`` of its rich-text runs."""
    parts = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts += [run.text or "" for run in child if _local(run.tag) == "t"]
    return "".join(parts)


def _shared_strings(xml: bytes | None, needed: set[int]) -> dict[int, str]:
    """Only the shared strings ``needed``, by index, streamed."""
    if not xml:
        return {}
    strings: dict[int, str] = {}
    last = max(needed)
    sis = (element for event, element, _name in _events(xml, ("si",), holders=("si",)) if event == "end")
    for index, element in enumerate(sis):
        if index in needed:
            strings[index] = _string_text(element)
        if index >= last:
            break
    return strings


class _DateStyles:
    """Which cell styles (``s``) show numbers as dates, from the styles part."""

    def __init__(self, load: PartLoader):
        self._load = load
        self._dates: set[int] | None = None

    def load(self) -> None:
        if self._dates is None:
            self._dates = _date_styles(self._load())

    def is_date(self, style: str) -> bool:
        self.load()
        return style.isdigit() and int(style) in self._dates


def _date_styles(xml: bytes | None) -> set[int]:
    """The indexes of the cell formats (``cellXfs``) whose number format shows a date."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    if not xml:
        return set()
    codes: dict[str, str] = {str(i): code for i, code in BUILTIN_FORMATS.items()}
    dates: set[int] = set()
    index, in_cell_xfs = 0, False
    for event, element, name in _events(xml, ("numFmt", "cellXfs", "xf")):
        if name == "cellXfs":
            in_cell_xfs = event == "start"
        elif event == "end" and name == "numFmt":
            codes[element.get("numFmtId", "")] = element.get("formatCode", "")
        elif event == "end" and name == "xf" and in_cell_xfs:
            if is_date_format(codes.get(element.get("numFmtId", "0"), "")):
                dates.add(index)
            index += 1
    return dates


def _unescape(text: str) -> str:
    """OOXML's ``_xHHHH_`` escapes undone (``_x000D_`` is a CR), as python-calamine does."""
    if "_x" not in text:
        return text
    from openpyxl.utils.escape import unescape

    return unescape(text)


def _value(kind: str, style: str, text: str, strings: dict[int, str],
           formats: _DateStyles | None, excel_date: Callable[[float], dt.date]) -> CellValue | None:
    if kind == "s":
        return _unescape(strings.get(int(text), "")) if text.isdigit() else None
    if kind in ("inlineStr", "str"):
        return _unescape(text)
    if kind == "b":
        return text.strip() not in ("0", "false", "")
    if kind == "e":
        return ErrorValue(text or "#N/A")
    if kind == "d":
        try:
            return (dt.datetime if "T" in text else dt.date).fromisoformat(text)
        except ValueError:
            return text
    if not text:
        return None
    try:  # as strictly as calamine: no spaces or "_" around or inside the digits
        number = float(text) if text == text.strip() and "_" not in text else None
    except ValueError:
        number = None
    if number is None:
        return text
    if style and formats is not None and formats.is_date(style):
        try:
            return excel_date(number)
        except (OverflowError, ValueError):
            return number
    return number

