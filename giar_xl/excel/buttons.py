"""The Python behind the ribbon buttons of the 「政务公开年报」 tab.

Each button is a function of an :class:`xlwings.Book`: the workbook open in
Excel (``Book.caller()``, through the add-in's ``RunPython``) or a remote
book (``xw.Book(json=payload)``, as xlwings Server clients and the tests
send it).  :func:`dispatch` is the entry point ``RunPython`` calls.

The buttons have no rules of their own: they read the live workbook with the
same reader, run the same checks and plan the same marks as
``giar-xl check --annotate``.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import TYPE_CHECKING

from .. import __version__
from ..check import check_result
from ..errors import InputError
from ..export.policy import ExportPermit, export_permit
from ..findings import FileResult
from ..marks import is_suspect, plan_marks
from ..model import ReadResult
from ..spec import FormatSpec, load_spec
from ..workbook.reader import read_cells
from .engine import Engine, engine_for
from .painting import Outcome, Painter
from .source import BookCellSource

if TYPE_CHECKING:
    import xlwings as xw

TITLE = "政务公开年报"
MAX_LISTED_ERRORS = 8


@dataclass
class Session:
    """One click: the book, what it runs on, and its cells read once."""

    book: xw.Book
    engine: Engine
    spec: FormatSpec
    source: BookCellSource

    @classmethod
    def open(cls, book: xw.Book) -> Session:
        engine = engine_for(book)
        return cls(book, engine, load_spec(), BookCellSource(book, engine.date1904()))

    def check(self) -> tuple[ReadResult, FileResult]:
        """Read the live workbook and run every rule on it, as ``giar-xl check`` does."""
        read = read_cells(self.source, self.spec)
        return read, check_result(read, str(self.source.path))

    def painter(self) -> Painter:
        return Painter(self.book, self.engine, self.spec, self.source)

    def tell(self, text: str, heading: str, critical: bool = False) -> None:
        self.engine.message(text, f"{TITLE} · {heading}", critical)


def validate(book: xw.Book) -> FileResult:
    """校验: mark each wrong cell, rewrite 校验结果, show a summary."""
    session = Session.open(book)
    _read, result = session.check()
    plan = plan_marks(result.findings, session.spec)
    outcome = session.painter().apply(plan)
    session.tell(_validation_text(plan.summary, result, outcome, session.engine),
                 "校验", critical=bool(result.errors))
    return result


def clear_marks(book: xw.Book) -> Outcome:
    """清除标记: take away exactly the fills, notes and result rows giar-xl added."""
    session = Session.open(book)
    outcome = session.painter().clear()
    if outcome.cleared or outcome.result_rows:
        text = (f"已清除 {outcome.cleared} 个单元格的校验标记，"
                f"以及「{session.spec.results_sheet.name}」中的 {outcome.result_rows} 行结果。")
    else:
        text = "没有需要清除的校验标记。"
    session.tell(text + _locked_text(outcome), "清除标记")
    return outcome


def export(book: xw.Book, directory: Path | None = None) -> Path | None:
    """导出: write the Word report next to the workbook (refused while there are errors).

    ``directory`` overrides where the file goes (the clients of a remote
    book have no folder Python could write into).
    """
    session = Session.open(book)
    read, result = session.check()
    permit = export_permit(result)
    if not permit.allowed:
        session.tell(refusal_text(permit), "导出", critical=True)
        return None
    target = directory or _workbook_folder(session)
    if target is None:
        return None
    from ..export import export_report  # the exporter pulls in python-docx: load on demand

    path = _docx_path(session, Path(target))
    if path is None:
        session.tell("未导出。", "导出")
        return None
    try:  # an existing file was chosen only if the clerk agreed to replace it
        written = export_report(read.report, path, overwrite=path.exists())
    except InputError as exc:
        session.tell(f"{path}\n{exc}\n如果文件正在 Word 中打开，请关闭后再导出。",
                     "导出", critical=True)
        return None
    warnings = f"（另有 {len(result.warnings)} 个提醒，请在「校验结果」中核对。）" \
        if result.warnings else ""
    session.tell(f"已导出 Word 报告：\n{written}{warnings}", "导出")
    return written


def show_help(book: xw.Book) -> None:
    """帮助: what the buttons do, and the versions for support."""
    import xlwings

    session = Session.open(book)
    text = (
        "校验：检查本工作簿的每个合计、勾稽关系和填写规范，出错的单元格标红、提醒标黄"
        "（附批注），由不符的合计推算出的最可能填错的单元格标橙色（并加红框），"
        "全部问题列在「校验结果」工作表，点击位置可跳转。\n"
        "清除标记：去掉校验留下的颜色、批注和结果行，其他内容不变。\n"
        "导出：校验通过后，在工作簿所在文件夹生成 Word 格式的年度报告。\n\n"
        "接受提醒：在「校验结果」的「说明（接受提醒的理由）」列写明理由，再次校验时该提醒不再标出。\n\n"
        f"giar-xl {__version__} · xlwings {xlwings.__version__} · Python {sys.version.split()[0]}\n"
        f"{sys.executable}"
    )
    session.tell(text, "帮助")


ACTIONS: dict[str, Callable[[xw.Book], object]] = {
    "validate": validate, "clear_marks": clear_marks, "export": export, "help": show_help,
}


def dispatch(action: str, book: xw.Book | None = None,
             actions: dict[str, Callable[[xw.Book], object]] = ACTIONS) -> None:
    """Run one button for the calling workbook, turning failures into a message box.

    ``actions`` maps button names to functions (another host may swap some).
    """
    if book is None:
        import xlwings as xw

        book = xw.Book.caller()
    try:
        button = actions[action]
        button(book)
    except InputError as exc:
        _fail(book, f"无法处理这个工作簿：{exc}")
    except Exception as exc:  # noqa: BLE001 - never leave the clerk with a bare traceback window
        detail = "".join(traceback.format_exception(exc)[-3:])
        _fail(book, f"giar-xl 出错了（{type(exc).__name__}）：{exc}\n\n"
                    f"请把此窗口截图发给技术支持。\n\n{detail}")


def _fail(book: xw.Book, text: str) -> None:
    engine_for(book).message(text, f"{TITLE} · 出错", critical=True)


# -- messages ---------------------------------------------------------------
def _validation_text(summary: str, result: FileResult, outcome: Outcome, engine: Engine) -> str:
    lines = [f"校验完成：{summary}。"]
    if result.errors or result.warnings:
        where = "出错的单元格已标红、提醒标黄"
        where += "，鼠标移到单元格上可看说明" if engine.caps.notes else ""
        lines.append(where + "。")
        if outcome.results_sheet:
            lines.append("全部问题列在「校验结果」工作表，点击「位置」可跳到对应单元格。")
    if any(is_suspect(f) for f in result.findings):
        frame = "并加红色粗框" if engine.caps.borders else ""
        lines.append(f"根据不符的合计推算出的最可能填错的单元格标为橙色{frame}，"
                     f"在「校验结果」中排在最前面，先核对它。")
    if result.status == "unreadable":
        lines.append("工作簿结构被破坏，有的数字无法定位：须先恢复，才能完整校验。")
    if not engine.caps.notes and (result.errors or result.warnings):
        lines.append(f"（当前客户端「{engine.caps.client}」不支持批注，问题说明只列在「校验结果」中。）")
    if outcome.unmarkable:
        lines.append(f"（有 {outcome.unmarkable} 个单元格当前客户端无法标色，只列在「校验结果」中。）")
    if not outcome.results_sheet:
        lines.append("工作簿中没有「校验结果」工作表（旧版工作簿），问题只在单元格上标出。")
    return "\n".join(lines) + _locked_text(outcome)


def _locked_text(outcome: Outcome) -> str:
    if not outcome.locked_sheets:
        return ""
    names = "、".join(f"「{name}」" for name in outcome.locked_sheets)
    return f"\n工作表{names}设有保护密码，其中的单元格未能标出或清除标记。"


def refusal_text(permit: ExportPermit) -> str:
    """The 导出 button's message when ``permit`` refuses: the errors to fix first."""
    errors = permit.findings
    lines = [f"不能导出：工作簿中有 {len(errors)} 个错误，请先改正（点击「校验」可标出位置）。", ""]
    for f in errors[:MAX_LISTED_ERRORS]:
        lines.append(f"· {f.where}：{f.message}" if f.where else f"· {f.message}")
    if len(errors) > MAX_LISTED_ERRORS:
        lines.append(f"……另有 {len(errors) - MAX_LISTED_ERRORS} 个错误")
    return "\n".join(lines)


