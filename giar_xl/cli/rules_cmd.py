"""``giar-xl rules``: the catalogue of checks (codes are stable)."""

from __future__ import annotations

import click

from .chinese import ChineseCommand


@click.command("rules", cls=ChineseCommand)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
def rules_command(as_json: bool) -> None:
    """列出全部校验规则：规则代码（稳定不变）、级别和说明。

    \b
    「无法使用」表示发现此类问题的文件退出码为 2（须先改正才能完整校验）。
    \b
    示例：
      giar-xl rules
    """
    from ..findings import SEVERITY_LABEL
    from ..rules.catalog import all_rules
    from ..spec import load_spec

    rules = all_rules(load_spec())
    if as_json:
        import json

        click.echo(json.dumps([{"rule": r.code, "severity": r.severity, "title": r.title,
                                "blocking": r.blocking} for r in rules],
                              ensure_ascii=False, indent=2))
        return
    for r in rules:
        label = SEVERITY_LABEL[r.severity] + ("·无法使用" if r.blocking else "")
        click.echo(f"{r.code:<28} {label:<8} {r.title}")
