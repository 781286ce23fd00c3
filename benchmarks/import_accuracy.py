"""Benchmark: how exactly the importer reads published reports, per layout.

    .venv/bin/python benchmarks/import_accuracy.py              # 300 reports, every layout
    .venv/bin/python benchmarks/import_accuracy.py -n 30 --no-pdf

Generates N reports with random figures that satisfy every sum relation of the
format (about a fifth with one count off by one), renders each in every layout
the importer claims (see ``layouts.py``; the PDF layouts through LibreOffice,
many files per run), checks every rendered file as a reviewer would
(``giar_xl.check.check_file``) and prints, per layout:

* figures exact: table figures read equal to the generated ones (of all figures);
* false errors: error findings on reports that have no error;
* injected found / located: reports with an injected error that get an error
  finding / one in the injected figure's row or column of its table;
* ms per report: reading and checking one rendered file (rendering not counted).

Nothing here asserts; the README's table is this script's output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from layouts import PDF_LAYOUTS, TEXT_LAYOUTS, to_pdf  # noqa: E402
from synthetic import inject_error, random_report  # noqa: E402

from giar_xl.check import check_file  # noqa: E402
from giar_xl.demo import demo_report  # noqa: E402
from giar_xl.findings import ERROR  # noqa: E402
from giar_xl.model import Report  # noqa: E402

ORGANS = ["东坡镇人民政府", "西岭乡人民政府", "南河街道办事处", "北山县财政局", "青石县自然资源局",
          "白水镇人民政府", "红旗街道办事处", "长宁县市场监督管理局"]
GOAL_EXACT, GOAL_PDF_MS = 99.5, 300


@dataclass
class Case:
    name: str
    report: Report
    injected: str | None  # field id of the count made wrong, if any


@dataclass
class Tally:
    figures: int = 0
    exact: int = 0
    clean: int = 0
    false_errors: int = 0
    unreadable: int = 0
    injected: int = 0
    found: int = 0
    located: int = 0
    ms: list[float] = field(default_factory=list)
    misread: list[str] = field(default_factory=list)


def corpus(n: int, error_rate: float, seed: int) -> list[Case]:
    rng = random.Random(seed)
    base = demo_report()
    cases = []
    for k in range(n):
        report = random_report(rng, base)
        year = rng.randint(2021, 2025)
        new, carried = report["req_new_total"], report["req_carried_in_total"]
        report = report.with_values(
            meta_org=rng.choice(ORGANS), meta_year=year,
            meta_date=dt.date(year + 1, 1, rng.randint(5, 28)),
            nar_request=f"本年度共收到政府信息公开申请 {new} 件，上年结转 {carried} 件，"
                        f"结转下年度 {report['req_carried_out_total']} 件。",
            nar_active=f"本年度主动公开政府信息 {rng.randint(20, 400)} 条。")
        injected = None
        if rng.random() < error_rate:
            report, injected = inject_error(report, rng)
        cases.append(Case(f"r{k:04d}", report, injected))
    return cases


def score(tally: Tally, case: Case, path: Path) -> None:
    start = time.perf_counter()
    result = check_file(path)
    tally.ms.append((time.perf_counter() - start) * 1000)
    spec = case.report.spec
    tables = [f.id for f in spec.report_fields() if f.table]
    read = result.figures or {}
    tally.figures += len(tables)
    for fid in tables:
        if read.get(fid) == case.report[fid]:
            tally.exact += 1
        elif len(tally.misread) < 5:
            tally.misread.append(f"{case.name} {fid}: {read.get(fid)!r} ≠ {case.report[fid]!r}")
    errors = [f for f in result.findings if f.severity == ERROR]
    if result.status == "unreadable":
        tally.unreadable += 1
    if case.injected is None:
        tally.clean += 1
        tally.false_errors += len(errors) + (result.status == "unreadable")
        if errors and len(tally.misread) < 5:
            tally.misread.append(f"{case.name}: {errors[0].rule} {errors[0].message[:60]}")
        return
    tally.injected += 1
    if errors:
        tally.found += 1
    wrong = spec.fields[case.injected]
    if any(f.field and _same_line(spec.fields[f.field], wrong) for f in errors):
        tally.located += 1


def _same_line(f, wrong) -> bool:
    """In the injected figure's row or column of its table."""
    return f.table == wrong.table and (f.row == wrong.row or f.col == wrong.col)


