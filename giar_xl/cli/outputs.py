"""What every command that writes files shares: the ``--overwrite`` option and names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from ..errors import InputError


def overwrite_option(*, force_alias: bool = False) -> Callable:
    """``--overwrite``: replace existing output files (never the inputs).

    ``force_alias`` keeps the old spelling ``--force`` of ``new`` and ``import``
    working (hidden); on ``export`` ``--force`` means 'despite errors'."""
    def decorate(command: Callable) -> Callable:
        command = click.option("--overwrite", is_flag=True,
                               help="输出文件已存在时覆盖它（不加时从不覆盖；输入文件任何时候都不会被覆盖）。"
                               )(command)
        if force_alias:
            command = click.option("--force", "force_overwrite", is_flag=True, hidden=True,
                                   help="同 --overwrite（旧写法）。")(command)
        return command
    return decorate


def xlsx_name(path: Path) -> Path:
    """An output workbook's name: ``.xlsx`` added when the name has no extension;
    any other extension is refused (Excel would not open the file)."""
    if not path.suffix:
        return path.with_name(path.name + ".xlsx")
    if path.suffix.lower() != ".xlsx":
        raise InputError(f"输出的工作簿应以 .xlsx 结尾（不能是「{path.suffix}」）："
                         f"请改为 {path.stem}.xlsx。", str(path))
    return path


def html_name(path: Path) -> Path:
    """A web page's name: ``.html`` added when missing; another extension is refused."""
    if not path.suffix:
        return path.with_name(path.name + ".html")
    if path.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"网页报告应以 .html 结尾（不能是「{path.suffix}」）：请改为 {path.stem}.html。",
                         str(path))
    return path
