"""Last year's report -> this year's starting values (上年结转, 上年现行有效件数).

Which field comes from which is format data (``previous_of`` / ``prefill_from``
in the format definition); this module only applies it.
"""

from __future__ import annotations

from decimal import Decimal

from .model import Report, Value
from .spec import FormatSpec


def carried_values(spec: FormatSpec, last: Report) -> dict[str, Value]:
    """Values a new workbook takes from last year's report (valid numbers only)."""
    values: dict[str, Value] = {}
    for f in spec.fields.values():
        source = f.previous_of or f.prefill_from
        if source is None:
            continue
        value = last[source]
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool) and value >= 0:
            values[f.id] = value
    return values


def uncarried_sources(spec: FormatSpec, last: Report) -> list[str]:
    """Last year's fields a new workbook should take but cannot: blank, text or invalid
    (each source once, in the format's order)."""
    wanted = dict.fromkeys(f.previous_of or f.prefill_from for f in spec.fields.values()
                           if f.previous_of or f.prefill_from)
    carried = carried_values(spec, last)
    taken = {f.previous_of or f.prefill_from for fid, f in spec.fields.items() if fid in carried}
    return [source for source in wanted if source not in taken]


def previous_figures(spec: FormatSpec, last: Report) -> dict[str, Value]:
    """Only the reference fields (role ``previous``), for the cross-year checks."""
    return {fid: v for fid, v in carried_values(spec, last).items()
            if spec.fields[fid].role == "previous"}