def run_layout(name: str, render, cases: list[Case], folder: Path) -> Tally:
    tally = Tally()
    for case in cases:
        score(tally, case, render(case.report, folder, case.name))
    return tally


def run_pdf_layout(name: str, render, cases: list[Case], folder: Path) -> Tally:
    documents = [render(case.report, folder, case.name) for case in cases]
    pdfs = to_pdf(documents, folder / "pdf")
    tally = Tally()
    for case, pdf in zip(cases, pdfs, strict=True):
        score(tally, case, pdf)
    return tally


def table(results: dict[str, Tally]) -> str:
    rows = ["| 版式 | 数字读对 | 无错报告上的误报错误 | 注入错误查出 / 定位 | 每份（毫秒） |",
            "|---|---:|---:|---:|---:|"]
    for name, t in results.items():
        exact = 100 * t.exact / t.figures if t.figures else 0.0
        ms = statistics.median(t.ms) if t.ms else 0.0
        rows.append(f"| {name} | {exact:.2f} % | {t.false_errors}（{t.clean} 份） | "
                    f"{t.found}/{t.injected} / {t.located}/{t.injected} | {ms:.0f} |")
    return "\n".join(rows)


def below_goal(results: dict[str, Tally]) -> list[str]:
    notes = []
    for name, t in results.items():
        exact = 100 * t.exact / t.figures if t.figures else 0.0
        ms = statistics.median(t.ms) if t.ms else 0.0
        misses = []
        if exact < GOAL_EXACT:
            misses.append(f"figures exact {exact:.2f} % < {GOAL_EXACT} %")
        if t.false_errors:
            misses.append(f"{t.false_errors} false errors")
        if t.found < t.injected or t.located < t.injected:
            misses.append(f"injected found {t.found}/{t.injected}, located {t.located}/{t.injected}")
        if name.startswith("PDF") and ms > GOAL_PDF_MS:
            misses.append(f"{ms:.0f} ms per report > {GOAL_PDF_MS} ms")
        if misses:
            notes.append(f"{name}: " + "; ".join(misses)
                         + "".join(f"\n    e.g. {m}" for m in t.misread[:3]))
    return notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=300, help="reports per layout (default 300)")
    parser.add_argument("--error-rate", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF layouts (LibreOffice)")
    parser.add_argument("--layout", action="append", help="only these layouts (repeatable)")
    args = parser.parse_args()
    cases = corpus(args.n, args.error_rate, args.seed)
    wanted = set(args.layout or [])
    results: dict[str, Tally] = {}
    with tempfile.TemporaryDirectory(prefix="giar-accuracy-") as tmp:
        for name, render in TEXT_LAYOUTS.items():
            if not wanted or name in wanted:
                folder = Path(tmp) / f"t{len(results)}"
                folder.mkdir()
                results[name] = run_layout(name, render, cases, folder)
                print(f"  {name}: done", file=sys.stderr)
        for name, render in ({} if args.no_pdf else PDF_LAYOUTS).items():
            if not wanted or name in wanted:
                folder = Path(tmp) / f"p{len(results)}"
                folder.mkdir()
                results[name] = run_pdf_layout(name, render, cases, folder)
                print(f"  {name}: done", file=sys.stderr)
    injected = sum(1 for c in cases if c.injected)
    print(f"giar-xl import accuracy: {len(cases)} reports per layout, {injected} with one "
          f"injected error, {len(results)} layouts")
    print(table(results))
    notes = below_goal(results)
    print("below goal: " + ("none" if not notes else ""))
    for note in notes:
        print(f"  {note}")


if __name__ == "__main__":
    main()
