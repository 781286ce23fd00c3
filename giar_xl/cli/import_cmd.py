"""``giar-xl import``: a published report (.pdf/.docx/.doc/.html/.mht/.txt …) -> a giar-xl workbook."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import InputError
from .chinese import ChineseCommand
from .outputs import overwrite_option, xlsx_name
from .terminal import command_arg, say

WORKBOOKS = (".xlsx", ".xlsm")  # read by check; import takes them only when not giar-xl's

if TYPE_CHECKING:
    from ..findings import Finding


@click.command("import", cls=ChineseCommand)
@click.argument("report", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="要生成的工作簿，如 2025年报.xlsx。")
@overwrite_option(force_alias=True)
def import_command(report: Path, output: Path, overwrite: bool, force_overwrite: bool) -> None:
    """把已发布的年度报告（.pdf、.docx、.doc、.wps、.odt、.rtf、.html、.mht、.txt、.md 等）导入为填报工作簿。

    按规定格式识别标题（机关、年度）、各部分文字和三张统计表；读不出的数字留空，
    并逐条说明位置和原因（空白不等于 0，请按原报告补全后再校验）。

    退出码：0 = 全部读出，1 = 有读不出的内容，2 = 文件无法使用。

    \b
    示例：
      giar-xl import 北留镇2025年报.txt -o 2025年报.xlsx
      giar-xl import 年报.docx -o 2025年报.xlsx --overwrite
    """
    from ..check import REFUSED
    from ..fileio import OutputPlan
    from ..findings import ERROR, sorted_findings
    from ..importer import IMPORTERS, import_report
    from ..spec import load_spec
    from ..workbook.build import write_workbook

    if report.suffix.lower() in REFUSED:  # an archive or a picture: say why, as check does
        raise InputError(REFUSED[report.suffix.lower()].format(suffix=report.suffix.lower()),
                         str(report))
    if report.suffix.lower() not in IMPORTERS and report.suffix.lower() not in WORKBOOKS:
        known = "、".join(sorted([*IMPORTERS, *WORKBOOKS]))
        raise InputError(f"不支持导入「{report.suffix or '无扩展名'}」文件（支持 {known}）。",
                         str(report))
    plan = OutputPlan([report], overwrite or force_overwrite)
    output = plan.claim(xlsx_name(output))
    spec = load_spec()
    if report.suffix.lower() in WORKBOOKS:
        result = _import_workbook(report, spec)
    else:
        result = import_report(report, spec)
    write_workbook(output, spec, result.report, overwrite=plan.overwrite)
    imported = result.report
    numbers = sum(1 for f in spec.report_fields()
                  if f.table and imported[f.id] is not None)
    total = sum(1 for f in spec.report_fields() if f.table)
    who = f"{imported.org or '（机关名称未识别）'} {imported.year or '（年度未识别）'} 年报"
    say(f"已导入 {who}：读出 {numbers}/{total} 个统计数字，写入 {output}")
    findings = sorted_findings(result.findings, [s.name for s in spec.sheets])
    for finding in findings:
        say(_line(finding))
    errors = sum(1 for f in findings if f.severity == ERROR)
    if findings:
        say(f"共 {errors} 个错误、{len(findings) - errors} 个提醒。"
                   f"补全后可运行 giar-xl check {command_arg(output)} 做完整校验。")
    sys.exit(1 if errors else 0)


def _line(finding: Finding) -> str:
    from ..findings import SEVERITY_LABEL

    where = f"{finding.sheet}!{finding.cell}" if finding.sheet and finding.cell else ""
    source = finding.source or ""
    place = "，".join(p for p in (where, source) if p)
    label = SEVERITY_LABEL.get(finding.severity, finding.severity)
    return f"[{label}] {place}\n    {finding.message}"


def _import_workbook(path: Path, spec):
    """An .xlsx: a giar-xl workbook needs no import (InputError says to check it); any
    other may hold a report typed or pasted into its cells, read as a .xls one is."""
    from ..errors import NotOurWorkbook
    from ..importer import import_sheet
    from ..workbook.reader import read_workbook

    try:
        read_workbook(path, spec)
    except NotOurWorkbook:
        return import_sheet(path, spec)
    raise InputError(f"这已经是 giar-xl 的填报工作簿，不需要导入：请直接校验"
                     f"（giar-xl check {command_arg(path)}）。", str(path))
