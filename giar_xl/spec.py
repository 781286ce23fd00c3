"""The report format as frozen data, loaded from ``formats/*.yaml`` and self-checked.

Everything else in giar-xl derives from a :class:`FormatSpec`: the workbook
builder lays out its sheets, the reader finds its fields, the rules evaluate
its relations, the exporter and importer walk its sections.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .assessment import Assessment, build_assessment
from .cells import cell_name, column_index, column_letter, parse_cell, range_cells
from .formatcache import load_built
from .layout import GridLayout, Header, LabelCell, layout_grid

FORMATS_DIR = Path(__file__).with_name("formats")
DEFAULT_FORMAT = "gov2021"

NUMBER_TYPES = frozenset({"count", "amount", "year"})
SEVERITIES = ("error", "warning")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,254}$")
_CELL_LIKE = re.compile(r"^[A-Za-z]{1,3}[0-9]+$")
_R1C1_LIKE = re.compile(r"^[RrCc]([0-9]*)([RrCc][0-9]*)?$")
_BAD_SHEET_CHARS = set(":\\/?*[]")


class SpecError(ValueError):
    """The format definition is inconsistent; raised while loading it."""


@dataclass(frozen=True)
class Field:
    """One input cell of the form: a number of a table or a text of a section."""

    id: str
    sheet: str
    cell: str
    type: str
    section: str | None
    row_path: tuple[str, ...]
    column_path: tuple[str, ...] = ()
    table: str | None = None
    caption: str | None = None
    row: str | None = None
    col: str | None = None
    unit: str | None = None
    decimals: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    required: bool = True
    na_allowed: bool = False
    role: str = "report"  # report | previous (last year's figure, for cross-year checks)
    long: bool = False
    hint: str | None = None
    merge: str | None = None
    aliases: tuple[str, ...] = ()
    previous_of: str | None = None  # field of last year's report this one holds
    prefill_from: str | None = None  # field of last year's report a new workbook copies

    @property
    def is_number(self) -> bool:
        return self.type in NUMBER_TYPES

    @property
    def title(self) -> str:
        """Short Chinese name for messages, e.g. 「（三）不予公开 / 1.属于国家秘密 × 自然人」."""
        row = " / ".join(self.row_path[-2:])
        if not row:
            return " / ".join(self.column_path)
        return f"{row} × {self.column_path[-1]}" if self.column_path else row

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "sheet": self.sheet, "cell": self.cell, "section": self.section,
            "table": self.table, "caption": self.caption,
            "row_path": list(self.row_path), "column_path": list(self.column_path),
            "type": self.type, "unit": self.unit, "decimals": self.decimals,
            "required": self.required, "na_allowed": self.na_allowed, "role": self.role,
        }


@dataclass(frozen=True)
class Term:
    """One term of a sum relation: a field, counted ``weight`` times (1 or -1)."""

    field: str
    weight: int  # +1 or -1


@dataclass(frozen=True)
class Relation:
    """One instance of a sum relation: anchor = sum(weight * term)."""

    id: str
    rule: str
    title: str
    severity: str
    table: str
    anchor: str
    terms: tuple[Term, ...]
    expected_cell: str | None  # the 应为 cell on the anchor's sheet, if any

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.anchor, *(t.field for t in self.terms))

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "rule": self.rule, "title": self.title, "severity": self.severity,
                "anchor": self.anchor,
                "terms": [{"field": t.field, "weight": t.weight} for t in self.terms],
                "expected_cell": self.expected_cell}


@dataclass(frozen=True)
class Table:
    """A statistics table of the format: its label trees, where it sits, its field ids."""

    id: str
    sheet: str
    section: str | None
    caption: str | None
    corner: str | None
    rows: tuple[Header, ...]
    columns: tuple[Header, ...]
    type: str
    label_columns: int
    header_rows: int
    anchor: str  # top-left of the header block
    last_cell: str  # bottom-right of the data block
    field_grid: tuple[tuple[str, ...], ...]  # field ids, row by row (report and previous roles)
    field_prefix: str = ""
    header_height: float | None = None

    def field_id(self, row: str | None, col: str | None) -> str:
        """The id of the field at a leaf row and column."""
        return grid_field_id(self.field_prefix, row, col)

    def row_leaves(self) -> list[Header]:
        return [leaf for n in self.rows for _p, leaf in n.leaves()]

    def column_leaves(self) -> list[Header]:
        return [leaf for n in self.columns for _p, leaf in n.leaves()]

    def row_header(self, row_id: str) -> Header:
        """The row (leaf or group) with this id."""
        def find(nodes: tuple[Header, ...]) -> Header | None:
            for node in nodes:
                found = node if node.id == row_id else find(node.children)
                if found:
                    return found
            return None
        header = find(self.rows)
        if header is None:
            raise KeyError(row_id)
        return header

    def rows_under(self, group_id: str) -> list[str]:
        """Ids of the leaf rows below the row group ``group_id``."""
        return [leaf.id for _p, leaf in self.row_header(group_id).leaves()]


@dataclass(frozen=True)
class SheetColumn:
    """A column of a list-like sheet (the 校验结果 sheet)."""

    key: str
    label: str
    width: float


@dataclass(frozen=True)
class Sheet:
    """One worksheet of the workbook: its labels, input fields, tables and print setup."""

    id: str
    name: str
    title: str
    section: str | None
    orientation: str
    widths: tuple[tuple[str, float], ...]
    selfcheck: tuple[tuple[str, str], ...]  # (errors|warnings|blanks, cell)
    labels: tuple[LabelCell, ...]
    fields: tuple[str, ...]
    tables: tuple[str, ...]
    role: str = "section"  # cover | section | results
    columns: tuple[SheetColumn, ...] = ()

    def column_of(self, key: str) -> int:
        """1-based index of a list column by key."""
        return next(i for i, c in enumerate(self.columns, start=1) if c.key == key)


@dataclass(frozen=True)
class Section:
    """One of the report's six parts: heading, narrative fields and tables."""

    id: str
    number: str
    heading: str
    sheet: str
    fields: tuple[str, ...]  # narrative fields, in order
    tables: tuple[str, ...]
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class SupersededFormat:
    """An earlier report format, known so that a report written in it is named, not misread."""

    basis: str  # the document that set it, e.g. 国办公开办函〔2019〕60号
    name: str
    headings: tuple[str, ...] = ()  # section headings found only in this format
    columns: tuple[str, ...] = ()  # table column labels found only in this format


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: a loaded format is one object
class FormatSpec:
    """The whole report format, self-checked (see :func:`load_spec`)."""

    id: str
    version: int
    name: str
    basis: str
    report_title: str
    sheets: tuple[Sheet, ...]
    sections: tuple[Section, ...]
    fields: Mapping[str, Field]
    tables: Mapping[str, Table]
    relations: tuple[Relation, ...]
    marker_name: str
    instructions: tuple[str, ...]
    source: str = ""
    assessment: Assessment = Assessment(None, (), None)
    check_only: str = ""  # what only a full check (not the live self-check) looks at
    superseded: tuple[SupersededFormat, ...] = ()

    def sheet(self, sheet_id: str) -> Sheet:
        for sheet in self.sheets:
            if sheet.id == sheet_id:
                return sheet
        raise KeyError(sheet_id)

    def sheet_named(self, name: str) -> Sheet | None:
        return next((s for s in self.sheets if s.name == name), None)

    @property
    def results_sheet(self) -> Sheet:
        return next(s for s in self.sheets if s.role == "results")

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def report_fields(self) -> Iterator[Field]:
        return (f for f in self.fields.values() if f.role == "report")

    def labels(self) -> Iterator[LabelCell]:
        return (label for sheet in self.sheets for label in sheet.labels)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": {"id": self.id, "version": self.version, "name": self.name,
                       "basis": self.basis, "report_title": self.report_title},
            "sheets": [{"id": s.id, "name": s.name, "title": s.title, "section": s.section}
                       for s in self.sheets],
            "sections": [{"id": s.id, "number": s.number, "heading": s.heading, "sheet": s.sheet,
                          "fields": list(s.fields), "tables": list(s.tables)}
                         for s in self.sections],
            "fields": [f.to_json() for f in self.fields.values()],
            "relations": [r.to_json() for r in self.relations],
        }


