"""Narrative rules: what the text says must agree with the tables, and be about the year.

Published reports often say 「共收到申请 3 件」 in 一、总体情况 while table 三
says 2, or 「制定规范性文件0件」 while table 二 says 4.  The statements the
format invites are read clause by clause with the format's vocabulary
(``assessment.narrative``: subjects, acts, counters) and compared with the
tables.  A sentence about 「2022年」 figures in a 2023 report is the other
sign of a text carried over from an old report.  Both are warnings: the text
may count differently.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from ..assessment import Claim, NarrativeTerms
from ..findings import Finding
from ..spec import Field, FormatSpec
from .context import Context, Kind, show

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_NUMBER = r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+)"
_CLAUSE_SPLIT = re.compile(r"[，。；;,！!？?\n]|以及|(?<!及)及(?=上年|结转)")
_SENTENCE_SPLIT = re.compile(r"(?<=[。；;！!？?\n])")
_TITLE = re.compile(r"《[^》]{0,80}》")  # a document's title says nothing about this report
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)\s*年")
GAP = 20  # characters allowed between a claim's keyword and its figure


def chinese_number(text: str) -> int | None:
    """'12' -> 12, '两' -> 2, '十二' -> 12, '二十三' -> 23; None if not a number."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def sentences(text: str) -> list[str]:
    """The sentences of a narrative, stripped, non-empty."""
    return [s.strip() for s in _split_sentences(text) if s.strip()]


def clauses(sentence: str) -> list[str]:
    """The clauses of a sentence, with titles in 《》 blanked (「《行政许可法》」 is no statement)."""
    if "《" in sentence:
        sentence = _TITLE.sub(lambda m: "《" + "□" * (len(m.group()) - 2) + "》", sentence)
    return [c for c in _split_clauses(sentence) if c and c.strip()]


# The splits without regular expressions where they give the same pieces: a narrative
# runs to thousands of characters, and a zero-width split tries its pattern at each.
_SENTENCE_ENDS = "。；;！!？?\n"
_CLAUSE_MARKS = "，。；;,！!？?\n"


def _split_sentences(text: str) -> list[str]:
    """``text`` cut after each sentence end, as ``_SENTENCE_SPLIT.split`` cuts it."""
    if "\0" in text:
        return _SENTENCE_SPLIT.split(text)
    for mark in _SENTENCE_ENDS:
        if mark in text:
            text = text.replace(mark, mark + "\0")
    return text.split("\0")


def _split_clauses(sentence: str) -> list[str]:
    """``sentence`` cut at clause marks, as ``_CLAUSE_SPLIT.split`` cuts it."""
    if "及" in sentence or "\0" in sentence:
        return _CLAUSE_SPLIT.split(sentence)
    for mark in _CLAUSE_MARKS:
        if mark in sentence:
            sentence = sentence.replace(mark, "\0")
    return sentence.split("\0")


# --------------------------------------------------------------------------- reading a clause

@dataclass(frozen=True)
class _Figure:
    start: int
    value: int | Decimal  # in the counter's own unit
    counter: str


class _Reader:
    """Finds the vocabulary's subjects, acts, negations and figures in clauses
    (built once per format: see :func:`_reader`)."""

    def __init__(self, terms: NarrativeTerms):
        self.terms = terms
        self.subject_of = {w: sid for sid, s in terms.subjects.items() for w in s.words}
        self.subjects = _alternation(self.subject_of)
        self.not_subject = {sid: _alternation(s.not_words)
                            for sid, s in terms.subjects.items() if s.not_words}
        self.acts = _alternation(terms.acts())
        self.negation = _alternation(terms.negations)
        self.not_negation = _alternation(terms.not_negations)
        self.comparison = _alternation(terms.comparisons)
        self.year_context = _alternation(terms.year_context)
        self.period = _alternation(terms.period_words)
        self.figure = re.compile(r"(?<!第)" + _NUMBER + r"\s*(" + "|".join(
            map(re.escape, terms.counter_words())) + ")")

    def subject_spans(self, clause: str) -> list[tuple[int, int, str]]:
        spans = []
        for m in self.subjects.finditer(clause):
            sid = self.subject_of[m.group()]
            not_words = self.not_subject.get(sid)
            if not_words and any(n.start() < m.end() and m.start() < n.end()
                                 for n in not_words.finditer(clause)):
                continue  # 「申请人」 is no 申请, 「规章制度」 no 规章
            spans.append((m.start(), m.end(), sid))
        return spans

    def act_spans(self, clause: str) -> list[tuple[int, int, str]]:
        return [(m.start(), m.end(), m.group()) for m in self.acts.finditer(clause)]

    def negation_ends(self, clause: str) -> list[int]:
        excluded = [m.start() for m in self.not_negation.finditer(clause)] if self.not_negation else []
        return [m.end() for m in self.negation.finditer(clause) if m.start() not in excluded]

    def figures(self, clause: str) -> list[_Figure]:
        found = []
        for m in self.figure.finditer(clause):
            text = m.group(1)
            value = Decimal(text) if "." in text else chinese_number(text)
            if value is not None:
                found.append(_Figure(m.start(), value, m.group(2)))
        return found


