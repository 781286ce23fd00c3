"""Identifying printed rows with the format's rows — by structure, never by luck.

1. a row whose label is the format's label (or an alias) is that row;
2. rows are aligned in the format's order (:func:`~giar_xl.importer.align.align`),
   each pair scored by label similarity, and only where the number of figures
   fits (7 for table 三, 15 for table 四 …);
3. a damaged label is accepted on its text alone when it scores at least
   :data:`~giar_xl.importer.labels.HIGH`; between LOW and HIGH only when no
   other format row scores higher and it stands next to a row identified by
   its label, or alone in a gap between two such rows;
4. a row whose label is illegible is identified by position only when it is
   the one unidentified row — or one of as many (up to three) as the format's
   unidentified rows — between two identified rows (or one and the edge of the
   zone), each with exactly the figures of its format row, and none whose label
   clearly names another row;
5. a row out of the format's order is taken when its label is unambiguous.

Anything else is not guessed: the printed row is left unmatched and the
format row unfound, and the caller reports both.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from .align import align
from .labels import HIGH
from .rows import Row
from .scoring import Fit, Scorer
from .vocabulary import RowTarget

ORDER_MARGIN = 0.1
MAX_GAP = 3  # more illegible rows in a row than this are not placed by position

BY_LABEL, BY_POSITION, BY_ORDER = "label", "position", "order"


@dataclass
class Match:
    row: Row
    target: RowTarget
    fit: Fit
    how: str
    between: tuple[str | None, str | None] = (None, None)  # neighbouring rows (by position)


def identify(rows: list[Row], scorer: Scorer) -> tuple[list[Match], list[Row]]:
    """(identified rows, printed rows left unmatched)."""
    targets = scorer.targets
    fits = [scorer.fits(r.labels, len(r.values)) for r in rows]
    pairs = align([[f.weight for f in row_fits] for row_fits in fits])
    strong = {i: j for i, j in pairs if fits[i][j].exact or fits[i][j].score >= HIGH}
    accepted: dict[int, tuple[int, str]] = {i: (j, BY_LABEL) for i, j in strong.items()}
    for i, j in pairs:
        best_elsewhere = max((f.score for k, f in enumerate(fits[i]) if k != j), default=0.0)
        if (i not in strong and fits[i][j].score >= best_elsewhere
                and _weak_supported(i, j, strong, len(rows), len(targets))):
            accepted[i] = (j, BY_LABEL)
    _fill_gaps(rows, fits, accepted, targets)
    _rescue_out_of_order(fits, accepted)
    matches = []
    by_row = sorted(accepted.items())
    for i, (j, how) in by_row:
        match = Match(rows[i], targets[j], fits[i][j], how)
        if how == BY_POSITION:
            match.between = _neighbours(i, by_row, targets)
        matches.append(match)
    unmatched = [r for i, r in enumerate(rows) if i not in accepted]
    return matches, unmatched


def _weak_supported(i: int, j: int, strong: dict[int, int], n: int, m: int) -> bool:
    """A weak label match stands next to a strong one, or alone between two."""
    if strong.get(i - 1) == j - 1 or strong.get(i + 1) == j + 1:
        return True
    before = [(a, b) for a, b in strong.items() if a < i]
    after = [(a, b) for a, b in strong.items() if a > i]
    lo = max(before, default=(-1, -1))
    hi = min(after, default=(n, m))
    if not before and not after:
        return False
    return hi[0] - lo[0] == 2 and hi[1] - lo[1] == 2


def _fill_gaps(rows: list[Row], fits: list[list[Fit]], accepted: dict[int, tuple[int, str]],
               targets: tuple[RowTarget, ...]) -> None:
    """Rows identified by position: as many unidentified rows as format rows between two
    identified ones, each with exactly the figures its format row prints."""
    n, m = len(rows), len(targets)
    anchors = sorted((i, j) for i, (j, _how) in accepted.items())
    if not anchors:
        return
    bounds = [(-1, -1), *anchors, (n, m)]
    taken = {j for j, _how in accepted.values()}
    for (i0, j0), (i1, j1) in itertools.pairwise(bounds):
        if j1 < j0:
            continue  # an out-of-order pair; nothing between them is in order
        free_rows = [i for i in range(i0 + 1, i1) if i not in accepted]
        free_targets = [j for j in range(j0 + 1, j1) if j not in taken]
        if not free_rows or len(free_rows) != len(free_targets) or len(free_rows) > MAX_GAP:
            continue
        if all(_fits_by_position(rows[i], fits[i], j, targets[j])
               for i, j in zip(free_rows, free_targets, strict=True)):
            for i, j in zip(free_rows, free_targets, strict=True):
                accepted[i] = (j, BY_POSITION)
                taken.add(j)


def _fits_by_position(row: Row, row_fits: list[Fit], j: int, target: RowTarget) -> bool:
    if not target.prints(len(row.values)):
        return False
    if not row.labels and len(row.values) < 3:
        return False  # a lone figure (a page number?) says too little
    # a label that clearly names another row is not overruled by position
    return not any((f.exact or f.score >= HIGH) for k, f in enumerate(row_fits) if k != j)


def _rescue_out_of_order(fits: list[list[Fit]], accepted: dict[int, tuple[int, str]]) -> None:
    taken = {j for j, _how in accepted.values()}
    for i, row_fits in enumerate(fits):
        if i in accepted:
            continue
        ranked = sorted(((f.score, j) for j, f in enumerate(row_fits) if f.allowed),
                        reverse=True)
        if not ranked:
            continue
        score, j = ranked[0]
        second = max((f.score for k, f in enumerate(row_fits) if k != j), default=0.0)
        sure = row_fits[j].exact or (score >= HIGH and score - second >= ORDER_MARGIN)
        if sure and j not in taken:
            accepted[i] = (j, BY_ORDER)
            taken.add(j)


def _neighbours(i: int, by_row: list[tuple[int, tuple[int, str]]],
                targets: tuple[RowTarget, ...]) -> tuple[str | None, str | None]:
    before = [targets[j].name for a, (j, how) in by_row if a < i and how != BY_POSITION]
    after = [targets[j].name for a, (j, how) in by_row if a > i and how != BY_POSITION]
    return (before[-1] if before else None, after[0] if after else None)
