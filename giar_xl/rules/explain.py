"""Which cell was mistyped: the fewest changes that make every broken sum hold.

The sum relations of the format are linear equations with integer
coefficients.  Given the broken ones, the holding ones and the cells that may
be changed, :func:`explain` looks for the smallest sets of cells (one cell,
else two) whose change makes every broken equation hold while every holding
equation stays true, with each new value valid for its cell (≥ its minimum, a
whole number for counts).  Pure arithmetic: no report, no texts.

Broken equations that share no changeable cell are independent (two mistakes
far apart): each such group is explained on its own, unless two groups can
only be explained together (a figure moved from one cell to another).

``evidence`` gives equations that are not rules — figures a narrative
states — and only decides between explanations of the same size: those
leaving fewest of them broken are kept.  It is called only when needed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

Number = int | Fraction


@dataclass(frozen=True)
class Equation:
    """``sum(coefficient * value) == 0``; ``residual`` is that sum with today's values."""

    key: Hashable
    coefficients: Mapping[str, int]
    residual: Number


@dataclass(frozen=True)
class Cell:
    """A cell that may be changed: its value now (0 for blank) and what it may become
    (not below ``minimum``; at most ``decimals`` decimal places, 0 for counts)."""

    value: Number
    minimum: Number | None = 0
    decimals: int | None = 0

    def allows(self, value: Number) -> bool:
        if self.minimum is not None and value < self.minimum:
            return False
        return self.decimals is None or (value * 10 ** self.decimals).denominator == 1


@dataclass(frozen=True)
class Explanation:
    """New values (field -> value) that resolve a group of broken equations."""

    changes: tuple[tuple[str, Number], ...]

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(fid for fid, _ in self.changes)


@dataclass(frozen=True)
class Diagnosis:
    """One group of broken equations and its smallest explanations (best first)."""

    broken: tuple[Equation, ...]
    explanations: tuple[Explanation, ...]
    evidence: tuple[Equation, ...] = ()  # what decided between explanations, if anything

    @property
    def unique(self) -> Explanation | None:
        return self.explanations[0] if len(self.explanations) == 1 else None


def explain(broken: Sequence[Equation], holding: Sequence[Equation], cells: Mapping[str, Cell],
            evidence: Callable[[], Sequence[Equation]] = tuple) -> list[Diagnosis]:
    """The smallest explanations of ``broken``: one :class:`Diagnosis` per independent
    group, in the order of ``broken`` (a group nothing explains is left out).

    ``cells`` are the cells that may change (field id -> :class:`Cell`); all others
    keep their values.  New values are exact: ``int`` or :class:`~fractions.Fraction`.
    """
    if not broken:
        return []
    solver = _Solver(broken, holding, cells)
    groups = _groups(broken, cells)
    found = [solver.singles(group) for group in groups]
    if len(groups) == 2 and not all(found):
        coupled = solver.pairs(broken, across=groups)
        if coupled:
            return [_decide(tuple(broken), coupled, evidence, cells)]
    found = [single or solver.pairs(group) for single, group in zip(found, groups, strict=True)]
    return [_decide(tuple(group), explanations, evidence, cells)
            for group, explanations in zip(groups, found, strict=True) if explanations]


