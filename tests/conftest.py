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

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
FIELD_CASES = SEEDS.parent / "field-cases"
# benchmarks/layouts.py renders a report in every layout the importer reads; tests use it too
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


def pytest_collection_modifyitems(config, items):
    """Real-client tests skip where LibreOffice is missing — but never on CI."""
    for folder in (SEEDS, FIELD_CASES):
        if os.environ.get("CI") and not folder.is_dir():
            raise pytest.UsageError(f"CI must have the shared inputs at {folder}")
    if find_soffice() is not None:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError("CI must have LibreOffice (run scripts/bootstrap.sh)")
    skip = pytest.mark.skip(reason="LibreOffice (soffice) is not installed")
    for item in items:
        if "libreoffice" in item.keywords:
            item.add_marker(skip)


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
