"""The 「帮助」 button (add-in file ``giar_xl.excel.ribbon.b4_help.xlam``)."""

from __future__ import annotations


def main() -> None:
    from ..buttons import dispatch

    dispatch("help")