# --------------------------------------------------------------------------- loading

@functools.lru_cache(maxsize=8)
def load_spec(name_or_path: str | Path = DEFAULT_FORMAT) -> FormatSpec:
    """Load a format by name (``formats/<name>.yaml``) or path, self-checked."""
    path = Path(name_or_path)
    if path.suffix not in {".yaml", ".yml"}:
        path = FORMATS_DIR / f"{name_or_path}.yaml"
    return load_built(path, lambda data: build_spec(data, source=str(path)))


def build_spec(data: Mapping[str, Any], source: str = "<data>") -> FormatSpec:
    """Turn the parsed YAML document into a checked :class:`FormatSpec`."""
    try:
        return _Builder(data, source).build()
    except SpecError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise SpecError(f"{source}: malformed format definition: {exc!r}") from exc


class _Builder:
    def __init__(self, data: Mapping[str, Any], source: str):
        self.data = data
        self.source = source
        self.types: dict[str, dict[str, Any]] = dict(data["types"])
        self.fields: dict[str, Field] = {}
        self.tables: dict[str, Table] = {}
        self.grids: dict[str, GridLayout] = {}
        self.field_at: dict[str, dict[tuple, str]] = {}  # table -> (row, col) -> field id
        self.sheets: list[Sheet] = []
        self.relations: list[Relation] = []

    def fail(self, message: str) -> SpecError:
        return SpecError(f"{self.source}: {message}")

    def build(self) -> FormatSpec:
        raw_relations = list(self.data.get("relations", []))
        for raw in self.data["sheets"]:
            self.sheets.append(self._sheet(raw, raw_relations))
        for raw in raw_relations:
            if raw.get("table") not in self.tables:
                raise self.fail(f"relation {raw.get('rule')}: unknown table {raw.get('table')!r}")
        sections = tuple(self._section(raw) for raw in self.data["sections"])
        spec = FormatSpec(
            id=str(self.data["id"]), version=int(self.data["version"]),
            name=self.data["name"], basis=self.data["basis"],
            report_title=self.data["report_title"],
            sheets=tuple(self.sheets), sections=sections,
            fields=MappingProxyType(dict(self.fields)),
            tables=MappingProxyType(dict(self.tables)),
            relations=tuple(self.relations),
            marker_name=self.data["workbook"]["marker_name"],
            instructions=tuple(self.data["workbook"].get("instructions", ())),
            source=self.source,
            check_only=self.data["workbook"].get("check_only", ""),
            superseded=tuple(SupersededFormat(basis=raw["basis"], name=raw["name"],
                                              headings=tuple(raw.get("headings", ())),
                                              columns=tuple(raw.get("columns", ())))
                             for raw in self.data.get("superseded", ())),
        )
        _check(spec, self.fail)
        return replace(spec, assessment=build_assessment(self.data.get("assessment"),
                                                         self.fields, self.fail))

    # -- sheets ------------------------------------------------------------
    def _sheet(self, raw: Mapping[str, Any], raw_relations: list[Mapping[str, Any]]) -> Sheet:
        name = raw["name"]
        section = raw.get("section")
        columns = tuple(SheetColumn(c["key"], c["label"], float(c["width"]))
                        for c in raw.get("columns", ()))
        widths = raw.get("widths") or {column_letter(i): c.width
                                       for i, c in enumerate(columns, start=1)}
        last_col = max((column_index(c) for c in widths), default=1)
        labels: list[LabelCell] = [LabelCell(name, "A1", raw["title"], "title",
                                             _span(1, 1, 1, last_col))]
        field_ids: list[str] = []
        table_ids: list[str] = []
        for form in raw.get("forms", ()):
            labels += self._form(name, section, form, field_ids)
        for raw_table in raw.get("tables", ()):
            table_ids.append(raw_table["id"])
            labels += self._table(name, section, raw_table, field_ids)
            labels += self._relations_of_table(raw_table["id"], raw_relations)
        return Sheet(
            id=raw["id"], name=name, title=raw["title"], section=section,
            orientation=raw.get("orientation", "portrait"),
            widths=tuple((str(k), float(v)) for k, v in widths.items()),
            selfcheck=tuple(raw.get("selfcheck", {}).items()),
            labels=tuple(labels), fields=tuple(field_ids), tables=tuple(table_ids),
            role=raw.get("role", "cover" if raw["id"] == "cover" else "section"),
            columns=columns,
        )

    def _add_field(self, f: Field, sink: list[str]) -> None:
        if f.id in self.fields:
            raise self.fail(f"duplicate field id {f.id!r}")
        self.fields[f.id] = f
        sink.append(f.id)

    def _type(self, name: str) -> dict[str, Any]:
        if name not in self.types:
            raise self.fail(f"unknown field type {name!r}")
        return self.types[name]

    def _form(self, sheet: str, section: str | None, form: Mapping[str, Any],
              sink: list[str]) -> list[LabelCell]:
        label_col = column_index(form["label_col"])
        value_col = column_index(form["value_col"])
        span = int(form.get("value_span", 1))
        labels = []
        for i, raw in enumerate(form["fields"]):
            row = int(form["first_row"]) + i
            ftype = raw["type"]
            t = self._type(ftype)
            labels.append(LabelCell(sheet, cell_name(row, label_col), raw["label"], "form"))
            merge = (f"{cell_name(row, value_col)}:{cell_name(row, value_col + span - 1)}"
                     if span > 1 else None)
            self._add_field(Field(
                id=raw["id"], sheet=sheet, cell=cell_name(row, value_col), type=ftype,
                section=section, row_path=(raw["label"],), unit=t.get("unit"),
                decimals=t.get("decimals"), minimum=t.get("min"), maximum=t.get("max"),
                required=bool(raw.get("required", True)), long=bool(raw.get("long", False)),
                hint=raw.get("hint"), merge=merge, aliases=tuple(raw.get("aliases", ())),
            ), sink)
        return labels

    def _table(self, sheet: str, section: str | None, raw: Mapping[str, Any],
               sink: list[str]) -> list[LabelCell]:
        rows = tuple(_header(h) for h in raw["rows"])
        columns = tuple(_header(h) for h in raw["columns"])
        grid = layout_grid(sheet, parse_cell(raw["anchor"]), rows, columns,
                           raw.get("caption"), raw.get("corner"))
        ftype = raw["type"]
        t = self._type(ftype)
        prefix = raw["field_prefix"]
        ids_by_row: dict[str | None, list[str]] = {}
        def fid_of(row: str | None, col: str | None) -> str:
            return grid_field_id(prefix, row, col)

        def carried(attr: str, gc) -> str | None:
            if getattr(gc.row, attr):
                return fid_of(getattr(gc.row, attr), gc.col_id)
            if getattr(gc.col, attr):
                return fid_of(gc.row_id, getattr(gc.col, attr))
            return None

        for gc in grid.cells:
            fid = fid_of(gc.row_id, gc.col_id)
            ids_by_row.setdefault(gc.row_id, []).append(fid)
            self._add_field(Field(
                id=fid, sheet=sheet, cell=gc.cell, type=ftype, section=section,
                row_path=gc.row_path, column_path=gc.column_path, table=raw["id"],
                caption=raw.get("caption"), row=gc.row_id, col=gc.col_id,
                unit=t.get("unit"), decimals=t.get("decimals"), minimum=t.get("min"),
                maximum=t.get("max"), required=gc.role == "report",
                na_allowed=bool(raw.get("na_allowed", False)), role=gc.role, merge=gc.merge,
                previous_of=carried("previous_of", gc), prefill_from=carried("prefill_from", gc),
            ), sink)
        if raw["id"] in self.tables:
            raise self.fail(f"duplicate table id {raw['id']!r}")
        self.grids[raw["id"]] = grid
        self.tables[raw["id"]] = Table(
            id=raw["id"], sheet=sheet, section=section, caption=raw.get("caption"),
            corner=raw.get("corner"), rows=rows, columns=columns, type=ftype,
            label_columns=grid.label_columns, header_rows=grid.header_rows,
            anchor=raw["anchor"], last_cell=cell_name(grid.last_row, grid.last_col),
            field_grid=tuple(tuple(v) for v in ids_by_row.values()),
            field_prefix=prefix, header_height=raw.get("header_height"),
        )
        return grid.labels

    # -- relations ---------------------------------------------------------
    def _relations_of_table(self, table_id: str,
                            raw_relations: list[Mapping[str, Any]]) -> list[LabelCell]:
        grid = self.grids[table_id]
        table = self.tables[table_id]
        labels: list[LabelCell] = []
        right_cols: dict[str, int] = {}
        below_rows: dict[str, int] = {}
        for raw in raw_relations:
            if raw.get("table") != table_id:
                continue
            where = raw.get("expected_at", "none")
            label = raw.get("expected_label", "")
            if where == "right" and label not in right_cols:
                col = grid.last_col + 1 + len(right_cols)
                right_cols[label] = col
                top = grid.first_row - grid.header_rows
                labels.append(LabelCell(grid.sheet, cell_name(top, col), label, "check",
                                        _span(top, col, grid.first_row - 1, col)))
            if where == "below" and label not in below_rows:
                row = grid.last_row + 2 + len(below_rows)
                below_rows[label] = row
                if grid.label_columns:
                    left = grid.first_col - grid.label_columns
                    labels.append(LabelCell(grid.sheet, cell_name(row, left), label, "check",
                                            _span(row, left, row, grid.first_col - 1)))
            for rel in self._instances(raw, table, grid, right_cols.get(label),
                                       below_rows.get(label)):
                self.relations.append(rel)
                if where == "below" and not grid.label_columns:
                    r, c = parse_cell(rel.expected_cell)
                    labels.append(LabelCell(grid.sheet, cell_name(r, c - 1), label, "check"))
        return labels

    def _instances(self, raw: Mapping[str, Any], table: Table, grid: GridLayout,
                   right_col: int | None, below_row: int | None) -> Iterator[Relation]:
        each = raw["each"]
        severity = raw.get("severity", "error")
        if severity not in SEVERITIES:
            raise self.fail(f"relation {raw['rule']}: unknown severity {severity!r}")
        if each not in ("row", "column"):
            raise self.fail(f"relation {raw['rule']}: 'each' must be row or column")
        axis = "cols" if each == "row" else "rows"
        anchor_key = "col" if each == "row" else "row"
        row_ids = [h.id for h in table.row_leaves() if h.role == "report"]
        col_ids = [h.id for h in table.column_leaves() if h.role == "report"]
        over = raw.get("rows" if each == "row" else "cols") or (row_ids if each == "row" else col_ids)
        plus = raw.get("plus", {}).get(axis, [])
        minus = raw.get("minus", {}).get(axis, [])
        if not plus:
            raise self.fail(f"relation {raw['rule']}: no terms")
        for key in over:
            def fid(other: str | None, key: str = key) -> str:
                row, col = (key, other) if each == "row" else (other, key)
                found = self._grid_field(table, row, col)
                if found is None:
                    raise self.fail(f"relation {raw['rule']}: unknown row/column "
                                    f"{row!r}/{col!r} in table {table.id!r}")
                return found
            anchor = fid(raw["anchor"][anchor_key])
            terms = tuple([Term(fid(x), 1) for x in plus] + [Term(fid(x), -1) for x in minus])
            a_row, a_col = parse_cell(self.fields[anchor].cell)
            expected = None
            if raw.get("expected_at") == "right":
                expected = cell_name(a_row, right_col)
            elif raw.get("expected_at") == "below":
                expected = cell_name(below_row, a_col)
            yield Relation(
                id=f"{raw['rule']}:{key}" if key else raw["rule"], rule=raw["rule"],
                title=raw["title"], severity=severity, table=table.id, anchor=anchor,
                terms=terms, expected_cell=expected)

    def _grid_field(self, table: Table, row: str | None, col: str | None) -> str | None:
        if table.id not in self.field_at:  # (relations are read after every table)
            self.field_at[table.id] = {(f.row, f.col): f.id for f in self.fields.values()
                                       if f.table == table.id}
        return self.field_at[table.id].get((row, col))

    # -- sections ----------------------------------------------------------
    def _section(self, raw: Mapping[str, Any]) -> Section:
        sheet = next((s for s in self.sheets if s.section == raw["id"]), None)
        if sheet is None:
            raise self.fail(f"section {raw['id']!r} has no sheet")
        narratives = tuple(fid for fid in sheet.fields if self.fields[fid].type == "text")
        return Section(id=raw["id"], number=raw["number"], heading=raw["heading"],
                       sheet=sheet.name, fields=narratives, tables=sheet.tables,
                       aliases=tuple(raw.get("aliases", ())))


