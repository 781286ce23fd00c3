"""The parity corpus: workbooks and published reports that the browser runtime and
``giar-xl check`` must judge alike.

* generated workbooks (benchmarks/synthetic.py), a third with an injected error;
* the same kind of reports published as .txt, .md, .html and .docx, some with errors;
* the practice workbook (typical mistakes) and damaged copies of the demo: odd cell
  values (text, error values, negatives, fractions, booleans, dates, blanks), a renamed
  sheet, a broken defined name, an edited label;
* the field cases and seed reports of ../shared when they are there;
* one pair of last year's and this year's report for the cross-year rules.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
from pathlib import Path

import openpyxl
from xlsx_helpers import patch_xlsx, set_cell_xml, sheet_part

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import WorkbookFactory, inject_error, random_report  # noqa: E402

from giar_xl.demo import demo_report, demo_with_mistakes  # noqa: E402
from giar_xl.export import export_report  # noqa: E402
from giar_xl.workbook.build import write_workbook  # noqa: E402

PUBLISHED_FORMATS = ("txt", "md", "html", "docx")
CELL_VARIANTS = [  # (sheet, cell, the cell's XML as another program might save it)
    ("三、依申请公开", "D7", '<c r="D7" t="inlineStr"><is><t>两件</t></is></c>'),
    ("三、依申请公开", "D7", '<c r="D7" t="e"><v>#REF!</v></c>'),
    ("三、依申请公开", "D7", '<c r="D7"><f>#REF!+1</f><v>#REF!</v></c>'),
    ("三、依申请公开", "E12", '<c r="E12" t="e"><f>1/0</f><v>#DIV/0!</v></c>'),
    ("三、依申请公开", "D7", '<c r="D7"><v>-3</v></c>'),
    ("三、依申请公开", "D7", '<c r="D7"><v>2.5</v></c>'),
    ("三、依申请公开", "D7", '<c r="D7" t="b"><v>1</v></c>'),
    ("三、依申请公开", "D7", '<c r="D7" t="inlineStr"><is><t>   </t></is></c>'),
    ("三、依申请公开", "E12", '<c r="E12"/>'),
    ("三、依申请公开", "D7", '<c r="D7" t="inlineStr"><is><t>2_x000D_</t></is></c>'),
    ("四、复议诉讼", "B7", '<c r="B7" t="inlineStr"><is><r><t>1</t></r><r><t>2</t></r></is></c>'),
]


def build_corpus(folder: Path, workbooks: int = 18, seed: int = 15) -> list[Path]:
    """Write the corpus into ``folder``; returns the files (last year's report excluded)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    factory = WorkbookFactory(folder)
    files: list[Path] = []
    for i in range(workbooks):
        report = random_report(rng)
        if i % 3 == 0:
            report, _ = inject_error(report, rng)
        files.append(factory.write(report, folder / f"synthetic_{i:02d}.xlsx"))
        if i < 3 * len(PUBLISHED_FORMATS):
            fmt = PUBLISHED_FORMATS[i % len(PUBLISHED_FORMATS)]
            files.append(export_report(report, folder / f"published_{i:02d}.{fmt}"))
    factory.template.unlink()
    demo = write_workbook(folder / "demo.xlsx", report=demo_report())
    files.append(demo)
    files.append(write_workbook(folder / "practice.xlsx", report=demo_with_mistakes()))
    files += _damaged(demo, folder)
    files += _shared(folder)
    return files


def _damaged(demo: Path, folder: Path) -> list[Path]:
    files = []
    for i, (sheet, ref, xml) in enumerate(CELL_VARIANTS):
        part = sheet_part(demo, sheet)
        files.append(patch_xlsx(demo, folder / f"cell_{i:02d}.xlsx",
                                {part: lambda text, ref=ref, xml=xml: set_cell_xml(text, ref, xml)}))
    old, new = "三、依申请公开", "依申请"
    files.append(patch_xlsx(demo, folder / "renamed_sheet.xlsx", {
        "xl/workbook.xml": lambda xml: xml.replace(f'name="{old}"', f'name="{new}"')
                                          .replace(f"'{old}'!", f"'{new}'!")}))
    files.append(patch_xlsx(demo, folder / "broken_name.xlsx", {
        "xl/workbook.xml": lambda xml: xml.replace("'三、依申请公开'!$D$7</definedName>",
                                                   "#REF!</definedName>")}))
    edited = folder / "edited_label.xlsx"
    wb = openpyxl.load_workbook(demo)
    wb["三、依申请公开"]["A7"] = "一、本年新收申请"
    wb["封面"]["B5"] = dt.datetime(2026, 1, 20)  # a date cell where a date belongs …
    wb["封面"]["B6"] = dt.datetime(2026, 1, 21)  # … and where text does
    wb.save(edited)
    files.append(edited)
    return files


def _shared(folder: Path) -> list[Path]:
    files = []
    for sub in ("field-cases", "seeds"):
        source = SHARED / sub
        if source.is_dir():
            for path in sorted(source.iterdir()):
                if path.suffix in (".txt", ".md", ".html", ".docx"):
                    files.append(Path(shutil.copy(path, folder / f"{sub}_{path.name}")))
    return files


def previous_pair(folder: Path) -> tuple[Path, Path]:
    """Last year's workbook and this year's, whose 上年结转 disagrees with it."""
    folder.mkdir(parents=True, exist_ok=True)
    this_year = demo_report()
    last_year = this_year.with_values(meta_year=2024, req_carried_out_total=3)
    return (write_workbook(folder / "last_year.xlsx", report=last_year),
            write_workbook(folder / "this_year.xlsx", report=this_year))
