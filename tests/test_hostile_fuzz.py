"""Acceptance: whatever a file holds, ``giar-xl check`` ends with 0, 1 or 2 and a message.

Inputs are the demo report as a workbook, a Word file and text, damaged at random
(hypothesis, derandomized: the same examples every run) in their zip members, their
sheet XML and their lines, plus the known kinds of attack as fixed examples.  Each
runs in a process of its own under hard limits — 10 s and 1 GB of address space —
and must exit 0, 1 or 2, print no traceback and no internal error, and leave the
input's bytes unchanged.
"""

from __future__ import annotations

import hashlib
import itertools
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hostile import add_to_sheet_data, docx_parts, rezip, write_raw_zip, zeros_stream
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from limited import PROBE, LimitedRunner

from giar_xl.demo import demo_report
from giar_xl.export import export_report
from giar_xl.workbook.build import write_workbook

EXAMPLES = 30
SECONDS, MEMORY = 10, 1 << 30
_names = itertools.count()


@dataclass(frozen=True)
class Input:
    """A file to check: how to make it from the module's base files, and its name."""

    suffix: str
    make: tuple  # (builder name, arguments…), see _build
    annotate: bool = False


@pytest.fixture(scope="module")
def bases(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bases")
    report = demo_report()
    return {".xlsx": write_workbook(folder / "demo.xlsx", report=report),
            ".docx": export_report(report, folder / "demo.docx"),
            ".txt": export_report(report, folder / "demo.txt")}


@pytest.fixture(scope="module")
def runner():
    limited = LimitedRunner(SECONDS, MEMORY)
    yield limited
    limited.close()


# -- damage ---------------------------------------------------------------------
_REF = st.one_of(
    st.builds(lambda col, row: f"{col}{row}", st.sampled_from(["A", "D", "CZ", "DA", "XFD", "xfd", "ZZZZ"]),
              st.sampled_from([1, 7, 9999, 10000, 1048576, 1048577, 4294967297])),
    st.sampled_from(["", "A0", "1", "A-1", "&#65;1"]))


def _cell(ref: str, kind: str | None, value: str, prefix: str) -> str:
    attributes = (f' r="{ref}"' if ref else "") + (f' t="{kind}"' if kind else "")
    return f"<{prefix}c{attributes}><{prefix}v>{value}</{prefix}v></{prefix}c>"


_CELL = st.builds(
    _cell, _REF, st.sampled_from([None, "n", "s", "e", "str", "b", "d", "x"]),
    st.sampled_from(["1", "-0", "1e308", "NaN", "#REF!", "999999999", "", "2026-01-12", "a&amp;b"]),
    st.sampled_from(["", "x:"]))
_SHEET_DAMAGE = st.one_of(
    st.builds(lambda row, empties, cells: ("cells", row, empties, cells),
              st.sampled_from(["", ' r="1048576"', ' r="5"', ' r="0"']),
              st.sampled_from([0, 3, 16383]), st.lists(_CELL, min_size=1, max_size=4)),
    st.builds(lambda n, closed: ("comment", n, closed), st.integers(1, 60000), st.booleans()),
    st.builds(lambda at: ("truncate", at), st.floats(0, 1)),
    st.builds(lambda ref: ("dimension", ref), st.sampled_from(["A1:XFD1048576", "XFD1048576", "A", ""])))
_SHEETS = st.integers(1, 8)
_MEMBER_DAMAGE = st.one_of(
    st.builds(lambda i: ("drop", i), st.integers(0, 30)),
    st.builds(lambda i, data: ("replace", i, data), st.integers(0, 30), st.binary(max_size=64)),
    st.builds(lambda i, at: ("cut", i, at), st.integers(0, 30), st.floats(0, 1)),
    st.builds(lambda i: ("twin", i), st.integers(0, 30)),
    st.builds(lambda flips: ("flip", flips), st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)),
                                                      min_size=1, max_size=8)))
_LINE_DAMAGE = st.lists(st.one_of(
    st.builds(lambda at: ("delete", at), st.floats(0, 1)),
    st.builds(lambda at, n: ("repeat", at, n), st.floats(0, 1), st.integers(2, 50)),
    st.builds(lambda at, text: ("insert", at, text), st.floats(0, 1), st.text(max_size=80)),
    st.builds(lambda at, n: ("numbers", at, n), st.floats(0, 1), st.integers(1, 2000)),
), min_size=1, max_size=6)

HOSTILE = st.one_of(
    st.builds(lambda sheet, damage, annotate: Input(".xlsx", ("sheet", sheet, damage), annotate),
              _SHEETS, _SHEET_DAMAGE, st.booleans()),
    st.builds(lambda suffix, damage: Input(suffix, ("member", damage)),
              st.sampled_from([".xlsx", ".docx"]), _MEMBER_DAMAGE),
    st.builds(lambda damage: Input(".txt", ("lines", damage)), _LINE_DAMAGE),
)

AMPLIFIED = b"".join(b'<row r="%d"><c r="B%d" t="s"><v>0</v></c></row>' % (r, r) for r in range(100, 6100))
BIG_STRING = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
              + b"x" * (1 << 20) + b"</t></si></sst>")


@settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(HOSTILE)
@example(Input(".xlsx", ("sheet", 4, ("cells", ' r="1048576"', 0, ['<c r="XFD1048576"><v>1</v></c>']))))
@example(Input(".xlsx", ("sheet", 4, ("cells", ' r="1048576"', 0, ['<c r="XFD1048576"><v>1</v></c>'])),
               annotate=True))
@example(Input(".xlsx", ("sheet", 4, ("comment", 60000, True))))  # error scan: was > 300 s
@example(Input(".xlsx", ("strings",)))  # one shared string copied into 6,000 cells: 6 GB
@example(Input(".docx", ("raw", 2253 << 20)))  # document.xml of 2.2 GB, declared
@example(Input(".docx", ("raw", 10_000)))  # … declared as 10 KB
def test_any_input_ends_in_a_message_within_limits(bases, runner, tmp_path_factory, hostile):
    folder = tmp_path_factory.mktemp("in")
    path = _build(hostile, bases, folder / f"input{next(_names)}{hostile.suffix}")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    args = ["check", str(path)] + (["--annotate", str(folder / "out.xlsx")] if hostile.annotate else [])
    run = runner.run(*args)
    assert not run.timed_out, f"over {SECONDS} s: {hostile}"
    assert run.signal is None, f"killed by signal {run.signal}: {hostile}\n{run.output}"
    assert run.code in (0, 1, 2), f"exit {run.code}: {hostile}\n{run.output}"
    for words in ("Traceback", "内部错误", "内存不足", "MemoryError"):
        assert words not in run.output, f"{hostile}\n{run.output}"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def _build(hostile: Input, bases: dict[str, Path], path: Path) -> Path:
    how, *args = hostile.make
    base = bases[hostile.suffix]
    if how == "sheet":
        sheet, damage = args
        return rezip(base, path, {f"xl/worksheets/sheet{sheet}.xml": lambda xml: _damage_sheet(xml, damage)})
    if how == "strings":
        return rezip(base, path, {"xl/worksheets/sheet4.xml": lambda xml: add_to_sheet_data(xml, AMPLIFIED)},
                     {"xl/sharedStrings.xml": BIG_STRING})
    if how == "raw":
        parts = docx_parts(b"<w:document/>")
        return write_raw_zip(path, [parts[0], replace(parts[1], data=zeros_stream(2253), size=args[0])])
    if how == "member":
        return _damage_members(base, path, args[0])
    lines = base.read_text(encoding="utf-8").split("\n")
    for damage in args[0]:
        _damage_lines(lines, damage)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _damage_sheet(xml: bytes, damage: tuple) -> bytes:
    kind, *args = damage
    if kind == "cells":
        row, empties, cells = args
        return add_to_sheet_data(xml, f"<row{row}>".encode() + b"<c/>" * empties
                                 + "".join(cells).encode() + b"</row>")
    if kind == "comment":
        n, closed = args
        return add_to_sheet_data(xml, b"<!-- " + b'<c r="A1" t="e">' * n + (b" -->" if closed else b""))
    if kind == "truncate":
        return xml[:int(len(xml) * args[0])]
    return xml.replace(b'<dimension ref="', b'<dimension ref="' + args[0].encode() + b'" x="', 1)


def _damage_members(base: Path, path: Path, damage: tuple) -> Path:
    kind, *args = damage
    if kind == "flip":
        data = bytearray(base.read_bytes())
        for at, value in args[0]:
            data[min(int(at * len(data)), len(data) - 1)] = value
        path.write_bytes(bytes(data))
        return path
    with zipfile.ZipFile(base) as z:
        names = z.namelist()
    name = names[args[0] % len(names)]
    if kind == "drop":
        return rezip(base, path, {name: None})
    if kind == "replace":
        return rezip(base, path, {name: args[1]})
    if kind == "cut":
        return rezip(base, path, {name: lambda data: data[:int(len(data) * args[1])]})
    return rezip(base, path, {}, {name.upper() if name != name.upper() else name.lower(): b"<x/>"})


def _damage_lines(lines: list[str], damage: tuple) -> None:
    kind, at, *args = damage
    i = min(int(at * len(lines)), len(lines) - 1)
    if kind == "delete":
        del lines[i]
    elif kind == "repeat":
        lines[i:i + 1] = [lines[i]] * args[0]
    elif kind == "insert":
        lines.insert(i, args[0])
    else:
        lines.insert(i, "\t".join(str(n) for n in range(args[0])))


def test_the_harness_enforces_its_limits(runner, bases, tmp_path):
    """A run over its time is killed; each run's address space is limited."""
    assert runner.run("check", str(bases[".xlsx"])).code == 0
    assert runner.run(PROBE).output.strip() == str(MEMORY)
    for i in range(40):  # checked one by one: over 0.2 s on any machine
        (tmp_path / f"{i}.xlsx").write_bytes(bases[".xlsx"].read_bytes())
    hurried = LimitedRunner(seconds=0.05)
    try:
        assert hurried.run("check", str(tmp_path), "--workers", "1").timed_out
    finally:
        hurried.close()
