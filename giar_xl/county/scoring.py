"""An organ's score: full marks less the deductions listed in ``score.yaml``.

The weights are data (``giar_xl/county/score.yaml``); this module only applies them.  A
finding counts under the first item that claims it: the items that name rule codes first,
then sum-relation errors, then any other error or warning.  Accepted warnings count for
nothing, nor do findings about what the reviewer supplied rather than about the report
(``not_scored``: no report of last year's in the ``--previous`` folder).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from ..findings import ERROR, WARNING, Finding
from ..spec import FormatSpec

WEIGHTS = Path(__file__).with_name("score.yaml")
WHEN = ("missing", "unreadable", "duplicate", "rules", "relations", "errors", "warnings")


@dataclass(frozen=True)
class ScoreItem:
    id: str
    label: str
    points: Decimal
    when: str
    each: bool = False
    cap: Decimal | None = None
    rules: tuple[str, ...] = ()

    @property
    def rule_text(self) -> str:
        """The item as a sentence: 「每个合计或勾稽关系错误 扣 3 分，最多扣 30 分」."""
        text = f"{self.label} 扣 {_show(self.points)} 分"
        return text + (f"，最多扣 {_show(self.cap)} 分" if self.cap is not None else "")


@dataclass(frozen=True)
class ScoreWeights:
    full: Decimal
    minimum: Decimal
    items: tuple[ScoreItem, ...]
    not_scored: frozenset[str] = frozenset()  # rule codes about the reviewer's inputs


@dataclass(frozen=True)
class Deduction:
    item: ScoreItem
    points: Decimal
    count: int = 1  # findings behind it (for items counted ``each``)


@dataclass(frozen=True)
class Score:
    points: Decimal
    deductions: tuple[Deduction, ...]

    @property
    def text(self) -> str:
        return _show(self.points)


def _show(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


@functools.lru_cache(maxsize=4)
def load_weights(path: str | Path = WEIGHTS) -> ScoreWeights:
    """The weights in ``path``; ValueError names what is wrong in the file."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    items = []
    for raw in data["items"]:
        if raw.get("when") not in WHEN:
            raise ValueError(f"{path}: item {raw.get('id')}: when must be one of {WHEN}")
        if (raw["when"] == "rules") != bool(raw.get("rules")):
            raise ValueError(f"{path}: item {raw['id']}: rules go with when: rules")
        cap = raw.get("cap")
        items.append(ScoreItem(raw["id"], raw["label"], Decimal(str(raw["points"])), raw["when"],
                               bool(raw.get("each", False)),
                               None if cap is None else Decimal(str(cap)),
                               tuple(raw.get("rules", ()))))
    if len({i.id for i in items}) != len(items):
        raise ValueError(f"{path}: item ids must be unique")
    return ScoreWeights(Decimal(str(data["full"])), Decimal(str(data.get("minimum", 0))),
                        tuple(items), frozenset(data.get("not_scored", ())))


def score(findings: Sequence[Finding], spec: FormatSpec, *, missing: bool = False,
          unreadable: bool = False, duplicate: bool = False,
          weights: ScoreWeights | None = None) -> Score:
    """The score of one organ from its counted report's ``findings`` and its state."""
    weights = weights or load_weights()
    relation_rules = {rel.rule for rel in spec.relations}
    claimed = {code for item in weights.items for code in item.rules}
    live = [f for f in findings if not f.accepted and f.rule not in weights.not_scored]
    state = {"missing": missing, "unreadable": unreadable, "duplicate": duplicate}
    deductions = []
    for item in weights.items:
        if item.when in state:
            hits = 1 if state[item.when] else 0
        elif missing or unreadable:
            hits = 0  # nothing of the report to judge
        elif item.when == "rules":
            hits = sum(1 for f in live if f.rule in item.rules)
        elif item.when == "relations":
            hits = sum(1 for f in live if f.severity == ERROR and f.rule in relation_rules)
        elif item.when == "errors":
            hits = sum(1 for f in live if f.severity == ERROR
                       and f.rule not in claimed and f.rule not in relation_rules)
        else:
            hits = sum(1 for f in live if f.severity == WARNING and f.rule not in claimed)
        if not hits:
            continue
        points = item.points * (hits if item.each else 1)
        if item.cap is not None:
            points = min(points, item.cap)
        deductions.append(Deduction(item, points, hits))
    total = weights.full - sum((d.points for d in deductions), Decimal(0))
    return Score(max(weights.minimum, total), tuple(deductions))
