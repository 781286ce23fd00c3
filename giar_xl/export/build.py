"""Building the document model from the format and one report.

Every heading, sub-heading, label and unit comes from the format: the
sections in their official order with their official headings, the narrative
fields in the order the format lists them, the tables from their label trees.
"""

from __future__ import annotations

import re

from ..layout import Header
from ..model import Report
from ..spec import Field, FormatSpec
from .document import Block, Heading, Paragraph, ReportDocument, Section, TableGroup
from .grids import table_grid
from .sanitize import clean_text, format_date, paragraphs

# A numbered sub-heading such as 「（一）主动公开」: its enumerator and the rest.
_ENUMERATED = re.compile(r"^([（(][一二三四五六七八九十]+[）)])\s*(.*)$")
# A unit a label states itself: 「本年收费金额（单位：万元）」.
_UNIT_NAMED = re.compile(r"单位[:：]\s*([^）)\s]+)")
# A line the clerk wrote as a sub-heading of their own: enumerated, short, no
# sentence punctuation (「（一）主要问题」, but not 「（一）主动公开方面。2025年…」).
_HEADING_LINE = re.compile(r"^[（(][一二三四五六七八九十]+[）)][^。；;！!？?：:，,]{1,30}$")


def build_document(report: Report) -> ReportDocument:
    """The printable document of ``report``: title, six sections, 落款."""
    spec = report.spec
    org = clean_text(report.org).replace("\n", " ").strip()
    year = report.year
    head = f"{year}年{spec.report_title}" if year is not None else spec.report_title
    title_lines = tuple(line for line in (org, head) if line)
    date_field = next((f for f in spec.fields.values() if f.type == "date"), None)
    date = format_date(report[date_field.id]) if date_field else ""
    return ReportDocument(
        title="".join(title_lines),
        title_lines=title_lines,
        org=org,
        year=year,
        preface=tuple(Paragraph(p) for f in _preface_fields(spec)
                      for p in paragraphs(_text(report, f))),
        sections=tuple(_section(spec, section.id, report) for section in spec.sections),
        signature=tuple(line for line in (org, date) if line),
        basis=spec.basis,
        report_title=spec.report_title,
    )


def _preface_fields(spec: FormatSpec) -> list[Field]:
    """Long texts outside the six sections (the optional 报告前言)."""
    return [f for f in spec.report_fields() if f.type == "text" and f.long and f.section is None]


def _text(report: Report, field: Field) -> str | None:
    value = report[field.id]
    return None if value is None else str(value)


def _section(spec: FormatSpec, section_id: str, report: Report) -> Section:
    section = spec.section(section_id)
    blocks: list[Block] = []
    for fid in section.fields:
        blocks += narrative_blocks(spec.fields[fid], _text(report, spec.fields[fid]))
    if section.tables:
        grids = tuple(table_grid(spec, spec.tables[t], report) for t in section.tables)
        blocks.append(TableGroup(grids, _unit_note(spec, section.tables)))
    return Section(section.id, section.number, section.heading, tuple(blocks))


def narrative_blocks(field: Field, text: str | None) -> list[Block]:
    """A narrative field as blocks: its numbered label as a sub-heading, then its paragraphs.

    Only numbered labels (「（一）主动公开」) become sub-headings; a field whose
    label is the section's own topic (五, 六) or an optional preamble has none.
    When the clerk already began the text with the same number (「（一）主动
    公开方面。…」), their wording is kept and no heading is added.  Lines that
    read as sub-headings of their own (「（一）主要问题」) become headings.
    """
    lines = paragraphs(text)
    label = field.row_path[-1] if field.row_path else ""
    numbered = _ENUMERATED.match(label)
    if numbered is None and not lines:
        return []
    blocks: list[Block] = []
    if numbered and not (lines and _same_number(lines[0], numbered.group(1))):
        blocks.append(Heading(label))
    blocks += [Heading(line) if _HEADING_LINE.match(line) else Paragraph(line) for line in lines]
    return blocks


def _same_number(line: str, enumerator: str) -> bool:
    found = _ENUMERATED.match(line)
    return bool(found) and _normal(found.group(1)) == _normal(enumerator)


def _normal(enumerator: str) -> str:
    return enumerator.replace("(", "（").replace(")", "）")


def _unit_note(spec: FormatSpec, table_ids: tuple[str, ...]) -> str | None:
    """「单位：件」 for the units of the tables' figures that no label already names."""
    units: list[str] = []
    for table_id in table_ids:
        table = spec.tables[table_id]
        named = _UNIT_NAMED.findall(" ".join(_labels(table.columns) + _labels(table.rows)))
        for f in spec.report_fields():
            if f.table == table_id and f.unit and f.unit not in named and f.unit not in units:
                units.append(f.unit)
    return f"单位：{'、'.join(units)}" if units else None


def _labels(nodes: tuple[Header, ...]) -> list[str]:
    return [n.label for n in nodes] + [label for n in nodes for label in _labels(n.children)]
