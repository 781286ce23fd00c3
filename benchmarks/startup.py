"""How long a clerk waits for ``giar-xl`` to start: wall time of whole commands, in one run.

Measures, interleaved so that a busy machine slows all alike:

* ``python -c pass`` — the floor: starting the interpreter;
* ``giar-xl --help``;
* ``giar-xl check`` of one workbook (the demo report);
* ``giar-xl check`` of one published report (.txt: loads the importer too).

Each command runs ``--runs`` times (default 30) after one warm-up round (which also fills
the format cache, as the first run on a clerk's computer does, and writes the modules'
bytecode, as ``pip install`` does — so ``PYTHONDONTWRITEBYTECODE`` is dropped for these
runs); the table gives the median and the fastest run in milliseconds, and the median CPU
time (user + system) of the process.  Run from the repository root:

    .venv/bin/python benchmarks/startup.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from giar_xl.demo import demo_report
from giar_xl.export import export_report
from giar_xl.workbook.build import write_workbook


def giar_xl_script() -> str:
    """The installed console script (what a clerk runs), beside this interpreter."""
    folder = Path(sys.executable).parent
    for name in ("giar-xl", "giar-xl.exe"):
        if (folder / name).exists():
            return str(folder / name)
    raise SystemExit("giar-xl is not installed in this environment (pip install -e .)")


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def child_cpu_s() -> float:
    """User + system time of finished child processes so far (0 where not available)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_ms(cmd: list[str]) -> tuple[float, float]:
    """(wall, CPU) milliseconds of one run of ``cmd``."""
    cpu = child_cpu_s()
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {done.returncode}")
    return elapsed, (child_cpu_s() - cpu) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    script = giar_xl_script()
    with tempfile.TemporaryDirectory() as tmp:
        report = demo_report()
        workbook = write_workbook(Path(tmp) / "年报.xlsx", report.spec, report)
        published = export_report(report, Path(tmp) / "年报.txt")
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "giar-xl --help": [script, "--help"],
            "giar-xl check 年报.xlsx": [script, "check", str(workbook)],
            "giar-xl check 年报.txt": [script, "check", str(published)],
        }
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for cmd in commands.values():  # warm-up: page cache, .pyc files, format cache
            run_ms(cmd)
        for _ in range(args.runs):
            for name, cmd in commands.items():
                times[name].append(run_ms(cmd))
    floor = statistics.median(wall for wall, _cpu in times["python -c pass"])
    print(f"{'command':<28}{'median ms':>10}{'fastest ms':>12}{'over python':>13}"
          f"{'CPU ms':>9}")
    for name, runs in times.items():
        walls = [wall for wall, _cpu in runs]
        median = statistics.median(walls)
        cpu = statistics.median(cpu for _wall, cpu in runs)
        print(f"{name:<28}{median:>10.0f}{min(walls):>12.0f}{median - floor:>13.0f}{cpu:>9.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
