"""The common form of every published report: a sequence of lines of cells.

Each source (plain text, Markdown, Word, HTML) is turned into :class:`Line`
objects: a paragraph is one cell, a table row is its cells in printed order.
A row's cells split into its *labels* (the leading text) and its *values*
(the trailing figures), which is all the table reader needs to know.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..model import parse_number
from ..rules.context import NA_MARKS, NONE_WORDS

_NUMBER = re.compile(r"^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$")
# A figure that a scan or PDF extraction damaged: digits mixed with look-alikes, or a
# look-alike standing alone in a figure's cell (「O」 for 0, 「l」 for 1).
_DAMAGED_NUMBER = re.compile(r"^(?:(?=.*\d)[0-9OoIl|.,:;'`\-+)(\]\[]{1,10}|[OoIl|〇]{1,2})$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_SENTENCE = re.compile(r"[。，,：:；;！？!?]")
_MARK_ROW_LABEL_CHARS = 30
_DISPLAY_LIMIT = 90
_VALUE_MAX_CHARS = 24

NUMBER, MARK, DAMAGED = "number", "mark", "damaged"


def value_kind(cell: str, structured: bool) -> str | None:
    """What a cell holds if it is a value: a figure, a mark (「/」「无」), or a damaged figure.

    Marks and damaged figures count as values only in a structured row (tab,
    pipe, Word or HTML cells), where a cell is known to stand on its own.
    """
    if len(cell) > _VALUE_MAX_CHARS and len(cell.strip()) > _VALUE_MAX_CHARS:
        return None  # figures and marks are short; labels and sentences are not
    text = cell.strip() if cell.isascii() else unicodedata.normalize("NFKC", cell).strip()
    if not text:
        return None
    if _NUMBER.match(text):
        return NUMBER
    if not structured:
        return MARK if text in NA_MARKS or text in NONE_WORDS else None
    if text in NA_MARKS or cell.strip() in NONE_WORDS or text in NONE_WORDS:
        return MARK
    if _DAMAGED_NUMBER.match(text) and not _CJK.search(text):
        return DAMAGED
    return None


@dataclass(frozen=True)
class Value:
    """One value cell of a row as printed."""

    text: str | None  # None: an empty cell that holds a place (Word/HTML/Markdown grid)
    kind: str | None  # NUMBER | MARK | DAMAGED | None for an empty cell

    def read(self):
        """The value for the report: a number, the mark as text, or None for a blank."""
        if self.text is None:
            return None
        if self.kind == NUMBER:
            return parse_number(unicodedata.normalize("NFKC", self.text))
        return self.text.strip()


@dataclass(frozen=True)
class Line:
    """One line of a published report, located for messages."""

    where: str  # 「第 57 行」「表格 2 第 5 行」「第 12 段」
    cells: tuple[str, ...]  # as printed (stripped); one cell for running text
    heading: bool = False  # marked as a heading (Markdown #, bold, <h2>, a Word heading)
    structured: bool = False  # a table row: cells separated by tabs or pipes, or a Word/HTML row
    positional: bool = False  # its empty cells hold a place (Word, HTML, Markdown tables)
    printed: tuple[str, ...] | None = None  # the cells as printed when ``cells`` are normalised
    labels: tuple[str, ...] = field(init=False)
    values: tuple[Value, ...] = field(init=False)

    def __post_init__(self) -> None:
        labels, values = split_row(self.cells, self.structured, self.positional)
        object.__setattr__(self, "labels", labels)
        object.__setattr__(self, "values", values)

    @property
    def text(self) -> str:
        """The running text: non-empty cells joined by a space."""
        return " ".join(c for c in self.cells if c)

    @property
    def printed_text(self) -> str:
        """The running text as printed (traditional characters kept)."""
        if self.printed is None:
            return self.text
        return " ".join(c for c in self.printed if c)

    @property
    def blank(self) -> bool:
        return not any(self.cells)

    @property
    def is_row(self) -> bool:
        """Part of a table rather than running text."""
        return self.structured or len(self.values) >= 2

    @property
    def origin(self) -> str:
        """Where a figure of this line came from, as the checker shows it."""
        text = self.printed_text
        if len(text) > _DISPLAY_LIMIT:
            text = text[:_DISPLAY_LIMIT] + "…"
        return f"{self.where}：{text}"


def split_row(cells: tuple[str, ...], structured: bool,
              positional: bool) -> tuple[tuple[str, ...], tuple[Value, ...]]:
    """(label cells, trailing value cells) of a row.

    Labels are everything up to the last cell that is not a value; repeated
    neighbouring labels (a merged cell that Word or HTML repeats) count once.
    In running text the trailing figures are the space-separated numbers that
    end the line (「（七）总计 3 0 0 0 0 0 3」).
    """
    kept = list(cells) if positional else [c for c in cells if c.strip()]
    last_label = -1
    for i, cell in enumerate(kept):
        if cell.strip() and value_kind(cell, structured) is None:
            last_label = i
    labels: list[str] = []
    for cell in kept[:last_label + 1]:
        if cell.strip() and (not labels or labels[-1] != cell.strip()):
            labels.append(cell.strip())
    tail = kept[last_label + 1:]
    while tail and not tail[-1].strip():
        tail.pop()
    while tail and not tail[0].strip():
        tail.pop(0)
    values = [Value(c.strip() or None, value_kind(c, structured)) for c in tail]
    if not structured and not labels and len(values) == 1:
        return (), ()  # a number alone on a line of running text: a page number
    if not values and labels:
        labels[-1], values = _trailing_figures(labels[-1])
        if not labels[-1]:
            labels.pop()
    return tuple(labels), tuple(values)


def _trailing_figures(text: str) -> tuple[str, list[Value]]:
    """Split 「（七）总计 3 0 0」 into its label and the figures that end it (one pass)."""
    last = text.rsplit(None, 1)[-1] if text.strip() else ""
    if not value_kind(last, structured=False):
        return text, []
    tokens = text.split()
    kinds: list[str] = []
    start = len(tokens)
    while start:
        kind = value_kind(tokens[start - 1], structured=False)
        if kind is None:
            break
        kinds.append(kind)
        start -= 1
    kinds.reverse()
    figures = tokens[start:]
    label = " ".join(tokens[:start])
    # a lone trailing number ends many sentences; only a short label makes it a row
    if not figures or (len(figures) == 1 and (len(label) > 30 or not label)):
        return text, []
    # 「规章 — — —」: marks in place of figures, but never in a sentence (「电话：0355 - 8893100」)
    if MARK in kinds and (not label or len(label) > _MARK_ROW_LABEL_CHARS
                          or _SENTENCE.search(label)):
        return text, []
    return label, [Value(f, kind) for f, kind in zip(figures, kinds, strict=True)]
