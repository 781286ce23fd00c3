"""The WPS 表格 add-in's buttons: the Excel add-in's code, on WPS's ET object model.

WPS runs its add-ins (jsaddons) as web pages whose JavaScript reaches the
open workbook through ``window.Application`` — an object model that copies
Excel's (``ActiveWorkbook``, ``Worksheet.Range``, ``Range.Value2``,
``Interior.Color``, ``Comment``, ``Protect``…).  The add-in's page runs
giar-xl in Pyodide, and this module lets the Excel add-in's buttons
(:mod:`giar_xl.excel.buttons`) work on that object model unchanged:

* :class:`EtBook` and friends wrap the ET objects in the small part of the
  xlwings API the buttons, :class:`~giar_xl.excel.source.BookCellSource` and
  :class:`~giar_xl.excel.painting.Painter` use;
* :class:`WpsEngine` is the engine for such a book (registered in
  :data:`giar_xl.excel.engine.ENGINES`): Excel's COM engine, whose calls work
  on ET as they are except a few; message boxes are the page's
  ``alert``/``confirm``.

So 校验 and 清除标记 read with the same reader, run the same rules and apply
the same mark plan as in Excel.  导出 differs only where the page must: Word
needs python-docx, which needs lxml (no WebAssembly build), so the report is
written as the web page ``giar-xl export`` makes, next to the workbook,
through WPS's ``FileSystem`` API; WPS 文字 opens it and saves it as .docx.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path, PureWindowsPath
from types import SimpleNamespace
from typing import Any

from .. import __version__
from ..cells import cell_name
from ..excel import buttons
from ..excel.engine import ENGINES, Capabilities, ComEngine
from ..marks import NOTE_PREFIX, link_target, note_size
from ..workbook.design import SUSPECT_BORDER
from . import edges

WPS = "wps"
XL_NONE = -4142  # xlColorIndexNone / xlNone
XL_SHIFT_UP = -4162
XL_EDGES = (7, 8, 9, 10)  # xlEdgeLeft, xlEdgeTop, xlEdgeBottom, xlEdgeRight
XL_CONTINUOUS = 1
# Border weights (xlwings' names, as painting.designed_border gives them) as XlBorderWeight.
XL_WEIGHTS = {"hairline": 1, "thin": 2, "medium": -4138, "thick": 4}
# Worksheet.Protect(Password, DrawingObjects, Contents, Scenarios, UserInterfaceOnly, then
# the Allow… options in this order) — positional: a JavaScript call has no keywords.
PROTECT_ORDER = ("DrawingObjects", "Contents", "Scenarios", None, "AllowFormattingCells",
                 "AllowFormattingColumns", "AllowFormattingRows", "AllowInsertingColumns",
                 "AllowInsertingRows", "AllowInsertingHyperlinks", "AllowDeletingColumns",
                 "AllowDeletingRows", "AllowSorting", "AllowFiltering", "AllowUsingPivotTables")


# -- values between JavaScript and Python ----------------------------------------------
def _py(value: Any) -> Any:
    """A value read from the ET object model as plain Python: arrays become lists,
    JavaScript's null and undefined None; objects stay proxies."""
    if value is None:
        return None
    try:
        from pyodide.ffi import JsArray, jsnull
    except ImportError:  # plain CPython: values are Python already
        return value
    if value is jsnull:
        return None
    return value.to_py() if isinstance(value, JsArray) else value


def grid_of(value: Any) -> list[list[Any]]:
    """``Range.Value2`` as rows: a scalar for one cell, rows of values for a block."""
    value = _py(value)
    if not isinstance(value, list):
        return [[_cell(value)]]
    if value and not isinstance(value[0], list):
        return [[_cell(v) for v in value]]
    return [[_cell(v) for v in row] for row in value]


def _cell(value: Any) -> Any:
    value = _py(value)
    return None if value == "" else value


def _js(value: Any) -> Any:
    """A Python value (or rows of them) for ``Range.Value2``."""
    from pyodide.ffi import to_js

    if isinstance(value, list):
        return to_js([["" if v is None else v for v in row] for row in value])
    return "" if value is None else value


def bgr(hex_rgb: str) -> int:
    """``#RRGGBB`` as the number ``Interior.Color`` holds (red in the low byte)."""
    rgb = int(hex_rgb.lstrip("#"), 16)
    return ((rgb & 0xFF) << 16) | (rgb & 0xFF00) | (rgb >> 16)


# -- the ET object model in xlwings' shape -------------------------------------------------
class EtApp:
    """``book.app``: alerts, questions and screen updating."""

    engine = SimpleNamespace(name=WPS)

    def __init__(self, application: Any, window: Any):
        self.api, self.window = application, window

    def alert(self, text: str, title: str, buttons: str = "ok", mode: str = "info") -> str:
        message = f"{title}\n\n{text}"
        if buttons == "yes_no":
            return "yes" if self.window.confirm(message) else "no"
        self.window.alert(message)
        return "ok"

    @contextlib.contextmanager
    def properties(self, screen_updating: bool = True) -> Iterator[None]:
        before = self.api.ScreenUpdating
        self.api.ScreenUpdating = screen_updating
        try:
            yield
        finally:
            self.api.ScreenUpdating = before


