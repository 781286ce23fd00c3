"""The checks of a report: pure functions from a report model to findings.

No rule touches a file, openpyxl or xlwings.  Each rule is a function
``(Context) -> Iterable[Finding]``; :data:`RULES` lists them in the order
their findings are reported.  Codes and severities live in
:mod:`giar_xl.rules.catalog` (and, for the sum relations, in the format).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..findings import Finding
from ..model import Report
from . import completeness, crossyear, narrative, plausibility, relations, suspects, values
from .context import Context

Rule = Callable[[Context], Iterable[Finding]]

RULES: tuple[Rule, ...] = (
    values.check_types,
    completeness.check_blanks,
    relations.check_relations,
    suspects.check_suspects,
    completeness.check_placeholders,
    narrative.check_narrative_figures,
    narrative.check_narrative_year,
    plausibility.check_fee_statement,
    plausibility.check_pending_explained,
    plausibility.check_withheld_explained,
    plausibility.check_organ_kind,
    plausibility.check_narrative_organ,
    plausibility.check_publication_date,
    crossyear.check_previous_identity,
    crossyear.check_copied_tables,
    crossyear.check_copied_texts,
)


def check_report(report: Report, previous: Report | None = None) -> list[Finding]:
    """Every finding for ``report`` (and against last year's ``previous``)."""
    ctx = Context(crossyear.with_previous(report, previous), previous)
    return [finding for rule in RULES for finding in rule(ctx)]


__all__ = ["RULES", "check_report"]
