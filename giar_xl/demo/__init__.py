"""The bundled example: the published 2025 report of 北留镇人民政府."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..model import Report, report_from_tables
from ..spec import FormatSpec, load_spec

DEMO_FILE = Path(__file__).with_name("beiliu_2025.yaml")


def demo_report(spec: FormatSpec | None = None) -> Report:
    data = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    return report_from_tables(data, spec or load_spec(), source=str(DEMO_FILE))