def grid_field_id(prefix: str, row: str | None, col: str | None) -> str:
    """The format's naming scheme for table cells: prefix_row_col."""
    return "_".join(p for p in (prefix, row, col) if p)


def _span(r0: int, c0: int, r1: int, c1: int) -> str | None:
    return None if (r0, c0) == (r1, c1) else f"{cell_name(r0, c0)}:{cell_name(r1, c1)}"


def _header(raw: Mapping[str, Any]) -> Header:
    return Header(
        label=raw.get("label", ""), id=raw.get("id"),
        children=tuple(_header(c) for c in raw.get("children", ())),
        role=raw.get("role", "report"), gap=int(raw.get("gap", 0)), span=int(raw.get("span", 1)),
        aliases=tuple(raw.get("aliases", ())), previous_of=raw.get("previous_of"),
        prefill_from=raw.get("prefill_from"),
    )


# --------------------------------------------------------------------------- self-check

def is_valid_defined_name(name: str) -> bool:
    """True when Excel (and LibreOffice) accept ``name`` as a defined name.

    Names that read as a cell reference (``T3``, ``AB12``) or an R1C1 reference
    (``R1C1``, ``R``, ``C2``) are refused by Excel, as is any ``A1_x`` name whose
    leading part looks like a cell: we avoid those too.
    """
    if not _NAME.match(name):
        return False
    head = name.split("_", 1)[0]
    return not (_CELL_LIKE.match(head) or _R1C1_LIKE.match(head) or _CELL_LIKE.match(name))


