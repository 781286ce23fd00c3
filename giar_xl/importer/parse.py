"""From the lines of a published report to a :class:`~giar_xl.model.Report`.

The title gives organ and year, the closing 落款 the date; the section headings
split the rest into zones; each zone yields its narratives and its tables.
Whatever could not be read is a finding and stays out of the report's values
(listed in ``Report.unreadable``), so the rules never mistake it for 0.
"""

from __future__ import annotations

import dataclasses

from ..errors import InputError
from ..model import ReadResult, make_report
from ..spec import FormatSpec, Section
from .furniture import is_front_furniture, without_page_furniture
from .issues import Issues
from .labels import squash
from .lines import Line
from .narratives import Paragraph, Part, SectionText, paragraphs, section_parts, split_section
from .obsolete import check_basis
from .sections import Zone, find_zones
from .tables import Readings, read_zone_tables
from .title import (
    Closing,
    Title,
    find_closing,
    find_title,
    parse_date,
    portal_date,
    stated_organ,
    stated_year,
    year_of_signing,
)
from .traditional import simplified_lines
from .vocabulary import table_vocabulary
from .workbook_print import PrintedCover, read_printed_workbook

# The cover fields the title, the preface and the closing fill (field ids of the format).
ORGAN_FIELD, YEAR_FIELD, DATE_FIELD, PREFACE_FIELD = "meta_org", "meta_year", "meta_date", "nar_preface"


MAX_REPORT_LINES = 10_000  # lines with text; a real report has a few hundred (PDF: ~60 a page)

def parse_report(lines: list[Line], spec: FormatSpec, source: str | None = None) -> ReadResult:
    """The report in ``lines``; InputError when nothing of a report is recognisable."""
    if not any(not ln.blank for ln in lines):
        raise InputError("文件是空的，没有可导入的内容。", source)
    written = sum(1 for ln in lines if not ln.blank)
    if written > MAX_REPORT_LINES:  # reading costs about 0.7 ms a line: keep it to seconds
        raise InputError(f"文件有 {written:,} 行文字，远多于一份年度报告（通常不到 1,000 行），"
                         f"不是正常的年度报告：请确认选对了文件。", source)
    lines = without_page_furniture(simplified_lines(lines))
    lines, cover = read_printed_workbook(lines, spec)
    issues = Issues(spec)
    readings = Readings()
    closing = find_closing(lines, find_title(lines, spec.report_title).org)
    body = [ln for i, ln in enumerate(lines) if i not in closing.indexes]
    zones = find_zones(body, spec)
    front = dataclasses.replace(zones[0], lines=tuple(ln for ln in zones[0].lines
                                                      if not is_front_furniture(ln)))
    zones[0] = front
    title = find_title(list(front.lines), spec.report_title)
    _read_meta(_with_cover(title, cover), closing, lines, readings, issues)
    check_basis(lines, spec, issues)
    _read_front(zones[0], title, spec, readings, issues)
    _read_cover(cover, readings)
    rows = 0
    for zone in zones:
        if zone.heading is not None:
            _read_section_texts(zone, spec, readings, issues)
        rows += read_zone_tables(zone, spec, readings, issues)
    if len(zones) == 1 and rows == 0 and title.year is None:
        raise InputError("未能在文件中找到政府信息公开工作年度报告的标题、各部分标题或统计表格，"
                         "无法导入。请确认文件内容是年度报告正文。", source)
    report = make_report(readings.values, spec, source, readings.origins,
                         frozenset(issues.unreadable))
    return ReadResult(report, tuple(issues.findings))


def _read_meta(title: Title, closing: Closing, lines: list[Line], readings: Readings,
               issues: Issues) -> None:
    """Organ and year from the title; without one, the organ from the 落款 or a sentence that
    names it, the year from the 统计期限 or the 落款 date; the date from the 落款, else from
    the portal's 「发布日期：」 above the report."""
    org, org_origin = title.org, title.origin
    if not org and closing.signature:
        org, org_origin = closing.signature, lines[closing.signature_index].origin
    if not org:
        stated = stated_organ(lines)
        if stated is not None:
            org, org_origin = stated[0], stated[1].origin
    year, year_origin = title.year, title.origin
    if year is None:
        period = stated_year(lines)
        if period is not None:
            year, year_origin = period[0], period[1].origin
        elif closing.date is not None:
            year, year_origin = year_of_signing(closing.date), lines[closing.date_index].origin
    if org:
        readings.values[ORGAN_FIELD] = org
        readings.origins[ORGAN_FIELD] = org_origin
    if year is not None:
        readings.values[YEAR_FIELD] = year
        readings.origins[YEAR_FIELD] = year_origin
    missing = [(fid, name) for fid, name, value in ((ORGAN_FIELD, "机关名称", org),
                                                     (YEAR_FIELD, "年度", year)) if not value]
    if missing:
        seen = (f"标题为「{' '.join(ln.printed_text for ln in title.used)}」" if title.used
                else "开头没有可识别的标题")
        issues.add("import-title",
                   f"无法从报告中读出{'和'.join(n for _f, n in missing)}（{seen}，正文和落款中也没有写明）；"
                   f"请在工作簿封面补填。",
                   field=missing[0][0], source=title.origin or "报告开头",
                   unreadable=[f for f, _n in missing])
    if closing.date is not None:
        readings.values[DATE_FIELD] = closing.date
        readings.origins[DATE_FIELD] = lines[closing.date_index].origin
    elif (published := portal_date(lines)) is not None:  # no 落款 date: the page's 发布日期
        readings.values[DATE_FIELD], readings.origins[DATE_FIELD] = published[0], published[1].origin


