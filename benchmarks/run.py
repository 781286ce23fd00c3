"""Benchmark: checking N generated workbooks against python-calamine's raw read as the floor.

    .venv/bin/python benchmarks/run.py            # 1,000 workbooks, ~10 % with an error
    .venv/bin/python benchmarks/run.py -n 200 --skip-export

Prints one table (milliseconds per workbook and the ratio to the floor), plus
export times for one report.  Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import python_calamine

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_export  # noqa: E402
from synthetic import WorkbookFactory, inject_error, random_report  # noqa: E402

from giar_xl.check import check_file  # noqa: E402


def calamine_read(path: Path) -> None:
    """The floor: open the workbook and read every sheet's values, nothing else."""
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()


def timed(fn, files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        fn(path)
    return (time.perf_counter() - start) / len(files) * 1000


def generate(n: int, error_rate: float, folder: Path, seed: int) -> tuple[list[Path], set[str]]:
    rng = random.Random(seed)
    factory = WorkbookFactory(folder)
    files, broken = [], set()
    for i in range(n):
        report = random_report(rng)
        path = folder / f"{i:05d}.xlsx"
        if rng.random() < error_rate:
            report, _fid = inject_error(report, rng)
            broken.add(str(path))
        files.append(factory.write(report, path))
    factory.template.unlink()
    return files, broken


def cli_batch(folder: Path) -> tuple[float, dict]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "giar_xl", "check", str(folder), "--json"],
                          capture_output=True, text=True)
    return time.perf_counter() - start, json.loads(proc.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="workbooks to generate (1000)")
    parser.add_argument("--error-rate", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--skip-export", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="giar-bench-") as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        start = time.perf_counter()
        files, broken = generate(args.n, args.error_rate, folder, args.seed)
        made = (time.perf_counter() - start) / args.n * 1000

        check_file(files[0])  # imports and caches warm, as in a long batch
        calamine_read(files[0])
        floor = timed(calamine_read, files)
        checked = timed(check_file, files)
        wall, data = cli_batch(folder)

    statuses = {f["path"]: f["status"] for f in data["files"]}
    found = {p for p, s in statuses.items() if s in ("errors", "unreadable")}
    print(f"giar-xl benchmark: {args.n} workbooks, {len(broken)} with one injected error, "
          f"{os.cpu_count()} CPU(s), Python {sys.version.split()[0]}")
    print()
    print("| step | ms per workbook | × floor |")
    print("|---|---:|---:|")
    print(f"| generate variant (setup) | {made:.2f} | |")
    print(f"| python-calamine read, all sheets (floor) | {floor:.2f} | 1.00 |")
    print(f"| giar-xl check, in-process, one core | {checked:.2f} | {checked / floor:.2f} |")
    print(f"| `giar-xl check DIR --json` wall time incl. start-up and process pool | "
          f"{wall * 1000 / args.n:.2f} | {wall * 1000 / args.n / floor:.2f} |")
    print()
    print(f"injected errors found: {len(found & broken)}/{len(broken)}; "
          f"clean workbooks with errors: {len(found - broken)} "
          f"(warnings are expected: the variants keep the demo's narrative)")
    if not args.skip_export:
        print()
        bench_export.print_table(bench_export.measure(runs=10, pdf_runs=3))


if __name__ == "__main__":
    main()
