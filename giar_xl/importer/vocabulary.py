"""What the importer looks for, derived from the format definition (never typed in here).

For each table row the format defines, a :class:`RowTarget` holds the label
variants a printed row may carry (the official label and its ``aliases``,
which inherit the official enumerator), the number of figures the row prints,
and the fields they fill.  The other labels of a table — captions, corner,
column headers, row group labels — are *structural*: a line made only of them
is part of the table's frame, not a row of figures.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from ..layout import Header
from ..spec import FormatSpec, Section, Table
from .labels import Label, parse_label, with_enumerator

T = TypeVar("T")


@dataclass(frozen=True)
class RowTarget:
    """One leaf row of a table that a published report prints with its figures."""

    table: Table
    table_title: str  # 「二、主动公开政府信息情况「第二十条第（一）项」」
    leaf: Header
    ancestors: tuple[Header, ...]  # the row groups above it, outermost first
    fields: tuple[str, ...]  # report fields of the row, in printed column order
    variants: tuple[Label, ...]
    spans: tuple[int, ...] = ()  # printed columns each field spans (本年处理决定数量: 3)
    # A column group of a table's single unlabelled row, printed as a table of its own under
    # the group's name (table 四 as 行政复议 / 行政诉讼（未经复议直接起诉） / …（复议后起诉）).
    part: bool = False

    def prints(self, count: int) -> bool:
        """Whether a printed row of ``count`` figures has this row's shape (one figure per
        field, or each figure repeated over the columns it spans)."""
        return count in (len(self.fields), sum(self.spans))

    def collapse(self, texts: Sequence[T]) -> list[T] | None:
        """Figures printed once per spanned column (a merged cell repeated by the layout),
        one per field; None unless every span repeats one figure."""
        if len(texts) != sum(self.spans) or len(texts) == len(self.fields):
            return None
        collapsed, at = [], 0
        for span in self.spans:
            group = texts[at:at + span]
            if len(set(group)) != 1:
                return None
            collapsed.append(group[0])
            at += span
        return collapsed

    @property
    def unlabelled(self) -> bool:
        return not self.variants and not self.part

    @property
    def name(self) -> str:
        """The row as a clerk finds it, e.g. 「（三）不予公开 / 4.保护第三方合法权益」."""
        if self.unlabelled:
            return f"{self.table_title}的数字行"
        path = [h.label for h in self.ancestors if h.label] + [self.leaf.label]
        if self.part:
            return f"{self.table_title}「{' / '.join(path)}」"
        return " / ".join(path[-2:])


@dataclass(frozen=True)
class ColumnLabel:
    """A column header of a table (any level) with the first field below it, if a leaf."""

    label: Label
    official: str
    table: Table
    field: str | None


@dataclass(frozen=True)
class TableVocabulary:
    """The rows and frame labels of the tables that share one stretch of a report."""

    targets: tuple[RowTarget, ...]
    columns: tuple[ColumnLabel, ...]
    structural: frozenset[str]  # squashed labels that only frame a table
    groups: frozenset[str]  # squashed row-group labels (and their bodies)


def _variants(header: Header) -> tuple[Label, ...]:
    if not header.label:
        return ()
    official = parse_label(header.label)
    return (official, *(with_enumerator(parse_label(a), official.enumerator)
                        for a in header.aliases))


def _report_columns(table: Table) -> list[Header]:
    return [c for c in table.column_leaves() if c.role == "report"]


def table_title(spec: FormatSpec, table: Table) -> str:
    """How messages name a table: its section heading, and its caption if it has one."""
    heading = spec.section(table.section).heading if table.section else ""
    return f"{heading}「{table.caption}」" if table.caption else heading


def row_targets(spec: FormatSpec, table: Table) -> list[RowTarget]:
    """The report rows of ``table`` in printed order."""
    columns = _report_columns(table)
    title = table_title(spec, table)
    targets = []
    for top in table.rows:
        for path, leaf in top.leaves():
            if leaf.role != "report":
                continue
            fields = tuple(table.field_id(leaf.id, c.id) for c in columns)
            targets.append(RowTarget(table, title, leaf, tuple(path[:-1]), fields,
                                     _variants(leaf), tuple(c.span for c in columns)))
    if len(targets) == 1 and targets[0].unlabelled:
        targets += _column_group_parts(table, targets[0], title)
    return targets


def _column_group_parts(table: Table, row: RowTarget, title: str) -> list[RowTarget]:
    """Targets for the column groups of an unlabelled row (see ``RowTarget.part``)."""
    parts: list[RowTarget] = []

    def visit(node: Header, parents: tuple[Header, ...]) -> None:
        if node.is_leaf or node.role != "report":
            return
        leaves = [leaf for _p, leaf in node.leaves() if leaf.role == "report"]
        fields = tuple(table.field_id(row.leaf.id, leaf.id) for leaf in leaves)
        names = [node.label, *node.aliases]
        variants = [parse_label(n) for n in names]
        for parent in parents[-1:]:
            variants += [parse_label(f"{parent.label}{n}") for n in names]
            variants += [parse_label(f"{parent.label}（{n}）") for n in names]
        parts.append(RowTarget(table, title, node, parents, fields, tuple(variants),
                               tuple(leaf.span for leaf in leaves), part=True))
        for child in node.children:
            visit(child, parents + (node,))

    for node in table.columns:
        visit(node, ())
    return parts


def _column_labels(table: Table) -> list[ColumnLabel]:
    found: list[ColumnLabel] = []
    first_row = next((r for r in table.row_leaves() if r.role == "report"), None)

    def visit(node: Header) -> None:
        if node.role != "report":
            return
        field = None
        if node.is_leaf and first_row is not None:
            field = table.field_id(first_row.id, node.id)
        for variant in _variants(node):
            found.append(ColumnLabel(variant, node.label, table, field))
        for child in node.children:
            visit(child)

    for node in table.columns:
        visit(node)
    return found


def _groups(table: Table) -> set[str]:
    found: set[str] = set()

    def visit(node: Header) -> None:
        if node.is_leaf:
            return
        for variant in _variants(node):
            found.update({variant.text, variant.body})
        for child in node.children:
            visit(child)

    for node in table.rows:
        visit(node)
    return found


_CACHE: dict[tuple[int, tuple[str, ...]], tuple[FormatSpec, TableVocabulary]] = {}


def table_vocabulary(spec: FormatSpec, sections: tuple[Section, ...]) -> TableVocabulary:
    """The vocabulary of the tables of ``sections`` (cached per format)."""
    table_ids = tuple(t for s in sections for t in s.tables)
    key = (id(spec), table_ids)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] is spec:
        return cached[1]
    tables = [spec.tables[t] for t in table_ids]
    columns = tuple(c for t in tables for c in _column_labels(t))
    groups: set[str] = set()
    structural: set[str] = set()
    for t in tables:
        groups |= _groups(t)
        for text in (t.caption, t.corner):
            if text:
                structural.add(parse_label(text).text)
    structural |= {c.label.text for c in columns} | {c.label.body for c in columns} | groups
    vocabulary = TableVocabulary(
        targets=tuple(r for t in tables for r in row_targets(spec, t)),
        columns=columns, structural=frozenset(structural), groups=frozenset(groups))
    _CACHE[key] = (spec, vocabulary)
    return vocabulary


@functools.lru_cache(maxsize=64)
def section_titles(section: Section) -> tuple[Label, ...]:
    """The heading of a section and its aliases, as labels (「一、总体情况」 -> 一 / 总体情况)."""
    return tuple(parse_label(t) for t in (section.heading, *section.aliases))
