"""``giar-xl new`` and ``giar-xl demo``: generate workbooks."""

from __future__ import annotations

from pathlib import Path

import click

from ..carryover import carried_values
from ..demo import demo_report
from ..errors import InputError
from ..model import make_report
from ..spec import load_spec
from ..workbook.build import write_workbook
from ..workbook.reader import read_workbook


def _refuse_overwrite(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise InputError(f"{path} 已存在。为免覆盖已填写的内容，请换一个文件名，或加 --force 覆盖。")


@click.command("new")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="要生成的工作簿，如 2025年报.xlsx。")
@click.option("--org", required=True, help="机关名称，如 北留镇人民政府。")
@click.option("--year", type=click.IntRange(2008, 2100), required=True, help="报告年度，如 2025。")
@click.option("--previous", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="上年度的 giar-xl 工作簿：带入上年结转和上年现行有效件数。")
@click.option("--force", is_flag=True, help="覆盖已存在的文件。")
def new_command(output: Path, org: str, year: int, previous: Path | None, force: bool) -> None:
    """生成一份空白的年报填报工作簿。

    \b
    示例：
      giar-xl new -o 2025年报.xlsx --org 北留镇人民政府 --year 2025
      giar-xl new -o 2026年报.xlsx --org 北留镇人民政府 --year 2026 --previous 2025年报.xlsx
    """
    _refuse_overwrite(output, force)
    spec = load_spec()
    values = {"meta_org": org.strip(), "meta_year": year}
    if previous is not None:
        last = read_workbook(previous, spec).report
        if last.year is not None and last.year != year - 1:
            click.secho(f"注意：上年工作簿的报告年度是 {last.year}，不是 {year - 1}。", fg="yellow")
        carried = carried_values(spec, last)
        values.update(carried)
        click.echo(f"已从 {previous.name} 带入 {len(carried)} 个上年数字（上年结转、上年现行有效件数）。")
    write_workbook(output, spec, make_report(values, spec))
    click.echo(f"已生成 {output}")


@click.command("demo")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("giar-xl-demo"), show_default=True, help="示例文件写入的文件夹。")
def demo_command(out_dir: Path) -> None:
    """用北留镇人民政府 2025 年报的真实数据生成一份已填好的示例工作簿。

    \b
    示例：
      giar-xl demo -o 示例
    """
    report = demo_report()
    path = out_dir / f"{report.org}{report.year}年政府信息公开工作年度报告.xlsx"
    write_workbook(path, report.spec, report)
    click.echo(f"示例工作簿：{path}")