def _with_cover(title: Title, cover: PrintedCover) -> Title:
    """The title, with organ and year from a printed workbook's cover cells where it has them."""
    org, year = cover.cells.get(ORGAN_FIELD), cover.cells.get(YEAR_FIELD)
    if org is None and year is None:
        return title
    year_text = year[0].strip() if year else ""
    used = tuple(dict.fromkeys(cell[1] for cell in (org, year) if cell is not None))
    return dataclasses.replace(title, org=org[0] if org else title.org,
                               year=int(year_text) if year_text.isdigit() else title.year,
                               used=used)


def _read_cover(cover: PrintedCover, readings: Readings) -> None:
    """A printed workbook's 发布日期 and 报告前言 cells."""
    if DATE_FIELD in cover.cells:
        text, line = cover.cells[DATE_FIELD]
        date = parse_date(text)
        if date is not None:
            readings.values[DATE_FIELD], readings.origins[DATE_FIELD] = date, line.origin
    if PREFACE_FIELD in cover.cells:
        text, line = cover.cells[PREFACE_FIELD]
        readings.values[PREFACE_FIELD], readings.origins[PREFACE_FIELD] = text, line.origin


def _read_front(zone: Zone, title: Title, spec: FormatSpec, readings: Readings,
                issues: Issues) -> None:
    """The preface (text between title and first heading) and any section without heading
    whose text sits there (section 一 when its heading is lost)."""
    text_lines = [ln for ln in zone.lines if not ln.blank][title.lines:]
    paras = paragraphs(_running_text(text_lines, zone, spec))
    narrative = [s for s in zone.sections if s.fields]
    if not narrative:
        _set_text(PREFACE_FIELD, paras, readings)
        return
    first, rest = narrative[0], narrative[1:]
    parts = section_parts(spec, first)
    found = split_section(paras, parts)
    lead = next((p.field for p in parts if p.number is None), None)
    if not found.found_parts:
        _set_text(PREFACE_FIELD, paras, readings)
        _section_missing(first, issues)
    else:
        if lead is not None:
            _set_text(PREFACE_FIELD, found.texts.pop(lead, []), readings)
        _assign(first, parts, found, None, spec, readings, issues, skip_lead=True)
    for section in rest:
        _section_missing(section, issues)


def _read_section_texts(zone: Zone, spec: FormatSpec, readings: Readings,
                        issues: Issues) -> None:
    """The narratives of the section owning ``zone``'s heading; the others lost theirs."""
    owner = zone.sections[0]
    if owner.fields:
        paras = paragraphs(_running_text(list(zone.lines), zone, spec))
        parts = section_parts(spec, owner)
        _assign(owner, parts, split_section(paras, parts), zone.heading, spec, readings, issues)
    for section in zone.sections[1:]:
        if section.fields:
            _section_missing(section, issues)


def _running_text(lines: list[Line], zone: Zone, spec: FormatSpec) -> list[Line]:
    """Lines of running text: not table rows, not a table's caption or column labels."""
    structural = table_vocabulary(spec, zone.sections).structural
    return [ln for ln in lines
            if not ln.blank and not ln.is_row and squash(ln.text) not in structural]


def _assign(section: Section, parts: list[Part], found: SectionText, heading: Line | None,
            spec: FormatSpec, readings: Readings, issues: Issues,
            skip_lead: bool = False) -> None:
    """Set the texts found for a section's fields; a part not found is a finding."""
    for part in parts:
        if part.number is None:
            if not skip_lead:
                _set_text(part.field, found.texts.get(part.field, []), readings)
            continue
        if part.field in found.found_parts:
            _set_text(part.field, found.texts.get(part.field, []), readings, fallback=heading)
            continue
        label = spec.fields[part.field].row_path[0]
        issues.add("import-narrative-missing",
                   f"「{section.heading}」中找不到「{label}」这一小节（以其标题开头的段落）。",
                   field=part.field,
                   source=f"{heading.origin} 之下未找到" if heading is not None else "全文未找到",
                   unreadable=(part.field,))


def _set_text(fid: str, paras: list[Paragraph], readings: Readings,
              fallback: Line | None = None) -> None:
    """A narrative field's text from its paragraphs (a blank part keeps its heading as origin)."""
    text = "\n".join(p.text for p in paras).strip()
    if text:
        readings.values[fid] = text
        readings.origins[fid] = paras[0].origin
    elif fallback is not None:
        readings.origins[fid] = fallback.origin


def _section_missing(section: Section, issues: Issues) -> None:
    issues.add("import-section-missing",
               f"找不到「{section.heading}」这一部分的标题，其文字无法与前后内容区分，未读取。",
               field=section.fields[0], source="全文未找到该部分标题", unreadable=section.fields)
