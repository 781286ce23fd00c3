"""PDF reports -> lines, read with pdfplumber.

A published PDF is text placed on pages: ruled tables become grids (the cells
pdfplumber's table finder draws from the rulings, each cell's text read from
the characters inside it), everything else becomes lines of running text in
reading order.  What belongs to the page rather than the report is dropped:
page numbers and running headers or footers (text in the top or bottom band of
the pages that repeats from page to page).  A table that runs over a page
break is joined again: the header rows Word repeats on the new page are
dropped, and a group label whose merged cell the break cut (「（三）不予公开」
continued on the next page, printed blank there) carries on into the rows
below it.  A PDF without text (a scan) is refused with a message: its figures
cannot be read without OCR.
"""

from __future__ import annotations

import bisect
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .furniture import is_page_number
from .lines import Line, value_kind

MAX_PAGES = 300
MARGIN_BAND = 0.12  # running headers and footers live in this fraction at the top and bottom
HEADING_SIZE = 1.15  # a line in a font this much larger than the body text is a heading
COLUMN_TOLERANCE = 3.0  # points: two tables with column edges this close are one table
_CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
_BROKEN = "无法打开 PDF 文件：文件已损坏，或不是 PDF。"
_SCAN = ("这个 PDF 是扫描件（每页只有图片，没有文字层），无法读取其中的文字和数字。"
         "请向发布机关索取文字版的 PDF、Word 或网页版本，或先用 OCR 软件把它识别为文字后再导入。")


@dataclass
class _Grid:
    """A ruled table: its column edges and, per grid row, the cell covering each column."""

    xs: list[float]
    rows: list[list[int]]  # grid row -> grid column -> cell number
    texts: list[str]  # cell number -> text

    def printed_rows(self) -> list[tuple[str, ...]]:
        """Each row's cells: a horizontal span once, a vertical span repeated in every row."""
        found = []
        for row in self.rows:
            cells, previous = [], None
            for cell in row:
                if cell != previous:
                    cells.append(self.texts[cell] if cell >= 0 else "")
                previous = cell
            found.append(tuple(cells))
        return found


@dataclass
class _Block:
    """A line of running text or a table, where it is on its page."""

    page: int
    top: float
    bottom: float
    text: str = ""
    size: float = 0.0
    grid: _Grid | None = None
    parts: list[tuple[int, _Grid]] = field(default_factory=list)  # (page, grid) once joined


def read_pdf_file(path: Path) -> list[Line]:
    """The lines of a PDF report; InputError for a damaged, encrypted or scanned PDF."""
    try:
        import pdfplumber
    except ImportError as exc:  # the browser page ships without it
        raise InputError("这里不能读取 PDF：请把 PDF 中的文字全部复制到一个 .txt 文件"
                         "（或用 Word 另存为 .docx）后再打开，或用 giar-xl 命令行审核 PDF 报告。",
                         str(path)) from exc

    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise InputError(f"PDF 有 {len(pdf.pages)} 页，超过 {MAX_PAGES} 页，不是一份年度报告。",
                                 str(path))
            pages = [_page_blocks(page, number) for number, page in
                     enumerate(pdf.pages, start=1)]
    except InputError:
        raise
    except OSError as exc:
        raise InputError(f"无法读取文件：{exc.strerror or exc}", str(path)) from exc
    except Exception as exc:  # pdfminer raises many kinds of error on a damaged file
        if _encrypted(exc):
            raise InputError("PDF 文件设有密码，无法读取。请提供未加密的版本。", str(path)) from exc
        raise InputError(_BROKEN, str(path)) from exc
    blocks = [b for page in pages for b in page[0]]
    if not any(b.text or b.grid for b in blocks):
        if any(images for _blocks, images in pages):
            raise InputError(_SCAN, str(path))
        raise InputError("PDF 中没有文字，无法导入。", str(path))
    blocks = _without_running_lines(blocks, len(pages))
    return _lines(_joined_tables(blocks))


def _encrypted(exc: BaseException) -> bool:
    """pdfminer's password errors, also as pdfplumber wraps them."""
    seen = [exc, exc.__cause__, exc.__context__, *(a for a in exc.args
                                                    if isinstance(a, BaseException))]
    return any(type(e).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError",
                                    "PDFEncryptionWarning") for e in seen if e is not None)


