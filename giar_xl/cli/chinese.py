"""The command line speaks Chinese: click's own messages, metavars and ranges.

Click marks its messages for gettext (``from gettext import gettext as _`` in each module),
but the standard gettext lookup picks the language from ``LANGUAGE``/``LANG``, which a
Windows clerk's machine does not set.  So the catalogue in :mod:`.click_messages` is bound
directly to the names click's modules call (``_`` and ``ngettext``); it is installed when
this module is imported, before any command is built or run.
"""

from __future__ import annotations

import gettext
import inspect
import sys

import click

from .click_messages import MESSAGES
from .help_format import ChineseContext


class ClickCatalogue(gettext.NullTranslations):
    """Click's message ids -> Chinese; an unknown id is shown as click wrote it."""

    def gettext(self, message: str) -> str:
        return MESSAGES.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return MESSAGES.get(msgid1) or (msgid1 if n == 1 else msgid2)


CATALOGUE = ClickCatalogue()


def install_catalogue() -> None:
    """Point the loaded click modules' ``_``/``ngettext`` at :data:`CATALOGUE`."""
    for name, module in list(sys.modules.items()):
        if name == "click" or not name.startswith("click."):
            continue
        if callable(getattr(module, "_", None)):
            module._ = CATALOGUE.gettext
        if callable(getattr(module, "ngettext", None)):
            module.ngettext = CATALOGUE.ngettext


install_catalogue()


class IntRange(click.IntRange):
    """:class:`click.IntRange` that states its range as 「2008～2100」 in help and errors."""

    def _describe_range(self) -> str:
        low = "" if self.min is None else f"{self.min}{'（不含）' if self.min_open else ''}"
        high = "" if self.max is None else f"{self.max}{'（不含）' if self.max_open else ''}"
        if not high:
            return f"不小于 {low}"
        if not low:
            return f"不大于 {high}"
        return f"{low}～{high}"


def metavar_of(param: click.Parameter) -> str | None:
    """A Chinese placeholder for ``param``'s value in help and errors (None: click's own)."""
    kind = param.type
    if isinstance(kind, click.Choice):
        return None  # click lists the choices: [docx|html|…]
    if isinstance(kind, click.Path):
        base = ("文件" if not kind.dir_okay else "文件夹" if not kind.file_okay else "路径")
    elif isinstance(kind, (click.types.IntParamType, click.types.FloatParamType)):
        base = "数字"
    else:
        base = "文字"
    if isinstance(param, click.Argument):
        base = base if param.required else f"[{base}]"
        base += "..." if param.nargs != 1 else ""
    return base


class ChineseCommand(click.Command):
    """A command whose help page, option placeholders and messages are Chinese."""

    context_class = ChineseContext

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.metavar is None and not getattr(param, "is_flag", False):
                param.metavar = metavar_of(param)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.MissingParameter as exc:  # click ends it with an ASCII full stop
            if exc.message or exc.param is None:
                raise
            what = "选项" if exc.param.param_type_name == "option" else "参数"
            raise click.UsageError(f"缺少{what}「{_hint(exc.param, ctx)}」。", ctx) from None
        except click.BadParameter as exc:  # click quotes the option in ASCII: 'x' 的值不对
            if exc.param is None or exc.param_hint is not None:
                raise
            raise click.UsageError(f"「{_hint(exc.param, ctx)}」的值不对：{exc.message}", ctx) from None

    def get_short_help_str(self, limit: int = 45) -> str:
        """The first sentence of the help (click looks for an ASCII full stop)."""
        if self.short_help or not self.help:
            return super().get_short_help_str(limit)
        first = inspect.cleandoc(self.help).split("\n\n")[0].replace("\n", "")
        return first.split("。")[0] + "。"


def _hint(param: click.Parameter, ctx: click.Context) -> str:
    """An option as its spellings (--output」/「-o), an argument as its placeholder (文件)."""
    if param.param_type_name == "option":
        return "」/「".join(param.opts)
    return param.make_metavar(ctx)


class ChineseChoice(click.Choice):
    """:class:`click.Choice` whose error lists the choices as 「docx、html、md」, unquoted."""

    def get_invalid_choice_message(self, value, ctx) -> str:
        choices = "、".join(str(c) for c in self.choices)
        return f"「{value}」不是可选的值（可选：{choices}）。"


class ChineseGroup(ChineseCommand, click.Group):
    command_class = ChineseCommand

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)