def _alternation(words) -> re.Pattern | None:
    words = sorted(words, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))) if words else None


def _found(pattern: re.Pattern | None, text: str) -> bool:
    return pattern is not None and pattern.search(text) is not None


@functools.lru_cache(maxsize=8)
def _reader(spec: FormatSpec) -> _Reader | None:
    terms = spec.assessment.narrative
    return None if terms is None else _Reader(terms)


def stated_in(ctx: Context, text: str) -> tuple[tuple[Claim, int | Decimal, str], ...]:
    """:func:`stated_figures` of ``text``, worked out once per report (two rules ask)."""
    key = ("stated figures", text)
    if key not in ctx.memo:
        ctx.memo[key] = tuple(stated_figures(text, ctx.spec))
    return ctx.memo[key]


def stated_figures(text: str, spec: FormatSpec) -> Iterator[tuple[Claim, int | Decimal, str]]:
    """(claim, figure in the claim's unit, sentence) for each statement found in ``text``.

    A clause states at most one figure; a negation (「未发生行政复议、行政诉讼」)
    may deny several claims at once.  The subject or the act of a clause may come
    from the clause before it (「制发规范性文件2件，废止1件」, 「制定规章0件，规范性文件4件」).
    """
    reader = _reader(spec)
    if reader is None:
        return
    for sentence in sentences(text):
        if not _found(reader.subjects, sentence) and not _found(reader.acts, sentence):
            continue  # nothing the tables count is named here
        carried_subjects: set[str] = set()
        carried_acts: set[str] = set()
        for clause in clauses(sentence):
            subjects = reader.subject_spans(clause)
            acts = reader.act_spans(clause)
            if not subjects and not acts:
                carried_subjects, carried_acts = set(), set()
                continue
            named = {s for _a, _b, s in subjects}
            subject_ids = named or (carried_subjects if acts else set())
            # 「制定规章0件，规范性文件4件」: the act carries over to another subject, but
            # not into a breakdown of the same one (「收到申请3件，其中自然人申请2件」)
            act_words = {a for _a, _b, a in acts} or (
                carried_acts if named and not named & carried_subjects else set())
            if not _found(reader.comparison, clause):
                yield from ((claim, figure, sentence) for claim, figure in
                            _claims_of(reader, clause, subjects, acts, subject_ids, act_words))
            carried_subjects, carried_acts = subject_ids, act_words


def _claims_of(reader: _Reader, clause: str, subjects, acts, subject_ids, act_words):
    figures = reader.figures(clause)
    for claim in reader.terms.claims:
        if any(word in clause for word in claim.unless):
            continue
        if claim.subject and claim.subject not in subject_ids:
            continue
        if claim.acts and not act_words.intersection(claim.acts):
            continue
        keywords = ([(a, b) for a, b, s in subjects if s == claim.subject]
                    + [(a, b) for a, b, w in acts if w in claim.acts])
        if not keywords:
            continue  # both subject and act carried over: the clause is about something else
        figure = _figure_for(claim, keywords, subjects, acts, figures)
        if figure is not None:
            yield claim, figure
            return  # a stated number belongs to one claim only
        if _denied(reader, clause, claim, keywords):
            yield claim, 0


def _figure_for(claim: Claim, keywords, subjects, acts, figures) -> int | Decimal | None:
    start = min(a for a, _b in keywords)
    for fig in figures:
        if fig.start < start or fig.counter not in claim.counters:
            continue
        before = [b for _a, b in keywords if b <= fig.start]
        if not before or fig.start - max(before) > GAP:
            continue
        if claim.subject and _last_before(subjects, fig.start) not in (None, claim.subject):
            continue  # 「规章和规范性文件4件」: the figure is the other subject's
        if claim.acts and _last_before(acts, fig.start) not in (None, *claim.acts):
            continue
        factor = claim.counters[fig.counter]
        return fig.value if factor == 1 else fig.value * factor
    return None