def _page_blocks(page, number: int) -> tuple[list[_Block], bool]:
    """(the page's text lines and tables in reading order, whether it holds images)."""
    tables = [t for t in page.find_tables() if _is_table(t.cells)]
    grids = []
    table_chars: list[list[dict]] = [[] for _ in tables]
    boxes = [t.bbox for t in tables]

    def in_table(obj) -> int:
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        for k, (x0, top, x1, bottom) in enumerate(boxes):
            if x0 <= x <= x1 and top <= y <= bottom:
                return k
        return -1

    free = []
    for char in page.chars:
        k = in_table(char) if boxes else -1
        if k >= 0:
            table_chars[k].append(char)
        else:
            free.append(char)
    for table, chars in zip(tables, table_chars, strict=True):
        grids.append(_grid(table.cells, chars))
    blocks = [_Block(number, t.bbox[1], t.bbox[3], grid=g) for t, g in zip(tables, grids,
                                                                           strict=True)]
    for line in _text_lines(free):
        blocks.append(_Block(number, line[0], line[1], text=line[2], size=line[3]))
    blocks.sort(key=lambda b: b.top)
    page_height = float(page.height)
    for block in blocks:
        block.top /= page_height
        block.bottom /= page_height
    return blocks, bool(page.images)


def _is_table(cells: list[tuple[float, float, float, float]]) -> bool:
    """Four cells or more, or a label ruled beside its text (one form row: 「存在的主要问题及
    改进情况 | …」); a lone ruled box is a frame around text, not a table."""
    return len(cells) >= 4 or (len(cells) >= 2 and len(_edges([c[0] for c in cells])) >= 2)


def _text_lines(chars: list[dict]) -> list[tuple[float, float, str, float]]:
    """(top, bottom, text, font size) of each line of ``chars`` (upright text, by rows)."""
    if not chars:
        return []
    from pdfplumber.utils.text import WordExtractor

    extractor = WordExtractor(keep_blank_chars=False, use_text_flow=False)
    lines = []
    words = extractor.extract_words(chars)
    words.sort(key=lambda w: (round(w["top"]), w["x0"]))
    current: list[dict] = []
    for word in words:
        if current and abs(word["top"] - current[-1]["top"]) > max(2.0, 0.5 * _height(word)):
            lines.append(_line_of(current))
            current = []
        current.append(word)
    if current:
        lines.append(_line_of(current))
    return lines


def _height(obj) -> float:
    return obj["bottom"] - obj["top"]


def _line_of(words: list[dict]) -> tuple[float, float, str, float]:
    words = sorted(words, key=lambda w: w["x0"])
    text = ""
    for word in words:
        text = _join(text, word["text"])
    return (min(w["top"] for w in words), max(w["bottom"] for w in words), text.strip(),
            max(_height(w) for w in words))


def _join(left: str, right: str) -> str:
    """Two pieces of one cell or line: CJK runs join without a space, others with one."""
    if not left:
        return right
    if _CJK.match(right[:1]) or _CJK.match(left[-1:]):
        return left + right
    return f"{left} {right}"


def _grid(cells: list[tuple[float, float, float, float]], chars: list[dict]) -> _Grid:
    """The table's cells over the grid their edges make, with each cell's text."""
    xs = _edges([c[0] for c in cells] + [c[2] for c in cells])
    ys = _edges([c[1] for c in cells] + [c[3] for c in cells])
    occupied = [[-1] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    for n, (x0, top, x1, bottom) in enumerate(cells):
        for r in range(_at(ys, top), _at(ys, bottom)):
            for c in range(_at(xs, x0), _at(xs, x1)):
                occupied[r][c] = n
    texts, outside = _cell_texts(cells, chars)
    _unruled_cells(xs, ys, occupied, texts, outside)
    rows = [row for row in occupied if any(cell >= 0 for cell in row)]
    return _Grid(xs, rows, texts)


def _unruled_cells(xs: list[float], ys: list[float], occupied: list[list[int]],
                   texts: list[str], chars: list[dict]) -> None:
    """Text inside the table's box but in no ruled cell (a label printed beside a ruled
    column, like a workbook's 「总计应为」 over its grey cells) becomes a cell of its own at
    its place in the grid, so the column it names is known."""
    slots: dict[tuple[int, int], list[dict]] = {}
    for char in chars:
        x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        r = min(max(bisect.bisect_right(ys, y) - 1, 0), len(occupied) - 1)
        c = min(max(bisect.bisect_right(xs, x) - 1, 0), len(xs) - 2)
        if occupied[r][c] < 0:
            slots.setdefault((r, c), []).append(char)
    for (r, c), found in slots.items():
        occupied[r][c] = len(texts)
        texts.append(_chars_text(found))


def _edges(values: list[float]) -> list[float]:
    """Distinct edges (those within a point of each other are one)."""
    found: list[float] = []
    for value in sorted(values):
        if not found or value - found[-1] > 1.0:
            found.append(value)
    return found


def _at(edges: list[float], value: float) -> int:
    """The index of the edge nearest ``value``."""
    k = bisect.bisect_left(edges, value)
    if k > 0 and (k == len(edges) or value - edges[k - 1] < edges[k] - value):
        return k - 1
    return k


def _cell_texts(cells, chars: list[dict]) -> tuple[list[str], list[dict]]:
    """(each cell's text: its characters by lines, the lines joined; the characters in
    no cell)."""
    inside: list[list[dict]] = [[] for _ in cells]
    outside: list[dict] = []
    order = sorted(range(len(cells)), key=lambda n: (cells[n][1], cells[n][0]))
    for char in chars:
        x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        for n in order:
            x0, top, x1, bottom = cells[n]
            if x0 <= x <= x1 and top <= y <= bottom:
                inside[n].append(char)
                break
        else:
            outside.append(char)
    return [_chars_text(c) for c in inside], outside


def _chars_text(chars: list[dict]) -> str:
    if not chars:
        return ""
    from pdfplumber.utils import extract_text

    text = ""
    for line in extract_text(chars).splitlines():
        text = _join(text, line.strip())
    return text.strip()


# --------------------------------------------------------------------------- pages

def _without_running_lines(blocks: list[_Block], pages: int) -> list[_Block]:
    """Without page numbers, and without the running headers and footers: text in the top or
    bottom band of the page that repeats (digits aside) on more than one page."""
    def banded(block: _Block) -> bool:
        return block.grid is None and (block.bottom <= MARGIN_BAND or block.top >= 1 - MARGIN_BAND)

    def key(text: str) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))

    seen = Counter()
    for block in blocks:
        if banded(block):
            seen[key(block.text)] += 1
    return [b for b in blocks
            if not (b.grid is None and is_page_number(b.text))
            and not (banded(b) and pages > 1 and seen[key(b.text)] > 1)]


