"""Random damage to a report never crashes the importer and never invents a figure.

Damage as PDF extraction and retyping cause it: deleted lines, cells swapped
within a row, garbled characters in labels, extra blank lines, truncated rows.
For every damaged text:

* importing it either succeeds or refuses the file with an InputError;
* every figure it reports is a number printed on the source line it cites;
* every field it could not read has a finding at that row or table;
* every printed row of figures is either the source of some field or named by a finding.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from conftest import BEILIU_SEED, BEISHE_SEED, seed_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giar_xl.errors import InputError
from giar_xl.importer import import_text_content
from giar_xl.model import parse_number
from giar_xl.spec import load_spec

# the clean 北留镇 report, and 北社乡 whose damage the importer already works around
BASES = [seed_text(path).split("\n") for path in (BEILIU_SEED, BEISHE_SEED)]
SPEC = load_spec()
pytestmark = pytest.mark.seeds
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LINE_REF = re.compile(r"第 (\d+) 行")
EXAMPLES = 300


@st.composite
def garbled(draw, text: str) -> str:
    chars = list(text)
    how = draw(st.sampled_from(["shuffle", "drop", "replace", "spaces"]))
    if how == "shuffle":
        return "".join(draw(st.permutations(chars)))
    if how == "drop":
        keep = draw(st.lists(st.booleans(), min_size=len(chars), max_size=len(chars)))
        return "".join(c for c, k in zip(chars, keep, strict=True) if k)
    if how == "replace":
        at = draw(st.integers(0, max(0, len(chars) - 1)))
        chars[at:at + 1] = [draw(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5))]
        return "".join(chars)
    gaps = draw(st.lists(st.integers(0, len(chars)), max_size=3))
    for at in sorted(gaps, reverse=True):
        chars.insert(at, " ")
    return "".join(chars)


@st.composite
def damaged_text(draw) -> str:
    lines = list(draw(st.sampled_from(BASES)))
    table_lines = [i for i, line in enumerate(lines) if "\t" in line]
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "swap", "garble", "blank", "truncate"]))
        table_bias = draw(st.booleans())
        if table_bias:
            i = draw(st.sampled_from(table_lines))
            i = min(i, len(lines) - 1)
        else:
            i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "blank":
            lines[i:i] = [""] * draw(st.integers(1, 3))
        elif op == "truncate":
            lines[i] = lines[i][:draw(st.integers(0, len(lines[i])))]
        elif op == "swap":
            cells = lines[i].split("\t")
            if len(cells) >= 2:
                a = draw(st.integers(0, len(cells) - 1))
                b = draw(st.integers(0, len(cells) - 1))
                cells[a], cells[b] = cells[b], cells[a]
                lines[i] = "\t".join(cells)
        else:
            cells = lines[i].split("\t")
            labels = [k for k, c in enumerate(cells) if _CJK.search(c)]
            if labels:
                k = draw(st.sampled_from(labels))
                cells[k] = draw(garbled(cells[k]))
                lines[i] = "\t".join(cells)
    return "\n".join(lines)


def _numbers_on(line: str) -> set:
    tokens = re.split(r"[\s|]+", unicodedata.normalize("NFKC", line))
    return {parse_number(t) for t in tokens if t} - {None}


def _data_rows(lines: list[str]) -> list[int]:
    """1-based numbers of lines printed as table rows of figures (tab cells ending in a number)."""
    rows = []
    for n, line in enumerate(lines, start=1):
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if "\t" in line and len(cells) >= 2 and re.fullmatch(r"\d+", cells[-1]):
            rows.append(n)
    return rows


def _explained(fid: str, findings) -> bool:
    f = SPEC.fields[fid]
    for g in findings:
        if g.field is None:
            continue
        other = SPEC.fields[g.field]
        if g.field == fid:
            return True
        if f.table and other.table == f.table and (
                g.rule in ("import-table-missing", "import-row-missing")  # a run of rows
                or other.row == f.row):
            return True
        if g.rule in ("import-section-missing", "import-title") and other.sheet == f.sheet:
            return True
    return False


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(damaged_text())
def test_random_damage_never_crashes_and_never_invents_figures(text):
    try:
        result = import_text_content(text, source="damaged.txt")
    except InputError as exc:
        assert str(exc)  # a refusal with a reason is fine; anything else is a crash
        return
    lines = text.split("\n")
    report = result.report
    cited: set[int] = set()
    for fid, f in SPEC.fields.items():
        if not f.table or report[fid] is None:
            continue
        origin = report.origin(fid)
        assert origin, fid
        number = int(_LINE_REF.match(origin).group(1))
        cited.add(number)
        value = report[fid]
        if isinstance(value, str):
            assert value in lines[number - 1], (fid, value, origin)
        else:
            assert value in _numbers_on(lines[number - 1]), (fid, value, origin)
    for fid in report.unreadable:
        assert report[fid] is None, fid
        assert _explained(fid, result.findings), (fid, [(g.rule, g.field) for g in result.findings])
    named = {int(n) for g in result.findings for n in _LINE_REF.findall(g.source or "")}
    for number in _data_rows(lines):
        assert number in cited or number in named, (number, lines[number - 1])
