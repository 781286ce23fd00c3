"""``giar-xl web``: the offline check page (Pyodide in the browser)."""

from __future__ import annotations

from pathlib import Path

import click

from .chinese import ChineseGroup
from .outputs import overwrite_option


@click.group("web", cls=ChineseGroup)
def web_group() -> None:
    """离线校验网页：双击即可在浏览器中校验，不需要安装 Python，也不联网。"""


@web_group.command("build")
@click.option("-o", "--out", "out", required=True, type=click.Path(path_type=Path),
              help="写出的文件夹（加 --single-file 时为 .html 文件）。")
@click.option("--single-file", is_flag=True, help="全部内容放进一个 .html 文件（约 13 MB），便于传送。")
@overwrite_option()
def build_command(out: Path, single_file: bool, overwrite: bool) -> None:
    """生成离线校验网页：Pyodide、giar-xl 及其依赖全部放在输出中。

    \b
    首次生成时用 npm 取得 Pyodide，并用 Node.js 预编译（需要 Node.js 20 或更新版本），
    之后使用缓存（GIAR_XL_CACHE，默认 ~/.cache/giar-xl）。
    \b
    示例：
      giar-xl web build -o 年报校验/
      giar-xl web build -o 年报校验.html --single-file
    """
    from ..web.build import BuildError, build_page

    try:
        written = build_page(out, single_file=single_file, overwrite=overwrite)
    except BuildError as exc:
        raise click.ClickException(str(exc)) from exc
    size = sum(p.stat().st_size for p in written.rglob("*") if p.is_file()) if written.is_dir() \
        else written.stat().st_size
    click.echo(f"已生成 {written}（{size / 1048576:.1f} MB）。双击其中的网页即可使用。")
