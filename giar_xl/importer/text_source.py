"""Plain text and Markdown reports -> lines.

Published reports reach reviewers as text extracted from PDF or web pages:
Markdown-ish headings (``## 二、…``, ``**六、…**``), tables as tab-separated
or multi-space-separated lines, or Markdown pipe tables.
"""

from __future__ import annotations

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
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 text."""
    where = str(path) if path else None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError("文件不是可读的文本（UTF-16 编码损坏）。", where) from exc
    if b"\x00" in data[:4096] or data.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")):
        raise InputError("文件不是文本文件（可能是 Word、PDF 或压缩包）。"
                         "请另存为 .txt、.docx 或 .html 后再导入。",
                         where)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise InputError("文件不是可读的文本（无法识别其编码）。请另存为 UTF-8 编码的 .txt 后再导入。", where)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _looks_like_text(text: str) -> bool:
    return len(_CONTROL.findall(text)) <= max(2, len(text) // 200)


def text_lines(text: str) -> list[Line]:
    """Split a report's text into lines of cells (Markdown marks removed)."""
    lines: list[Line] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        where = f"第 {number} 行"
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
        lines.append(_line(where, text_line, heading))
    return lines


def _line(where: str, text: str, heading: bool) -> Line:
    stripped = text.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        cells = stripped.strip("|").split("|")
        return Line(where, tuple(c.strip() for c in cells), heading, structured=True,
                    positional=True)
    if "\t" in text:
        cells = tuple(c.strip() for c in text.split("\t"))
        return Line(where, cells, heading, structured=sum(1 for c in cells if c) >= 2)
    if _WIDE_GAP.search(stripped):
        cells = tuple(c.strip() for c in _GAP_SPLIT.split(stripped))
        candidate = Line(where, cells, heading)
        if candidate.values:  # figures in their own columns: a table row
            return Line(where, cells, heading, structured=True)
    return Line(where, (stripped,), heading)
