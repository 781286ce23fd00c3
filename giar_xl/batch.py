"""Checking many files: a process pool for large folders, one bad file never stops the rest.

Not even a file that kills the process checking it (a crash in a native library, the
kernel's out-of-memory killer): the pool notes which job each worker has started, so
when one dies only the jobs it may have been running are retried, each in a process of
its own, and the one that dies again is reported as unreadable.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .check import PreviousIndex, check_result, load, load_previous, organ_key
from .errors import InputError, os_error_text
from .findings import FileResult, Finding
from .model import Report
from .rules.catalog import rule_info

POOL_THRESHOLD = 24  # below this, starting worker processes costs more than it saves
WORKER_DIED = ("检查这个文件的进程意外终止（文件内容可能触发了所用程序库的缺陷，或内存不足），"
               "无法给出结果；其余文件不受影响。")
OUT_OF_MEMORY = "内存不足，无法处理这个文件（文件可能异常庞大）。"
_STARTED, _FINISHED = 1, 2  # job states a worker records in the shared array


@dataclass(frozen=True)
class Job:
    """One file to check, with what to check it against and where its annotated copy goes."""

    path: str
    previous: str | None = None  # last year's report, read once per worker
    annotate_to: str | None = None
    overwrite: bool = False  # the annotated copy may replace an existing file
    previous_index: PreviousIndex = ()  # or: last year's reports of many organs, by organ


@dataclass(frozen=True)
class Outcome:
    """What checking one file gave: its result and, if asked for, its annotated copy."""

    result: FileResult
    annotated: str | None = None
    problem: str | None = None  # the annotated copy could not be written


def run_jobs(jobs: Sequence[Job], workers: int | None = None,
             progress: Callable[[Outcome], None] | None = None) -> Iterator[Outcome]:
    """Outcomes in the order of ``jobs``; parallel when there are many."""
    workers = workers or os.cpu_count() or 1
    if len(jobs) < POOL_THRESHOLD or workers < 2:
        yield from _reported(map(run_job, jobs), progress)
        return
    yield from _reported(_pooled(jobs, workers), progress)


def _reported(outcomes: Iterator[Outcome],
              progress: Callable[[Outcome], None] | None) -> Iterator[Outcome]:
    for outcome in outcomes:
        if progress:
            progress(outcome)
        yield outcome


def _pooled(jobs: Sequence[Job], workers: int) -> Iterator[Outcome]:
    """Outcomes in the order of ``jobs`` from process pools, surviving dead workers."""
    import multiprocessing  # (only for a pool: loading it costs the one-file check time)
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    states = multiprocessing.RawArray("b", len(jobs))  # 0 waiting, _STARTED, _FINISHED
    done: dict[int, Outcome] = {}
    todo, shown = list(range(len(jobs))), 0
    chunk = max(1, min(32, len(jobs) // (workers * 4)))
    while todo:
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=_context(),
                                     initializer=_share_states, initargs=(states,)) as pool:
                running = {pool.submit(_run_chunk, [(i, jobs[i]) for i in todo[k:k + chunk]])
                           for k in range(0, len(todo), chunk)}
                while running:
                    finished, running = wait(running, return_when=FIRST_COMPLETED)
                    for future in finished:
                        done.update(future.result())
                    while shown in done:
                        yield done[shown]
                        shown += 1
            todo = []
        except BrokenProcessPool:
            suspects = [i for i in todo if i not in done and states[i] == _STARTED]
            for i in suspects or [i for i in todo if i not in done][:workers]:
                done[i] = _isolated(jobs[i])
            todo = [i for i in todo if i not in done]
            for i in todo:
                states[i] = 0
        while shown in done:
            yield done[shown]
            shown += 1


def _context():
    """Workers forked from the running process start at once with everything imported; a
    fresh interpreter per worker (spawn, or Python 3.14's forkserver default) would import
    giar-xl again in each.  Linux only: macOS's system libraries are not fork-safe."""
    import multiprocessing

    return multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None


_states = None


def _share_states(states) -> None:
    global _states
    _states = states


def _run_chunk(chunk: list[tuple[int, Job]]) -> dict[int, Outcome]:
    outcomes = {}
    for i, job in chunk:
        _states[i] = _STARTED
        outcomes[i] = run_job(job)
        _states[i] = _FINISHED
    return outcomes


def _isolated(job: Job) -> Outcome:
    """``job`` in a process of its own: if that dies too, the file is the cause."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=1, mp_context=_context()) as pool:
        try:
            return pool.submit(run_job, job).result()
        except BrokenProcessPool:
            return Outcome(FileResult(path=job.path, unreadable=WORKER_DIED))


def run_job(job: Job) -> Outcome:
    try:
        return _run(job)
    except MemoryError:
        return Outcome(FileResult(path=job.path, unreadable=OUT_OF_MEMORY))
    except OSError as exc:  # e.g. the file went away or became unreadable while checked
        reason = f"无法读取文件：{os_error_text(exc)}。"
    except Exception as exc:  # a bug must not end a county-wide batch: report it as unusable
        reason = f"内部错误，请将此文件反馈给开发者：{_detail(exc)}"
    return Outcome(FileResult(path=job.path, unreadable=reason))


def _detail(exc: Exception) -> str:
    import traceback

    return "".join(traceback.format_exception_only(type(exc), exc)).strip()


def _run(job: Job) -> Outcome:
    try:
        read = load(job.path)
    except InputError as exc:
        return Outcome(FileResult(path=job.path, unreadable=exc.message))
    previous, missing = _previous_of(job, read.report)
    result = check_result(read, job.path, previous)
    if missing is not None:
        result = replace(result, findings=(*result.findings, missing))
    if job.annotate_to is None:
        return Outcome(result)
    from .annotate import annotate_report, annotate_workbook  # openpyxl: only to write copies

    try:
        if Path(job.path).suffix.lower() in (".xlsx", ".xlsm"):
            written = annotate_workbook(job.path, job.annotate_to, result, overwrite=job.overwrite)
        else:
            written = annotate_report(read.report, job.annotate_to, result,
                                      overwrite=job.overwrite)
    except InputError as exc:
        return Outcome(result, problem=f"{exc.path}：{exc.message}" if exc.path else exc.message)
    except Exception as exc:  # a bug in marking must not throw the check's result away
        return Outcome(result, problem=f"写标注副本时出错，请将此文件反馈给开发者：{_detail(exc)}")
    return Outcome(result, annotated=str(written))


def _previous_of(job: Job, report: Report) -> tuple[Report | None, Finding | None]:
    """Last year's report for this one, and a finding when a folder of them lacks it."""
    if not job.previous_index:
        return _previous(job.previous), None
    if not report.org or report.year is None:
        return None, None
    key = (organ_key(report.org), report.year - 1)
    path = next((p for organ, year, p in job.previous_index if (organ, year) == key), None)
    if path is None:
        path = _named_alike(job.previous_index, report.org, report.year - 1)
    if path is not None:
        return _previous(path), None
    info = rule_info("prev-not-found")
    return None, Finding(rule=info.code, severity=info.severity, field="meta_org",
                         message=f"上年报告中没有「{report.org}」{report.year - 1} 年度的报告，"
                                 f"未能核对上年结转等跨年度关系。",
                         sheet=report.spec.fields["meta_org"].sheet,
                         cell=report.spec.fields["meta_org"].cell)


def _named_alike(index: PreviousIndex, organ: str, year: int) -> str | None:
    """Last year's report of ``organ`` written another way (「西河乡」 / 「西河乡人民政府」,
    「财政局」 / 「陵川县财政局」), matched as a roster matches names; None when no report
    or more than one fits equally well."""
    names, paths = _last_year_names(index, year)
    match = names.match(organ)
    return paths[match.entry] if match.status == "matched" else None


_names_cache: list[tuple[PreviousIndex, int, tuple]] = []


def _last_year_names(index: PreviousIndex, year: int) -> tuple:
    """A name index of the organs with a report of ``year`` in ``index`` and their paths
    (built once per index: a county's files all ask about the same folder)."""
    for cached_index, cached_year, value in _names_cache:
        if cached_year == year and (cached_index is index or cached_index == index):
            return value
    from .county.matching import RosterIndex
    from .county.roster import Roster, RosterEntry

    first: dict[str, str] = {}
    for organ, report_year, path in index:
        if report_year == year:
            first.setdefault(organ, path)
    value = (RosterIndex(Roster(tuple(RosterEntry(o) for o in first), "上年报告")),
             tuple(first.values()))
    _names_cache[:] = [(index, year, value)]
    return value


@functools.lru_cache(maxsize=8)
def _previous(path: str | None) -> Report | None:
    return load_previous(path)
