"""What assessors check beyond the form's cells, as format data (``assessment:`` in the format).

The publication deadline, the kinds of organ that cannot report some figures,
and the vocabulary of the narrative checks: which words name a table figure,
which acts and counters state it.  :func:`build_assessment` turns the YAML
into frozen data and checks that every field it names exists; the rules in
:mod:`giar_xl.rules` apply it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Publication:
    """When the report must be out: ``deadline`` (month, day) of the year after the report's."""

    field: str
    deadline: tuple[int, int]
    basis: str


@dataclass(frozen=True)
class OrganKind:
    """Organs whose name contains one of ``names``; they cannot report ``cannot_report`` > 0."""

    id: str
    label: str
    names: tuple[str, ...]
    cannot_report: tuple[str, ...]
    why: str
    # name ending -> the word the organ calls itself by (镇人民政府 -> 镇); see the format file
    self_words: Mapping[str, str] = field(default_factory=dict)
    self_prefixes: tuple[str, ...] = ()
    name_endings: tuple[str, ...] = ()  # how the text names another organ of the kind in full
    not_names: frozenset[str] = frozenset()  # characters that make 「X镇人民政府」 no organ's name

    def matches(self, organ: str) -> bool:
        squashed = "".join(organ.split())
        return any(name in squashed for name in self.names)

    @functools.cached_property
    def full_name_pattern(self) -> re.Pattern[str]:
        """「XX镇人民政府」 and the kind's other endings: (two characters, ending)."""
        return re.compile(r"([\u4e00-\u9fff]{2})(" + _alternatives(self.name_endings) + ")")

    @functools.cached_property
    def self_word_pattern(self) -> re.Pattern[str]:
        """「我镇」「本街道」 …: (prefix, word)."""
        return re.compile("(" + _alternatives(self.self_prefixes) + ")("
                          + _alternatives(set(self.self_words.values())) + ")")


def _alternatives(words) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True))) or "(?!)"


@dataclass(frozen=True)
class Subject:
    """What a narrative calls a row of the tables (「规范性文件」), minus look-alikes (「规章制度」)."""

    id: str
    words: tuple[str, ...]  # longest first
    not_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    """A figure the narrative may state, and the table fields whose sum it must equal."""

    name: str
    rule: str
    subject: str | None
    acts: tuple[str, ...]
    counters: Mapping[str, Decimal]  # counter word -> factor into the field's unit (元 -> 万元)
    sum: tuple[str, ...]
    or_sum: tuple[str, ...] = ()  # another sum the figure may equal (受理 = 新收 + 上年结转)
    unless: tuple[str, ...] = ()  # a clause with one of these words states something else
    # Characters allowed between a negation and the claim's keyword; 0: only a denial verb.
    deny_gap: int = 0


@dataclass(frozen=True)
class NarrativeTerms:
    negations: tuple[str, ...]
    not_negations: tuple[str, ...]
    denial_verbs: tuple[str, ...]
    comparisons: tuple[str, ...]
    subjects: Mapping[str, Subject]
    claims: tuple[Claim, ...]
    year_context: tuple[str, ...]
    period_words: tuple[str, ...]
    plan_sections: tuple[str, ...] = ()

    def counter_words(self) -> tuple[str, ...]:
        """Every counter of every claim, longest first (「万元」 before 「元」)."""
        words = {w for claim in self.claims for w in claim.counters}
        return tuple(sorted(words, key=lambda w: (-len(w), w)))

    def acts(self) -> tuple[str, ...]:
        words = {a for claim in self.claims for a in claim.acts}
        return tuple(sorted(words, key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class Assessment:
    publication: Publication | None
    organ_kinds: tuple[OrganKind, ...]
    narrative: NarrativeTerms | None


def build_assessment(raw: Mapping[str, Any] | None, fields: Mapping[str, Any],
                     fail: Callable[[str], Exception]) -> Assessment:
    """The ``assessment:`` section as data; ``fail(message)`` builds the error for a bad one."""
    raw = raw or {}

    def known(fid: str, where: str) -> str:
        if fid not in fields:
            raise fail(f"assessment {where}: unknown field {fid!r}")
        return fid

    publication = None
    if raw.get("publication"):
        p = raw["publication"]
        publication = Publication(known(p["field"], "publication"),
                                  (int(p["deadline"]["month"]), int(p["deadline"]["day"])),
                                  p.get("basis", ""))
    kinds = tuple(OrganKind(k["id"], k["label"], tuple(k["names"]),
                            tuple(known(f, k["id"]) for f in k.get("cannot_report", ())),
                            k.get("why", ""), dict(k.get("self_words", {})),
                            tuple(k.get("self_prefixes", ())), tuple(k.get("name_endings", ())),
                            frozenset(k.get("not_names", ())))
                  for k in raw.get("organ_kinds", ()))
    narrative = _narrative(raw["narrative"], known, fail) if raw.get("narrative") else None
    return Assessment(publication, kinds, narrative)


def _narrative(raw: Mapping[str, Any], known, fail) -> NarrativeTerms:
    subjects = {sid: Subject(sid, _longest_first(s["words"]), tuple(s.get("not", ())))
                for sid, s in raw["subjects"].items()}
    counters = {name: {word: Decimal(str(factor)) for word, factor in table.items()}
                for name, table in raw["counters"].items()}
    claims = []
    for c in raw["claims"]:
        if c.get("subject") is not None and c["subject"] not in subjects:
            raise fail(f"narrative claim {c['name']}: unknown subject {c['subject']!r}")
        if c["counters"] not in counters:
            raise fail(f"narrative claim {c['name']}: unknown counters {c['counters']!r}")
        if not c.get("subject") and not c.get("acts"):
            raise fail(f"narrative claim {c['name']}: needs a subject or acts")
        claims.append(Claim(
            name=c["name"], rule=c.get("rule", "narrative-mismatch"), subject=c.get("subject"),
            acts=_longest_first(c.get("acts", ())), counters=counters[c["counters"]],
            sum=tuple(known(f, c["name"]) for f in c["sum"]),
            or_sum=tuple(known(f, c["name"]) for f in c.get("or_sum", ())),
            unless=tuple(c.get("unless", ())), deny_gap=int(c.get("deny_gap", 0))))
    return NarrativeTerms(
        negations=tuple(raw.get("negations", ())), not_negations=tuple(raw.get("not_negations", ())),
        denial_verbs=tuple(raw.get("denial_verbs", ())),
        comparisons=tuple(raw.get("comparisons", ())), subjects=subjects, claims=tuple(claims),
        year_context=tuple(raw.get("year_context", ())),
        period_words=tuple(raw.get("period_words", ())),
        plan_sections=tuple(raw.get("plan_sections", ())))


def _longest_first(words) -> tuple[str, ...]:
    return tuple(sorted(words, key=lambda w: (-len(w), w)))
