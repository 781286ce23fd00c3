"""A county's year in one model: each roster organ with its report (or none), the files
that could not be placed, and the roll-up — what the summary sheets and the HTML show.

Inputs are the checked reports (:class:`~giar_xl.findings.FileResult`), the roster and,
optionally, last year's checked reports.  Nothing here reads a file or judges a figure:
逾期, 未填发布日期 and 与上年重复率 are the rules' findings (``date-late``,
``date-missing``, ``prev-copied-narrative``); duplicates are resolved by
:func:`giar_xl.summary.counted`, the same function that keeps them out of the 汇总 sheet's
合计.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from ..findings import FileResult, Finding
from ..organ_names import organ_core
from ..spec import FormatSpec
from ..summary import counted
from .matching import AMBIGUOUS, MATCHED, UNMATCHED, NameMatch, match_names
from .rollup import RollUp, roll_up
from .roster import Roster, RosterEntry
from .scoring import Score, load_weights, score

MISSING = "missing"  # the organ's status when it has no report of the year
LATE_RULE, UNDATED_RULE, COPIED_RULE = "date-late", "date-missing", "prev-copied-narrative"


@dataclass(frozen=True)
class OrganReview:
    """One organ of the roster (or, without a roster, one organ found in the reports)."""

    entry: RosterEntry
    reports: tuple[int, ...]  # indices of this year's results that are this organ's
    counted: int | None  # the one that counts (the later of duplicates); None: 缺报
    status: str  # missing | ok | warnings | errors | unreadable
    score: Score
    late: Finding | None = None
    undated: bool = False
    copied: Finding | None = None
    errors: int = 0
    warnings: int = 0

    @property
    def missing(self) -> bool:
        return self.counted is None

    @property
    def duplicates(self) -> tuple[int, ...]:
        return tuple(i for i in self.reports if i != self.counted)

    @property
    def counted_first(self) -> tuple[int, ...]:
        """``reports``, the one that counts first."""
        return tuple(sorted(self.reports, key=lambda i: i != self.counted))


@dataclass(frozen=True)
class FileProblem:
    """A report that is not counted for any organ of the roster, and why."""

    index: int  # into the results
    kind: str  # unmatched | ambiguous | unnamed | other-year | duplicate
    text: str  # for the reviewer, in Chinese


@dataclass(frozen=True)
class CountyReview:
    results: tuple[FileResult, ...]
    year: int | None
    roster: Roster | None
    organs: tuple[OrganReview, ...]
    problems: tuple[FileProblem, ...]
    winner_of: tuple[int | None, ...]  # per result: None if it counts, else the copy that does
    rollup: RollUp

    def organs_with(self, status: str) -> list[OrganReview]:
        return [o for o in self.organs if o.status == status]

    @property
    def late(self) -> list[OrganReview]:
        return [o for o in self.organs if o.late]

    @property
    def with_duplicates(self) -> list[OrganReview]:
        return [o for o in self.organs if o.duplicates]


def review_county(results: Sequence[FileResult], spec: FormatSpec, roster: Roster | None = None,
                  previous: Sequence[FileResult] = (), year: int | None = None) -> CountyReview:
    """The county's year: ``results`` placed on ``roster`` (or on the organs they name).

    ``year`` defaults to the year most of the placed reports are of; reports of other
    years are listed, not counted.  ``previous`` (last year's checked reports) gives the
    roll-up's cross-year continuity.
    """
    results = tuple(results)
    roster = roster or _roster_of(results)
    matches = match_names(roster, [r.organ for r in results], [r.path for r in results])
    sent_for = _main_year(results, matches)  # the year the folder's reports are of
    year = year or sent_for
    years = tuple(_year_of(r, m, sent_for) for r, m in zip(results, matches, strict=True))
    keys = tuple(_key(r, m, y, year) for r, m, y in zip(results, matches, years, strict=True))
    winner_of = tuple(counted(results, keys, years))
    weights = load_weights()
    by_entry: dict[int, list[int]] = {}
    problems: list[FileProblem] = []
    for i, (r, m, y) in enumerate(zip(results, matches, years, strict=True)):
        problem = _problem(i, r, m, y, year, roster, winner_of)
        if problem:
            problems.append(problem)
        if m.status == MATCHED and y == year:
            by_entry.setdefault(m.entry, []).append(i)
    organs = tuple(_organ(entry, tuple(by_entry.get(n, ())), results, winner_of, spec, weights)
                   for n, entry in enumerate(roster.entries))
    last = _last_year(previous, roster, year)
    return CountyReview(results, year, roster if roster.source != _FOUND else None, organs,
                        tuple(problems), winner_of,
                        roll_up(organs, results, spec, last))


_FOUND = "（报告中的机关）"  # source of the roster made from the reports themselves


def _roster_of(results: Sequence[FileResult]) -> Roster:
    """Without a roster: every organ named by a report, once (grouped as duplicates are)."""
    names: dict[str, str] = {}
    for r in results:
        if r.organ:
            names.setdefault(organ_core(r.organ), r.organ)
    return Roster(tuple(RosterEntry(n) for n in names.values()), _FOUND)


def _main_year(results: Sequence[FileResult], matches: Sequence[NameMatch]) -> int | None:
    years = Counter(r.year for r, m in zip(results, matches, strict=True)
                    if m.status == MATCHED and r.year is not None and not m.by_file_name)
    return max(years, key=lambda y: (years[y], y)) if years else None


_FILE_NAME_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def _year_of(result: FileResult, match: NameMatch, year: int | None) -> int | None:
    """The report's year; for a file placed by its name (it could not be read), the year its
    name states, else ``year``, that of the reports it was sent with."""
    if result.year is not None or not match.by_file_name:
        return result.year
    stated = set(_FILE_NAME_YEAR.findall(PurePath(result.path).stem))
    return int(stated.pop()) if len(stated) == 1 else year


def _key(result: FileResult, match: NameMatch, report_year: int | None, year: int | None) -> str:
    """What duplicates are grouped by: the roster organ when the report is placed on one."""
    if match.status == MATCHED and report_year == year:
        return f"名录#{match.entry}"
    return organ_core(result.organ) if result.organ else ""


def _problem(i: int, r: FileResult, m: NameMatch, report_year: int | None, year: int | None,
             roster: Roster, winner_of: Sequence[int | None]) -> FileProblem | None:
    if m.status == UNMATCHED:
        return FileProblem(i, UNMATCHED, f"名录中没有与「{r.organ}」对应的机关")
    if m.status == AMBIGUOUS:
        names = "、".join(f"「{roster.entries[c].label}」" for c in m.candidates)
        return FileProblem(i, AMBIGUOUS, f"「{r.organ}」可能是 {names}，无法确定，"
                                         f"请在名录中写明全称或所属区域")
    if m.status != MATCHED:
        why = r.reason or "报告中找不到机关名称"
        return FileProblem(i, "unnamed", f"无法确定是哪个机关的报告：{why}")
    if report_year != year:
        shown = f"{report_year} 年度" if report_year else "年度不明"
        organ = r.organ or roster.entries[m.entry].label
        return FileProblem(i, "other-year", f"「{organ}」的报告是{shown}的，不是 {year} 年度，不计入")
    if winner_of[i] is not None:
        return FileProblem(i, "duplicate", f"「{roster.entries[m.entry].label}」{year} 年度的重复报告，"
                                           f"以「汇总」序号 {winner_of[i] + 1} 为准，本文件不计入")
    return None


def _organ(entry: RosterEntry, reports: tuple[int, ...], results: Sequence[FileResult],
           winner_of: Sequence[int | None], spec: FormatSpec, weights) -> OrganReview:
    counted_ = next((i for i in reports if winner_of[i] is None), None)
    if counted_ is None:
        return OrganReview(entry, reports, None, MISSING, score((), spec, missing=True,
                                                                 weights=weights))
    r = results[counted_]
    live = [f for f in r.findings if not f.accepted]
    late = next((f for f in live if f.rule == LATE_RULE), None)
    copied = next((f for f in live if f.rule == COPIED_RULE), None)
    points = score(r.findings, spec, unreadable=r.status == "unreadable",
                   duplicate=len(reports) > 1, weights=weights)
    return OrganReview(entry, reports, counted_, r.status, points, late,
                       any(f.rule == UNDATED_RULE for f in live), copied,
                       len(r.errors), len(r.warnings))


def _last_year(previous: Sequence[FileResult], roster: Roster,
               year: int | None) -> list[tuple[RosterEntry, FileResult]] | None:
    """Last year's counted report of each roster organ (None without ``previous``)."""
    if not previous:
        return None
    previous = tuple(previous)
    matches = match_names(roster, [r.organ for r in previous])
    last = None if year is None else year - 1
    keys = [_key(r, m, r.year, last) for r, m in zip(previous, matches, strict=True)]
    winners = counted(previous, keys)
    return [(roster.entries[m.entry], r) for r, m, w in zip(previous, matches, winners, strict=True)
            if m.status == MATCHED and r.year == last and w is None and not r.reason]
