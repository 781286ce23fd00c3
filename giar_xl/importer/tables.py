"""Reading the figures of the tables in one zone of a report.

The zone's printed rows (:mod:`.rows`) are identified with the format's rows
(:mod:`.identify`); each identified row's figures are read into their fields,
and every damage is reported where it is: a label that differs from the
format's, a row with too few or too many figures, an illegible figure, a
printed row that could not be identified, a format row or a whole table that
is not there.  Fields not read stay out of the report's values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Value as ModelValue
from ..spec import FormatSpec
from .identify import BY_LABEL, BY_ORDER, BY_POSITION, Match, identify
from .issues import Issues
from .labels import parse_label, scrambled
from .lines import DAMAGED, Line
from .obsolete import ObsoleteTable, split_obsolete
from .rows import printed_rows
from .scoring import Scorer
from .sections import Zone
from .vocabulary import RowTarget, TableVocabulary, table_title, table_vocabulary


@dataclass
class Readings:
    """Values read so far, with where each came from."""

    values: dict[str, ModelValue] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)


def read_zone_tables(zone: Zone, spec: FormatSpec, readings: Readings, issues: Issues) -> int:
    """Read the tables of ``zone`` into ``readings``; returns the rows identified."""
    vocabulary = table_vocabulary(spec, zone.sections)
    if not vocabulary.targets:
        _report_stray_rows(zone.lines, issues)
        return 0
    scorer = Scorer(vocabulary)
    lines, obsolete = split_obsolete(zone.lines, spec, vocabulary.structural)
    rows = printed_rows(tuple(lines), scorer, issues)
    matches, unmatched = identify(rows, scorer)
    matches, stray = _without_stray_tables(zone, matches)
    matches = _without_empty_echoes(matches)
    position = {id(row): i for i, row in enumerate(rows)}  # (rows compare by value: slow)
    unmatched = sorted([*unmatched, *stray], key=lambda r: position[id(r)])
    for match in matches:
        _read_row(match, spec, readings, issues)
    for row in unmatched:
        issues.add("import-row-unmatched",
                   f"无法确定这一行是表格的哪一行（标签「{row.label_text or '无'}」，"
                   f"{len(row.values)} 个数字），其数字未读取。",
                   source=row.source, actual=row.label_text or None)
    _report_missing(zone, spec, vocabulary, matches, issues, obsolete)
    return len(matches)


def _without_stray_tables(zone: Zone, matches: list[Match]) -> tuple[list[Match], list]:
    """Matches without those of a later section's table that has no substance here.

    A zone holds the tables of the sections after its heading whose headings are lost; a
    cut-off line at the end of section 二 (「其他对」) must not start table 三.  Such a table
    counts only with two rows of figures, or one whose label is the format's.
    """
    if zone.heading is None:
        return matches, []
    own = zone.sections[0].id
    kept, stray = [], []
    for table_id in dict.fromkeys(m.target.table.id for m in matches):
        found = [m for m in matches if m.target.table.id == table_id]
        with_figures = [m for m in found if m.row.values]
        if (found[0].target.table.section == own or len(with_figures) >= 2
                or any(m.fit.exact for m in with_figures)):
            kept += found
        else:
            stray += [m.row for m in found]
    position = {id(m): i for i, m in enumerate(matches)}
    kept.sort(key=lambda m: position[id(m)])
    return kept, stray


def _without_empty_echoes(matches: list[Match]) -> list[Match]:
    """Matches without rows that have no figures while other rows fill all their cells.

    Such a row is a broken header line placed by order (「行政复议 … 行」 above table 四's
    line of 15 figures), not a row of the table whose figures are missing.
    """
    filled = {fid for m in matches if m.row.values for fid in m.target.fields}
    return [m for m in matches if m.row.values or not set(m.target.fields) <= filled]


def _report_stray_rows(lines: tuple[Line, ...], issues: Issues) -> None:
    """Figures in a table layout where the format has no table."""
    for line in lines:
        if line.structured and line.values:
            issues.add("import-row-unmatched",
                       f"这一行像表格行（{len(line.values)} 个数字），但所在部分没有规定的表格，"
                       f"其数字未读取。", source=line.origin)


def _read_row(match: Match, spec: FormatSpec, readings: Readings, issues: Issues) -> None:
    row, target = match.row, match.target
    _report_label(match, issues)
    fields, values = target.fields, row.values
    collapsed = target.collapse(values)
    if collapsed is not None:
        values = tuple(collapsed)
    if len(values) > len(fields):
        issues.add("import-row-figures",
                   f"「{target.name}」一行有 {len(values)} 个数字，多于规定的 {len(fields)} 栏，"
                   f"无法确定各数字属于哪一栏，均未读取。",
                   field=fields[0], source=row.source, expected=len(fields), actual=len(values),
                   unreadable=fields)
        return
    origin = row.line.origin
    for fid, value in zip(fields, values, strict=False):  # a truncated row has fewer figures
        if value.kind == DAMAGED:
            issues.add("import-cell-unreadable",
                       f"「{spec.fields[fid].title}」的数字「{value.text}」无法辨认，未读取。",
                       field=fid, source=row.source, actual=value.text, unreadable=(fid,))
            continue
        readings.values[fid] = value.read()
        readings.origins[fid] = origin
    missing = fields[len(values):]
    if not missing:
        return
    if values:
        first = spec.fields[missing[0]].column_path[-1]
        message = (f"「{target.name}」一行只有 {len(values)} 个数字，应有 {len(fields)} 个："
                   f"已按顺序读入前 {len(values)} 栏，自「{first}」起 {len(missing)} 栏无法读取。")
    else:
        message = f"「{target.name}」一行没有数字，{len(fields)} 栏均无法读取。"
    issues.add("import-row-figures", message, field=missing[0], source=row.source,
               expected=len(fields), actual=len(values), unreadable=missing)


def _report_label(match: Match, issues: Issues) -> None:
    row, target, fit = match.row, match.target, match.fit
    if match.how == BY_LABEL and fit.exact and not row.joined:
        return
    official = target.leaf.label or target.name
    printed = row.label_text or "无标签"
    split = f"标签被拆在两行（{'、'.join(ln.where for ln in row.joined)}），" if row.joined else ""
    if match.how == BY_POSITION:
        before, after = match.between
        place = "、".join(p for p in (f"「{before}」之后" if before else "",
                                      f"「{after}」之前" if after else "") if p)
        message = (f"{split}表格行标签「{printed}」无法辨认；按其位置（{place}）和 "
                   f"{len(row.values)} 个数字识别为「{target.name}」，数字已读取，请核对原文。")
    elif match.how == BY_ORDER:
        message = (f"{split}表格行「{printed}」不在规定的行序位置上，按标签识别为「{target.name}」，"
                   f"数字已读取，请核对原文。")
    elif fit.exact:
        message = f"{split}已合并为「{target.name}」，数字已读取，请核对原文。"
    elif fit.label is not None and fit.reference is not None and scrambled(fit.label,
                                                                            fit.reference):
        message = (f"{split}表格行标签「{printed}」文字顺序错乱，与规定的「{official}」字符相同，"
                   f"按标签和行序识别为该行，数字已读取，请核对原文。")
    else:
        message = (f"{split}表格行标签「{printed}」与规定的「{official}」不一致"
                   f"（相似度 {fit.score:.0%}），按标签和行序识别为该行，数字已读取，请核对原文。")
    issues.add("import-row-label", message, field=target.fields[0], source=row.source,
               expected=official, actual=row.label_text or None)


# --------------------------------------------------------------------------- missing

def _report_missing(zone: Zone, spec: FormatSpec, vocabulary: TableVocabulary,
                    matches: list[Match], issues: Issues,
                    obsolete: list[ObsoleteTable]) -> None:
    """A table not printed at all is one finding (one for all the tables of a section when
    none is printed); rows missing from a printed table, one finding per run of rows."""
    targets = vocabulary.targets
    position = {id(t): k for k, t in enumerate(targets)}
    found = {position[id(m.target)]: m for m in matches}
    missing_tables: list[tuple[str, list[str]]] = []  # (table id, its fields)
    for table_id in dict.fromkeys(t.table.id for t in targets):
        indexes = [k for k, t in enumerate(targets) if t.table.id == table_id]
        rows = [k for k in indexes if not targets[k].part]
        if not any(k in found for k in indexes):
            missing_tables.append((table_id, [f for k in rows for f in targets[k].fields]))
        elif not any(k in found for k in rows):
            _report_missing_parts(vocabulary, indexes, found, issues)
        else:
            _report_missing_rows(targets, rows, found, issues)
    if obsolete:  # the tables of the zone's own section are printed in an earlier format
        own = zone.sections[0].id
        folded = [f for t, fields in missing_tables if spec.tables[t].section == own
                  for f in fields]
        if folded:
            _report_obsolete(obsolete, spec, folded, issues)
        missing_tables = [(t, f) for t, f in missing_tables if spec.tables[t].section != own]
    _report_missing_tables(zone, spec, missing_tables, issues)


def _report_obsolete(obsolete: list[ObsoleteTable], spec: FormatSpec, fields: list[str],
                     issues: Issues) -> None:
    """The tables printed in an earlier format: one finding, their figures not read."""
    first = obsolete[0]
    headers = "」「".join(dict.fromkeys(
        c for table in obsolete for c in table.header.labels
        if any(parse_label(c).body == parse_label(o).body for o in table.format.columns)))
    section = spec.section(spec.fields[fields[0]].section)
    issues.add("import-obsolete-table",
               f"「{section.heading}」的表格按已废止的{first.format.name}（{first.format.basis}）编制"
               f"（表头「{headers}」），栏目与现行格式（{spec.basis}）不同，不能对应，"
               f"{len(fields)} 个数字均未读取。请按现行格式改正。",
               field=fields[0], source=first.header.origin, unreadable=fields)


def _report_missing_tables(zone: Zone, spec: FormatSpec,
                           missing: list[tuple[str, list[str]]], issues: Issues) -> None:
    for section_id in dict.fromkeys(spec.tables[t].section for t, _f in missing):
        section = spec.section(section_id)
        tables = [(spec.tables[t], fields) for t, fields in missing
                  if spec.tables[t].section == section_id]
        if zone.heading is not None and zone.sections[0].id == section_id:
            where = f"{zone.heading.origin} 之下未找到"
        else:
            where = f"全文未找到「{section.heading}」的标题，也没有它的表格"
        if len(tables) > 1 and len(tables) == len(section.tables):
            fields = [f for _t, table_fields in tables for f in table_fields]
            captions = "、".join(t.caption or t.id for t, _f in tables)
            issues.add("import-table-missing",
                       f"找不到「{section.heading}」的 {len(tables)} 张表格（{captions}，"
                       f"{len(fields)} 个数字无法读取）。空白不等于 0，请按原报告补全。",
                       field=fields[0], source=where, unreadable=fields)
            continue
        for table, fields in tables:
            issues.add("import-table-missing",
                       f"找不到{table_title(spec, table)}的表格（{len(fields)} 个数字无法读取）。"
                       f"空白不等于 0，请按原报告补全。",
                       field=fields[0], source=where, unreadable=fields)


def _report_missing_rows(targets: tuple[RowTarget, ...], rows: list[int], found: dict[int, Match],
                         issues: Issues) -> None:
    """Rows of a printed table that are not there, one finding per run of adjacent rows."""
    runs: list[list[int]] = []
    previous_missing = False
    for k in rows:
        if k in found:
            previous_missing = False
            continue
        if previous_missing:
            runs[-1].append(k)
        else:
            runs.append([k])
        previous_missing = True
    for run in runs:
        first, last = targets[run[0]], targets[run[-1]]
        fields = [f for k in run for f in targets[k].fields]
        if len(run) == 1:
            what = f"「{first.name}」一行"
        else:
            what = f"自「{first.name}」至「{last.name}」的 {len(run)} 行"
        issues.add("import-row-missing",
                   f"表格中缺少{what}（{len(fields)} 个数字无法读取）。空白不等于 0，请按原报告补全。",
                   field=fields[0], source=_where_missing(run[0], rows, found),
                   unreadable=fields)


def _report_missing_parts(vocabulary: TableVocabulary, indexes: list[int],
                          found: dict[int, Match], issues: Issues) -> None:
    """A table printed in parts (table 四 as three tables): each part not printed, once."""
    targets = vocabulary.targets
    missing = {f for k in indexes for f in targets[k].fields}
    for k in indexes:
        if k in found:
            missing -= set(targets[k].fields)
    for k in indexes:
        target = targets[k]
        if not target.part or not set(target.fields) <= missing:
            continue
        missing -= set(target.fields)
        issues.add("import-row-missing",
                   f"{target.name}的数字没有印出（{len(target.fields)} 个数字无法读取）。"
                   f"空白不等于 0，请按原报告补全。",
                   field=target.fields[0], source=_where_missing(k, indexes, found),
                   unreadable=target.fields)


def _where_missing(k: int, indexes: list[int], found: dict[int, Match]) -> str:
    before = [found[i] for i in indexes if i < k and i in found]
    if before:
        return f"应在 {before[-1].row.line.origin} 之后"
    after = [found[i] for i in indexes if i > k and i in found]
    return f"应在 {after[0].row.line.origin} 之前" if after else "表格中未找到"