class EtBook:
    """The active workbook of WPS 表格, as the buttons expect an :class:`xlwings.Book`."""

    def __init__(self, application: Any, window: Any, workbook: Any = None):
        self.app = EtApp(application, window)
        self.api = workbook if workbook is not None else application.ActiveWorkbook
        self.name = self.api.Name
        self.fullname = self.api.FullName or self.name
        self.sheets = EtSheets(self.api.Worksheets)

    @property
    def names(self) -> list[SimpleNamespace]:
        found = []
        collection = self.api.Names
        for i in range(1, collection.Count + 1):
            name = collection.Item(i)
            found.append(SimpleNamespace(name=name.Name, refers_to=name.RefersTo))
        return found


class EtSheets:
    def __init__(self, worksheets: Any):
        self._sheets = [EtSheet(worksheets.Item(i)) for i in range(1, worksheets.Count + 1)]

    def __iter__(self) -> Iterator[EtSheet]:
        return iter(self._sheets)

    def __len__(self) -> int:
        return len(self._sheets)

    def __getitem__(self, key: str | int) -> EtSheet:
        if isinstance(key, int):
            return self._sheets[key]
        for sheet in self._sheets:
            if sheet.name == key:
                return sheet
        raise KeyError(key)


class EtSheet:
    def __init__(self, worksheet: Any):
        self.api = worksheet
        self.name = worksheet.Name

    @property
    def used_range(self) -> EtRange:
        return EtRange(self.api.UsedRange)

    def range(self, first: str | tuple[int, int], last: tuple[int, int] | None = None) -> EtRange:
        if isinstance(first, tuple):
            address = cell_name(*first)
            if last is not None and tuple(last) != tuple(first):
                address += ":" + cell_name(*last)
        else:
            address = first
        return EtRange(self.api.Range(address))


class EtRange:
    def __init__(self, rng: Any):
        self.api = rng

    @property
    def row(self) -> int:
        return int(self.api.Row)

    @property
    def column(self) -> int:
        return int(self.api.Column)

    def options(self, ndim: int | None = None, **_options: Any) -> EtRange:
        """xlwings' options: ``ndim=2`` always gives rows (errors come as ET gives them)."""
        rng = EtRange(self.api)
        rng._ndim = ndim
        return rng

    _ndim: int | None = None

    @property
    def value(self) -> Any:
        rows = grid_of(self.api.Value2)
        if self._ndim != 2 and len(rows) == 1 and len(rows[0]) == 1:
            return rows[0][0]
        return rows

    @value.setter
    def value(self, value: Any) -> None:
        self.api.Value2 = _js(value)

    @property
    def color(self) -> None:
        raise NotImplementedError("fills are only written")

    @color.setter
    def color(self, hex_rgb: str | None) -> None:
        if hex_rgb is None:
            self.api.Interior.ColorIndex = XL_NONE
        else:
            self.api.Interior.Color = bgr(hex_rgb)

    @property
    def note(self) -> EtNote | None:
        comment = _py(self.api.Comment)
        return EtNote(comment) if comment is not None else None

    def delete(self, shift: str = "up") -> None:
        self.api.Delete(XL_SHIFT_UP)

    @property
    def rows(self) -> SimpleNamespace:
        return SimpleNamespace(autofit=lambda: self.api.Rows.AutoFit())


class EtNote:
    def __init__(self, comment: Any):
        self.api = comment

    @property
    def text(self) -> str:
        return str(self.api.Text())

    @text.setter
    def text(self, text: str) -> None:
        self.api.Text(text)

    def delete(self) -> None:
        self.api.Delete()


# -- the engine ------------------------------------------------------------------------------
class WpsEngine(ComEngine):
    """WPS 表格 through its JavaScript object model, which copies Excel's: what COM does
    (lifting and restoring protection, named styles, notes) works alike, except for calls
    with named arguments (JavaScript has none) and how notes are listed and sized."""

    caps = Capabilities(client="WPS", notes=True, clear_fill=True, local_files=False,
                        borders=True)

    def protect(self, ws: Any, options: dict[str, bool]) -> None:
        ws.Protect(None, *(options.get(key, False) if key else False for key in PROTECT_ORDER))

    def frame(self, rng: EtRange) -> None:
        _outline(rng.api, "thick", SUSPECT_BORDER)

    def unframe(self, rng: EtRange, style_name: str | None,
                border: tuple[str, str] | None) -> None:
        if style_name is not None:
            try:
                rng.api.Style = style_name  # the named style holds the designed border
                return
            except Exception:  # noqa: BLE001 - the style is gone (saved by another program)
                pass
        if border is None:
            for edge in XL_EDGES:
                rng.api.Borders.Item(edge).LineStyle = XL_NONE
        else:
            _outline(rng.api, *border)

    def add_link(self, cell: EtRange, sheet: str, address: str, text: str) -> None:
        ws = cell.api.Worksheet
        ws.Hyperlinks.Add(cell.api, "", link_target(sheet, address), f"转到 {text}", text)

    def add_note(self, cell: EtRange, text: str) -> None:
        comment = cell.api.AddComment(text)
        comment.Shape.Width, comment.Shape.Height = note_size(text)

    def existing_notes(self, sheet: EtSheet, candidates: Iterable[str],
                       ours: set[str]) -> dict[str, bool]:
        found = {}
        comments = sheet.api.Comments
        for i in range(1, comments.Count + 1):
            comment = comments.Item(i)
            address = str(comment.Parent.Address).replace("$", "")
            found[address] = str(comment.Text()).startswith(NOTE_PREFIX)
        return found


