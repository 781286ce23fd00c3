"""Scoring a printed row against each row the format defines.

A :class:`Fit` says how alike a printed row's label is to a format row's
(1.0 and ``exact`` for the format's label or an alias), and whether the row
may be that format row at all given its number of figures: the same number
(or each figure repeated over the columns it spans) with a label scoring at
least LOW; fewer figures — a truncated row — only with a label scoring at
least HIGH; more figures only with the exact label.
"""

from __future__ import annotations

from dataclasses import dataclass

from .labels import HIGH, LOW, Label, parse_label, same, similarity
from .vocabulary import RowTarget, TableVocabulary

EXACT_WEIGHT = 3.0
UNLABELLED_PARTIAL = 0.6


@dataclass(frozen=True)
class Fit:
    score: float
    exact: bool
    allowed: bool
    label: Label | None = None  # the observed label that scored best
    reference: Label | None = None  # the format label it was compared with

    @property
    def weight(self) -> float | None:
        if not self.allowed:
            return None
        return EXACT_WEIGHT if self.exact else self.score


NO_FIT = Fit(0.0, False, False)


def shape_fits(exact: bool, score: float, count: int, expected: int) -> bool:
    """Whether a row with ``count`` figures may be the format row with ``expected``."""
    if count == expected:
        return exact or score >= LOW
    if count < expected:
        return exact or score >= HIGH
    return exact  # more figures than columns: only a certain label identifies it


class Scorer:
    """Scores printed rows against the format rows of one zone."""

    def __init__(self, vocabulary: TableVocabulary):
        self.vocabulary = vocabulary
        self.targets = vocabulary.targets
        self._group_prefixes = sorted((g for g in vocabulary.groups if len(g) >= 3),
                                      key=len, reverse=True)
        self._by_body: dict[str, list[int]] = {}
        self._memo: dict[tuple[tuple[str, ...], int], list[Fit]] = {}
        for j, target in enumerate(self.targets):
            for variant in target.variants:
                self._by_body.setdefault(variant.body, []).append(j)

    def candidates(self, labels: list[str]) -> list[Label]:
        """The texts a row's label is compared by: its last cell, and its cells that
        are not row-group labels joined (a label split over two cells)."""
        if not labels:
            return []
        found = [parse_label(labels[-1])]
        own = [c for c in labels if not self._is_group(c)]
        if len(own) > 1 or (own and own[-1] != labels[-1]):
            found.append(parse_label("".join(own)))
        for label in list(found):
            rest = self._without_groups(label.text)
            if rest != label.text:
                found.append(parse_label(rest))
        unique = {label.text: label for label in found}
        return list(unique.values())

    def _without_groups(self, text: str) -> str:
        """``text`` without the row-group labels it starts with (「三、本年度办理结果(一)予以公开」,
        one cell where the layout lost the column break)."""
        stripped = True
        while stripped:
            stripped = False
            for group in self._group_prefixes:
                if text.startswith(group) and len(text) > len(group):
                    text, stripped = text[len(group):], True
                    break
        return text

    def _is_group(self, cell: str) -> bool:
        label = parse_label(cell)
        return label.text in self.vocabulary.groups or label.body in self.vocabulary.groups

    def fits(self, labels: list[str], count: int) -> list[Fit]:
        """One :class:`Fit` per format row (memoised: label-only lines ask repeatedly)."""
        key = (tuple(labels), count)
        if key not in self._memo:
            self._memo[key] = self._fits(labels, count)
        return self._memo[key]

    def _fits(self, labels: list[str], count: int) -> list[Fit]:
        candidates = self.candidates(labels)
        exact: dict[int, tuple[Label, Label]] = {}
        for cand in candidates:
            for j in self._by_body.get(cand.body, ()):
                ref = next((v for v in self.targets[j].variants if same(cand, v)), None)
                if ref is not None and j not in exact:
                    exact[j] = (cand, ref)
        fits: list[Fit] = []
        for j, target in enumerate(self.targets):
            expected = count if target.prints(count) else len(target.fields)
            if target.unlabelled:
                fits.append(self._unlabelled(bool(labels), bool(exact), count, expected))
            elif exact:
                if j in exact:
                    cand, ref = exact[j]
                    fits.append(Fit(1.0, True, shape_fits(True, 1.0, count, expected), cand, ref))
                else:
                    fits.append(NO_FIT)
            else:
                score, cand, ref = self._similarity(candidates, target)
                fits.append(Fit(score, False, shape_fits(False, score, count, expected),
                                cand, ref))
        return fits

    @staticmethod
    def _unlabelled(has_label: bool, has_exact: bool, count: int, expected: int) -> Fit:
        if has_exact:
            return NO_FIT
        if count == expected:
            return Fit(1.0, True, True)
        if not has_label and count * 2 > expected:
            return Fit(UNLABELLED_PARTIAL, False, True)
        return NO_FIT

    @staticmethod
    def _similarity(candidates: list[Label], target: RowTarget):
        best, best_cand, best_ref = 0.0, None, None
        for cand in candidates:
            for ref in target.variants:
                score = similarity(cand, ref, floor=LOW)
                if score > best:
                    best, best_cand, best_ref = score, cand, ref
        return best, best_cand, best_ref

    def names_part(self, labels: list[str], count: int | None = None) -> bool:
        """Whether ``labels`` are exactly the name of a table part (``RowTarget.part``) that
        prints ``count`` figures (any number when None)."""
        fits = self.fits(labels, count or 0)
        return any(target.part and fit.exact and (count is None or target.prints(count))
                   for target, fit in zip(self.targets, fits, strict=True))

    def best(self, labels: list[str], count: int) -> float:
        """The best score of a row against any format row (1.0 for its exact label)."""
        return max((f.score for f in self.fits(labels, count)), default=0.0)
