"""Checking many files: a process pool for large folders, one bad file never stops the rest."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .check import PreviousIndex, check_result, load, load_previous, organ_key
from .errors import InputError, os_error_text
from .findings import FileResult, Finding
from .model import Report
from .rules.catalog import rule_info

POOL_THRESHOLD = 24  # below this, starting worker processes costs more than it saves


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
    from concurrent.futures import ProcessPoolExecutor  # (loads multiprocessing)

    chunk = max(1, min(32, len(jobs) // (workers * 4)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from _reported(pool.map(run_job, jobs, chunksize=chunk), progress)


def _reported(outcomes: Iterator[Outcome],
              progress: Callable[[Outcome], None] | None) -> Iterator[Outcome]:
    for outcome in outcomes:
        if progress:
            progress(outcome)
        yield outcome


def run_job(job: Job) -> Outcome:
    try:
        return _run(job)
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
    if path is not None:
        return _previous(path), None
    info = rule_info("prev-not-found")
    return None, Finding(rule=info.code, severity=info.severity, field="meta_org",
                         message=f"上年报告中没有「{report.org}」{report.year - 1} 年度的报告，"
                                 f"未能核对上年结转等跨年度关系。",
                         sheet=report.spec.fields["meta_org"].sheet,
                         cell=report.spec.fields["meta_org"].cell)


@functools.lru_cache(maxsize=8)
def _previous(path: str | None) -> Report | None:
    return load_previous(path)
