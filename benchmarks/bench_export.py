"""Benchmark: exporting one report (the demo) to every format.

    .venv/bin/python benchmarks/bench_export.py              # 20 runs per format, 3 for PDF
    .venv/bin/python benchmarks/bench_export.py -n 50 --pdf-runs 0

Prints the median wall time per export (warm: imports done, templates
compiled) and the share spent building the document model.  PDF runs
LibreOffice headless once per export, so it is timed separately with fewer
runs.  Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from giar_xl.demo import demo_report
from giar_xl.export import build_document, export_report

FAST_FORMATS = ("txt", "md", "html", "docx")


def median_ms(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def measure(runs: int, pdf_runs: int) -> dict:
    """Median export times of the demo report (warm), its document model, and a cold start."""
    report = demo_report()
    rows: list[tuple[str, float, int]] = []
    with tempfile.TemporaryDirectory(prefix="giar-bench-export-") as tmp:
        out = Path(tmp)
        cold_start = time.perf_counter()
        export_report(report, out / "cold.docx")  # imports python-docx, loads templates
        cold = (time.perf_counter() - cold_start) * 1000
        for fmt in FAST_FORMATS:
            export_report(report, out / f"warm.{fmt}")
        model = median_ms(lambda: build_document(report), runs)
        for fmt in FAST_FORMATS:
            target = out / f"r.{fmt}"
            rows.append((fmt, median_ms(lambda t=target: export_report(report, t, overwrite=True),
                                         runs), runs))
        if pdf_runs:
            rows.append(("pdf", median_ms(lambda: export_report(report, out / "r.pdf", overwrite=True),
                                         pdf_runs),
                         pdf_runs))
        sizes = {fmt: (out / f"r.{fmt}").stat().st_size for fmt, _ms, _n in rows}
    return {"rows": rows, "model": model, "cold": cold, "sizes": sizes, "runs": runs}


def print_table(result: dict) -> None:
    print("| export of one report | ms (median) | runs | file size |")
    print("|---|---:|---:|---:|")
    print(f"| document model only | {result['model']:.1f} | {result['runs']} | |")
    for fmt, ms, runs in result["rows"]:
        print(f"| {fmt} | {ms:.1f} | {runs} | {result['sizes'][fmt] / 1024:.0f} KB |")
    print()
    print(f"first export in a fresh process (docx, incl. imports): {result['cold']:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=20, help="runs per format (20)")
    parser.add_argument("--pdf-runs", type=int, default=3, help="PDF runs (3; 0 skips PDF)")
    args = parser.parse_args()
    result = measure(args.runs, args.pdf_runs)
    print(f"giar-xl export benchmark: the demo report (北留镇 2025), {os.cpu_count()} CPU(s), "
          f"Python {sys.version.split()[0]}")
    print()
    print_table(result)


if __name__ == "__main__":
    main()
