"""Output works on a GBK console (Windows' code page 936 when output is redirected)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_giar_xl_strings_are_gbk_safe():
    """Symbols like ✔ or − (U+2212) are not in GBK; √ × △ －  are."""
    sources = [*(ROOT / "giar_xl").rglob("*.py"), *(ROOT / "giar_xl").rglob("*.yaml")]
    missing = {ch for path in sources for ch in path.read_text(encoding="utf-8")
               if ord(ch) > 127 and not ch.encode("gbk", errors="ignore")}
    assert missing == set()


def test_output_to_a_gbk_stream_never_crashes(demo_copy):
    import openpyxl
    wb = openpyxl.load_workbook(demo_copy)
    wb["一、总体情况"]["B6"] = "共收到申请 9 件 🎉，全部办结。"  # quoted in a warning
    wb.save(demo_copy)
    proc = subprocess.run([sys.executable, "-m", "giar_xl", "check", str(demo_copy)],
                          capture_output=True, env={**os.environ, "PYTHONIOENCODING": "gbk"})
    assert proc.returncode == 0, proc.stderr.decode("gbk", errors="replace")
    text = proc.stdout.decode("gbk")
    assert "共收到申请 9 件 ?" in text and "narrative-mismatch" in text
