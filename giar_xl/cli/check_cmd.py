"""``giar-xl check``: validate workbooks (and published reports), one file or whole folders."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import click

from ..batch import Job, Outcome, run_jobs
from ..check import index_previous, iter_files, load_previous
from ..errors import InputError
from ..findings import ERROR, SEVERITY_LABEL, FileResult, exit_code
from .chinese import ChineseCommand
from .progress import progress_bar

STATUS_MARK = {"ok": ("√", "green"), "warnings": ("△", "yellow"), "errors": ("×", "red"),
               "unreadable": ("×", "red")}


@click.command("check", cls=ChineseCommand)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--previous", type=click.Path(exists=True, path_type=Path),
              help="上年度报告（工作簿或已发布的报告），用于核对上年结转、现行有效件数和照抄；"
                   "也可以是放着各机关上年报告的文件夹（按机关名称和年度对应）。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出全部结果。")
@click.option("--annotate", "annotate_to", type=click.Path(path_type=Path),
              help="写出标注副本：一个文件时为文件名，多个文件时为文件夹。原文件不会被改动。")
@click.option("--workers", type=click.IntRange(1, 64), help="并行进程数（默认为 CPU 核数）。")
def check_command(paths: tuple[Path, ...], previous: Path | None, as_json: bool,
                  annotate_to: Path | None, workers: int | None) -> None:
    """校验年报工作簿或已发布的报告：每个合计、勾稽关系、类型、完整性和前后一致性。

    PATHS 可以是多个文件或文件夹（递归查找 .xlsx 以及 .txt/.md/.docx/.html 报告）。

    \b
    退出码：0 没有错误；1 有错误；2 有文件无法使用。
    \b
    示例：
      giar-xl check 2025年报.xlsx
      giar-xl check 2025年报.xlsx --previous 2024年报.xlsx --annotate 2025年报.校验.xlsx
      giar-xl check 各乡镇年报/ --json > 结果.json
      giar-xl check 2025年各乡镇/ --previous 2024年各乡镇/
    """
    files = iter_files(paths)
    if not files:
        raise InputError("没有找到可以校验的文件（.xlsx、.txt、.md、.docx、.html）。")
    targets = _annotation_targets(files, annotate_to)
    last_year = previous_options(previous)
    jobs = [Job(str(f), annotate_to=targets.get(f), **last_year) for f in files]
    show_progress = not as_json and len(jobs) > 1 and sys.stderr.isatty()
    with progress_bar(len(jobs), "校验", enabled=show_progress) as advance:
        outcomes = list(run_jobs(jobs, workers, progress=lambda _o: advance()))
    if as_json:
        click.echo(json.dumps({"files": [o.result.to_json() for o in outcomes]},
                              ensure_ascii=False, indent=2))
    else:
        for outcome in outcomes:
            _print_outcome(outcome)
        if len(outcomes) > 1:
            click.echo(_totals_line([o.result for o in outcomes]))
    sys.exit(exit_code(o.result for o in outcomes))


def previous_options(previous: Path | None) -> dict:
    """Job options for ``--previous``: one report, or a folder indexed by organ and year."""
    if previous is None:
        return {}
    if previous.is_dir():
        index = index_previous(previous)
        if not index:
            raise InputError(f"{previous} 中没有可以读取的上年报告。")
        return {"previous_index": index}
    load_previous(previous)  # unusable last year's report: say so once, exit 2
    return {"previous": str(previous)}


def _annotation_targets(files: list[Path], out: Path | None) -> dict[Path, str]:
    if out is None:
        return {}
    if len(files) == 1 and not out.is_dir() and out.suffix.lower() == ".xlsx":
        return {files[0]: str(out)}
    if out.exists() and not out.is_dir():
        raise InputError(f"{out} 不是文件夹：校验多个文件时 --annotate 应给出文件夹。")
    return {f: str(out / f"{f.stem}.校验.xlsx") for f in files}


def _print_outcome(outcome: Outcome) -> None:
    result = outcome.result
    mark, colour = STATUS_MARK[result.status]
    who = "·".join(str(x) for x in (result.organ, result.year) if x)
    head = f"{mark} {result.path}" + (f"（{who}）" if who else "")
    if result.unreadable:
        click.secho(f"{head}：无法使用 —— {result.unreadable}", fg=colour)
        return
    counts = _counts(result)
    click.secho(f"{head}：{counts}", fg=colour, bold=True)
    for f in result.findings:
        if f.accepted:
            continue
        label = SEVERITY_LABEL[f.severity]
        where = f.where + (f"（{f.source}）" if f.source and f.cell else "")
        click.echo("  " + click.style(f"{label}", fg="red" if f.severity == ERROR else "yellow")
                   + f"  {where}  {f.message}  [{f.rule}]")
    if result.accepted:
        click.echo("  已接受的提醒：")
        for f in result.accepted:
            click.echo(f"    √ {f.where}  {f.message}  —— 理由：{f.accepted}  [{f.rule}]")
    if outcome.annotated:
        click.echo(f"  标注副本：{outcome.annotated}")
    if outcome.problem:
        click.secho(f"  未能写出标注副本：{outcome.problem}", fg="red")


def _counts(result: FileResult) -> str:
    if result.status == "ok" and not result.accepted:
        return "未发现问题"
    parts = [f"{len(result.errors)} 个错误" if result.errors else "",
             f"{len(result.warnings)} 个提醒" if result.warnings else "",
             f"{len(result.accepted)} 个已接受的提醒" if result.accepted else ""]
    text = "，".join(p for p in parts if p) or "未发现问题"
    if result.status == "unreadable":
        text += "（有无法使用的数值，或工作簿结构被改动：须先改正，才能完整校验）"
    return text


def _totals_line(results: list[FileResult]) -> str:
    status = Counter(r.status for r in results)
    return (f"共 {len(results)} 个文件：{status['ok']} 个通过，{status['warnings']} 个仅有提醒，"
            f"{status['errors']} 个有错误，{status['unreadable']} 个无法使用。")
