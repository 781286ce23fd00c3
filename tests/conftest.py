"""Shared fixtures: the format, the demo report, generated workbooks, LibreOffice."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

from giar_xl.demo import demo_report  # noqa: E402
from giar_xl.office import find_soffice  # noqa: E402
from giar_xl.spec import load_spec  # noqa: E402
from giar_xl.workbook.build import write_workbook  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
FIELD_CASES = SHARED / "field-cases"
BEILIU_SEED = SEEDS / "002_c0a04f4902559271.txt"  # 北留镇 2025, clean
BEISHE_SEED = SEEDS / "000_2e63e58ecbcafdd5.txt"  # 北社乡 2025, damaged by PDF extraction
# benchmarks/layouts.py renders a report in every layout the importer reads; tests use it too
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


def _missing(marker: str) -> str | None:
    """Why a test marked ``marker`` cannot run here, or None."""
    if marker == "libreoffice":
        return None if find_soffice() else "LibreOffice (soffice) is not installed"
    folder = {"seeds": SEEDS, "field_cases": FIELD_CASES}.get(marker)
    if folder is None or folder.is_dir():
        return None
    return f"needs {folder} (real reports kept beside the repository, not in a clone)"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Tests needing LibreOffice or ../shared skip where it is missing -- but fail on CI.

    Checked per test (not at collection) so that under pytest-xdist a missing folder is a
    failure with this message rather than an INTERNALERROR in a worker.
    """
    for marker in ("libreoffice", "seeds", "field_cases"):
        if item.get_closest_marker(marker) is None:
            continue
        reason = _missing(marker)
        if reason and os.environ.get("CI"):
            pytest.fail(f"CI requires it: {reason}", pytrace=False)
        if reason:
            pytest.skip(reason)


def seed_text(path: Path) -> str:
    """A seed report's text; "" where the seeds are absent (its tests are marked ``seeds``)."""
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def last_years_texts(report) -> dict:
    """The report's narratives as a different (2024) report would word them: no sentence alike."""
    return {f.id: re.sub(r"(?=[。；\n])|$", "（2024 年）", str(report[f.id]))
            for f in report.spec.fields.values() if f.type == "text" and f.long and report[f.id]}


@pytest.fixture(scope="session")
def spec():
    return load_spec()


@pytest.fixture(scope="session")
def demo():
    return demo_report()


@pytest.fixture(scope="session")
def published(demo):
    """The demo report as published: with a preface and the date of its 落款."""
    return demo.with_values(meta_date=dt.date(2026, 1, 12),
                            nar_preface="根据《中华人民共和国政府信息公开条例》规定，现公布本报告。")


@pytest.fixture(scope="session")
def demo_xlsx(tmp_path_factory, demo) -> Path:
    """The demo report as a generated workbook (session-wide, read-only)."""
    return write_workbook(tmp_path_factory.mktemp("demo") / "demo.xlsx", report=demo)


@pytest.fixture
def demo_copy(demo_xlsx, tmp_path) -> Path:
    """A private copy of the demo workbook that a test may damage."""
    return Path(shutil.copy(demo_xlsx, tmp_path / "copy.xlsx"))
