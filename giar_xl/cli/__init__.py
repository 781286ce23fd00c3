"""The ``giar-xl`` command line: a thin layer over the library.

Each subcommand lives in its own module, imported only when that subcommand (or the list
of commands in ``--help``) is needed; the modules themselves import the library inside
the command functions.  So ``giar-xl check`` loads the checker but not the Word exporter,
and ``giar-xl --help`` loads neither.
"""

from __future__ import annotations

import importlib
import sys

import click

from .. import __version__
from ..errors import InputError
from .chinese import ChineseGroup
from .terminal import report_os_error, say

# name -> (module, attribute), in the order ``giar-xl --help`` lists them
COMMANDS = {
    "new": ("make", "new_command"),
    "check": ("check_cmd", "check_command"),
    "export": ("export_cmd", "export_command"),
    "import": ("import_cmd", "import_command"),
    "summary": ("summary_cmd", "summary_command"),
    "roster-template": ("roster_cmd", "roster_template_command"),
    "demo": ("make", "demo_command"),
    "rules": ("rules_cmd", "rules_command"),
    "spec": ("spec_cmd", "spec_command"),
    "addin": ("addin_cmd", "addin_group"),
    "web": ("web_cmd", "web_group"),
}


class _Group(ChineseGroup):
    """Loads subcommands on demand (click's lazy-loading pattern).

    Turns :class:`InputError` and operating-system errors (a full disk, stdout on
    /dev/full …) into one Chinese line on stderr and exit code 2.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attribute = COMMANDS[cmd_name]
        return getattr(importlib.import_module(f"{__name__}.{module}"), attribute)

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