def _check(spec: FormatSpec, fail) -> None:
    names = [s.name for s in spec.sheets]
    for name in names:
        if len(name) > 31 or set(name) & _BAD_SHEET_CHARS or not name.strip():
            raise fail(f"invalid sheet name {name!r}")
    if len(set(names)) != len(names):
        raise fail("duplicate sheet names")
    if sum(1 for s in spec.sheets if s.role == "results") != 1:
        raise fail("exactly one sheet must have role: results")
    if not is_valid_defined_name(spec.marker_name):
        raise fail(f"marker name {spec.marker_name!r} is not a valid defined name")

    for f in spec.fields.values():
        if not is_valid_defined_name(f.id):
            raise fail(f"field id {f.id!r} is not a valid Excel defined name")
        for link in (f.previous_of, f.prefill_from):
            if link is not None and (link not in spec.fields or spec.fields[link].role != "report"):
                raise fail(f"field {f.id}: carry-over link {link!r} is not a report field")

    seen_ids: set[str] = set()
    for rel in spec.relations:
        if rel.id in seen_ids:
            raise fail(f"duplicate relation instance {rel.id!r}")
        seen_ids.add(rel.id)
        involved = [t.field for t in rel.terms]
        if len(set(involved)) != len(involved) or rel.anchor in involved:
            raise fail(f"relation {rel.id}: a field appears twice")
        for fid in rel.fields:
            if not spec.fields[fid].is_number:
                raise fail(f"relation {rel.id}: {fid} is not a number field")
            if spec.fields[fid].sheet != spec.fields[rel.anchor].sheet:
                raise fail(f"relation {rel.id}: spans sheets (self-checks must stay on one sheet)")

    for section in spec.sections:
        if not any(s.section == section.id for s in spec.sheets):
            raise fail(f"section {section.id!r} has no sheet")
    declared = {s.id for s in spec.sections}
    for sheet in spec.sheets:
        if sheet.section and sheet.section not in declared:
            raise fail(f"sheet {sheet.name!r} names unknown section {sheet.section!r}")

    _check_no_overlap(spec, fail)


