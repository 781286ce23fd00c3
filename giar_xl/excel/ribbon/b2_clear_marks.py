"""The 「清除标记」 button (add-in file ``giar_xl.excel.ribbon.b2_clear_marks.xlam``)."""

from __future__ import annotations


def main() -> None:
    from ..buttons import dispatch

    dispatch("clear_marks")