def _joined_tables(blocks: list[_Block]) -> list[_Block]:
    """Tables continued on the next page joined to their first part."""
    kept: list[_Block] = []
    for block in blocks:
        previous = kept[-1] if kept else None
        if (block.grid is not None and previous is not None and previous.grid is not None
                and block.page == previous.page + 1
                and _first_on_page(block, kept) and _same_columns(previous.grid, block.grid)):
            _continue(previous, block)
            continue
        if block.grid is not None:
            block.parts = [(block.page, block.grid)]
        kept.append(block)
    return kept


def _first_on_page(block: _Block, kept: list[_Block]) -> bool:
    return not any(b.page == block.page for b in kept)


def _same_columns(a: _Grid, b: _Grid) -> bool:
    return len(a.xs) == len(b.xs) and all(abs(x - y) <= COLUMN_TOLERANCE
                                          for x, y in zip(a.xs, b.xs, strict=True))


def _continue(first: _Block, block: _Block) -> None:
    """Append the table of ``block`` to the table ``first`` it continues."""
    head = first.parts[0][1]
    grid = block.grid
    head_rows = [_characters(r) for r in head.printed_rows()]
    rows = [_characters(r) for r in grid.printed_rows()]
    repeated = 0
    while (repeated < len(rows) and repeated < len(head_rows)
           and rows[repeated] == head_rows[repeated] and any(rows[repeated])):
        repeated += 1
    grid.rows = grid.rows[repeated:]
    last = first.parts[-1][1]
    if grid.rows and last.rows:
        _carry_group_labels(last, grid)
    first.parts.append((block.page, grid))
    first.page = block.page


def _characters(cells: tuple[str, ...]) -> tuple[str, ...]:
    """A row's cells as sorted characters: a repeated header row is the same row even when
    its vertical text is read in another order on the new page."""
    return tuple("".join(sorted(c.replace(" ", ""))) for c in cells)


def _carry_group_labels(last: _Grid, grid: _Grid) -> None:
    """Blank label cells at the top of a continued table take the label of the cell above
    them on the previous page (a merged group cell the page break cut)."""
    top_cells = set(grid.rows[0])
    for column, cell in enumerate(grid.rows[0]):
        if cell < 0 or grid.texts[cell] or cell not in top_cells:
            continue
        above = last.rows[-1][column]
        text = last.texts[above] if above >= 0 else ""
        if text and value_kind(text, structured=True) is None:
            grid.texts[cell] = text
        top_cells.discard(cell)


def _lines(blocks: list[_Block]) -> list[Line]:
    sizes = [b.size for b in blocks if b.text and b.size]
    body = statistics.median(sizes) if sizes else 0.0
    lines: list[Line] = []
    counters: Counter = Counter()
    tables = 0
    for block in blocks:
        if block.grid is None:
            counters[block.page] += 1
            lines.append(Line(f"第 {block.page} 页第 {counters[block.page]} 行", (block.text,),
                              heading=bool(body) and block.size >= HEADING_SIZE * body))
            continue
        tables += 1
        for page, grid in block.parts:
            for row_no, cells in enumerate(grid.printed_rows(), start=1):
                if any(cells):
                    lines.append(Line(f"第 {page} 页表格 {tables} 第 {row_no} 行", cells,
                                      structured=True, positional=True))
    return lines
