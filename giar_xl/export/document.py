"""The document model every export renders: what the published report says, in order.

It is plain, frozen data built once from the format and a report (see
:mod:`giar_xl.export.build`): a title, the six sections with their headings,
paragraphs and statistics tables, and the 落款.  Renderers (Jinja templates,
the Word writer) only decide how it looks; none of them looks at the format
or the report again.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    """One (possibly merged) cell of a table grid, placed at its top-left slot."""

    text: str
    kind: str  # corner | column | row | value
    row: int  # 0-based, within the grid
    col: int
    rowspan: int = 1
    colspan: int = 1
    field: str | None = None  # the report field of a value cell

    @property
    def is_value(self) -> bool:
        return self.kind == "value"

    def covers(self, row: int, col: int) -> bool:
        return (self.row <= row < self.row + self.rowspan
                and self.col <= col < self.col + self.colspan)


@dataclass(frozen=True)
class Grid:
    """One statistics table of the format as a grid of merged cells.

    ``header_rows`` rows of column labels come first (the corner cell over the
    ``label_columns`` row-label columns), then one row per leaf row.  Only
    the report's own rows and columns are here: last year's reference figures
    (role ``previous``) are never exported.
    """

    table: str
    caption: str | None
    n_rows: int
    n_cols: int
    header_rows: int
    label_columns: int
    cells: tuple[Cell, ...]  # row-major order of their top-left slot
    column_weights: tuple[float, ...]  # relative widths, from the format's sheet widths

    def rows(self) -> list[list[Cell]]:
        """The cells starting in each row (what an HTML ``<tr>`` holds)."""
        out: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for cell in self.cells:
            out[cell.row].append(cell)
        return out

    def header(self) -> list[list[Cell]]:
        return self.rows()[: self.header_rows]

    def body(self) -> list[list[Cell]]:
        return self.rows()[self.header_rows:]

    def slots(self) -> list[list[Cell]]:
        """Every slot of the grid mapped to the cell covering it."""
        out: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    out[r][c] = cell
        return out  # type: ignore[return-value]  # every slot is covered (checked on build)

    def text_matrix(self) -> list[list[str]]:
        """Every slot's text, with "" in slots covered by a merge (the published text layout)."""
        return [[cell.text if (cell.row, cell.col) == (r, c) else ""
                 for c, cell in enumerate(row)] for r, row in enumerate(self.slots())]

    def value_cells(self) -> list[Cell]:
        return [cell for cell in self.cells if cell.is_value]

    def flat_columns(self) -> list[int]:
        """Grid columns that start a cell in some row: the columns a flat table keeps."""
        return sorted({cell.col for cell in self.cells})

    def flat_header(self, separator: str = " / ") -> list[str]:
        """One label per kept column: its header labels top to bottom, joined."""
        slots = self.slots()
        labels = []
        for c in self.flat_columns():
            parts: list[str] = []
            for r in range(self.header_rows):
                cell = slots[r][c]
                # a column group names every column below it; the corner only its first
                names_column = cell.kind == "column" or cell.col == c
                if cell.text and cell.text not in parts and names_column:
                    parts.append(cell.text)
            labels.append(separator.join(parts))
        return labels

    def flat_body(self) -> list[list[str]]:
        """The body rows over the kept columns (merged labels only in their first slot)."""
        keep = self.flat_columns()
        return [[row[c] for c in keep] for row in self.text_matrix()[self.header_rows:]]


@dataclass(frozen=True)
class TableGroup:
    """The statistics tables of one section, printed as one table where they share a width.

    Section 二 holds four small tables (第二十条第（一）项 …) that the official
    format prints as a single four-column table with caption rows; sections
    三 and 四 hold one table each.
    """

    grids: tuple[Grid, ...]
    unit_note: str | None = None  # e.g. 「单位：件」 when no label names the unit

    kind: str = field(default="tables", init=False)

    @property
    def n_cols(self) -> int | None:
        """The common width of the grids, or None when they differ."""
        widths = {g.n_cols for g in self.grids}
        return widths.pop() if len(widths) == 1 else None

    def column_weights(self) -> tuple[float, ...]:
        """Relative column widths shared by the grids (the widest claim per column)."""
        n = self.n_cols or max(g.n_cols for g in self.grids)
        return tuple(max((g.column_weights[i] for g in self.grids if i < g.n_cols), default=1.0)
                     for i in range(n))


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a section, e.g. 「（一）主动公开」."""

    text: str
    kind: str = field(default="heading", init=False)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of body text."""

    text: str
    kind: str = field(default="paragraph", init=False)


Block = Heading | Paragraph | TableGroup


@dataclass(frozen=True)
class Section:
    """One of the six numbered sections of the report."""

    id: str
    number: str
    heading: str
    blocks: tuple[Block, ...]

    def tables(self) -> list[TableGroup]:
        return [b for b in self.blocks if isinstance(b, TableGroup)]


@dataclass(frozen=True)
class ReportDocument:
    """A whole report, ready to render."""

    title: str
    title_lines: tuple[str, ...]  # the title broken where a printed title breaks
    org: str
    year: int | None
    preface: tuple[Paragraph, ...]
    sections: tuple[Section, ...]
    signature: tuple[str, ...]  # 落款: the organ, then the date when known
    basis: str = ""  # 国办公开办函〔2021〕30号
    report_title: str = ""  # 政府信息公开工作年度报告, as the format names it

    def grids(self) -> list[Grid]:
        return [g for s in self.sections for t in s.tables() for g in t.grids]
