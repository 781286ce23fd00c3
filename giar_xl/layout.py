"""Where everything of a sheet sits: pure geometry derived from the format data.

A grid table is laid out like the official table: the caption above it, the
corner cell over the row labels, the column-label tree as merged header rows,
the row-label tree as merged label columns, then one input cell per leaf row
and leaf column.  Self-check ("应为") cells go in extra columns to the right
or extra rows below, as each relation asks.  Nothing here touches a workbook.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .cells import cell_name, range_name


@dataclass(frozen=True)
class Header:
    """A node of a row or column label tree (leaves carry an id)."""

    label: str
    id: str | None = None
    children: tuple[Header, ...] = ()
    role: str = "report"
    gap: int = 0
    span: int = 1
    aliases: tuple[str, ...] = ()
    previous_of: str | None = None  # last year's row/column this one holds
    prefill_from: str | None = None  # last year's row/column a new workbook starts from

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def depth(self) -> int:
        return 1 + max((c.depth() for c in self.children), default=0)

    def leaves(self, path: tuple[Header, ...] = ()) -> list[tuple[tuple[Header, ...], Header]]:
        """(ancestors including self, leaf) for each leaf, in order."""
        here = path + (self,)
        if self.is_leaf:
            return [(here, self)]
        return [item for child in self.children for item in child.leaves(here)]


@dataclass(frozen=True)
class LabelCell:
    """A fixed text cell of the form (official label, title, check caption)."""

    sheet: str
    cell: str
    text: str
    kind: str  # title | caption | corner | column | row | form | check
    merge: str | None = None

    @property
    def official(self) -> bool:
        return self.kind in {"title", "caption", "corner", "column", "row", "form"}


@dataclass(frozen=True)
class GridCell:
    """One leaf row x leaf column position of a table."""

    row: Header
    col: Header
    row_path: tuple[str, ...]
    column_path: tuple[str, ...]
    role: str
    cell: str
    merge: str | None

    @property
    def row_id(self) -> str | None:
        return self.row.id

    @property
    def col_id(self) -> str | None:
        return self.col.id


@dataclass
class GridLayout:
    """The computed geometry of one table (mutable only while it is built)."""

    sheet: str
    label_columns: int
    header_rows: int
    first_row: int  # first data row
    first_col: int  # first data column
    last_row: int  # last data row
    last_col: int  # last data column (span included)
    row_of: dict[str | None, int] = field(default_factory=dict)
    col_of: dict[str | None, int] = field(default_factory=dict)
    cells: list[GridCell] = field(default_factory=list)
    labels: list[LabelCell] = field(default_factory=list)


def _tree_depth(nodes: tuple[Header, ...]) -> int:
    if len(nodes) == 1 and nodes[0].is_leaf and not nodes[0].label:
        return 0  # a single unlabelled row: the table has no label column
    return max(n.depth() for n in nodes)


def _positions(nodes: tuple[Header, ...], start: int) -> tuple[dict[int, int], int]:
    """Grid position of each leaf (keyed by id(leaf)) honouring gap/span; returns end."""
    pos: dict[int, int] = {}
    at = start
    for _path, leaf in (item for n in nodes for item in n.leaves()):
        at += leaf.gap
        pos[id(leaf)] = at
        at += leaf.span
    return pos, at - 1


def layout_grid(
    sheet: str,
    anchor: tuple[int, int],
    rows: tuple[Header, ...],
    columns: tuple[Header, ...],
    caption: str | None,
    corner: str | None,
) -> GridLayout:
    top, left = anchor
    n_label = _tree_depth(rows)
    n_header = _tree_depth(columns)
    first_row, first_col = top + n_header, left + n_label
    row_pos, last_row = _positions(rows, first_row)
    col_pos, last_col = _positions(columns, first_col)
    grid = GridLayout(sheet, n_label, n_header, first_row, first_col, last_row, last_col)

    if caption:
        grid.labels.append(LabelCell(sheet, cell_name(top - 1, left), caption, "caption",
                                     range_name(top - 1, left, top - 1, last_col)))
    if corner and n_label:
        merge = range_name(top, left, first_row - 1, first_col - 1)
        grid.labels.append(LabelCell(sheet, cell_name(top, left), corner, "corner", merge))

    def span_of(node: Header, pos: dict[int, int]) -> tuple[int, int]:
        leaves = [leaf for _p, leaf in node.leaves()]
        return pos[id(leaves[0])], pos[id(leaves[-1])] + leaves[-1].span - 1

    def walk(nodes: tuple[Header, ...], depth: int, is_col: bool) -> None:
        for node in nodes:
            if is_col:
                a, b = span_of(node, col_pos)
                r0 = top + depth
                r1 = first_row - 1 if node.is_leaf else r0
                if node.label:
                    grid.labels.append(LabelCell(sheet, cell_name(r0, a), node.label, "column",
                                                 _merge(r0, a, r1, b)))
            else:
                a, b = span_of(node, row_pos)
                c0 = left + depth
                c1 = first_col - 1 if node.is_leaf else c0
                if node.label and n_label:
                    grid.labels.append(LabelCell(sheet, cell_name(a, c0), node.label, "row",
                                                 _merge(a, c0, b, c1)))
            walk(node.children, depth + 1, is_col)

    walk(columns, 0, True)
    walk(rows, 0, False)

    col_leaves = [item for n in columns for item in n.leaves()]
    for rpath, rleaf in (item for n in rows for item in n.leaves()):
        r = row_pos[id(rleaf)]
        grid.row_of[rleaf.id] = r
        for cpath, cleaf in col_leaves:
            c = col_pos[id(cleaf)]
            grid.col_of[cleaf.id] = c
            role = "previous" if "previous" in (rleaf.role, cleaf.role) else "report"
            grid.cells.append(GridCell(
                rleaf, cleaf,
                tuple(h.label for h in rpath if h.label),
                tuple(h.label for h in cpath if h.label),
                role, cell_name(r, c), _merge(r, c, r, c + cleaf.span - 1)))
    return grid


def _merge(r0: int, c0: int, r1: int, c1: int) -> str | None:
    return None if (r0, c0) == (r1, c1) else range_name(r0, c0, r1, c1)
