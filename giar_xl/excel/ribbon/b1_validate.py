"""The 「校验」 button (add-in file ``giar_xl.excel.ribbon.b1_validate.xlam``)."""

from __future__ import annotations


def main() -> None:
    from ..buttons import dispatch

    dispatch("validate")