def _outline(rng: Any, weight: str, rgb: str) -> None:
    """A continuous border of ``weight`` (xlwings' name) and colour around ``rng``."""
    for edge in XL_EDGES:
        border = rng.Borders.Item(edge)
        border.LineStyle = XL_CONTINUOUS
        border.Weight = XL_WEIGHTS.get(weight, XL_WEIGHTS["thin"])
        border.Color = bgr(rgb)


ENGINES[WPS] = WpsEngine


# -- the buttons -------------------------------------------------------------------------------
def start() -> str:
    """Set up the edges (called once, when the add-in's Python starts); versions as JSON."""
    edges.install()
    return json.dumps({"giar_xl": __version__, "python": sys.version.split()[0]})


def run(action: str, application: Any, window: Any) -> None:
    """Run one ribbon button on WPS's active workbook (errors become a message box)."""
    edges.install()
    if _py(application.ActiveWorkbook) is None:
        window.alert(f"{buttons.TITLE}\n\n请先打开年报工作簿，再点击按钮。")
        return
    buttons.dispatch(action, EtBook(application, window), actions=ACTIONS)


def export(book: EtBook) -> str | None:
    """导出: the report as a web page next to the workbook (refused while there are errors)."""
    from ..export import export_report
    from ..export.policy import export_permit

    session = buttons.Session.open(book)
    read, result = session.check()
    permit = export_permit(result)
    if not permit.allowed:
        session.tell(buttons.refusal_text(permit), "导出", critical=True)
        return None
    full = str(book.fullname)
    folder = _folder_of(full)
    if folder is None:
        session.tell("请先把工作簿保存到本机文件夹，再导出。", "导出", critical=True)
        return None
    stem = Path(PureWindowsPath(full).name).stem
    separator = "\\" if "\\" in full else "/"
    target = f"{folder}{separator}{stem}.html"
    files = book.app.window.wps.FileSystem
    if files.Exists(target) and not session.engine.ask(
            f"{target} 已存在。要用新导出的报告替换它吗？\n（选「否」则不导出，原文件保留。）",
            f"{buttons.TITLE} · 导出"):
        session.tell("未导出。", "导出")
        return None
    written = export_report(read.report, edges.OUTPUTS / f"{stem}.html", "html", overwrite=True)
    data = written.read_bytes()
    files.writeAsBinaryString(target, data.decode("latin-1"))
    warnings = (f"（另有 {len(result.warnings)} 个提醒，请在「校验结果」中核对。）"
                if result.warnings else "")
    session.tell(f"已导出网页格式的年度报告：\n{target}\n\n用 WPS 文字打开它，"
                 f"再「另存为」Word 文档（.docx）即可。{warnings}", "导出")
    return target


def _folder_of(full: str) -> str | None:
    """The folder of a workbook path (Windows or Linux form), None for an unsaved book."""
    if "://" in full:
        return None
    for sep in ("\\", "/"):
        if sep in full:
            return full.rsplit(sep, 1)[0]
    return None


def show_help(book: EtBook) -> None:
    """帮助: what the buttons do, and the versions for support."""
    session = buttons.Session.open(book)
    application = book.app.api
    text = (
        "校验：检查本工作簿的每个合计、勾稽关系和填写规范，出错的单元格标红、提醒标黄"
        "（附批注），全部问题列在「校验结果」工作表，点击位置可跳转。\n"
        "清除标记：去掉校验留下的颜色、批注和结果行，其他内容不变。\n"
        "导出：校验通过后，在工作簿所在文件夹生成网页格式的年度报告，"
        "用 WPS 文字打开后可另存为 Word 文档。\n\n"
        "接受提醒：在「校验结果」的「说明（接受提醒的理由）」列写明理由，再次校验时该提醒不再标出。\n\n"
        f"giar-xl {__version__} · Python {sys.version.split()[0]}（Pyodide，在加载项中运行，不需要安装）"
        f" · WPS {_py(getattr(application, 'Version', None)) or '?'}"
    )
    session.tell(text, "帮助")


# The Excel add-in's buttons, with 导出 and 帮助 for WPS.
ACTIONS = {**buttons.ACTIONS, "export": export, "help": show_help}
