"""Click's own messages in Chinese: a message catalogue for the strings click passes to gettext.

Keys are click's ``_()`` / ``ngettext()`` message ids exactly as in its source (for
``ngettext`` the singular form; one Chinese text serves both forms).  A translation may
leave out a placeholder (click formats with keyword arguments, extra ones are ignored) but
never add one.  tests/test_cli_chinese.py checks this catalogue against the installed click:
every message id click has is here, and every id here is still in click.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # help pages
    "Usage:": "用法：",
    "Options": "选项",
    "Positional arguments": "参数",
    "Commands": "命令",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "required": "必填",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "deprecated": "已停用",
    "Confirm the action without prompting.": "不再询问，直接确认。",
    "Do you want to continue?": "是否继续？",
    # wrong command lines
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行「{command} {option}」查看用法。",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有「{name}」这个命令。",
    "No such option {name!r}.": "没有「{name}」这个选项。",
    "Did you mean {possibility}?": "您要用的是不是 {possibilities}？",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对：{message}",
    "Invalid value: {message}": "值不对：{message}",
    "Got unexpected extra argument ({args})": "多出了参数：{args}",
    "Option {name!r} requires an argument.": "选项 {name} 后面缺少值。",
    "Option {name!r} does not take a value.": "选项 {name} 后面不能带值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name} 需要 {nargs} 个值。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，实际给了 {len} 个。",
    "{len_type} values are required, but {len_value} was given.":
        "需要 {len_type} 个值，实际给了 {len_value} 个。",
    "Value must be an iterable.": "这里需要多个值。",
    "Aborted!": "已中止。",
    "Could not open file {filename!r}: {message}": "无法打开文件「{filename}」：{message}",
    "unknown error": "未知错误",
    "Invalid start character for option ({option})": "选项名称的第一个字符不对（{option}）",
    # values of the wrong kind
    "{value!r} is not a valid {number_type}.": "「{value}」不是有效的数字。",
    "{value} is not in the range {range}.": "{value} 超出了允许的范围（{range}）。",
    "{value!r} is not {choice}.": "「{value}」不是可选的值（可选：{choices}）。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "Choice({choices})": "可选值（{choices}）",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "「{value}」不是有效的是否值（可用：{states}）。",
    "{value!r} does not match the format {format}.": "「{value}」不符合格式 {formats}。",
    "{value!r} is not a valid UUID.": "「{value}」不是有效的 UUID。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name}「{filename}」不存在。",
    "{name} {filename!r} is a file.": "{name}「{filename}」是文件，这里需要文件夹。",
    "{name} {filename!r} is a directory.": "{name}「{filename}」是文件夹，这里需要文件。",
    "{name} {filename!r} is not readable.": "{name}「{filename}」无法读取。",
    "{name} {filename!r} is not writable.": "{name}「{filename}」无法写入。",
    "{name} {filename!r} is not executable.": "{name}「{filename}」不能执行。",
    # prompts and terminal
    "Repeat for confirmation": "请再输入一次以确认",
    "Error: The two entered values do not match.": "错误：两次输入的不一致。",
    "Error: invalid input": "错误：输入无效",
    "Press any key to continue...": "按任意键继续……",
    "Unknown color {colour!r}": "未知颜色「{colour}」",
    "Unknown standard stream '{name}'": "未知的标准流「{name}」",
    "d": "天",
    "{editor}: Editing failed": "{editor}：编辑失败",
    "{editor}: Editing failed: {e}": "{editor}：编辑失败：{e}",
    "Windows error: {error}": "Windows 错误：{error}",
    "Shell completion is not supported for Bash versions older than 4.4.":
        "Bash 4.4 以前的版本不支持命令补全。",
    "Couldn't detect Bash version, shell completion is not supported.":
        "无法确定 Bash 的版本，不支持命令补全。",
    # mistakes in a program's own command definitions (not seen by users of giar-xl)
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}":
        "注意：命令「{name}」已停用。{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "注意：「{name}」已停用。{extra_message}",
    "Could not determine name for option with declarations {decls!r}": "无法确定选项的名称：{decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument "
    "instead? Did you mean to pass '--{name}'?": "没有定义选项，却给了名称（{name}）。",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.":
        "参数只能有一个声明，实际有 {length} 个：{decls}。",
    "Name '{name}' defined twice": "名称「{name}」定义了两次",
    "Boolean option {decl!r} cannot use the same flag for true/false.":
        "开关选项 {decl!r} 的开和关不能用同一个写法。",
}
