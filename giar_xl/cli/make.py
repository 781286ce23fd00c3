"""``giar-xl new`` and ``giar-xl demo``: generate workbooks."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import InputError
from .chinese import ChineseCommand, IntRange
from .outputs import overwrite_option, xlsx_name
from .terminal import say


@click.command("new", cls=ChineseCommand)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="要生成的工作簿，如 2025年报.xlsx。")
@click.option("--org", required=True, help="机关名称，如 北留镇人民政府。")
@click.option("--year", type=IntRange(2008, 2100), required=True, help="报告年度，如 2025。")
@click.option("--previous", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="上年度的工作簿或已发布的报告（.pdf、.docx 等）：带入上年结转和上年现行有效件数。")
@overwrite_option(force_alias=True)
def new_command(output: Path, org: str, year: int, previous: Path | None, overwrite: bool,
                force_overwrite: bool) -> None:
    """生成一份空白的年报填报工作簿。

    \b
    示例：
      giar-xl new -o 2025年报.xlsx --org 北留镇人民政府 --year 2025
      giar-xl new -o 2026年报.xlsx --org 北留镇人民政府 --year 2026 --previous 2025年报.xlsx
      giar-xl new -o 2026年报.xlsx --org 北留镇人民政府 --year 2026 --previous 北留镇2025年报.docx
    """
    from ..carryover import carried_values, uncarried_sources
    from ..check import load_previous
    from ..fileio import OutputPlan
    from ..model import make_report
    from ..spec import load_spec
    from ..workbook.build import write_workbook

    if not org.strip():
        raise click.BadParameter("机关名称不能为空，如 --org 北留镇人民政府。", param_hint="'--org'")
    plan = OutputPlan([previous] if previous else [], overwrite or force_overwrite)
    output = plan.claim(xlsx_name(output))
    spec = load_spec()
    values = {"meta_org": org.strip(), "meta_year": year}
    if previous is not None:
        last = load_previous(previous, spec)
        if last.year is not None and last.year != year - 1:
            say(f"注意：上年工作簿的报告年度是 {last.year}，不是 {year - 1}。", fg="yellow")
        carried = carried_values(spec, last)
        values.update(carried)
        say(f"已从 {previous.name} 带入 {len(carried)} 个上年数字（上年结转、上年现行有效件数）。")
        if missing := uncarried_sources(spec, last):
            where = "、".join(last.origin(fid) or spec.fields[fid].title for fid in missing[:3])
            say(f"注意：上年报告中另有 {len(missing)} 个应带入的数字没有读出（空白、文字或表格缺失，"
                f"如 {where}），新工作簿中相应的格留空：请按上年报告补填，或先改正上年的工作簿再生成。",
                fg="yellow")
    write_workbook(output, spec, make_report(values, spec), overwrite=plan.overwrite)
    say(f"已生成 {output}")


@click.command("demo", cls=ChineseCommand)
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path),
              default=Path("giar-xl-demo"), show_default=True, help="示例文件写入的文件夹。")
@click.option("--no-pdf", is_flag=True, help="不生成 PDF（不调用 LibreOffice）。")
@overwrite_option()
def demo_command(out_dir: Path, no_pdf: bool, overwrite: bool) -> None:
    """用北留镇人民政府 2025 年报的真实数据演示全过程：填好的工作簿、校验、
    导出 Word/PDF/网页/Markdown/纯文本，以及一份带常见错误的练习稿和它的标注副本。

    \b
    示例：
      giar-xl demo -o 示例
    """
    from ..annotate import annotate_workbook
    from ..check import check_file
    from ..demo import demo_report, demo_with_mistakes
    from ..export import FORMATS, export_report
    from ..fileio import OutputPlan
    from ..marks import summary_line
    from ..workbook.build import write_workbook

    report = demo_report()
    stem = f"{report.org}{report.year}年政府信息公开工作年度报告"
    formats = [f for f in FORMATS if not (no_pdf and f == "pdf")]
    plan = OutputPlan(overwrite=overwrite)
    plan.folder(out_dir)
    workbook, practice, marked = (plan.claim(out_dir / name) for name in (
        f"{stem}.xlsx", "练习稿（含常见错误）.xlsx", "练习稿（含常见错误）.校验.xlsx"))
    exports = {fmt: plan.claim(out_dir / f"{stem}.{fmt}") for fmt in formats}

    write_workbook(workbook, report.spec, report, overwrite=overwrite)
    result = check_file(workbook)
    say(f"示例工作簿：{workbook}  —— 校验：{summary_line(result.findings)}")
    missing = []
    for fmt, target in exports.items():
        try:
            say(f"导出 {FORMATS[fmt]}：{export_report(report, target, overwrite=overwrite)}")
        except InputError as exc:  # e.g. no LibreOffice for PDF: the rest still works
            say(f"未导出 {FORMATS[fmt]}：{exc}", fg="yellow")
            missing.append(fmt)
    write_workbook(practice, report.spec, demo_with_mistakes(report), overwrite=overwrite)
    result = check_file(practice)
    annotate_workbook(practice, marked, result, overwrite=overwrite)
    say(f"练习稿：{practice}  —— 校验：{summary_line(result.findings)}")
    say(f"标注副本：{marked}（错误标红、提醒标黄，最可能填错的单元格标橙色加红框，"
        f"「校验结果」表逐条列出并链接到单元格）")
    if missing:
        say(f"有 {len(missing)} 个文件未能写出（见上）。" + (
            "不需要 PDF 时可加 --no-pdf。" if "pdf" in missing else ""), fg="red", err=True)
        sys.exit(2)
