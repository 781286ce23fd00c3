"""``giar-xl check``: validate workbooks (and published reports), one file or whole folders."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import InputError
from .chinese import ChineseCommand, IntRange
from .outputs import overwrite_option
from .terminal import printable, say

if TYPE_CHECKING:  # the library is imported where a command runs, not to list the commands
    from ..batch import Outcome
    from ..fileio import OutputPlan
    from ..findings import FileResult

ANNOTATED_TAIL = ".校验.xlsx"  # an annotated copy is named 原名.校验.xlsx

STATUS_MARK = {"ok": ("√", "green"), "warnings": ("△", "yellow"), "errors": ("×", "red"),
               "unreadable": ("×", "red")}


@click.command("check", cls=ChineseCommand)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path),
                metavar="文件或文件夹...")
@click.option("--previous", type=click.Path(exists=True, path_type=Path),
              help="上年度报告（工作簿或已发布的报告），用于核对上年结转、现行有效件数和照抄；"
                   "也可以是放着各机关上年报告的文件夹（按机关名称和年度对应）。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出全部结果。")
@click.option("--annotate", "annotate_to", type=click.Path(path_type=Path),
              help="写出标注副本：一个文件时为文件名，多个文件时为文件夹（副本名为「原名.校验.xlsx」，"
                   "按原来的子文件夹存放）。原文件不会被改动。")
@overwrite_option()
@click.option("--workers", type=IntRange(1, 64), help="并行进程数（默认为 CPU 核数）。")
def check_command(paths: tuple[Path, ...], previous: Path | None, as_json: bool,
                  annotate_to: Path | None, overwrite: bool, workers: int | None) -> None:
    """校验年报工作簿或已发布的报告：每个合计、勾稽关系、类型、完整性和前后一致性。

    可以给出多个文件或文件夹（递归查找 .xlsx 以及 .pdf/.docx/.doc/.wps/.html/.mht/.txt 等报告）。

    \b
    退出码：0 没有错误；1 有错误；2 有文件无法使用，或要求的标注副本未能写出。
    \b
    示例：
      giar-xl check 2025年报.xlsx
      giar-xl check 2025年报.xlsx --previous 2024年报.xlsx --annotate 2025年报.校验.xlsx
      giar-xl check 各乡镇年报/ --json > 结果.json
      giar-xl check 2025年各乡镇/ --previous 2024年各乡镇/
    """
    from ..batch import Job, run_jobs
    from ..check import iter_files, supported_suffixes
    from ..findings import exit_code

    files = iter_files(paths)
    if annotate_to is not None:
        files = _without_own_copies(files, paths, annotate_to)
    if not files:
        raise InputError("没有找到可以校验的文件（支持 " + "、".join(sorted(supported_suffixes())) + "）。")
    targets, refused = {}, {}
    if annotate_to is not None:
        from ..fileio import OutputPlan

        plan = OutputPlan([*files, *iter_files([previous] if previous else [])], overwrite)
        targets, refused = _annotation_targets(files, paths, annotate_to, plan)
    last_year = previous_options(previous)
    jobs = [Job(str(f), annotate_to=targets.get(f), overwrite=overwrite, **last_year)
            for f in files]
    show_progress = not as_json and len(jobs) > 1 and sys.stderr.isatty()
    with progress_bar(len(jobs), "校验", enabled=show_progress) as advance:
        outcomes = [replace(o, problem=refused[f]) if f in refused else o
                    for f, o in zip(files, run_jobs(jobs, workers, progress=lambda _o: advance()),
                                    strict=True)]
    if as_json:
        import json

        click.echo(json.dumps({"files": [_json(o) for o in outcomes]},
                              ensure_ascii=False, indent=2))
    else:
        for outcome in outcomes:
            _print_outcome(outcome)
        if len(outcomes) > 1:
            say(_totals_line([o.result for o in outcomes]))
    code = exit_code(o.result for o in outcomes)
    sys.exit(2 if any(o.problem for o in outcomes) else code)


def previous_options(previous: Path | None) -> dict:
    """Job options for ``--previous``: one report, or a folder indexed by organ and year."""
    from ..check import index_previous, load_previous

    if previous is None:
        return {}
    if previous.is_dir():
        index = index_previous(previous)
        if not index:
            raise InputError(f"{previous} 中没有可以读取的上年报告。")
        return {"previous_index": index}
    load_previous(previous)  # unusable last year's report: say so once, exit 2
    return {"previous": str(previous)}


def _without_own_copies(files: list[Path], paths: tuple[Path, ...], out: Path) -> list[Path]:
    """Leave out annotated copies (``*.校验.xlsx``) found in the folder the copies go to,
    so that ``check 文件夹 --annotate 文件夹`` never takes its earlier output as input."""
    if out.suffix.lower() == ".xlsx" and not out.is_dir():
        return files
    named = {p for p in paths if not p.is_dir()}
    return [f for f in files
            if f in named or not (f.name.endswith(ANNOTATED_TAIL) and _inside(f, out))]


def _inside(path: Path, folder: Path) -> bool:
    return os.path.realpath(path).startswith(os.path.join(os.path.realpath(folder), ""))


def progress_bar(total: int, label: str, enabled: bool):
    """rich's progress bar on a terminal (rich is loaded only when one is drawn)."""
    if not enabled:
        return contextlib.nullcontext(lambda: None)
    from .progress import progress_bar as bar

    return bar(total, label, enabled)


