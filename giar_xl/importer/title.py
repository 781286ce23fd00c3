"""The organ, the year and the date of a report: its title and its closing 落款.

Titles come in one line or two, with stray spaces from PDF extraction:
「北留镇人民政府 / 2025 年政府信息公开工作年度报告」, 「北社乡人民政府 2025 年政府信息公开工作
年度 报 告」, 「2025年北留镇人民政府政府信息公开工作年度报告」.  The report ends
with the organ and the date it was signed: 「北社乡人民政府 / 2026年1月12日」.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .furniture import is_front_furniture
from .labels import squash, tidy
from .lines import Line

TITLE_MAX_LINES = 4
TITLE_MAX_CHARS = 80
SIGNATURE_MAX_CHARS = 30
TITLE_COVERAGE = 0.75
MAX_LONG_BEFORE_TITLE = 2

_DIGIT = {"〇": 0, "零": 0, "○": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
_YEAR = re.compile(r"(\d{4}|[〇零○一二三四五六七八九]{4})年度?")
_DATE = re.compile(r"^(\d{4}|[〇零○O一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月"
                   r"(\d{1,2}|[一二三四五六七八九十]{1,3})日?$")
_EDGE_PUNCTUATION = "：:，,。、 -—_（()）《》「」"
_SENTENCE_END = re.compile(r"[。！？；!?;，,]")
_BRACKETS = (("（", "）"), ("(", ")"))


@dataclass(frozen=True)
class Title:
    """What the title says, and how many leading lines it took."""

    org: str | None
    year: int | None
    lines: int  # leading lines up to the title's last (not preface text)
    used: tuple[Line, ...] = ()  # the title's own lines

    @property
    def origin(self) -> str | None:
        """「第 3 行、第 5 行：北留镇人民政府 / 2025 年政府信息公开工作年度报告」."""
        if not self.used:
            return None
        where = "、".join(ln.where for ln in self.used)
        return f"{where}：{' / '.join(ln.printed_text for ln in self.used)}"


def find_title(lines: list[Line], report_title: str) -> Title:
    """The title among the leading lines of running text (blank lines, page furniture and
    a long line before it — a source address, a breadcrumb — skipped)."""
    nonblank = [ln for ln in lines if not ln.blank and not is_front_furniture(ln)]
    skipped = 0
    while (skipped < MAX_LONG_BEFORE_TITLE and skipped < len(nonblank)
           and len(nonblank[skipped].text) > TITLE_MAX_CHARS):
        skipped += 1
    leading = _until_long(nonblank[skipped:skipped + TITLE_MAX_LINES])
    wanted = squash(report_title)
    title = None
    for end in range(1, len(leading) + 1):
        if wanted in squash("".join(ln.text for ln in leading[:end])):
            title = _shortest(leading[:end], report_title)
            break
    if title is None:
        for count, line in enumerate(leading, start=1):  # a title worded otherwise
            text = tidy(line.text)
            if _YEAR.search(text) and _covers(squash(text), wanted):
                joined = tidy("".join(ln.text for ln in leading[:count]))
                title = _parse(joined, leading[:count], None)
                break
    if title is None:
        return Title(None, None, 0)
    return dataclasses.replace(title, lines=title.lines + skipped)


def _covers(text: str, phrase: str) -> bool:
    """Most characters of ``phrase`` occur in ``text`` (「政务公开工作年度报告」 for the format's
    「政府信息公开工作年度报告」)."""
    available = Counter(text)
    found = sum(min(count, available[ch]) for ch, count in Counter(phrase).items())
    return found >= TITLE_COVERAGE * len(phrase)


def _shortest(lines: list[Line], report_title: str) -> Title:
    """The title from the fewest last lines that name organ and year (a breadcrumb or a
    document number above the title is not part of the organ)."""
    fallback = None
    for start in range(len(lines) - 1, -1, -1):
        title = _parse(tidy("".join(ln.text for ln in lines[start:])), lines[start:], report_title)
        if title.org and title.year:
            return Title(title.org, title.year, len(lines), title.used)
        if fallback is None and title.year:
            fallback = Title(None, title.year, len(lines), title.used)
    return fallback or _parse(tidy("".join(ln.text for ln in lines)), lines, report_title)


def _until_long(lines: list[Line]) -> list[Line]:
    kept = []
    for line in lines:
        if line.is_row or len(line.text) > TITLE_MAX_CHARS:
            break
        kept.append(line)
    return kept


def _parse(joined: str, used: list[Line], report_title: str | None) -> Title:
    match = _YEAR.search(joined)
    year = _year(match.group(1)) if match else None
    title_at = _find_squashed(joined, report_title) if report_title else len(joined)
    org = joined[:match.start()] if match else joined[:title_at]
    if match and report_title and not org.strip(_EDGE_PUNCTUATION):
        org = joined[match.end():title_at]  # 「2025年北留镇人民政府政府信息公开工作年度报告」
    org = strip_organ_edges(org) or None
    return Title(org, year, len(used), tuple(used))


def strip_organ_edges(text: str) -> str:
    """``text`` without the punctuation around an organ name, keeping a bracket that pairs
    with one inside it: 「（阳城县）卫生健康局」, 「县委机构编制委员会办公室（县编办）」."""
    core = text.strip(_EDGE_PUNCTUATION)
    if not core:
        return core
    start = text.find(core)
    before, after = text[:start], text[start + len(core):]
    for opening, closing in _BRACKETS:
        if core.count(closing) > core.count(opening) and before.endswith(opening):
            core = opening + core
        if core.count(opening) > core.count(closing) and after.startswith(closing):
            core += closing
    return core


def _find_squashed(text: str, phrase: str) -> int:
    """Where ``phrase`` starts in ``text`` (both already free of spaces)."""
    at = text.find(phrase)
    if at >= 0:
        return at
    folded = unicodedata.normalize("NFKC", text)
    at = folded.find(unicodedata.normalize("NFKC", phrase))
    return at if at >= 0 else len(text)


def _year(text: str) -> int | None:
    value = int(text) if text.isdigit() else int("".join(str(_DIGIT[c]) for c in text))
    return value if 2000 <= value <= 2100 else None


@dataclass(frozen=True)
class Closing:
    """The 落款 at the end: the signing organ and the date (line indexes into the lines)."""

    date: dt.date | None
    date_index: int | None
    signature: str | None
    signature_index: int | None

    @property
    def indexes(self) -> set[int]:
        return {i for i in (self.date_index, self.signature_index) if i is not None}


def find_closing(lines: list[Line], organ: str | None = None) -> Closing:
    """The date line ending the report and the organ line just above it, if present;
    without a date, a last line that is exactly ``organ`` (the title's) is the 落款."""
    tail = [i for i, ln in enumerate(lines) if not ln.blank][-3:]
    if organ and tail and tidy(lines[tail[-1]].text) == tidy(organ):
        return Closing(None, None, tidy(organ), tail[-1])
    if not organ and tail and _signature(lines[tail[-1]]):
        return Closing(None, None, tidy(lines[tail[-1]].text), tail[-1])
    for position, index in enumerate(reversed(tail)):
        date = parse_date(lines[index].text)
        if date is None:
            continue
        signature = signature_index = None
        earlier = tail[:len(tail) - 1 - position]
        if earlier:
            candidate = lines[earlier[-1]]
            text = tidy(candidate.text)
            if (not candidate.is_row and 0 < len(text) <= SIGNATURE_MAX_CHARS
                    and not _SENTENCE_END.search(text)):
                signature, signature_index = text, earlier[-1]
        return Closing(date, index, signature, signature_index)
    return Closing(None, None, None, None)


_PORTAL_DATE = re.compile(r"(?:发布日期|发布时间)\s*[:：]?\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]"
                          r"\s*(\d{1,2})(?!\d)")
PORTAL_DATE_LINES = 30  # a portal's metadata stands at the top of the page


def portal_date(lines: list[Line]) -> tuple[dt.date, Line] | None:
    """The 发布日期 a portal's article page states above the report (「发布日期：2026-03-05」,
    also split over two cells), for a report that has no 落款 date of its own."""
    for line in [ln for ln in lines if not ln.blank][:PORTAL_DATE_LINES]:
        match = _PORTAL_DATE.search(line.text)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups())), line
            except ValueError:
                continue
    return None


