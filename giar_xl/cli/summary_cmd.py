"""``giar-xl summary``: check a county's folder and write one summary workbook."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import InputError
from .check_cmd import previous_options, progress_bar
from .chinese import ChineseCommand, IntRange
from .outputs import overwrite_option, xlsx_name
from .terminal import say


@click.command("summary", cls=ChineseCommand)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path),
                metavar="文件夹或文件...")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="汇总工作簿，如 汇总.xlsx。")
@click.option("--previous", type=click.Path(exists=True, path_type=Path),
              help="各机关上年报告所在的文件夹（或一份上年报告），用于跨年度核对。")
@click.option("--workers", type=IntRange(1, 64), help="并行进程数（默认为 CPU 核数）。")
@overwrite_option()
def summary_command(paths: tuple[Path, ...], output: Path, previous: Path | None,
                    workers: int | None, overwrite: bool) -> None:
    """汇总多个机关的年报：每份报告一行（状态、错误和提醒数、主要数字、合计），
    另附问题清单和按规则统计的图表。

    \b
    退出码与 check 相同：0 没有错误；1 有错误；2 有文件无法使用。
    \b
    示例：
      giar-xl summary 各乡镇年报/ -o 2025年报汇总.xlsx
      giar-xl summary 2025年各乡镇/ --previous 2024年各乡镇/ -o 2025年报汇总.xlsx
    """
    from ..batch import Job, run_jobs
    from ..check import iter_files
    from ..fileio import OutputPlan
    from ..findings import exit_code
    from ..summary import write_summary

    files = iter_files(paths)
    if not files:
        raise InputError("没有找到可以汇总的文件（.xlsx、.txt、.md、.docx、.html）。")
    plan = OutputPlan([*files, *iter_files([previous] if previous else [])], overwrite)
    output = plan.claim(xlsx_name(output))
    last_year = previous_options(previous)
    jobs = [Job(str(f), **last_year) for f in files]
    with progress_bar(len(files), "汇总", enabled=sys.stderr.isatty()) as advance:
        results = [o.result for o in run_jobs(jobs, workers, progress=lambda _o: advance())]
    write_summary(results, output, overwrite=overwrite)
    status = [r.status for r in results]
    say(f"已汇总 {len(results)} 份报告：{status.count('ok')} 份通过，"
               f"{status.count('warnings')} 份仅有提醒，{status.count('errors')} 份有错误，"
               f"{status.count('unreadable')} 份无法使用。汇总表：{output}")
    sys.exit(exit_code(results))
