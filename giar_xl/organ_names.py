"""Organ names as reviewers and clerks write them, reduced to forms that can be compared.

The same organ appears as 「北留镇人民政府」 in the roster and 「北留镇」 in its report's
title, as 「陵川县财政局」 or just 「财政局」, with full-width or half-width brackets, in
traditional characters when copied from a portal's 繁體 page.  :func:`name_key` removes
what never distinguishes two organs (width, spacing, traditional forms, bracket style);
:func:`name_forms` adds the looser forms a reviewer would still call the same name, each
with a rank: the exact key ranks highest, then the name without a 「人民政府」 /
「政府」 / 「办事处」 suffix, then the name without a leading 县/市/区 (a lone 「县」 or a
division name such as 「陵川县」).  The matcher (:mod:`giar_xl.county.matching`) compares ranks and
never picks between equally good candidates.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from .simplify import to_simplified

EXACT, SUFFIX, DIVISION = 3, 2, 1  # ranks of a name form: higher is closer to the name as written

# What a reviewer leaves off an organ's name.  Order matters: longest first.
_SUFFIXES = ("人民政府办事处", "人民政府", "办事处", "政府")
# A division prefix ends in one of these, within the first few characters
# (「陵川县」, 「晋城市」, 「城区」, 「鄂托克前旗」).
_DIVISION_ENDS = "县市区旗"
_MAX_PREFIX = 10
_MIN_REST = 2  # what is left after removing a prefix or suffix must still name something
_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "【": "(", "】": ")", "［": "(", "］": ")",
                           "[": "(", "]": ")", "﹙": "(", "﹚": ")"})
_DROPPED = re.compile(r"[\s·\u2022．.、,，\"'“”‘’《》<>「」『』]+")


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The name with width, spacing, punctuation, bracket style and traditional forms removed.

    「北留鎮人民政府（本級）」, 「北留镇人民政府(本级)」 and 「北留镇 人民政府（本级）」 have one key.
    """
    text = unicodedata.normalize("NFKC", str(name))  # full-width letters, digits, brackets
    text = to_simplified(text).translate(_BRACKETS)
    return _DROPPED.sub("", text)


def organ_core(name: str) -> str:
    """The name's key without a 「人民政府」 / 「政府」 / 「办事处」 suffix: 「北留镇人民政府」 and
    「北留镇」 have one core (one organ, written two ways)."""
    key = name_key(name)
    return _without_suffix(key) or key


def _without_suffix(key: str) -> str | None:
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= _MIN_REST:
            return key[:-len(suffix)]
    return None


def _without_divisions(key: str) -> list[str]:
    """``key`` after each possible leading division: 「山西省陵川县财政局」 ->
    「陵川县财政局」?, 「财政局」 (a prefix must end in 县/市/区/旗 and leave a name)."""
    rests = []
    for end in range(min(len(key), _MAX_PREFIX)):
        if key[end] in _DIVISION_ENDS and len(key) - end - 1 >= _MIN_REST and key[end + 1] != ")":
            rests.append(key[end + 1:])
    return rests


@functools.lru_cache(maxsize=65536)
def name_forms(name: str, region: str = "") -> dict[str, int]:
    """Every form of ``name`` with its rank (:data:`EXACT`, :data:`SUFFIX`, :data:`DIVISION`).

    With a ``region`` (a roster's 所属区域, e.g. 「陵川县」), the name written with it in
    front (「陵川县」 + 「财政局」) is a form too, ranked :data:`SUFFIX`: a report titled
    「陵川县财政局」 then prefers the 财政局 of 陵川县 over another region's.
    """
    key = name_key(name)
    forms: dict[str, int] = {}

    def add(form: str | None, rank: int) -> None:
        if form and forms.get(form, 0) < rank:
            forms[form] = rank

    add(key, EXACT)
    for base in (key, *_unbracketed(key)):
        add(base, SUFFIX)
        core = _without_suffix(base) or base
        add(core, SUFFIX)
        if region:
            region_core = _without_suffix(name_key(region)) or name_key(region)
            if not core.startswith(region_core):
                add(region_core + core, SUFFIX)
        for rest in _without_divisions(core):
            add(rest, DIVISION)
    return forms


_LEADING_DIVISION = re.compile(rf"^\(([^()]{{2,{_MAX_PREFIX}}}[{_DIVISION_ENDS}])\)")
_TRAILING_NOTE = re.compile(r"\([^()]+\)$")


def _unbracketed(key: str) -> list[str]:
    """``key`` with a bracketed division before it or a bracketed note after it taken out:
    「(阳城县)卫生健康局」 -> 「阳城县卫生健康局」; 「人民政府办公室(县政务公开办)」 ->
    「人民政府办公室」 (what is left must still name something)."""
    variants = []
    lead = _LEADING_DIVISION.match(key)
    if lead:
        variants.append(lead.group(1) + key[lead.end():])
    for text in (key, *variants):
        note = _TRAILING_NOTE.search(text)
        if note and note.start() >= _MIN_REST:
            variants.append(text[:note.start()])
    return variants


def same_organ(a: str, b: str) -> bool:
    """Whether two names could be one organ's as a reviewer reads them: they share a form
    (「西河乡」 and 「西河乡人民政府」, 「财政局」 and 「陵川县财政局」, 「北留鎮」 and 「北留镇」)."""
    return not name_forms(a).keys().isdisjoint(name_forms(b))
