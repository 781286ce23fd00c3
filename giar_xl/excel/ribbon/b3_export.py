"""The 「导出」 button (add-in file ``giar_xl.excel.ribbon.b3_export.xlam``)."""

from __future__ import annotations


def main() -> None:
    from ..buttons import dispatch

    dispatch("export")
