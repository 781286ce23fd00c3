"""What the Excel the buttons talk to can do: the one seam between engines.

The buttons are written once against the xlwings API.  Two kinds of Excel
stand behind a :class:`xlwings.Book`:

* **COM** — desktop Excel for Windows, reached through ``RunPython`` from the
  ribbon add-in.  Everything is possible: notes, named styles, lifting sheet
  protection, message boxes, files next to the workbook.
* **remote** — ``xw.Book(json=payload)``: a client (VBA ``RunRemotePython``,
  Office.js, Office Scripts, Google Apps Script) sent the workbook as JSON
  and will replay the *actions* Python records.  Each client implements its
  own set of actions; only Office.js has notes and borders (``setBorderProperty``
  in xlwings-server 1.20.0's callbacks), and VBA cannot clear a fill.
  Sheet protection cannot be lifted from here: xlwings has no action for it.

:class:`Capabilities` says which is which; :class:`ComEngine` and
:class:`RemoteEngine` do the few things whose calls differ.  Nothing is
pretended: where a client cannot do something, the buttons do without it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..marks import NOTE_PREFIX, link_target, note_size
from ..workbook.design import SUSPECT_BORDER

if TYPE_CHECKING:
    import xlwings as xw

OFFICE_JS = "Office.js"


@dataclass(frozen=True)
class Capabilities:
    client: str  # "COM" or the remote client's name ("VBA", "Office.js", …)
    notes: bool  # cell notes can be added, changed and deleted
    clear_fill: bool  # a fill can be removed (``color = None``)
    local_files: bool  # files can be written next to the workbook
    borders: bool = False  # cell borders can be drawn (the suspect cell's frame)


class Engine:
    """Engine-specific operations behind the buttons (see the module docstring)."""

    caps: Capabilities

    def __init__(self, book: xw.Book):
        self.book = book

    def unprotected(self, sheet_names: Iterable[str]
                    ) -> contextlib.AbstractContextManager[set[str]]:
        """Lift protection of these sheets for the duration; yields the writable ones."""
        raise NotImplementedError

    def message(self, text: str, title: str, critical: bool = False) -> None:
        """Tell the clerk something (a message box or the client's alert)."""
        self.book.app.alert(text, title, buttons="ok", mode="critical" if critical else "info")

    def ask(self, text: str, title: str) -> bool | None:
        """A yes/no question; None where the answer cannot come back (remote clients
        answer through a callback in the client, not to this Python process)."""
        return None

    def add_link(self, cell: xw.Range, sheet: str, address: str, text: str) -> None:
        """Make ``cell`` (showing ``text``) a hyperlink to ``sheet!address`` in this book."""
        cell.add_hyperlink(f"#{link_target(sheet, address)}", text, f"转到 {text}")

    def add_note(self, cell: xw.Range, text: str) -> None:
        cell.add_note(text)

    def existing_notes(self, sheet: xw.Sheet, candidates: Iterable[str],
                       ours: set[str]) -> dict[str, bool]:
        """Cells of ``sheet`` carrying a note -> whether giar-xl wrote it.

        ``candidates`` are the cells worth asking about; ``ours`` those the
        results list says giar-xl marked (used where note texts are unreadable).
        """
        return {}

    def restore(self, rng: xw.Range, style_name: str | None, fill: str | None) -> None:
        """Give cells back their designed look: the fill (the only thing marks change)."""
        rng.color = f"#{fill}" if fill else None

    def frame(self, rng: xw.Range) -> None:
        """Draw the thick red frame of a suspect cell (engines with ``caps.borders``)."""
        rng.borders.set("outside", line_style="continuous", weight="thick",
                        color=f"#{SUSPECT_BORDER}")

    def unframe(self, rng: xw.Range, style_name: str | None,
                border: tuple[str, str] | None) -> None:
        """Give a cell back its designed border: (weight, RGB hex), or None for none."""
        if border is None:
            rng.borders.clear("outside")
        else:
            weight, colour = border
            rng.borders.set("outside", line_style="continuous", weight=weight,
                            color=f"#{colour}")

    def format_results(self, rng: xw.Range, style_name: str) -> None:
        """Give the written 校验结果 table its designed look, where the engine can."""

    def date1904(self) -> bool:
        """Whether the workbook counts dates from 1904 (only COM can tell)."""
        return False


class RemoteEngine(Engine):
    """``xw.Book(json=...)``: actions replayed by an xlwings client."""

    def __init__(self, book: xw.Book):
        super().__init__(book)
        client = book.api.get("client", "")
        office_js = client == OFFICE_JS
        self.caps = Capabilities(client=client, notes=office_js, clear_fill=office_js,
                                 local_files=False, borders=office_js)

    @contextlib.contextmanager
    def unprotected(self, sheet_names: Iterable[str]) -> Iterator[set[str]]:
        # No xlwings action lifts protection: the client applies the actions and
        # they only succeed on sheets the clerk has unprotected.
        yield set(sheet_names)

    def existing_notes(self, sheet: xw.Sheet, candidates: Iterable[str],
                       ours: set[str]) -> dict[str, bool]:
        if not self.caps.notes:
            return {}
        # The payload lists which cells have a note, not the text: a note on a
        # cell the results list names counts as ours, any other one as the
        # clerk's.  (On the protected sheets clerks cannot add notes at all.)
        return {cell: cell in ours for cell in candidates if sheet.range(cell).note is not None}


class ComEngine(Engine):
    """Desktop Excel for Windows through COM (the ribbon add-in's ``RunPython``)."""

    caps = Capabilities(client="COM", notes=True, clear_fill=True, local_files=True,
                        borders=True)

    @contextlib.contextmanager
    def unprotected(self, sheet_names: Iterable[str]) -> Iterator[set[str]]:
        lifted: list[tuple[object, dict]] = []
        writable: set[str] = set()
        try:
            for name in sheet_names:
                ws = self.book.sheets[name].api
                if ws.ProtectContents or ws.ProtectDrawingObjects or ws.ProtectScenarios:
                    options = protection_options(ws)
                    try:
                        ws.Unprotect()
                    except Exception:  # noqa: BLE001,S112 - COM: a password protects it
                        continue  # leave that sheet alone
                    lifted.append((ws, options))
                writable.add(name)
            with self.book.app.properties(screen_updating=False):
                yield writable
        finally:
            for ws, options in reversed(lifted):
                self.protect(ws, options)

    def protect(self, ws, options: dict[str, bool]) -> None:
        """Protect the sheet ``ws`` again with the options :func:`protection_options` read."""
        ws.Protect(**options)

    def ask(self, text: str, title: str) -> bool | None:
        return self.book.app.alert(text, title, buttons="yes_no") == "yes"

    def add_link(self, cell: xw.Range, sheet: str, address: str, text: str) -> None:
        # An in-book link is a SubAddress (Hyperlinks.Add documentation).
        cell.api.Hyperlinks.Add(Anchor=cell.api, Address="", SubAddress=link_target(sheet, address),
                                ScreenTip=f"转到 {text}", TextToDisplay=text)

    def add_note(self, cell: xw.Range, text: str) -> None:
        note = cell.add_note(text)
        shape = note.api.Shape
        shape.Width, shape.Height = note_size(text)

    def existing_notes(self, sheet: xw.Sheet, candidates: Iterable[str],
                       ours: set[str]) -> dict[str, bool]:
        return {note.location.address.replace("$", ""): note.text.startswith(NOTE_PREFIX)
                for note in sheet.notes}

    def restore(self, rng: xw.Range, style_name: str | None, fill: str | None) -> None:
        # The whole named style: exact even for a copy marked by `check --annotate`,
        # which also makes the font bold and red.
        if style_name is None or not _set_style(rng, style_name):
            super().restore(rng, style_name, fill)

    def unframe(self, rng: xw.Range, style_name: str | None,
                border: tuple[str, str] | None) -> None:
        # The named style holds the designed border (and fill: marks are painted after).
        if style_name is None or not _set_style(rng, style_name):
            super().unframe(rng, style_name, border)

    def format_results(self, rng: xw.Range, style_name: str) -> None:
        if _set_style(rng, style_name):
            rng.rows.autofit()

    def date1904(self) -> bool:
        return bool(self.book.api.Date1904)


def _set_style(rng: xw.Range, style_name: str) -> bool:
    try:
        rng.api.Style = style_name
    except Exception:  # noqa: BLE001 - a COM error: the style is gone (saved by another program)
        return False
    return True


# Worksheet.Protect's options, read back from the sheet (Excel's object model).
_ALLOW = ("AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows",
          "AllowInsertingColumns", "AllowInsertingRows", "AllowInsertingHyperlinks",
          "AllowDeletingColumns", "AllowDeletingRows", "AllowSorting", "AllowFiltering",
          "AllowUsingPivotTables")


def protection_options(ws) -> dict[str, bool]:
    """The keyword arguments that protect ``ws`` again exactly as it is protected now."""
    options = {"DrawingObjects": bool(ws.ProtectDrawingObjects),
               "Contents": bool(ws.ProtectContents),
               "Scenarios": bool(ws.ProtectScenarios)}
    protection = ws.Protection
    options.update({key: bool(getattr(protection, key)) for key in _ALLOW})
    return options


# Engines by the name of the xlwings engine behind a book; any other is desktop Excel (COM).
# The WPS add-in adds its own (giar_xl.web.wps), for books it wraps in the same API.
ENGINES: dict[str, type[Engine]] = {"remote": RemoteEngine}


def engine_for(book: xw.Book) -> Engine:
    """The engine behind ``book``."""
    return ENGINES.get(book.app.engine.name, ComEngine)(book)
