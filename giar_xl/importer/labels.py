"""Label text as the importer compares it: normalised, split from its enumerator, scored.

Printed labels differ from the format's in harmless ways (full-width or ASCII
brackets, stray spaces, quotes) and in damaging ones (PDF extraction scrambles
the characters of a cell, drops some, splits a label over two lines).  Two
labels are *the same* when their normalised bodies are equal; otherwise they
are scored by the overlap of their characters as multisets (the Dice
coefficient), which stays high when characters are reordered and falls as
characters go missing.  A differing enumerator (「1.」 against 「2.」) halves
the score: siblings often share most of their characters.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

# A label that scores at least this is identified by its text alone (with a warning
# unless it is the same label); between LOW and HIGH only when its position agrees.
HIGH = 0.8
LOW = 0.5
ENUMERATOR_MISMATCH = 0.5

_SPACES = re.compile(r"\s+")
_DROP = str.maketrans("", "", "“”‘’\"'「」『』*`")
_CHINESE_NUMERAL = "一二三四五六七八九十"
_ENUMERATOR = re.compile(
    r"^(?:(?P<arabic>\d{1,2})[.、,](?!\d)"
    rf"|\((?P<paren>[{_CHINESE_NUMERAL}]{{1,3}})\)"
    rf"|(?P<chinese>[{_CHINESE_NUMERAL}]{{1,3}})[、.])"
)


def squash(text: str) -> str:
    """Comparable form: NFKC (full-width -> ASCII), no whitespace, quotes or emphasis."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).translate(_DROP).lower()


def tidy(text: str) -> str:
    """Display form of a name (organ): NFKC, no whitespace, case kept."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).strip()


@dataclass(frozen=True)
class Label:
    """A label as compared: its enumerator (「1.」「(三)」「一、」) and its body."""

    text: str  # squashed
    enumerator: str | None
    body: str
    bag: Counter = field(compare=False, repr=False)

    @property
    def number(self) -> str | None:
        """The enumerator's numeral without its style: 「(三)」 and 「三、」 both give 三."""
        return self.enumerator[1:] if self.enumerator else None


@functools.lru_cache(maxsize=8192)
def parse_label(text: str) -> Label:
    """``text`` as a comparable label (cached: reports repeat the same labels).

    The label's ``bag`` is shared between calls and must not be modified.
    """
    squashed = squash(text)
    match = _ENUMERATOR.match(squashed)
    if not match:
        return Label(squashed, None, squashed, Counter(squashed))
    kind = next(k for k in ("arabic", "paren", "chinese") if match.group(k))
    body = squashed[match.end():]
    return Label(squashed, kind[0] + match.group(kind), body, Counter(body))


def with_enumerator(label: Label, enumerator: str | None) -> Label:
    """``label`` carrying ``enumerator`` when it has none of its own (for aliases)."""
    if label.enumerator or not enumerator:
        return label
    return Label(label.text, enumerator, label.body, label.bag)


def same(observed: Label, reference: Label) -> bool:
    """Equal bodies, and enumerators that do not contradict each other."""
    if not observed.body or observed.body != reference.body:
        return False
    return (observed.enumerator is None or reference.enumerator is None
            or observed.enumerator == reference.enumerator)


def dice(a: Counter, b: Counter, len_a: int, len_b: int) -> float:
    """Character-multiset overlap in [0, 1]."""
    if not len_a or not len_b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    get = large.get
    common = 0
    for ch, count in small.items():
        other = get(ch)
        if other:
            common += min(count, other)
    return 2.0 * common / (len_a + len_b)


def similarity(observed: Label, reference: Label, floor: float = 0.0) -> float:
    """How alike two labels are, in [0, 1]; 1.0 for the same characters in any order.

    Scores that cannot reach ``floor`` (judged by the lengths alone) are returned as 0.
    """
    len_a, len_b = len(observed.body), len(reference.body)
    if floor and 2.0 * min(len_a, len_b) / ((len_a + len_b) or 1) < floor:
        return 0.0
    score = dice(observed.bag, reference.bag, len_a, len_b)
    if (observed.enumerator and reference.enumerator
            and observed.enumerator != reference.enumerator):
        score *= ENUMERATOR_MISMATCH
    return score


def scrambled(observed: Label, reference: Label) -> bool:
    """The same characters as ``reference``, in another order."""
    return observed.bag == reference.bag and observed.body != reference.body


def best_match(observed: Label, references: list[Label]) -> tuple[float, Label | None]:
    """The best-scoring reference (1.0 for the same label)."""
    best, found = 0.0, None
    for ref in references:
        if same(observed, ref):
            return 1.0, ref
        score = similarity(observed, ref)
        if score > best:
            best, found = score, ref
    return best, found