def _docx_path(session: Session, folder: Path) -> Path | None:
    """Where the report goes: the workbook's name with .docx.  An existing file is only
    replaced if the clerk says so; where nobody can be asked, a free name is used."""
    stem = Path(PureWindowsPath(session.source.path).name).stem
    path = folder / f"{stem}.docx"
    if not path.exists():
        return path
    answer = session.engine.ask(f"{path} 已存在。要用新导出的报告替换它吗？\n"
                                f"（选「否」则不导出，原文件保留。）", f"{TITLE} · 导出")
    if answer is not None:
        return path if answer else None
    number = 2
    while (folder / f"{stem}（{number}）.docx").exists():
        number += 1
    return folder / f"{stem}（{number}）.docx"


def _workbook_folder(session: Session) -> Path | None:
    """The folder of the workbook, or None after telling the clerk why there is none."""
    if not session.engine.caps.local_files:
        session.tell("当前客户端不能在本机写文件。请在 Windows 版 Excel 中使用「导出」，"
                     "或在命令行运行 giar-xl export。", "导出", critical=True)
        return None
    full = str(session.source.path)
    if "://" in full or not PureWindowsPath(full).is_absolute():
        session.tell("请先把工作簿保存到本机文件夹（不是 OneDrive/SharePoint 网址），再导出。",
                     "导出", critical=True)
        return None
    return Path(full).parent
