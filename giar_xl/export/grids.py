"""Statistics tables as merged-cell grids, derived from the format's label trees.

The geometry comes from :func:`giar_xl.layout.layout_grid` — the same code
that lays the tables out in the workbook — run over the label trees with last
year's reference rows and columns (role ``previous``) pruned, so a published
table has exactly the official rows and columns.
"""

from __future__ import annotations

from dataclasses import replace

from ..cells import column_letter, parse_cell, range_cells
from ..layout import Header, layout_grid
from ..model import Report
from ..spec import FormatSpec, Table
from .document import Cell, Grid
from .sanitize import format_value

DEFAULT_WIDTH = 9.0  # a sheet column the format gives no width (Excel's default is ~8.4)


def published(nodes: tuple[Header, ...]) -> tuple[Header, ...]:
    """The label tree without ``previous`` nodes (and without the gaps that set them apart)."""
    kept = []
    for node in nodes:
        if node.role == "previous":
            continue
        children = published(node.children)
        if node.children and not children:
            continue
        kept.append(replace(node, children=children, gap=0))
    return tuple(kept)


def table_grid(spec: FormatSpec, table: Table, report: Report) -> Grid:
    """The published grid of ``table`` filled with ``report``'s values."""
    rows, columns = published(table.rows), published(table.columns)
    layout = layout_grid("", (1, 1), rows, columns, None, table.corner)
    cells: list[Cell] = []
    for label in layout.labels:
        top, left = parse_cell(label.cell)
        bottom, right = _corner_of(label.merge) if label.merge else (top, left)
        cells.append(Cell(label.text, label.kind, top - 1, left - 1,
                          bottom - top + 1, right - left + 1))
    for gc in layout.cells:
        fid = table.field_id(gc.row_id, gc.col_id)
        top, left = parse_cell(gc.cell)
        bottom, right = _corner_of(gc.merge) if gc.merge else (top, left)
        cells.append(Cell(format_value(report[fid]), "value", top - 1, left - 1,
                          bottom - top + 1, right - left + 1, field=fid))
    cells.sort(key=lambda c: (c.row, c.col))
    grid = Grid(
        table=table.id, caption=table.caption, n_rows=layout.last_row, n_cols=layout.last_col,
        header_rows=layout.header_rows, label_columns=layout.label_columns,
        cells=tuple(cells), column_weights=_weights(spec, table, columns, layout.label_columns,
                                                    layout.last_col),
    )
    _check_tiling(grid)
    return grid


def _corner_of(merge: str) -> tuple[int, int]:
    return parse_cell(merge.partition(":")[2])


def _weights(spec: FormatSpec, table: Table, columns: tuple[Header, ...], label_columns: int,
             n_cols: int) -> tuple[float, ...]:
    """Relative column widths: those the format gives the table's columns in the workbook.

    Each published column sits where the spec placed its fields on the sheet.
    """
    _top, left = parse_cell(table.anchor)
    sheet = spec.sheet_named(table.sheet)
    widths = dict(sheet.widths) if sheet else {}
    column_of = {f.col: parse_cell(f.cell)[1] for f in spec.fields.values() if f.table == table.id}
    sheet_cols = [left + i for i in range(label_columns)]
    for leaf in (leaf for node in columns for _path, leaf in node.leaves()):
        sheet_cols += [column_of[leaf.id] + i for i in range(leaf.span)]
    assert len(sheet_cols) == n_cols, (table.id, sheet_cols, n_cols)
    return tuple(widths.get(column_letter(c), DEFAULT_WIDTH) for c in sheet_cols)


def _check_tiling(grid: Grid) -> None:
    """Every slot is covered by exactly one cell (a broken format would print garbage)."""
    seen: set[tuple[int, int]] = set()
    for cell in grid.cells:
        ref = f"{column_letter(cell.col + 1)}{cell.row + 1}"
        if cell.rowspan > 1 or cell.colspan > 1:
            ref += f":{column_letter(cell.col + cell.colspan)}{cell.row + cell.rowspan}"
        for slot in range_cells(ref):
            if slot in seen:
                raise ValueError(f"table {grid.table}: two cells claim slot {slot}")
            seen.add(slot)
    if len(seen) != grid.n_rows * grid.n_cols:
        raise ValueError(f"table {grid.table}: {grid.n_rows * grid.n_cols - len(seen)} "
                         "slots are not covered")