def _signature(line: Line) -> bool:
    """A last line that can only be the signing organ: short, no sentence, an organ's ending."""
    text = tidy(line.text)
    return (not line.is_row and 3 <= len(text) <= SIGNATURE_MAX_CHARS
            and not _SENTENCE_END.search(text) and text.endswith(_ORGAN_ENDS)
            and parse_date(text) is None)


def parse_date(text: str) -> dt.date | None:
    """「2026年1月12日」「二〇二六年一月十二日」 as a date; None for anything else."""
    match = _DATE.match(tidy(text))
    if not match:
        return None
    year = _year(match.group(1))
    month, day = _small(match.group(2)), _small(match.group(3))
    if year is None or month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _small(text: str) -> int | None:
    """1–31 in Arabic or Chinese numerals (「十二」「二十一」)."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return _DIGIT.get(text) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    return (_DIGIT.get(tens, 0) if tens else 1) * 10 + (_DIGIT.get(units, 0) if units else 0)


# --------------------------------------------------------------------------- no title

_PERIOD = re.compile(r"(\d{4})年1月1日(?:起)?(?:至|到|-|—|~)(?:\d{4}年)?12月31日")
_STATED = re.compile(r"([\u4e00-\u9fff（）()]{2,40}?)(\d{4})年度?(?:政府信息公开|政务公开)工作年度报告")
# Words before an organ's name in a sentence that states it (「现向社会公布北社乡人民政府…」).
_LEAD_WORDS = ("公布", "发布", "编制", "制作", "印发", "现将", "特将", "本文是", "本报告是", "是",
               "为", "根据", "依据", "按照", "由", "的", "了", "将")
_ORGAN_ENDS = ("人民政府", "政府", "局", "委员会", "委", "办公室", "办", "厅", "部", "院", "中心", "所",
               "站", "署", "处", "街道", "乡", "镇", "管委会", "管理委员会", "公司", "会", "队", "馆", "社")
# A report is signed after its year ends, by the end of January as a rule (条例第五十条:
# by 31 January), sometimes later in the first half of the year.
LATE_SIGNING_MONTH = 6


def stated_year(lines: list[Line]) -> tuple[int, Line] | None:
    """The year of 「统计期限自2023年1月1日起至2023年12月31日止」 in the text."""
    for line in lines:
        if line.is_row or "1月1日" not in squash(line.text):
            continue
        match = _PERIOD.search(squash(line.text))
        if match:
            year = _year(match.group(1))
            if year is not None:
                return year, line
    return None


def year_of_signing(date: dt.date) -> int:
    """The report year a 落款 date implies: the year before, for a date in its first half."""
    return date.year - 1 if date.month <= LATE_SIGNING_MONTH else date.year


def stated_organ(lines: list[Line]) -> tuple[str, Line] | None:
    """The organ named with the report in the text (「现向社会公布北社乡人民政府2025年政府信息公开
    工作年度报告」)."""
    for line in lines:
        if line.is_row:
            continue
        for match in _STATED.finditer(tidy(line.text)):
            organ = match.group(1)
            for word in _LEAD_WORDS:
                at = organ.rfind(word)
                if at >= 0:
                    organ = organ[at + len(word):]
            organ = strip_organ_edges(organ)
            if len(organ) >= 3 and organ.endswith(_ORGAN_ENDS):
                return organ, line
    return None