class _Solver:
    def __init__(self, broken: Sequence[Equation], holding: Sequence[Equation],
                 cells: Mapping[str, Cell]):
        self.cells = cells
        # Only cells of broken equations are ever changed: only theirs are looked up.
        changing = {fid for eq in broken for fid in eq.coefficients if fid in cells}
        self.holding_of: dict[str, list[Equation]] = {}
        for eq in holding:
            for fid in changing.intersection(eq.coefficients):
                self.holding_of.setdefault(fid, []).append(eq)

    def singles(self, group: Sequence[Equation]) -> list[Explanation]:
        """One changed cell: it is in every broken equation and in no holding one, and
        each broken equation asks the same change of it."""
        common = set(group[0].coefficients).intersection(*(eq.coefficients for eq in group[1:]))
        found = []
        for fid in sorted(common):
            cell = self.cells.get(fid)
            if cell is None or fid in self.holding_of:
                continue
            deltas = {Fraction(-eq.residual, eq.coefficients[fid]) for eq in group}
            if len(deltas) == 1:
                value = cell.value + deltas.pop()
                if cell.allows(value):
                    found.append(Explanation(((fid, _plain(value)),)))
        return found

    def pairs(self, group: Sequence[Equation],
              across: Sequence[Sequence[Equation]] | None = None) -> list[Explanation]:
        """Two changed cells whose changes are determined by the equations they are in.

        One of them is in the first broken equation; the other in every broken
        equation the first is not in.  With ``across`` (two groups), one cell
        comes from each group.
        """
        first_pool = _fields(across[0] if across else group[:1], self.cells)
        every = _fields(across[1] if across else group, self.cells)
        found: dict[frozenset[str], Explanation] = {}
        for a in first_pool:
            missed = [eq for eq in group if a not in eq.coefficients]
            partners = every if not missed else \
                set(missed[0].coefficients).intersection(*(eq.coefficients for eq in missed[1:]))
            for b in sorted(partners):
                key = frozenset((a, b))
                if b == a or b not in self.cells or key in found:
                    continue
                explanation = self._solve_pair(a, b, group)
                if explanation is not None:
                    found[key] = explanation
        return sorted(found.values(), key=lambda e: e.fields)

    def _solve_pair(self, a: str, b: str, group: Sequence[Equation]) -> Explanation | None:
        rows = [(eq.coefficients.get(a, 0), eq.coefficients.get(b, 0), -eq.residual)
                for eq in group]
        seen = {id(eq) for eq in group}
        for fid in (a, b):
            for eq in self.holding_of.get(fid, ()):
                if id(eq) not in seen:
                    seen.add(id(eq))
                    rows.append((eq.coefficients.get(a, 0), eq.coefficients.get(b, 0), 0))
        solution = _solve_2x2(rows)
        if solution is None or 0 in solution:
            return None  # no solution, a line of them (undetermined), or really one cell
        changes = []
        for fid, delta in zip((a, b), solution, strict=True):
            cell = self.cells[fid]
            value = cell.value + delta
            if not cell.allows(value):
                return None
            changes.append((fid, _plain(value)))
        return Explanation(tuple(sorted(changes)))


def _solve_2x2(rows: list[tuple[int, int, Number]]) -> tuple[Fraction, Fraction] | None:
    """The one (x, y) with a*x + b*y == c for every row, or None (none, or infinitely many)."""
    for (a1, b1, c1), (a2, b2, c2) in combinations(rows, 2):
        det = a1 * b2 - a2 * b1
        if det:
            x = Fraction(c1 * b2 - c2 * b1, det)
            y = Fraction(a1 * c2 - a2 * c1, det)
            if all(a * x + b * y == c for a, b, c in rows):
                return x, y
            return None
    return None


def _groups(broken: Sequence[Equation], cells: Mapping[str, Cell]) -> list[list[Equation]]:
    """Broken equations linked by a shared changeable cell, in their original order."""
    parent = list(range(len(broken)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, eq in enumerate(broken):
        for fid in eq.coefficients:
            if fid in cells:
                if fid in owner:
                    parent[root(i)] = root(owner[fid])
                else:
                    owner[fid] = i
    groups: dict[int, list[Equation]] = {}
    for i, eq in enumerate(broken):
        groups.setdefault(root(i), []).append(eq)
    return list(groups.values())


def _fields(equations: Iterable[Equation], cells: Mapping[str, Cell]) -> list[str]:
    return sorted({fid for eq in equations for fid in eq.coefficients if fid in cells})


def _decide(broken: tuple[Equation, ...], explanations: list[Explanation],
            evidence: Callable[[], Sequence[Equation]], cells: Mapping[str, Cell]) -> Diagnosis:
    """Keep the explanations that leave fewest ``evidence`` equations broken."""
    if len(explanations) < 2:
        return Diagnosis(broken, tuple(explanations))
    relevant = [eq for eq in evidence()
                if any(fid in eq.coefficients for e in explanations for fid in e.fields)]
    if not relevant:
        return Diagnosis(broken, tuple(explanations))
    after = {e: {eq.key for eq in relevant if _residual_after(eq, e, cells) == 0}
             for e in explanations}
    best = max(len(held) for held in after.values())
    kept = [e for e in explanations if len(after[e]) == best]
    if len(kept) == len(explanations):
        return Diagnosis(broken, tuple(explanations))
    rejected_held = set.intersection(*(after[e] for e in explanations if e not in kept))
    decisive = tuple(eq for eq in relevant if all(eq.key in after[e] for e in kept)
                     and eq.key not in rejected_held)
    return Diagnosis(broken, tuple(kept), decisive)


def _residual_after(eq: Equation, explanation: Explanation, cells: Mapping[str, Cell]) -> Number:
    return eq.residual + sum(eq.coefficients.get(fid, 0) * (value - cells[fid].value)
                             for fid, value in explanation.changes)


def _plain(value: Number) -> Number:
    return int(value) if value == int(value) else value
