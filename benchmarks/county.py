"""Benchmark: a province's year in one run — ``giar-xl summary --roster --html`` on N files.

    .venv/bin/python benchmarks/county.py              # 10,000 files
    .venv/bin/python benchmarks/county.py -n 500 --keep /tmp/county

Generates a synthetic corpus (nothing is committed): N organs on a roster (in 50 regions,
two kinds); about 80 % of them send a workbook, 15 % a published text report (written by
the exporter), the rest nothing; 1 % send a second copy, about 10 % carry one injected
error.  Then runs the real command line once, as a subprocess with its process pool, and
reports wall time, files per second and the peak memory of the whole process tree
(sampled from /proc every 50 ms).  Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import WorkbookFactory, inject_error, random_report  # noqa: E402

from giar_xl.demo import demo_report  # noqa: E402
from giar_xl.export import export_report  # noqa: E402

KINDS = ("乡镇/街道", "县直部门")


def generate(n: int, folder: Path, seed: int) -> tuple[Path, dict[str, int]]:
    """The reports in ``folder / 'reports'`` and the roster ``folder / '名录.csv'``."""
    rng = random.Random(seed)
    reports = folder / "reports"
    reports.mkdir(parents=True)
    factory = WorkbookFactory(folder)
    lines = ["机关名称,所属区域,类别"]
    counts = {"workbooks": 0, "published": 0, "absent": 0, "copies": 0}
    base = demo_report()
    for i in range(n):
        region = f"第{i % 50 + 1:02d}区"
        kind = KINDS[i % 7 == 0]
        name = f"{region}第{i:05d}{'镇人民政府' if kind == KINDS[0] else '局'}"
        lines.append(f"{name},{region},{kind}")
        draw = rng.random()
        if draw > 0.95:
            counts["absent"] += 1
            continue
        report = random_report(rng, base).with_values(meta_org=name)
        if rng.random() < 0.1:
            report, _ = inject_error(report, rng)
        sub = reports / region
        sub.mkdir(exist_ok=True)
        if draw < 0.8:
            factory.write(report, sub / f"{i:05d}.xlsx")
            counts["workbooks"] += 1
        else:
            export_report(report, sub / f"{i:05d}.txt")
            counts["published"] += 1
        if rng.random() < 0.01:
            shutil.copy(next(sub.glob(f"{i:05d}.*")), sub / f"{i:05d}-重发.xlsx"
                        if draw < 0.8 else sub / f"{i:05d}-重发.txt")
            counts["copies"] += 1
    factory.template.unlink()
    roster = folder / "名录.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return roster, counts


class TreeMemory:
    """Peak resident memory of a process and all its descendants, sampled from /proc."""

    def __init__(self, pid: int, every: float = 0.05):
        self.pid, self.every, self.peak = pid, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(_rss(p) for p in _tree(self.pid)))
            time.sleep(self.every)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                    parent = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="organs on the roster (10,000)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--workers", type=int, help="passed to giar-xl summary --workers")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="giar-county-"))
    try:
        start = time.perf_counter()
        roster, counts = generate(args.n, folder, args.seed)
        made = time.perf_counter() - start
        files = sum(1 for p in (folder / "reports").rglob("*") if p.is_file())
        command = [sys.executable, "-m", "giar_xl", "summary", str(folder / "reports"),
                   "--roster", str(roster), "-o", str(folder / "汇总.xlsx"),
                   "--html", str(folder / "汇总.html"), "--overwrite"]
        if args.workers:
            command += ["--workers", str(args.workers)]
        start = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        memory = TreeMemory(proc.pid)
        out, err = proc.communicate()
        wall = time.perf_counter() - start
        peak = memory.stop()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        load = os.getloadavg()[0]
        if proc.returncode not in (0, 1):
            sys.exit(f"giar-xl summary failed ({proc.returncode}):\n{err}")
        sizes = {name: (folder / name).stat().st_size for name in ("汇总.xlsx", "汇总.html")}
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)

    print(f"giar-xl county benchmark: roster of {args.n} organs, {files} files "
          f"({counts['workbooks']} workbooks, {counts['published']} published text reports, "
          f"{counts['copies']} second copies; {counts['absent']} organs sent nothing); "
          f"{os.cpu_count()} CPU(s), Python {sys.version.split()[0]}")
    print()
    print("| step | figure |")
    print("|---|---:|")
    print(f"| generate corpus (setup) | {made:.1f} s |")
    print(f"| `giar-xl summary --roster --html` wall time | {wall:.1f} s |")
    print(f"| files per second | {files / wall:.0f} |")
    print(f"| CPU time, all processes (per file) | {cpu:.1f} s ({cpu / files * 1000:.1f} ms) |")
    print(f"| peak memory, all processes | {peak / 2**20:.0f} MiB |")
    print(f"| summary workbook / HTML report | {sizes['汇总.xlsx'] / 2**20:.1f} MiB / "
          f"{sizes['汇总.html'] / 2**20:.1f} MiB |")
    print()
    print(f"load average at the end: {load:.1f} (other work on the machine slows the wall time)")


if __name__ == "__main__":
    main()
