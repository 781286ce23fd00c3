"""Checking many files: a process pool for large folders, one bad file never stops the rest."""

from __future__ import annotations

import functools
import os
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .annotate import annotate_report, annotate_workbook
from .check import check_result, load, load_previous
from .errors import InputError
from .findings import FileResult
from .model import Report

POOL_THRESHOLD = 24  # below this, starting worker processes costs more than it saves


@dataclass(frozen=True)
class Job:
    path: str
    previous: str | None = None  # last year's report, read once per worker
    annotate_to: str | None = None


@dataclass(frozen=True)
class Outcome:
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
    except Exception as exc:  # a bug must not end a county-wide batch: report it as unusable
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return Outcome(FileResult(path=job.path, unreadable=f"内部错误，请将此文件反馈给开发者：{detail}"))


def _run(job: Job) -> Outcome:
    try:
        read = load(job.path)
    except InputError as exc:
        return Outcome(FileResult(path=job.path, unreadable=exc.message))
    result = check_result(read, job.path, _previous(job.previous))
    if job.annotate_to is None:
        return Outcome(result)
    try:
        if Path(job.path).suffix.lower() in (".xlsx", ".xlsm"):
            written = annotate_workbook(job.path, job.annotate_to, result)
        else:
            written = annotate_report(read.report, job.annotate_to, result)
    except InputError as exc:
        return Outcome(result, problem=exc.message)
    return Outcome(result, annotated=str(written))


@functools.lru_cache(maxsize=2)
def _previous(path: str | None) -> Report | None:
    return load_previous(path)
