"""``giar-xl addin``: build, install and check the Excel add-in (the 「政务公开年报」 tab)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .chinese import ChineseGroup
from .outputs import overwrite_option


@click.group("addin", cls=ChineseGroup)
def addin_group() -> None:
    """Excel 加载项：功能区「政务公开年报」选项卡（校验 / 清除标记 / 导出 / 帮助）。

    \b
    在 Windows 上（已安装 Excel）：
      giar-xl addin install      安装（重新启动 Excel 后生效）
      giar-xl addin status       检查安装和版本
      giar-xl addin uninstall    卸载
    """


@addin_group.command("build")
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="写出 .xlam 文件的文件夹（加 --wps 时为 WPS 加载项的安装文件夹）。")
@click.option("--wps", is_flag=True,
              help="生成 WPS 表格加载项（Windows 和 Linux，离线安装，不需要 Python）。")
@overwrite_option()
def build_command(out_dir: Path, wps: bool, overwrite: bool) -> None:
    """由 xl_addin/ 中的功能区定义和已安装的 xlwings 生成加载项文件（相同输入得到相同字节）。

    加 --wps 时生成 WPS 表格加载项：同样的四个按钮，校验程序（Pyodide）全部放在加载项中。

    \b
    示例：
      giar-xl addin build -o dist/addin
      giar-xl addin build --wps -o dist/wps-addin
    """
    if wps:
        _build_wps(out_dir, overwrite)
        return
    from ..excel.addin_build import (
        BuildError,
        build_addins,
        buttons,
        installed_xlwings,
        template_modules,
    )
    from ..fileio import OutputPlan

    plan = OutputPlan(overwrite=overwrite)
    plan.folder(out_dir)
    try:
        for button in buttons():
            plan.claim(out_dir / button.file_name)
        xlwings = installed_xlwings()
        template_modules(xlwings)
        written = build_addins(out_dir, xlwings=xlwings, overwrite=overwrite)
    except BuildError as exc:
        raise click.ClickException(str(exc)) from exc
    for path in written:
        click.echo(f"已生成 {path}")
    click.echo(f"VBA 为 xlwings {xlwings.version} 自带的加载项模板（版本标记 {xlwings.version}）。")


@addin_group.command("install")
@click.option("--force", is_flag=True,
              help="xlwings 设置文件已指向另一个 Python 时，仍然改为当前的 Python。")
def install_command(force: bool) -> None:
    """安装到 Excel 的启动文件夹（XLSTART），并让加载项使用当前的 Python。"""
    from ..excel.install import Machine, install

    _run(lambda: install(Machine.current(), force=force))


@addin_group.command("uninstall")
def uninstall_command() -> None:
    """删除已安装的加载项文件和 giar-xl 写入的 xlwings 设置。"""
    from ..excel.install import Machine, uninstall

    _run(lambda: uninstall(Machine.current()))


@addin_group.command("status")
def status_command() -> None:
    """显示加载项是否已安装，以及加载项 VBA、xlwings 和 giar-xl 要求的版本是否一致。"""
    from ..excel.install import Machine, status

    report = status(Machine.current())
    for line in report.lines:
        click.echo(line)
    sys.exit(0 if report.ok else 1)


def _run(action) -> None:
    from ..excel.install import InstallError

    try:
        lines = action()
    except InstallError as exc:
        click.secho(str(exc), fg="yellow", err=True)
        sys.exit(1)
    for line in lines:
        click.echo(line)


def _build_wps(out_dir: Path, overwrite: bool) -> None:
    from ..web.build import BuildError as WebBuildError
    from ..web.build import build_wps_addin, wps_folder_name

    try:
        written = build_wps_addin(out_dir, overwrite=overwrite)
    except WebBuildError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"已生成 WPS 加载项 {written / wps_folder_name()}")
    click.echo(f"安装：Windows 双击 {written / 'install.bat'}；Linux 运行 sh {written / 'install.sh'}。")