def _last_before(spans, position: int) -> str | None:
    last = [name for a, b, name in spans if b <= position]
    return last[-1] if last else None


def _denied(reader: _Reader, clause: str, claim: Claim, keywords) -> bool:
    """A negation right before the keyword (「未制定规章」「未作出行政强制决定」), or within
    the claim's ``deny_gap`` (「未发生因政府信息公开引起的行政复议」)."""
    between = ("", *reader.terms.denial_verbs)
    for end in reader.negation_ends(clause):
        for start, _b in keywords:
            if 0 <= start - end <= claim.deny_gap or clause[end:start] in between:
                return True
    return False


# --------------------------------------------------------------------------- the rules

def _narratives(ctx: Context) -> Iterator[Field]:
    for f in ctx.spec.fields.values():
        if f.type == "text" and f.long and ctx.kind(f.id) is Kind.TEXT:
            yield f


def check_narrative_figures(ctx: Context) -> Iterator[Finding]:
    reported: set[tuple[str, object]] = set()
    for f in _narratives(ctx):
        for claim, figure, sentence in stated_in(ctx, str(ctx.value(f.id))):
            table = _sum(ctx, claim.sum)
            other = _sum(ctx, claim.or_sum) if claim.or_sum else None
            if table is None or figure in (table, other) or (claim.name, figure) in reported:
                continue
            reported.add((claim.name, figure))
            yield ctx.finding(claim.rule, f.id, _mismatch(ctx, f, claim, figure, sentence, table,
                                                          other),
                              expected=table, actual=figure)


def _mismatch(ctx: Context, f: Field, claim: Claim, figure, sentence: str, table, other) -> str:
    first = ctx.spec.fields[claim.sum[0]]
    unit = first.unit or ""
    cells = "、".join(ctx.spec.fields[fid].cell for fid in claim.sum)
    said = f"「{f.title}」写道「{_quote(sentence)}」，即{claim.name} {show(figure)} {unit}，"
    if other is None:
        return said + f"但表格（{first.sheet}!{cells}）为 {show(table)} {unit}。"
    names = " + ".join(_row_name(ctx.spec.fields[fid]) for fid in claim.or_sum)
    return (said + f"但表格（{first.sheet}!{cells}）为 {show(table)} {unit}，"
            f"{names}为 {show(other)} {unit}。")


def _row_name(f: Field) -> str:
    return re.sub(r"^[一二三四五六七八九十]+、", "", f.row_path[-1])


def _sum(ctx: Context, fids: tuple[str, ...]):
    values = [ctx.number(fid) for fid in fids]
    return None if any(v is None for v in values) else sum(values)


def check_narrative_year(ctx: Context) -> Iterator[Finding]:
    """A statement of figures (or of the statistics period) about another year than the report's."""
    reader = _reader(ctx.spec)
    year = ctx.report.year
    if reader is None or year is None:
        return
    for f in _narratives(ctx):
        plans = f.section in reader.terms.plan_sections
        hits = [(s, y) for s, y in _other_year_statements(reader, str(ctx.value(f.id)), year)
                if not plans or min(y) < year]
        if not hits:
            continue
        sentence, years = hits[0]
        shown = "、".join(f"{y}年" for y in years)
        more = f"（另有 {len(hits) - 1} 处）" if len(hits) > 1 else ""
        yield ctx.finding("narrative-year", f.id,
                          f"「{f.title}」写道「{_quote(sentence)}」{more}：说的是{shown}的情况，"
                          f"本报告是 {year} 年度的，请核对是否沿用了旧报告的文字。",
                          expected=year, actual=years[0])


def _other_year_statements(reader: _Reader, text: str, year: int):
    for sentence in sentences(text):
        if "19" not in sentence and "20" not in sentence or not _YEAR.search(sentence):
            continue
        years: list[int] = []
        for clause in clauses(sentence):
            context = _found(reader.year_context, clause)
            named = [int(y) for y in _YEAR.findall(clause)]
            if named:
                years = [] if context else sorted({y for y in named if y != year})
            if not years or context:
                continue
            period = _found(reader.period, clause)
            if reader.figures(clause) or (period and any(y < year for y in years)):
                yield sentence, years
                break


def _quote(sentence: str, limit: int = 60) -> str:
    return sentence if len(sentence) <= limit else sentence[:limit] + "…"
