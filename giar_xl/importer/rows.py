"""The printed rows of a stretch of a report: lines with figures, and what the
lines with labels only do to them.

A label-only line frames a table (captions, corner, column headers, row
groups — or a header flattened into 「申请人情况 / 自然人」), continues the label
of the row above or starts the label of the row below (a label that PDF
extraction split over two lines: merged when that makes the label match the
format clearly better), carries a row whose figures are gone, or is a column
header with a typo (a warning).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .issues import Issues
from .labels import HIGH, LOW, parse_label, similarity, squash
from .lines import Line, Value
from .scoring import Scorer
from .vocabulary import TableVocabulary

MERGE_GAIN = 0.1
COLUMN_TYPO = 0.75
LABEL_LINE_MAX_CHARS = 40
SCRAMBLED_MIN_CHARS = 12
SCRAMBLED_STRUCTURAL = 0.9


@dataclass
class Row:
    """A printed row: its label cells and its figures."""

    line: Line
    labels: list[str]
    values: tuple[Value, ...]
    joined: list[Line] = field(default_factory=list)  # label-only lines merged into it
    caption: Line | None = None  # the line naming the table part it belongs to (「行政复议」)

    @property
    def label_text(self) -> str:
        return " ".join(self.labels)

    @property
    def source(self) -> str:
        extra = "、".join(ln.where for ln in self.joined)
        if extra:
            return f"{self.line.origin}（标签续接{extra}）"
        if self.caption is not None:
            return f"{self.line.origin}（标题见{self.caption.where}）"
        return self.line.origin


def printed_rows(lines: tuple[Line, ...], scorer: Scorer, issues: Issues) -> list[Row]:
    """Rows with figures, with label-only lines merged, framed or turned into rows."""
    items: list[Row | Line | None] = []  # None: running text, which separates rows
    caption: Line | None = None  # the last line naming a part of a table (「行政复议」)
    for line in lines:
        if line.blank:
            continue
        if line.values:
            row = Row(line, list(line.labels), line.values)
            if (not row.labels and caption is not None
                    and scorer.names_part(caption.labels, len(row.values))):
                row.labels, row.caption = list(caption.labels), caption
            caption = None
            items.append(row)
        elif line.labels and (line.structured or len(squash(line.text)) <= LABEL_LINE_MAX_CHARS):
            if len(line.labels) == 1 and scorer.names_part(line.labels):
                caption = line
            items.append(line)
        else:
            caption = None
            items.append(None)
    rows: list[Row] = []
    for k, item in enumerate(items):
        if isinstance(item, Row):
            rows.append(item)
        elif isinstance(item, Line):
            row = _label_only(item, items, k, scorer, issues)
            if row is not None:
                rows.append(row)
    return rows


def _label_only(line: Line, items: list, k: int, scorer: Scorer, issues: Issues) -> Row | None:
    """Handle a line of labels without figures; a new row (figures lost) or None."""
    vocabulary = scorer.vocabulary
    cells = list(line.labels)
    if all(_is_structural(c, vocabulary) for c in cells) or scorer.names_part(cells):
        return None
    previous = items[k - 1] if k > 0 and isinstance(items[k - 1], Row) else None
    following = items[k + 1] if k + 1 < len(items) and isinstance(items[k + 1], Row) else None
    options = []
    text = "".join(cells)
    if previous is not None and previous.labels:
        merged = previous.labels[:-1] + [previous.labels[-1] + text]
        options.append((previous, merged))
    if following is not None:
        merged = ([text + following.labels[0]] + following.labels[1:]
                  if following.labels else [text])
        options.append((following, merged))
    best_gain, best_option = 0.0, None
    for row, merged in options:
        before = scorer.best(row.labels, len(row.values))
        if before >= 1.0:
            continue
        after = scorer.best(merged, len(row.values))
        if after >= LOW and after - before >= MERGE_GAIN and after - before > best_gain:
            best_gain, best_option = after - before, (row, merged)
    if best_option is not None:
        row, merged = best_option
        row.labels = merged
        row.joined.append(line)
        return None
    if scorer.best(cells, 0) >= HIGH:
        return Row(line, cells, ())
    _check_column_labels(line, cells, vocabulary, issues)
    return None


_PATH_SEPARATORS = re.compile(r"[/／|｜·>＞]")


def _is_structural(cell: str, vocabulary: TableVocabulary) -> bool:
    """A caption, corner, column or row-group label — or a path or run of them
    (「申请人情况 / 法人或其他组织 / 商业企业」, a header flattened into one cell)."""
    label = parse_label(cell)
    structural = vocabulary.structural
    if label.text in structural or label.body in structural:
        return True
    if len(label.text) >= SCRAMBLED_MIN_CHARS and any(
            similarity(label, parse_label(s), floor=SCRAMBLED_STRUCTURAL) >= SCRAMBLED_STRUCTURAL
            for s in structural if len(s) >= SCRAMBLED_MIN_CHARS):
        return True  # a long frame label (the corner) scrambled by vertical text
    return _segments_into(_PATH_SEPARATORS.sub("", label.text), structural)


def _segments_into(text: str, pieces: frozenset[str]) -> bool:
    """Whether ``text`` is a concatenation of ``pieces`` (two or more)."""
    if not text or len(text) > 120:
        return False
    reachable = [0] + [-1] * len(text)  # number of pieces that reach each position
    for end in range(1, len(text) + 1):
        for start in range(end):
            if reachable[start] >= 0 and text[start:end] in pieces:
                reachable[end] = max(reachable[end], reachable[start] + 1)
    return reachable[len(text)] >= 2


def _check_column_labels(line: Line, cells: list[str], vocabulary: TableVocabulary,
                         issues: Issues) -> None:
    """A header cell close to a column label but not equal to it is a typo worth a warning."""
    for cell in cells:
        if _is_structural(cell, vocabulary):
            continue
        observed = parse_label(cell)
        best, column = 0.0, None
        for candidate in vocabulary.columns:
            score = similarity(observed, candidate.label)
            if score > best:
                best, column = score, candidate
        if column is not None and best >= COLUMN_TYPO:
            issues.add("import-column-label",
                       f"表头「{cell}」与规定的「{column.official}」不一致（疑为错字或缺字），"
                       f"该栏数字仍按栏位读取；请核对原文。",
                       field=column.field, source=line.origin, expected=column.official,
                       actual=cell)
