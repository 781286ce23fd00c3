"""``giar-xl export``: the workbook as the document the organ publishes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import InputError
from ..export import FORMATS, export_report, format_of
from .chinese import ChineseChoice, ChineseCommand
from .outputs import overwrite_option
from .terminal import command_arg, say

if TYPE_CHECKING:
    from ..findings import Finding


@click.command("export", cls=ChineseCommand)
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="导出的文件，如 北留镇2025年报.docx；格式由扩展名决定。")
@click.option("--format", "fmt", type=ChineseChoice(sorted(FORMATS), case_sensitive=False),
              metavar="格式",
              help="指定导出格式（不按扩展名判断）：" + "，".join(
                  f"{k} = {v}" for k, v in FORMATS.items()) + "。")
@click.option("--force", is_flag=True,
              help="工作簿中有错误也照样导出（不建议用于正式发布）。")
@overwrite_option()
def export_command(workbook: Path, output: Path, fmt: str | None, force: bool,
                   overwrite: bool) -> None:
    """把填好的年报工作簿导出为可发布的年度报告（Word、PDF、Markdown、纯文本、网页）。

    导出前先做完整校验：有错误（如合计不符）时列出错误并拒绝导出（退出码 1），
    改正后再导出，或加 --force 强制导出。标题、各部分标题、表格的行列标签和
    合并表头都按国办公开办函〔2021〕30号格式生成，数字与工作簿完全一致。

    \b
    示例：
      giar-xl export 2025年报.xlsx -o 北留镇2025年报.docx
      giar-xl export 2025年报.xlsx -o 北留镇2025年报.pdf
      giar-xl export 2025年报.xlsx -o 年报.txt
      giar-xl export 2025年报.xlsx -o 年报 --format html
      giar-xl export 2025年报.xlsx -o 北留镇2025年报.docx --overwrite
    """
    from ..check import check_result, load
    from ..export.policy import export_permit
    from ..fileio import OutputPlan

    if fmt is not None and not output.suffix:  # 「-o 报告 --format html」 writes 报告.html
        output = output.with_name(f"{output.name}.{fmt.lower()}")
    if output.is_dir():
        raise InputError(f"{output} 是一个文件夹：-o 要给出导出的文件名，"
                         f"如 {output / workbook.with_suffix('.' + (fmt or 'docx')).name}。")
    fmt = format_of(output, fmt)
    output = OutputPlan([workbook], overwrite).claim(output)

    read = load(workbook)
    result = check_result(read, str(workbook))
    permit = export_permit(result, force)
    for finding in permit.findings:
        _echo_finding(finding, err=True)
    if permit.unreadable:
        say(f"无法导出：{workbook} 无法完整读取。", fg="red", err=True)
        sys.exit(2)
    if not permit.allowed:
        say(f"未导出：工作簿中有 {len(permit.findings)} 处错误。请改正后再导出，"
            "或加 --force 强制导出。", fg="red", err=True)
        sys.exit(1)
    if permit.findings:
        say(f"注意：工作簿中仍有 {len(permit.findings)} 处错误，已按 --force 导出。",
            fg="yellow", err=True)
    if result.warnings:
        say(f"另有 {len(result.warnings)} 条提醒，可用 giar-xl check {command_arg(workbook)} 查看。")

    written = export_report(read.report, output, fmt, overwrite=overwrite)
    say(f"已导出 {written}（{FORMATS[fmt].split('（')[0]}）")  # (「需要 LibreOffice」 is for --help)


def _echo_finding(finding: Finding, err: bool) -> None:
    where = finding.where
    say(f"  {where}：{finding.message}" if where else f"  {finding.message}", err=err)

