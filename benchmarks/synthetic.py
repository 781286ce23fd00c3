"""Synthetic but consistent reports, and fast workbook variants for the benchmark.

``random_report`` draws figures that satisfy every sum relation of the format
(so a clean variant passes the checker); ``inject_error`` breaks exactly one
count.  ``WorkbookFactory`` writes one real workbook with the builder and then
produces variants by rewriting cell values in the sheet XML, which is ~100x
faster than building each workbook from scratch and gives the same files.
"""

from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from giar_xl.demo import demo_report
from giar_xl.model import Report
from giar_xl.workbook.build import write_workbook


def random_report(rng: random.Random, base: Report | None = None) -> Report:
    """A report whose tables add up, with figures like a small organ's."""
    base = base or demo_report()
    spec = base.spec
    req = spec.tables["req"]
    values: dict[str, int] = {}
    result_rows = [r for r in req.rows_under("withheld")] + ["open", "partial"] + \
        req.rows_under("unavailable") + req.rows_under("not_handled") + \
        req.rows_under("other_handling")
    weights = [8 if row == "open" else 1 for row in result_rows]  # most requests are granted
    requester_cols = [c.id for c in req.column_leaves() if c.id != "total"]
    for col in requester_cols:
        new, carried = rng.choice([0, 0, 1, 2, 5, 12]), rng.choice([0, 0, 1, 3])
        pending = rng.randint(0, min(2, new + carried))
        left = new + carried - pending
        handled = dict.fromkeys(result_rows, 0)
        for row in rng.choices(result_rows, weights=weights, k=left):
            handled[row] += 1
        values.update({req.field_id("new", col): new, req.field_id("carried_in", col): carried,
                       req.field_id("carried_out", col): pending,
                       req.field_id("results", col): left})
        values.update({req.field_id(r, col): n for r, n in handled.items()})
    for row in [r.id for r in req.row_leaves() if r.role == "report"]:
        values[req.field_id(row, "total")] = sum(values[req.field_id(row, c)]
                                                 for c in requester_cols)
    for rel in (r for r in spec.relations if r.table == "lit"):
        items = {t.field: rng.choice([0, 0, 0, 1, 2]) for t in rel.terms}
        values.update(items)
        values[rel.anchor] = sum(items.values())
    for f in spec.report_fields():
        if f.table in spec.section("active").tables and f.type == "count":
            values[f.id] = rng.randint(0, 150)
    return base.with_values(**values)


def inject_error(report: Report, rng: random.Random) -> tuple[Report, str]:
    """The report with one count of a within-year sum relation off by one; returns its id.

    (Table 二's counts only meet a relation against last year's report.)
    """
    spec = report.spec
    within_year = [rel for rel in spec.relations if rel.severity == "error"
                   and all(spec.fields[fid].role == "report" for fid in rel.fields)]
    related = sorted({fid for rel in within_year for fid in rel.fields})
    fid = rng.choice(related)
    return report.with_values(**{fid: report[fid] + 1}), fid


class WorkbookFactory:
    """Writes workbook variants of one generated template, fast."""

    def __init__(self, workdir: Path):
        self.template = write_workbook(workdir / "template.xlsx", report=demo_report())
        with zipfile.ZipFile(self.template) as z:
            self.parts = {i.filename: z.read(i) for i in z.infolist()}
            self.infos = z.infolist()
        names = self.parts["xl/workbook.xml"].decode()
        rels = self.parts["xl/_rels/workbook.xml.rels"].decode()
        self.sheet_part = {}
        for name, rid in re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', names):
            target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels) or \
                re.search(rf'Target="([^"]+)"[^>]*Id="{rid}"', rels)
            self.sheet_part[name] = "xl/" + target.group(1).lstrip("/").removeprefix("xl/")

    def write(self, report: Report, path: Path) -> Path:
        """``report``'s numbers and organ name in a copy of the template (other texts stay
        the template's)."""
        by_part: dict[str, dict[str, object]] = {}
        for f in report.spec.fields.values():
            if f.is_number and f.role == "report" and f.id != "meta_year":
                by_part.setdefault(self.sheet_part[f.sheet], {})[f.cell] = report[f.id]
        organ = report.spec.fields["meta_org"]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for info in self.infos:
                data = self.parts[info.filename]
                if info.filename in by_part or info.filename == self.sheet_part[organ.sheet]:
                    xml = _set_numbers(data.decode(), by_part.get(info.filename, {}))
                    if info.filename == self.sheet_part[organ.sheet]:
                        xml = _set_text(xml, organ.cell, report.org)
                    data = xml.encode()
                out.writestr(info, data)
        return path


def _set_text(xml: str, ref: str, text: str) -> str:
    return re.sub(rf'(<c r="{ref}"[^>]*t="inlineStr"><is><t>)[^<]*(</t>)',
                  lambda m: m.group(1) + escape(text) + m.group(2), xml, count=1)


def _set_numbers(xml: str, cells: dict[str, object]) -> str:
    def replace(match: re.Match) -> str:
        ref = match.group(1)
        if ref not in cells or cells[ref] is None:
            return match.group(0)
        return f'<c r="{ref}"{match.group(2)}><v>{cells[ref]}</v></c>'
    return re.sub(r'<c r="([A-Z]+[0-9]+)"([^>]*?t="n"[^>]*)><v>[^<]*</v></c>', replace, xml)
