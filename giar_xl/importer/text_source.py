"""Plain text and Markdown reports -> lines.

Published reports reach reviewers as text extracted from PDF or web pages:
Markdown-ish headings (``## 二、…``, ``**六、…**``), tables as tab-separated
or multi-space-separated lines, or Markdown pipe tables.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import InputError
from .files import read_bytes
from .lines import Line

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*$")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_WIDE_GAP = re.compile(r"\S(?: {2,}|\u3000{1,})\S")
_GAP_SPLIT = re.compile(r" {2,}|\u3000+")


def read_text_file(path: Path) -> list[Line]:
    """The lines of a .txt or .md report; InputError if it is not text."""
    return text_lines(decode_text(read_bytes(path), path))


def decode_text(data: bytes, path: Path | None = None) -> str:
    """The text of a report file: UTF-8 (with or without BOM), UTF-16 (with or without BOM),
    GBK/GB18030, Big5 — anything else charset-normalizer recognises as text.

    Raises InputError for binary files (Word, PDF, zip) and undecodable bytes.
    """
    where = str(path) if path else None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError("文件不是可读的文本（UTF-16 编码损坏）。", where) from exc
    if data.startswith(_BINARY_SIGNATURES):
        raise InputError("文件不是文本文件（可能是 Word、PDF 或压缩包）。"
                         "请另存为 .txt、.docx 或 .html 后再导入。", where)
    if b"\x00" not in data[:4096]:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        else:
            if _looks_like_text(text):
                return text
    text = _detected(data)
    if text is None or not _looks_like_text(text):
        if b"\x00" in data[:4096]:
            raise InputError("文件不是文本文件（可能是 Word、PDF 或压缩包）。"
                             "请另存为 .txt、.docx 或 .html 后再导入。", where)
        raise InputError("文件不是可读的文本（无法识别其编码）。请另存为 UTF-8 编码的 .txt 后再导入。",
                         where)
    return text


def _detected(data: bytes) -> str | None:
    """``data`` decoded in the encoding charset-normalizer finds most plausible; GBK and
    GB2312 are read as GB18030, their superset."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # the browser page ships without it: Chinese text is GB18030 there
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            return None
    best = from_bytes(data).best()
    if best is None:
        return None
    encoding = best.encoding
    if encoding.replace("_", "").lower() in ("gb2312", "gbk", "hz", "cp936"):
        encoding = "gb18030"
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return str(best)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
_BINARY_SIGNATURES = (b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0", b"{\\rtf")


def _looks_like_text(text: str) -> bool:
    return len(_CONTROL.findall(text)) <= max(2, len(text) // 200)


def text_lines(text: str) -> list[Line]:
    """Split a report's text into lines of cells (Markdown marks removed)."""
    marked: list[tuple[int, str, bool]] = []  # (line number, text, heading)
    for number, raw in enumerate(text.splitlines(), start=1):
        if "-" in raw and _PIPE_SEPARATOR.match(raw):
            continue
        heading = False
        text_line = raw
        if "#" in raw:
            match = _HEADING.match(raw)
            if match:
                heading, text_line = True, match.group(2)
        if "*" in text_line or "_" in text_line:
            bold = _BOLD_LINE.match(text_line)
            if bold:
                heading, text_line = True, bold.group(2)
            text_line = _EMPHASIS.sub(r"\2", text_line)
        if "](" in text_line:
            text_line = _LINK.sub(r"\1", text_line)
        marked.append((number, text_line, heading))
    lines: list[Line] = []
    k = 0
    while k < len(marked):
        end = _bar_cell_block(marked, k)
        if end > k:
            lines += _bar_cell_rows(marked[k:end])
            k = end
            continue
        number, text_line, heading = marked[k]
        lines.append(_line(f"第 {number} 行", text_line, heading))
        k += 1
    return lines


# A table copied from a web page one cell per line: 「行政许可 |」「182 |」, rows separated by
# lines of bars only (「||」「|||」).
_BAR_CELL = re.compile(r"^\s*[^|\s][^|]*\|\s*$")
_BAR_ONLY = re.compile(r"^\s*\|{2,}\s*$")


def _bar_cell_block(marked: list[tuple[int, str, bool]], k: int) -> int:
    """The end of a run of one-cell-per-line rows starting at ``k`` (``k`` when there is none)."""
    end, cells, separators = k, 0, 0
    while end < len(marked):
        text = marked[end][1]
        if _BAR_ONLY.match(text):
            separators += 1
        elif _BAR_CELL.match(text):
            cells += 1
        elif text.strip():
            break
        end += 1
    return end if cells >= 2 and separators >= 1 else k


def _bar_cell_rows(block: list[tuple[int, str, bool]]) -> list[Line]:
    """One row per group of cell lines between separator lines."""
    rows: list[Line] = []
    group: list[tuple[int, str]] = []
    for number, text, _heading in [*block, (0, "||", False)]:
        if _BAR_CELL.match(text):
            group.append((number, text.strip().rstrip("|").strip()))
            continue
        if not _BAR_ONLY.match(text) or not group:
            continue
        first, last = group[0][0], group[-1][0]
        where = f"第 {first} 行" if first == last else f"第 {first}–{last} 行"
        cells = tuple(cell for _n, cell in group)
        rows.append(Line(where, cells, structured=len(cells) >= 2, positional=True))
        group = []
    return rows


_PIPE_CELL_MAX_CHARS = 100


def _pipe_cells(stripped: str) -> tuple[str, ...] | None:
    """The cells of a pipe-table row — 「| a | b |」, 「a | b |」 (copied from a web page) or
    「a | b」 (GFM without outer bars) — or None for text that merely contains a bar."""
    body = stripped[1:] if stripped.startswith("|") else stripped
    body = body[:-1] if body.endswith("|") else body
    cells = tuple(c.strip() for c in body.split("|"))
    if len(cells) < 2 or any(len(c) > _PIPE_CELL_MAX_CHARS for c in cells):
        return None
    return cells


def _line(where: str, text: str, heading: bool) -> Line:
    stripped = text.strip()
    if "|" in stripped:
        cells = _pipe_cells(stripped)
        if cells is not None:
            return Line(where, cells, heading, structured=True, positional=True)
    if "\t" in text:
        cells = tuple(c.strip() for c in text.split("\t"))
        structured = sum(1 for c in cells if c) >= 2
        # between figures, an empty cell (two tabs) is a blank cell of the table
        return Line(where, cells, heading, structured=structured, positional=structured)
    if _WIDE_GAP.search(stripped):
        cells = tuple(c.strip() for c in _GAP_SPLIT.split(stripped))
        candidate = Line(where, cells, heading)
        if candidate.values:  # figures in their own columns: a table row
            return Line(where, cells, heading, structured=True)
    return Line(where, (stripped,), heading)
