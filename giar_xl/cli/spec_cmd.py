"""``giar-xl spec``: print the format definition."""

from __future__ import annotations

import click

from .chinese import ChineseCommand


@click.command("spec", cls=ChineseCommand)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出完整定义（字段、单元格、勾稽关系）。")
def spec_command(as_json: bool) -> None:
    """显示年报格式定义：各部分、表格字段及其单元格位置、勾稽关系。

    \b
    示例：
      giar-xl spec
      giar-xl spec --json > 格式.json
    """
    from ..spec import load_spec

    spec = load_spec()
    if as_json:
        import json

        click.echo(json.dumps(spec.to_json(), ensure_ascii=False, indent=2))
        return
    click.echo(f"{spec.name}（{spec.basis}）")
    for sheet in spec.sheets:
        numbers = [spec.fields[f] for f in sheet.fields if spec.fields[f].is_number]
        texts = [spec.fields[f] for f in sheet.fields if not spec.fields[f].is_number]
        click.echo(f"\n【{sheet.name}】{sheet.title}")
        for f in texts:
            click.echo(f"  {f.cell:<6} {f.id:<28} {f.title}")
        if numbers:
            click.echo(f"  数字字段 {len(numbers)} 个，如 {numbers[0].cell} {numbers[0].id}"
                       f"（{numbers[0].title}）")
    rules = sorted({(r.rule, r.title, r.severity) for r in spec.relations})
    click.echo("\n勾稽关系：")
    for code, title, severity in rules:
        click.echo(f"  {code:<26} {'错误' if severity == 'error' else '提醒'}  {title}")