def _annotation_targets(files: list[Path], paths: tuple[Path, ...], out: Path | None,
                        plan: OutputPlan) -> tuple[dict[Path, str], dict[Path, str]]:
    """Each file's annotated copy, and why a copy cannot be written (the check still runs).

    One file and a name ending in .xlsx: that file.  Otherwise ``out`` is a folder
    and each copy is ``原名.校验.xlsx`` in the subfolder mirroring where the file was
    found; a name already used by this run is numbered (``原名（2）.校验.xlsx``)."""
    if out is None:
        return {}, {}
    if (wrong := _not_a_copy_name(files, out)) is not None:
        return {}, dict.fromkeys(files, wrong)
    if len(files) == 1 and not out.is_dir() and out.suffix.lower() == ".xlsx":
        wanted, claim = {files[0]: out}, plan.claim
    else:
        plan.folder(out)
        wanted = {f: out / _found_in(f, paths) / f"{f.stem}{ANNOTATED_TAIL}" for f in files}
        claim = functools.partial(plan.claim_unique, tail=ANNOTATED_TAIL)
    targets, refused = {}, {}
    for f, target in wanted.items():
        try:
            targets[f] = str(claim(target))
        except InputError as exc:
            refused[f] = f"{exc.path}：{exc.message}" if exc.path else exc.message
    return targets, refused


# Names that are files, never the folder of annotated copies: ``--annotate 结果.txt`` is a
# slip, not a request for a folder called 结果.txt.
_FILE_SUFFIXES = frozenset({".csv", ".json", ".xltx", ".xlsb"})


def _not_a_copy_name(files: list[Path], out: Path) -> str | None:
    """Why ``out`` cannot take the annotated copies of ``files``, or None when it can."""
    from ..check import supported_suffixes

    if out.is_dir():
        return None
    suffix = out.suffix.lower()
    if len(files) > 1 and suffix == ".xlsx":
        return (f"{out}：要校验的有 {len(files)} 个文件，--annotate 应给一个文件夹"
                f"（如 标注/），每份副本写成「原名{ANNOTATED_TAIL}」。")
    if suffix != ".xlsx" and (suffix in supported_suffixes() or suffix in _FILE_SUFFIXES):
        hint = f"{out.with_suffix('.xlsx')}" if len(files) == 1 else "一个文件夹（如 标注/）"
        return f"{out}：标注副本是 Excel 工作簿（.xlsx），不能写成「{suffix}」：请改为 {hint}。"
    return None


def _found_in(file: Path, paths: tuple[Path, ...]) -> Path:
    """The subfolder of a folder named on the command line that ``file`` was found in."""
    for root in paths:
        if root.is_dir() and file.is_relative_to(root):
            return file.parent.relative_to(root)
    return Path()


def _json(outcome: Outcome) -> dict:
    data = outcome.result.to_json()
    if outcome.annotated:
        data["annotated"] = outcome.annotated
    if outcome.problem:
        data["annotation_problem"] = outcome.problem
    return data


def _print_outcome(outcome: Outcome) -> None:
    result = outcome.result
    mark, colour = STATUS_MARK[result.status]
    who = "·".join(str(x) for x in (result.organ, result.year) if x)
    head = f"{mark} {result.path}" + (f"（{who}）" if who else "")
    if result.unreadable:
        say(f"{head}：无法使用 —— {result.unreadable}", fg=colour)
    else:
        _print_findings(result, head, colour)
    if outcome.annotated:
        say(f"  标注副本：{outcome.annotated}")
    if outcome.problem:
        say(f"  未能写出标注副本：{outcome.problem}", fg="red")


def _print_findings(result: FileResult, head: str, colour: str) -> None:
    from ..findings import ERROR, SEVERITY_LABEL

    say(f"{head}：{_counts(result)}", fg=colour, bold=True)
    for f in result.findings:
        if f.accepted:
            continue
        label = SEVERITY_LABEL[f.severity]
        where = f.where + (f"（{f.source}）" if f.source and f.cell else "")
        click.echo("  " + click.style(f"{label}", fg="red" if f.severity == ERROR else "yellow")
                   + printable(f"  {where}  {f.message}  [{f.rule}]"))
    if result.accepted:
        say("  已接受的提醒：")
        for f in result.accepted:
            say(f"    √ {f.where}  {f.message}  —— 理由：{f.accepted}  [{f.rule}]")


def _counts(result: FileResult) -> str:
    if result.status == "ok" and not result.accepted:
        return "未发现问题"
    parts = [f"{len(result.errors)} 个错误" if result.errors else "",
             f"{len(result.warnings)} 个提醒" if result.warnings else "",
             f"{len(result.accepted)} 个已接受的提醒" if result.accepted else ""]
    text = "，".join(p for p in parts if p) or "未发现问题"
    if result.status == "unreadable":
        text += "（工作簿结构被破坏，有的数字无法定位：须先恢复，才能完整校验）"
    return text


def _totals_line(results: list[FileResult]) -> str:
    status = Counter(r.status for r in results)
    return (f"共 {len(results)} 个文件：{status['ok']} 个通过，{status['warnings']} 个仅有提醒，"
            f"{status['errors']} 个有错误，{status['unreadable']} 个无法使用。")
