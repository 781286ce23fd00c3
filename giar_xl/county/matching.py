"""Which roster organ each report belongs to — or, when that is not certain, that it is not.

Every pair of a report's organ name and a roster entry scores by the best form they share
(:func:`.names.name_forms`): the lower of the two ranks, then the length of the shared
form.  A report goes to the one entry with the best score; when two or more entries tie
it is *ambiguous*, when none shares a form it is *unmatched*.  Both are listed for the
reviewer, never resolved by guessing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from ..organ_names import EXACT, name_forms, name_key
from .roster import Roster

MATCHED, AMBIGUOUS, UNMATCHED, UNNAMED = "matched", "ambiguous", "unmatched", "unnamed"
MIN_FILE_NAME_FORM = 3  # shorter forms (「某局」) occur in too many file names by chance


@dataclass(frozen=True)
class NameMatch:
    """Where one report's organ name led: ``entry`` (index into the roster) when matched."""

    status: str  # matched | ambiguous | unmatched | unnamed (the report names no organ)
    entry: int | None = None
    candidates: tuple[int, ...] = ()  # the tied entries of an ambiguous name
    exact: bool = False  # the name is the roster's, up to width, spacing and 繁简
    by_file_name: bool = False  # placed by its file's name (the report itself names no organ)


class RosterIndex:
    """The roster's name forms, for matching many reports quickly."""

    def __init__(self, roster: Roster):
        self.roster = roster
        self._by_form: dict[str, list[tuple[int, int]]] = {}
        for i, entry in enumerate(roster.entries):
            for form, rank in name_forms(entry.name, entry.region).items():
                self._by_form.setdefault(form, []).append((i, rank))

    def match(self, organ: str) -> NameMatch:
        if not organ.strip():
            return NameMatch(UNNAMED)
        best: dict[int, tuple[int, int]] = {}
        for form, rank in name_forms(organ).items():
            for entry, entry_rank in self._by_form.get(form, ()):
                score = (min(rank, entry_rank), len(form))
                best[entry] = max(best.get(entry, score), score)
        if not best:
            return NameMatch(UNMATCHED)
        top, winners = _winners(best)
        if len(winners) > 1:
            return NameMatch(AMBIGUOUS, candidates=winners)
        return NameMatch(MATCHED, winners[0], exact=top[0] == EXACT)

    def match_file_name(self, path: str) -> NameMatch:
        """The roster organ a file's *name* names (「固隆乡2025年报（扫描件）.pdf」), for a file
        that cannot be read to name one itself: the entries with a name form inside the file
        name, best ranked and longest first; ties and no form at all are not guessed."""
        stem = name_key(PurePath(path).stem)
        best: dict[int, tuple[int, int]] = {}
        for form, entries in self._by_form.items():
            if len(form) >= MIN_FILE_NAME_FORM and form in stem:
                for entry, rank in entries:
                    score = (rank, len(form))
                    best[entry] = max(best.get(entry, score), score)
        winners = _winners(best)[1] if best else ()
        if len(winners) != 1:
            return NameMatch(UNNAMED)
        return NameMatch(MATCHED, winners[0], by_file_name=True)


def _winners(best: dict[int, tuple[int, int]]) -> tuple[tuple[int, int], tuple[int, ...]]:
    """The top score and the entries that have it."""
    top = max(best.values())
    return top, tuple(sorted(e for e, s in best.items() if s == top))


def match_names(roster: Roster, organs: Sequence[str],
                paths: Sequence[str] = ()) -> list[NameMatch]:
    """One :class:`NameMatch` per organ name, in order; with ``paths`` (one per name), a
    report that names no organ is placed by its file's name when that names one organ."""
    index = RosterIndex(roster)
    cache: dict[str, NameMatch] = {}
    for organ in organs:
        if organ not in cache:
            cache[organ] = index.match(organ)
    matches = [cache[o] for o in organs]
    for i, path in enumerate(paths):
        if matches[i].status == UNNAMED:
            matches[i] = index.match_file_name(path)
    return matches
