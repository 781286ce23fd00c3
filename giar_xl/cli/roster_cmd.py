"""``giar-xl roster-template``: an empty roster (名录) with instructions."""

from __future__ import annotations

from pathlib import Path

import click

from ..fileio import OutputPlan
from .chinese import ChineseCommand
from .outputs import overwrite_option, xlsx_name
from .terminal import say


@click.command("roster-template", cls=ChineseCommand)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="名录模板，如 名录.xlsx。")
@overwrite_option()
def roster_template_command(output: Path, overwrite: bool) -> None:
    """生成空白名录（机关名称、所属区域、类别）和填写说明，供 giar-xl summary --roster 使用。

    \b
    示例：
      giar-xl roster-template -o 名录.xlsx
      giar-xl summary 各单位年报/ --roster 名录.xlsx -o 汇总.xlsx --html 汇总.html
    """
    from ..county.roster import write_roster_template

    target = OutputPlan([], overwrite).claim(xlsx_name(output))
    written = write_roster_template(target, overwrite)
    say(f"已生成名录模板：{written}（在「名录」工作表中每个机关填一行，填写说明见「填写说明」工作表）")
