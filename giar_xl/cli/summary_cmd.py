"""``giar-xl summary``: check a county's folder and write one summary workbook
(with ``--roster``: the roster review and roll-up; with ``--html``: the web report)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import InputError
from .check_cmd import previous_options, progress_bar
from .chinese import ChineseCommand, IntRange
from .outputs import html_name, overwrite_option, xlsx_name
from .terminal import say


@click.command("summary", cls=ChineseCommand)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path),
                metavar="文件夹或文件...")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="汇总工作簿，如 汇总.xlsx。")
@click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="名录（.xlsx 或 .csv：机关名称、所属区域、类别），"
                   "用于核对缺报、逾期、重复并按区域、类别合计；可用 giar-xl roster-template 生成模板。")
@click.option("--html", "html_out", type=click.Path(path_type=Path),
              help="另写出一个网页报告（单个文件，离线可看、可打印），如 汇总.html。")
@click.option("--year", type=IntRange(2008, 2100),
              help="核对哪一年度的报告（默认为多数报告的年度）。")
@click.option("--previous", type=click.Path(exists=True, path_type=Path),
              help="各机关上年报告所在的文件夹（或一份上年报告），用于跨年度核对。")
@click.option("--workers", type=IntRange(1, 64), help="并行进程数（默认为 CPU 核数）。")
@overwrite_option()
def summary_command(paths: tuple[Path, ...], output: Path, roster: Path | None,
                    html_out: Path | None, year: int | None, previous: Path | None,
                    workers: int | None, overwrite: bool) -> None:
    """汇总多个机关的年报：每份报告一行（状态、错误和提醒数、主要数字、合计），
    另附问题清单和按规则统计的图表。给出名录时，逐个机关核对缺报、逾期、重复和得分，
    并按区域、类别合计。

    \b
    退出码与 check 相同：0 没有错误；1 有错误；2 有文件无法使用。
    \b
    示例：
      giar-xl summary 各乡镇年报/ -o 2025年报汇总.xlsx
      giar-xl summary 2025年各单位/ --roster 名录.xlsx -o 2025年报汇总.xlsx --html 2025年报汇总.html
      giar-xl summary 2025年各单位/ --roster 名录.xlsx --previous 2024年各单位/ -o 汇总.xlsx
    """
    from ..batch import Job
    from ..check import iter_files
    from ..fileio import OutputPlan
    from ..findings import exit_code
    from ..summary import write_summary

    files = iter_files(paths)
    if not files:
        raise InputError("没有找到可以汇总的文件（.xlsx、.txt、.md、.docx、.html）。")
    last_files = iter_files([previous]) if previous else []
    plan = OutputPlan([*files, *last_files, *([roster] if roster else [])], overwrite)
    output = plan.claim(xlsx_name(output))
    html_out = plan.claim(html_name(html_out)) if html_out else None
    entries = None
    if roster is not None:
        from ..county.roster import read_roster

        entries = read_roster(roster)
    reviewing = entries is not None or html_out is not None
    last_year = []
    if reviewing and previous is not None and previous.is_dir():
        # the roll-up's cross-year continuity needs last year's figures: check those
        # reports once and index them for the per-report checks as well
        last_year = _checked([Job(str(f)) for f in last_files], workers, "上年")
        options = {"previous_index": _previous_index(last_year, previous)}
    else:
        options = previous_options(previous)
    results = _checked([Job(str(f), **options) for f in files], workers, "汇总")
    review = None
    if reviewing:
        from ..county.review import review_county
        from ..spec import load_spec

        review = review_county(results, load_spec(), entries, last_year, year)
    more_sheets = None
    if entries is not None:
        from ..county.sheets import add_county_sheets

        def more_sheets(wb):
            add_county_sheets(wb, review)
    write_summary(results, output, overwrite=overwrite,
                  winner_of=review.winner_of if review else None, more_sheets=more_sheets)
    status = [r.status for r in results]
    say(f"已汇总 {len(results)} 份报告：{status.count('ok')} 份通过，"
        f"{status.count('warnings')} 份仅有提醒，{status.count('errors')} 份有错误，"
        f"{status.count('unreadable')} 份无法使用。汇总表：{output}")
    if entries is not None:
        from ..county.sheets import headline

        say(headline(review) + "。")
    if html_out is not None:
        from ..county.webpage import write_html

        say(f"网页报告：{write_html(review, html_out, overwrite=overwrite)}")
    sys.exit(exit_code(results))


def _checked(jobs: list, workers: int | None, label: str) -> list:
    """The jobs' results, in order, with a progress bar on a terminal."""
    from ..batch import run_jobs

    with progress_bar(len(jobs), label, enabled=sys.stderr.isatty()) as advance:
        return [o.result for o in run_jobs(jobs, workers, progress=lambda _o: advance())]


def _previous_index(last_year: list, folder: Path) -> tuple:
    """Last year's checked reports as :func:`giar_xl.check.index_previous` gives them."""
    from ..check import organ_key

    index = tuple((organ_key(r.organ), r.year, r.path) for r in last_year
                  if r.organ and r.year and not r.unreadable)
    if not index:
        raise InputError(f"{folder} 中没有可以读取的上年报告。")
    return index
