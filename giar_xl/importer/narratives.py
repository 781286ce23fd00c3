"""The text parts of a report: paragraphs, and the parts of a section by their labels.

Section 一 has five parts, each introduced by its label either as a heading
line (「#### （一）主动公开政府信息情况」) or at the start of its first paragraph
(「（一）主动公开方面。2025年，……」).  Which labels count comes from the format:
a narrative field whose label carries an enumerator is a part, the field
without one takes the text before the first part (or all of a section's text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..spec import FormatSpec, Section
from .labels import Label, best_match, parse_label
from .lines import Line

PART_TITLE_MAX_CHARS = 30
PART_SIMILARITY = 0.6
# A line shorter than this that stops without punctuation is a heading, not a broken sentence.
JOIN_MIN_CHARS = 15

_NUMERALS = "一二三四五六七八九"
_PART_START = re.compile(r"^\s*(?:[（(]\s*([一二三四五六七八九十]{1,3})\s*[)）]|([1-9])\s*[.、．](?!\d))\s*")
_TITLE_END = re.compile(r"[。：:；;]")
_TERMINAL = tuple("。！？；：…!?;:」”\"'）)】》")


@dataclass
class Paragraph:
    """Running text; ``lines`` are the source lines it was joined from."""

    text: str
    lines: list[Line] = field(default_factory=list)
    heading: bool = False

    @property
    def origin(self) -> str:
        first = self.lines[0]
        text = self.text if first.printed is None else first.printed_text  # quotes as printed
        excerpt = text if len(text) <= 30 else text[:30] + "…"
        return f"{first.where}：{excerpt}"


def paragraphs(lines: list[Line]) -> list[Paragraph]:
    """Lines of running text as paragraphs, rejoining sentences a PDF broke across lines."""
    found: list[Paragraph] = []
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        last = found[-1] if found else None
        if (last is not None and not last.heading and not line.heading
                and len(last.text) >= JOIN_MIN_CHARS and not last.text.endswith(_TERMINAL)
                and not _title_line(last)):
            last.text += text
            last.lines.append(line)
        else:
            found.append(Paragraph(text, [line], line.heading))
    return found


def _title_line(paragraph: Paragraph) -> bool:
    """A part's title alone on its line (「（三）完善公开制度规范，加强政府信息管理」): the text
    after it is the part's, not the rest of a broken sentence."""
    return (len(paragraph.lines) == 1 and len(paragraph.text) <= PART_TITLE_MAX_CHARS
            and bool(_PART_START.match(paragraph.text)) and not _TITLE_END.search(paragraph.text))


@dataclass(frozen=True)
class Part:
    """A narrative field of a section, as the text labels it."""

    field: str
    number: str | None  # 「（一）」 -> 一; None for the section's lead text
    titles: tuple[Label, ...]


def section_parts(spec: FormatSpec, section: Section) -> list[Part]:
    parts = []
    for fid in section.fields:
        f = spec.fields[fid]
        official = parse_label(f.row_path[0])
        titles = (official, *(parse_label(a) for a in f.aliases))
        parts.append(Part(fid, official.number if official.enumerator else None, titles))
    return parts


@dataclass
class SectionText:
    """The texts found for a section's fields, and where each started."""

    texts: dict[str, list[Paragraph]] = field(default_factory=dict)
    found_parts: set[str] = field(default_factory=set)

    def text(self, fid: str) -> str | None:
        paras = self.texts.get(fid)
        if not paras:
            return None
        return "\n".join(p.text for p in paras).strip() or None

    def origin(self, fid: str) -> str | None:
        paras = self.texts.get(fid)
        return paras[0].origin if paras else None


def split_section(paras: list[Paragraph], parts: list[Part]) -> SectionText:
    """Assign paragraphs to a section's fields by the part labels that introduce them."""
    result = SectionText()
    lead = next((p for p in parts if p.number is None), None)
    numbered = [p for p in parts if p.number is not None]
    current = lead
    for para in paras:
        started = _part_started(para, numbered, _next(numbered, current)) if numbered else None
        if started is not None:
            part, rest = started
            current = part
            result.found_parts.add(part.field)
            result.texts.setdefault(part.field, [])
            if rest:
                result.texts[part.field].append(Paragraph(rest, para.lines))
            continue
        if current is None:  # text before the first part of a section without lead text
            current = numbered[0] if numbered else None
            if current is None:
                continue
        result.texts.setdefault(current.field, []).append(para)
    return result


def _next(numbered: list[Part], current: Part | None) -> Part | None:
    """The numbered part expected after ``current`` (the first one after the lead text)."""
    if current is None or current not in numbered:
        return numbered[0] if numbered else None
    at = numbered.index(current) + 1
    return numbered[at] if at < len(numbered) else None


def _part_started(para: Paragraph, parts: list[Part],
                  expected: Part | None = None) -> tuple[Part, str] | None:
    """(part, text after its title) when ``para`` opens one of ``parts``: 「（一）主动公开方面。……」,
    「1.主动公开……」, a heading line 「（一）主动公开政府信息情况」, an exact title
    「主动公开方面：……」 — or a title in the organ's own words: the part's topic inside a
    longer title (「（三）完善公开制度规范，加强政府信息管理」), or none at all when the title
    carries the number of the part ``expected`` next (「（一）加大公开力度」)."""
    match = _PART_START.match(para.text)
    number = None
    rest = para.text
    if match:
        number = match.group(1) or _NUMERALS[int(match.group(2)) - 1]
        rest = para.text[match.end():]
    split = _title_and_body(rest)
    if split is None:
        return None
    title, body = split
    observed = parse_label(title)
    scores = [(best_match(observed, list(part.titles))[0], part) for part in parts]
    for score, part in scores:
        if number is not None and part.number == number and (
                score >= PART_SIMILARITY or _names_topic(observed, part)):
            return part, body
    if match and match.group(1) and expected is not None:
        later = parts[parts.index(expected):]
        by_number = next((p for p in later if p.number == number), None)
        if by_number is not None:  # 「（一）」 in sequence: the organ's own title for the part
            return by_number, body
    exact_needed = number is not None or body or para.heading
    for score, part in scores:
        if score == 1.0 and exact_needed:
            return part, body
    if expected is not None and not body and para.heading and _names_topic(observed, expected):
        return expected, body  # a heading line 「加强平台建设」 where that part is due
    return None


def _names_topic(observed: Label, part: Part) -> bool:
    """The title contains the part's topic (the official title's body, 「政府信息管理」)."""
    topic = part.titles[0].body
    return len(topic) >= 2 and topic in observed.body


def _title_and_body(text: str) -> tuple[str, str] | None:
    """A part's title and the text after it, if ``text`` starts with a short title."""
    end = _TITLE_END.search(text)
    if end and end.start() <= PART_TITLE_MAX_CHARS:
        return text[:end.start()], text[end.end():].strip()
    if len(text) <= PART_TITLE_MAX_CHARS:
        return text, ""
    return None
