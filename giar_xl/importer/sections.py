"""Finding the six sections of a report and the stretch of lines each one covers.

A heading is a short line of running text that names a section: 「二、主动公开政府信息情况」
with its numeral and a title close to the format's (or an alias), or — marked
as a heading — a title without numeral that is exactly the format's.  Headings
must come in the format's order.  A section whose heading is missing shares
the stretch of the section before it (a *zone*), so its tables are still
looked for there.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..spec import FormatSpec, Section
from .labels import parse_label, similarity, squash
from .lines import Line
from .vocabulary import section_titles

HEADING_MAX_CHARS = 40
HEADING_SIMILARITY = 0.6


@dataclass(frozen=True)
class Zone:
    """Consecutive lines and the sections they hold; the first section owns the heading."""

    sections: tuple[Section, ...]
    heading: Line | None  # None for the lines before the first heading found
    lines: tuple[Line, ...]


def find_zones(lines: list[Line], spec: FormatSpec) -> list[Zone]:
    """Split ``lines`` at the section headings; the first zone holds what precedes them."""
    found: list[tuple[int, int]] = []  # (line index, section index)
    after = -1
    narrative_titles = _narrative_titles(spec)
    for i, line in enumerate(lines):
        section = heading_section(line, spec, after, narrative_titles.get(after, frozenset()))
        if section is not None:
            found.append((i, section))
            after = section
    zones: list[Zone] = []
    first_line = found[0][0] if found else len(lines)
    first_section = found[0][1] if found else len(spec.sections)
    zones.append(Zone(spec.sections[:first_section], None, tuple(lines[:first_line])))
    for n, (i, s) in enumerate(found):
        end_line = found[n + 1][0] if n + 1 < len(found) else len(lines)
        end_section = found[n + 1][1] if n + 1 < len(found) else len(spec.sections)
        zones.append(Zone(spec.sections[s:end_section], lines[i], tuple(lines[i + 1:end_line])))
    return zones


def heading_section(line: Line, spec: FormatSpec, after: int,
                    narrative_titles: frozenset[str] = frozenset()) -> int | None:
    """The index of the section ``line`` is the heading of (one after ``after``), or None."""
    if line.is_row or line.blank:
        return None
    text = line.text
    if len(squash(text)) > HEADING_MAX_CHARS:
        return None
    label = parse_label(text)
    if label.enumerator and label.enumerator[0] != "c":
        return None  # 「（一）…」「1.…」 head the parts of a section, not a section
    later = list(enumerate(spec.sections))[after + 1:]
    if label.enumerator:
        for index, section in later:
            if section.number == label.number and _close(label.body, section):
                return index
    plain_heading = line.heading and label.body not in narrative_titles
    for index, section in later:
        if (label.enumerator or plain_heading) and any(
                label.body == t.body for t in section_titles(section)):
            return index
    return None


def _close(body: str, section: Section) -> bool:
    observed = parse_label(body)
    return any(similarity(observed, parse_label(t.body)) >= HEADING_SIMILARITY
               for t in section_titles(section))


def _narrative_titles(spec: FormatSpec) -> dict[int, frozenset[str]]:
    """Per section index, the titles of its narrative parts (which a section title may share)."""
    titles: dict[int, frozenset[str]] = {}
    for index, section in enumerate(spec.sections):
        found: set[str] = set()
        for fid in section.fields:
            f = spec.fields[fid]
            for text in (f.row_path[0] if f.row_path else "", *f.aliases):
                if text:
                    found.add(parse_label(text).body)
        titles[index] = frozenset(found)
    return titles
