"""The benchmark script keeps working (tiny run, no timing assertions)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_benchmark_runs_and_finds_every_injected_error():
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "-n", "12",
                           "--error-rate", "0.5", "--skip-export"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "python-calamine read" in proc.stdout and "giar-xl check" in proc.stdout
    found, injected = map(int, re.search(r"injected errors found: (\d+)/(\d+)", proc.stdout).groups())
    assert injected > 0 and found == injected
    assert "clean workbooks with errors: 0" in proc.stdout


def test_import_accuracy_benchmark_runs_on_every_text_layout():
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "import_accuracy.py"),
                           "-n", "4", "--error-rate", "0.5", "--no-pdf"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    rows = [line for line in proc.stdout.splitlines() if line.startswith("| ") and "%" in line]
    assert len(rows) == 9  # every layout but the two PDF ones
    assert all("100.00 %" in row for row in rows), proc.stdout
    assert "below goal: none" in proc.stdout


def test_startup_benchmark_runs_every_command():
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "startup.py"), "--runs", "1"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    for command in ("python -c pass", "giar-xl --help", "giar-xl check 年报.xlsx",
                    "giar-xl check 年报.txt"):
        assert command in proc.stdout


def test_county_benchmark_runs_the_roster_summary():
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "county.py"), "-n", "40",
                           "--workers", "1"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "roster of 40 organs" in proc.stdout and "files per second" in proc.stdout
    assert "peak memory, all processes" in proc.stdout


def test_export_benchmark_runs_every_format_more_than_once():
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_export.py"),
                           "-n", "2", "--pdf-runs", "0"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert all(f"| {fmt} |" in proc.stdout for fmt in ("txt", "md", "html", "docx")), proc.stdout
