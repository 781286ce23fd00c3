"""The ``giar-xl`` command line: a thin layer over the library."""

from __future__ import annotations

import sys

import click

from .. import __version__
from ..errors import InputError
from .addin_cmd import addin_group
from .check_cmd import check_command
from .chinese import ChineseGroup
from .export_cmd import export_command
from .import_cmd import import_command
from .make import demo_command, new_command
from .rules_cmd import rules_command
from .spec_cmd import spec_command
from .summary_cmd import summary_command
from .terminal import report_os_error, say
from .web_cmd import web_group


class _Group(ChineseGroup):
    """Turns :class:`InputError` and operating-system errors (a full disk, stdout on
    /dev/full …) into one Chinese line on stderr and exit code 2."""

    def main(self, *args, **kwargs):
        try:
            return super().main(*args, **kwargs)
        except OSError as exc:  # also while printing --help or --version
            report_os_error(exc)
            sys.exit(2)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InputError as exc:
            where = f"{exc.path}：" if exc.path else ""
            say(f"无法处理：{where}{exc}", err=True, fg="red")
            sys.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="giar-xl",
                      message="%(prog)s %(version)s", help="显示版本并退出。")
def main() -> None:
    """giar-xl：政府信息公开工作年度报告（国办公开办函〔2021〕30号）填报、校验、导出与审核。

    \b
    常用命令：
      giar-xl new -o 2025年报.xlsx --org 某某镇人民政府 --year 2025
      giar-xl check 2025年报.xlsx
      giar-xl demo -o 示例
    """
    # A Windows console or a redirect may use GBK: a character it lacks (an emoji quoted
    # from a narrative) must not crash the output.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


main.add_command(new_command)
main.add_command(check_command)
main.add_command(demo_command)
main.add_command(summary_command)
main.add_command(spec_command)
main.add_command(rules_command)
main.add_command(export_command)
main.add_command(import_command)
main.add_command(addin_group)
main.add_command(web_group)