def _check_no_overlap(spec: FormatSpec, fail) -> None:
    """No two things of the form may claim the same cell."""
    owner: dict[tuple[str, int, int], str] = {}

    def claim(sheet: str, ref: str, what: str) -> None:
        for rc in range_cells(ref):
            key = (sheet, *rc)
            if key in owner:
                raise fail(f"{sheet}!{cell_name(*rc)} is used by both {owner[key]} and {what}")
            owner[key] = what

    for label in spec.labels():
        claim(label.sheet, label.merge or label.cell, f"label {label.text!r}")
    for f in spec.fields.values():
        claim(f.sheet, f.merge or f.cell, f"field {f.id}")
    expected_cells: set[tuple[str, str]] = set()
    for rel in spec.relations:
        if rel.expected_cell:
            sheet = spec.fields[rel.anchor].sheet
            key = (sheet, rel.expected_cell)
            if key not in expected_cells:  # several relations may share nothing but a label
                expected_cells.add(key)
                claim(sheet, rel.expected_cell, f"check {rel.id}")
            else:
                raise fail(f"{sheet}!{rel.expected_cell} is the 应为 cell of two relations")
    for sheet in spec.sheets:
        for kind, ref in sheet.selfcheck:
            claim(sheet.name, ref, f"self-check {kind}")
            row, col = parse_cell(ref)
            claim(sheet.name, cell_name(row, col - 1), f"self-check label {kind}")
