"""Benchmark: checking N generated workbooks against python-calamine's raw read as the floor.

    .venv/bin/python benchmarks/run.py            # 1,000 workbooks, ~10 % with an error
    .venv/bin/python benchmarks/run.py -n 200 --skip-export

Prints one table (milliseconds per workbook and the ratio to the floor), how
often the mistyped cell itself is named with its right value (rule
sum-suspect) and what that costs, plus export times for one report.  The
floor and the check are timed in turns, and each step's best round counts
(other programs on the machine only ever slow a round down).  Nothing here
asserts a time.
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

from giar_xl.check import check_file, load  # noqa: E402
from giar_xl.rules.context import Context  # noqa: E402
from giar_xl.rules.relations import check_relations  # noqa: E402
from giar_xl.rules.suspects import check_suspects  # noqa: E402


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


def best_of(rounds: int, steps: dict, files: list[Path]) -> dict[str, float]:
    """Milliseconds per file of each step, the best of ``rounds`` rounds taken in turns."""
    best = dict.fromkeys(steps, float("inf"))
    for _ in range(rounds):
        for name, fn in steps.items():
            best[name] = min(best[name], timed(fn, files))
    return best


def generate(n: int, error_rate: float, folder: Path, seed: int
             ) -> tuple[list[Path], dict[str, tuple[str, int]]]:
    """The workbooks, and for those with an injected error: path -> (field, right value)."""
    rng = random.Random(seed)
    factory = WorkbookFactory(folder)
    files, broken = [], {}
    for i in range(n):
        report = random_report(rng)
        path = folder / f"{i:05d}.xlsx"
        if rng.random() < error_rate:
            right = report
            report, fid = inject_error(report, rng)
            broken[str(path)] = (fid, right[fid])
        files.append(factory.write(report, path))
    factory.template.unlink()
    return files, broken


def suspect_cost(files: list[Path]) -> tuple[float, float]:
    """ms of the sum-suspect rule alone, after the relation rule ran (as in a check):
    per workbook, and per workbook with a broken sum."""
    total, broken_time, broken = 0.0, 0.0, 0
    for path in files:
        ctx = Context(load(path).report)
        judged = list(check_relations(ctx))
        spent = min(_once(check_suspects, ctx) for _ in range(3))  # least disturbed of 3
        total += spent
        if judged:
            broken_time, broken = broken_time + spent, broken + 1
    return total / len(files) * 1000, broken_time / max(broken, 1) * 1000


def _once(rule, ctx: Context) -> float:
    start = time.perf_counter()
    list(rule(ctx))
    return time.perf_counter() - start


def named_share(data: dict, broken: dict[str, tuple[str, int]]) -> dict[str, list[int]]:
    """Per table of the injected error: [named with its value, candidates listed, injected]."""
    findings = {f["path"]: f["findings"] for f in data["files"]}
    tally: dict[str, list[int]] = {}
    for path, (fid, right) in broken.items():
        counts = tally.setdefault(fid.split("_")[0], [0, 0, 0])
        suspects = [f for f in findings[path] if f["rule"] == "sum-suspect"]
        counts[0] += [(f["field"], f["expected"]) for f in suspects] == [(fid, right)]
        counts[1] += any(f["rule"] == "sum-candidates" for f in findings[path])
        counts[2] += 1
    return tally


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
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds, best counts (3)")
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
        best = best_of(args.rounds, {"floor": calamine_read, "check": check_file}, files)
        floor, checked = best["floor"], best["check"]
        wall, data = cli_batch(folder)
        locate_all, locate_broken = suspect_cost(files)

    statuses = {f["path"]: f["status"] for f in data["files"]}
    found = {p for p, s in statuses.items() if s in ("errors", "unreadable")}
    print(f"giar-xl benchmark: {args.n} workbooks, {len(broken)} with one injected error, "
          f"{os.cpu_count()} CPU(s), Python {sys.version.split()[0]}, best of {args.rounds} rounds")
    print()
    print("| step | ms per workbook | × floor |")
    print("|---|---:|---:|")
    print(f"| generate variant (setup) | {made:.2f} | |")
    print(f"| python-calamine read, all sheets (floor) | {floor:.2f} | 1.00 |")
    print(f"| giar-xl check, in-process, one core | {checked:.2f} | {checked / floor:.2f} |")
    print(f"| `giar-xl check DIR --json` wall time incl. start-up and process pool | "
          f"{wall * 1000 / args.n:.2f} | {wall * 1000 / args.n / floor:.2f} |")
    print()
    print(f"injected errors found: {len(found & set(broken))}/{len(broken)}; "
          f"clean workbooks with errors: {len(found - set(broken))} "
          f"(warnings are expected: the variants keep the demo's narrative)")
    tally = named_share(data, broken)
    named = sum(c[0] for c in tally.values())
    print(f"mistyped cell named with its right value (sum-suspect): {named}/{len(broken)} "
          f"({named / max(len(broken), 1):.1%}); by table: " + ", ".join(
              f"{table} {n}/{total} (candidates listed {listed})"
              for table, (n, listed, total) in sorted(tally.items())))
    print(f"sum-suspect rule: {locate_all:.3f} ms per workbook, "
          f"{locate_broken:.3f} ms per workbook with a broken sum")
    if not args.skip_export:
        print()
        bench_export.print_table(bench_export.measure(runs=10, pdf_runs=3))


if __name__ == "__main__":
    main()
