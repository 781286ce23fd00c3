"""Reports written to an earlier format, or citing the wrong basis for the format.

Some organs still fill in the 2019 tables (「本年新制作数量 / 本年新公开数量 / 对外公开总数量」)
or head their sections as before 2019 (「四、政府信息公开的收费及减免情况」), and many cite
the format's basis wrongly (「国办发〔2021〕30号」) or cite the superseded 〔2019〕60号.  Columns
of an earlier format are never mapped onto the current ones: such a table is named, with
its format, in one finding and its figures are not read.  The earlier formats' words are
data of the format definition (``superseded``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..spec import FormatSpec, SupersededFormat
from .issues import Issues
from .labels import parse_label, squash
from .lines import Line

_CITATION = re.compile(r"(国办[\u4e00-\u9fff]{0,4}?)\s*[〔\[［(（【]\s*(\d{4})\s*[〕\]］)）】]"
                       r"\s*(\d{1,3})\s*号")
HEADING_MAX_CHARS = 40


@dataclass(frozen=True)
class ObsoleteTable:
    """Rows printed under a header of an earlier format."""

    format: SupersededFormat
    header: Line
    rows: tuple[Line, ...]


def _parts(citation: str) -> tuple[str, int, int] | None:
    match = _CITATION.search(unicodedata.normalize("NFKC", citation))
    return (match.group(1), int(match.group(2)), int(match.group(3))) if match else None


def check_basis(lines: list[Line], spec: FormatSpec, issues: Issues) -> None:
    """A warning for each distinct wrong or superseded citation of the format's basis, and
    for section headings of an earlier format."""
    current = _parts(spec.basis)
    superseded = {_parts(f.basis): f for f in spec.superseded if _parts(f.basis)}
    seen: set[str] = set()
    for line in lines:
        if line.is_row:
            continue
        text = unicodedata.normalize("NFKC", line.text)
        for match in _CITATION.finditer(text):
            issuer, year, number = match.group(1), int(match.group(2)), int(match.group(3))
            cited = re.sub(r"\s+", "", match.group(0))
            if cited in seen:
                continue
            old = next((f for (_i, y, n), f in superseded.items() if (y, n) == (year, number)),
                       None)
            if old is not None:
                seen.add(cited)
                issues.add("import-basis",
                           f"报告引用的「{cited}」是已废止的{old.name}的依据；现行的年度报告格式依据为"
                           f"{spec.basis}，请核对报告是否按现行格式编制。",
                           source=line.origin, expected=spec.basis, actual=cited)
            elif current and (year, number) == current[1:] and issuer != current[0]:
                seen.add(cited)
                issues.add("import-basis",
                           f"报告引用的格式依据「{cited}」文号有误：年度报告格式的依据是{spec.basis}。",
                           source=line.origin, expected=spec.basis, actual=cited)
        _check_heading(line, spec, issues)


def _check_heading(line: Line, spec: FormatSpec, issues: Issues) -> None:
    if len(squash(line.text)) > HEADING_MAX_CHARS:
        return
    body = parse_label(line.text).body
    for old in spec.superseded:
        if any(body == parse_label(h).body for h in old.headings):
            issues.add("import-basis",
                       f"「{line.printed_text}」是{old.name}（{old.basis}）的章节标题；现行格式"
                       f"（{spec.basis}）的六个部分与之不同，请按现行格式编制报告。",
                       source=line.origin, actual=line.printed_text)
            return


def obsolete_format(line: Line, spec: FormatSpec) -> SupersededFormat | None:
    """The earlier format whose column header ``line`` is (a label-only line)."""
    if line.values or not line.labels:
        return None
    cells = {parse_label(c).body for c in line.labels}
    for old in spec.superseded:
        if cells & {parse_label(c).body for c in old.columns}:
            return old
    return None


def split_obsolete(lines: tuple[Line, ...], spec: FormatSpec,
                   structural: frozenset[str]) -> tuple[list[Line], list[ObsoleteTable]]:
    """(lines to read, tables printed in an earlier format): a header of an earlier format
    takes the rows after it, up to the next caption or header, or running text."""
    kept: list[Line] = []
    found: list[ObsoleteTable] = []
    current: tuple[SupersededFormat, Line, list[Line]] | None = None
    for line in lines:
        old = obsolete_format(line, spec) if line.labels and not line.values else None
        if old is not None:
            if current is not None:
                found.append(ObsoleteTable(current[0], current[1], tuple(current[2])))
            current = (old, line, [])
            continue
        if current is not None and not line.blank:
            ends = (not line.values and (not line.is_row and len(line.text) > HEADING_MAX_CHARS
                                         or all(squash(c) in structural for c in line.labels)))
            if not ends:
                current[2].append(line)
                continue
            found.append(ObsoleteTable(current[0], current[1], tuple(current[2])))
            current = None
        kept.append(line)
    if current is not None:
        found.append(ObsoleteTable(current[0], current[1], tuple(current[2])))
    return kept, found
