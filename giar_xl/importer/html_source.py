"""HTML reports (pages saved from a government portal) -> lines.

Block elements become paragraphs; tables become rows over their full grid:
a ``rowspan`` repeats the cell's text in each row below (every row of a group
carries the group label), a ``colspan`` keeps the cell once (a figure spanning
three columns counts once).  The page is parsed by lxml, or by html5lib where
lxml is missing (see :mod:`.trees`).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import InputError
from .files import read_bytes
from .lines import Line
from .trees import contains, parse_html, text_content

_BLOCKS = frozenset({
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "li", "ul",
    "ol", "dl", "dt", "dd", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "br",
    "hr", "center", "title", "form", "figure", "figcaption", "caption", "address",
})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "title"})
_SKIP = frozenset({"script", "style", "noscript", "template", "head", "meta", "link"})
_BOLD = frozenset({"b", "strong"})
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SPACES = re.compile(r"[ \t\r\n\f\u00a0\u3000]+")
LAYOUT_CELL_CHARS = 300


OWN_SUMMARY = ("这是 giar-xl summary 生成的审核汇总网页，不是年度报告。"
               "请把汇总结果存到报告文件夹以外，以免下次汇总时把它当作报告。")
_OWN_SUMMARY_MARK = re.compile(r"""<meta\s+name=["']giar-xl-output["']\s+content=["']summary["']""")


def read_html_file(path: Path) -> list[Line]:
    """The lines of an .html report; InputError if it holds no readable HTML or is a page
    giar-xl summary wrote (a reviewer's earlier output left among the reports)."""
    text = decode_html(read_bytes(path), path)
    if _OWN_SUMMARY_MARK.search(text[:4096]):
        raise InputError(OWN_SUMMARY, str(path))
    return html_lines(text)


def chinese_codec(encoding: str) -> str:
    """GB18030 for a declared GB2312 or GBK, its superset: pages declaring GB2312 often use
    GBK characters."""
    return "gb18030" if encoding.lower() in ("gb2312", "gbk") else encoding


def decode_html(data: bytes, path: Path | None = None) -> str:
    """Decode by BOM, then the declared charset, then UTF-8, then GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    declared = _CHARSET.search(data[:4096])
    candidates = [declared.group(1).decode("ascii").lower()] if declared else []
    for encoding in (*candidates, "utf-8", "gb18030"):
        try:
            return data.decode(chinese_codec(encoding))
        except (UnicodeDecodeError, LookupError):
            continue
    raise InputError("网页文件无法识别其编码。请另存为 UTF-8 编码后再导入。", str(path) if path else None)


def html_lines(text: str) -> list[Line]:
    """Split an HTML document into paragraphs and table rows."""
    text = _XML_DECLARATION.sub("", text)
    if not text.strip():
        return []
    root = parse_html(text)
    if root is None:
        return []
    walker = _Walker()
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.flush()
    return walker.lines


_ENTER, _LEAVE, _TAIL = object(), object(), object()


class _Walker:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.parts: list[str] = []
        self.bold_parts: list[bool] = []
        self.heading = False
        self.paragraphs = 0
        self.tables = 0

    def walk(self, element, bold: bool = False) -> None:
        """Visit ``element`` and its descendants in document order (iteratively: pages
        nest elements deeper than Python's recursion limit)."""
        stack: list[tuple] = [(_ENTER, element, bold)]
        while stack:
            action, node, node_bold = stack.pop()
            if action is _TAIL:
                self._text(node, node_bold)
                continue
            if action is _LEAVE:
                self.flush()
                continue
            tag = node.tag.lower() if isinstance(node.tag, str) else ""
            if tag in _SKIP:
                continue
            if tag == "table":
                self.flush()
                if _is_layout(node):
                    self._layout(node, node_bold)
                else:
                    self._table(node)
                continue
            block = tag in _BLOCKS
            if block:
                self.flush()
            if tag in _HEADINGS:
                self.heading = True
            node_bold = node_bold or tag in _BOLD
            self._text(node.text, node_bold)
            if block:
                stack.append((_LEAVE, node, node_bold))
            for child in reversed(node):
                stack.append((_TAIL, child.tail, node_bold))
                stack.append((_ENTER, child, node_bold))

    def _text(self, text: str | None, bold: bool) -> None:
        if text and text.strip():
            self.parts.append(text)
            self.bold_parts.append(bold)

    def flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self.parts)).strip()
        if text:
            self.paragraphs += 1
            heading = self.heading or all(self.bold_parts)
            self.lines.append(Line(f"第 {self.paragraphs} 段", (text,), heading=heading))
        self.parts, self.bold_parts, self.heading = [], [], False

    def _layout(self, table, bold: bool) -> None:
        """A table used to lay out a page: its cells are blocks of the page."""
        for tr in _own_rows(table):
            for td in tr:
                if isinstance(td.tag, str) and td.tag.lower() in ("td", "th"):
                    self.flush()
                    self.walk(td, bold)
                    self.flush()

    def _table(self, table) -> None:
        self.tables += 1
        for row_no, cells in enumerate(_grid(table), start=1):
            if any(cells):
                self.lines.append(Line(f"表格 {self.tables} 第 {row_no} 行", cells,
                                       structured=True, positional=True))


def _is_layout(table) -> bool:
    """A table that holds a page (nested tables, or a cell of running text), not figures."""
    if contains(table, "table"):
        return True
    return any(len(text_content(td)) > LAYOUT_CELL_CHARS
               for tr in _own_rows(table) for td in tr
               if isinstance(td.tag, str) and td.tag.lower() in ("td", "th"))


def _own_rows(table) -> list:
    """The table's rows, not those of tables nested in its cells (in document order)."""
    rows: list = []

    def visit(element) -> None:
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "tr":
                rows.append(child)
            if tag != "table":
                visit(child)

    visit(table)
    return rows


def _grid(table) -> list[tuple[str, ...]]:
    """Each row's cells over the full grid; a spanned cell keeps one entry per row."""
    rows = _own_rows(table)
    occupied: list[dict[int, int]] = [{} for _ in rows]  # per row: column -> cell number
    texts: list[str] = []
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                continue
            while c in occupied[r]:
                c += 1
            rowspan = min(_span(td.get("rowspan")), len(rows) - r)
            colspan = _span(td.get("colspan"))
            texts.append(_SPACES.sub(" ", text_content(td)).strip())
            for dr in range(rowspan):
                for dc in range(colspan):
                    occupied[r + dr][c + dc] = len(texts) - 1
            c += colspan
    grid: list[tuple[str, ...]] = []
    for row in occupied:
        cells: list[str] = []
        previous = None
        for c in sorted(row):
            if row[c] != previous:
                cells.append(texts[row[c]])
            previous = row[c]
        grid.append(tuple(cells))
    return grid


def _span(raw: str | None) -> int:
    try:
        return max(1, min(int(str(raw).strip()), 200))
    except (TypeError, ValueError):
        return 1
