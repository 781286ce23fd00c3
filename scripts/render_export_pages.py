"""Regenerate the README's pictures of the Word export (docs/export-page-1.png, -table-3.png).

Exports the demo report to PDF (python-docx + LibreOffice), then renders the
first page and the page where table 三 begins with pdftoppm at 70 dpi, in
grey (small files).  Run from the repository root:

    .venv/bin/python scripts/render_export_pages.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from giar_xl.demo import demo_report
from giar_xl.export import export_report

DOCS = Path(__file__).resolve().parents[1] / "docs"
DPI = 70


def page_with(pdf: Path, text: str) -> int:
    """The first page (1-based) whose text contains ``text``."""
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    return next(i for i, page in enumerate(pages, start=1) if text in "".join(page.split()))


def render(pdf: Path, page: int, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        stem = Path(tmp) / "page"
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-singlefile",
                        "-f", str(page), "-l", str(page), str(pdf), str(stem)], check=True)
        shutil.copyfile(stem.with_suffix(".png"), target)


def main() -> int:
    report = demo_report()
    table_3 = report.spec.tables["req"].columns[0].label  # 「申请人情况」 heads table 三
    with tempfile.TemporaryDirectory() as tmp:
        pdf = export_report(report, Path(tmp) / "demo.pdf")
        DOCS.mkdir(exist_ok=True)
        render(pdf, 1, DOCS / "export-page-1.png")
        render(pdf, page_with(pdf, table_3), DOCS / "export-table-3.png")
    print(f"wrote {DOCS / 'export-page-1.png'} and {DOCS / 'export-table-3.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
