"""``giar-xl addin install | uninstall | status`` on a clerk's Windows PC.

Installing puts the add-ins where Excel opens them at start-up — the user's
XLSTART folder, which is a trusted location, so no macro warning — and
writes xlwings' configuration file for the add-in's VBA: which Python to
run (this one's ``pythonw.exe``).  Versions are checked: the VBA's
``XLWINGS_VERSION``, the installed xlwings and the version giar-xl pins must
all be the same.

Everything Windows-specific comes from a :class:`Machine`, so the code paths
run in tests on any OS against folders standing in for ``%APPDATA%`` and
``%USERPROFILE%``.
"""

from __future__ import annotations

import csv
import importlib.metadata
import importlib.util
import io
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .addin_build import BuildError, Xlwings, build_addins, buttons, installed_xlwings
from .vba import VbaError, read_modules, xlwings_version

OUR_FILES = "giar_xl.excel.ribbon.*.xlam"  # every add-in file giar-xl ever installs
INTERPRETER_KEY = "INTERPRETER_WIN"
WORKBOOK_PATH_KEY = "ADD_WORKBOOK_TO_PYTHONPATH"

NOT_WINDOWS = (
    "「政务公开年报」Excel 加载项只能安装在 Windows 版 Microsoft Excel 中（需要 Excel 2016 "
    "或更新版本），这台电脑的系统是 {system}。\n"
    "在这台电脑上可以用命令行完成同样的工作：\n"
    "  giar-xl check 年报.xlsx --annotate 年报.校验.xlsx   校验，并写出标红、附批注的副本\n"
    "  giar-xl export 年报.xlsx -o 年报.docx              导出 Word 报告\n"
    "  giar-xl addin build -o 目录                        生成加载项文件（供检查或拷到 Windows 电脑）"
)


SYSTEM_NAMES = {"linux": "Linux", "darwin": "macOS", "win32": "Windows", "cygwin": "Windows（Cygwin）"}


def system_name(platform: str) -> str:
    """``sys.platform`` as people call the system (「macOS」, not 「darwin」)."""
    return SYSTEM_NAMES.get(platform, next((v for k, v in SYSTEM_NAMES.items()
                                            if platform.startswith(k)), "其他系统"))


class InstallError(Exception):
    """Installing cannot go on; the message tells the clerk what to do."""


@dataclass(frozen=True)
class Machine:
    """Where the add-in goes on this computer (injectable for tests)."""

    platform: str
    environ: Mapping[str, str]
    python: Path  # the interpreter running giar-xl
    encoding: str  # how VBA reads the config file: the ANSI code page

    @classmethod
    def current(cls) -> Machine:
        windows = sys.platform == "win32"
        return cls(sys.platform, os.environ, Path(sys.executable), "mbcs" if windows else "utf-8")

    @property
    def is_windows(self) -> bool:
        return self.platform == "win32"

    def xlstart(self) -> Path:
        """The user's Excel start-up folder (Excel's default StartupPath)."""
        return Path(self._env("APPDATA")) / "Microsoft" / "Excel" / "XLSTART"

    def config_file(self, project: str) -> Path:
        """Where xlwings' custom add-in VBA looks for its user settings (GetConfigFilePath)."""
        return Path(self._env("USERPROFILE")) / f".{project}" / f"{project}.conf"

    def pythonw(self) -> Path:
        """The console-less interpreter next to this one (also inside a venv's Scripts)."""
        return self.python.with_name("pythonw.exe")

    def _env(self, name: str) -> str:
        value = self.environ.get(name)
        if not value:
            raise InstallError(f"环境变量 %{name}% 未设置，找不到 Excel 的用户文件夹。")
        return value


def require_windows(machine: Machine) -> None:
    if not machine.is_windows:
        raise InstallError(NOT_WINDOWS.format(system=system_name(machine.platform)))


def expected_xlwings_version() -> str | None:
    """The xlwings version giar-xl pins (its ``excel`` extra), from the installed metadata."""
    try:
        requirements = importlib.metadata.requires("giar-xl") or []
    except importlib.metadata.PackageNotFoundError:
        return None
    for requirement in requirements:
        match = re.match(r"xlwings\s*==\s*([0-9][\w.]*)", requirement)
        if match and "extra == 'excel'" in requirement.replace('"', "'"):
            return match.group(1)
    return None


# -- the config file ----------------------------------------------------------------
def read_config(path: Path, encoding: str) -> dict[str, str]:
    """xlwings' ``"KEY","VALUE"`` lines (VBA ``Write #`` format) as a dict."""
    if not path.is_file():
        return {}
    text = path.read_text(encoding=encoding)
    return {row[0]: row[1] for row in csv.reader(io.StringIO(text)) if len(row) >= 2}


def write_config(path: Path, settings: Mapping[str, str], encoding: str) -> None:
    lines = "".join(f'"{key}","{value}"\r\n' for key, value in settings.items())
    try:
        data = lines.encode(encoding)
    except UnicodeEncodeError:
        raise InstallError(f"Python 的路径含有本机编码（{encoding}）无法表示的字符，"
                           f"Excel 读不到它：{settings.get(INTERPRETER_KEY)}。"
                           f"请把 Python 安装到只含英文或中文的路径下。") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# -- install / uninstall ------------------------------------------------------------
def install(machine: Machine, force: bool = False) -> list[str]:
    """Build the add-ins, copy them to XLSTART, write the config; returns report lines."""
    require_windows(machine)
    xlwings = _xlwings()
    _require_pinned(xlwings)
    pythonw = machine.pythonw()
    if not pythonw.is_file():
        raise InstallError(f"找不到 {pythonw}。请用 python.org 的 Python（3.11 或更新）"
                           f"安装 giar-xl 后再运行本命令。")
    config = machine.config_file(xlwings.project_name())
    settings = read_config(config, machine.encoding)
    other = settings.get(INTERPRETER_KEY)
    if other and other != str(pythonw) and not force:
        raise InstallError(f"{config} 已经指定了另一个 Python（{other}），可能属于别的 xlwings "
                           f"加载项。确认无误后，用 giar-xl addin install --force 覆盖。")
    xlstart = machine.xlstart()
    with tempfile.TemporaryDirectory(prefix="giar-addin-") as folder:
        built = _build(folder, xlwings)
        xlstart.mkdir(parents=True, exist_ok=True)
        stale = set(xlstart.glob(OUR_FILES)) - {xlstart / path.name for path in built}
        for path in built:
            _copy(path, xlstart / path.name)
        for path in sorted(stale):
            _remove(path)
    settings.update({INTERPRETER_KEY: str(pythonw), WORKBOOK_PATH_KEY: "false"})
    write_config(config, settings, machine.encoding)
    return ([f"已安装到 {xlstart}："] + [f"  {path.name}" for path in built]
            + [f"xlwings 设置：{config}（Python：{pythonw}）",
               f"版本：加载项 VBA、已安装的 xlwings 均为 {xlwings.version}。",
               "请重新启动 Excel，功能区会出现「政务公开年报」选项卡。"])


def uninstall(machine: Machine) -> list[str]:
    """Remove the add-in files and the settings install wrote; returns report lines."""
    require_windows(machine)
    lines = []
    for path in sorted(machine.xlstart().glob(OUR_FILES)):
        _remove(path)
        lines.append(f"已删除 {path}")
    project = _xlwings().project_name()
    config = machine.config_file(project)
    settings = read_config(config, machine.encoding)
    if settings.get(INTERPRETER_KEY) == str(machine.pythonw()):
        for key in (INTERPRETER_KEY, WORKBOOK_PATH_KEY):
            settings.pop(key, None)
        if settings:
            write_config(config, settings, machine.encoding)
        else:
            config.unlink()
            if not any(config.parent.iterdir()):
                config.parent.rmdir()
        lines.append(f"已从 {config} 删除 giar-xl 的设置。")
    elif settings:
        lines.append(f"{config} 指向另一个 Python，保留未动。")
    return lines or ["没有找到已安装的 giar-xl 加载项。"]


# -- status ----------------------------------------------------------------------------
@dataclass
class Status:
    lines: list[str] = field(default_factory=list)
    ok: bool = True

    def good(self, text: str) -> None:
        self.lines.append(f"√ {text}")

    def bad(self, text: str) -> None:
        self.lines.append(f"× {text}")
        self.ok = False


def status(machine: Machine) -> Status:
    """What is installed, and whether the versions agree."""
    report = Status()
    xlwings = _versions(report)
    if not machine.is_windows:
        report.lines.append(NOT_WINDOWS.format(system=system_name(machine.platform)))
        report.ok = False
        return report
    xlstart = machine.xlstart()
    current = {button.file_name: button for button in buttons()}
    for name in current:
        path = xlstart / name
        if not path.is_file():
            report.bad(f"未安装 {path}")
            continue
        stamp = _stamp(path)
        same = xlwings is not None and stamp == xlwings.version
        (report.good if same else report.bad)(
            f"{name}：VBA 版本 {stamp or '无法读取'}" + ("" if same else "（与已安装的 xlwings 不一致，"
                                                            "请重新运行 giar-xl addin install）"))
    for path in sorted(set(xlstart.glob(OUR_FILES)) - {xlstart / n for n in current}):
        report.bad(f"旧版本留下的 {path}（重新运行 giar-xl addin install 会删除）")
    if xlwings is not None:
        _config_status(machine, xlwings, report)
    if not has_pywin32():
        report.bad("没有安装 pywin32（xlwings 在 Windows 上需要它）：pip install pywin32")
    return report


def has_pywin32() -> bool:
    """xlwings drives Excel on Windows through pywin32 (``Book.caller()`` needs it)."""
    return importlib.util.find_spec("win32api") is not None


def _versions(report: Status) -> Xlwings | None:
    pinned = expected_xlwings_version()
    try:
        xlwings = installed_xlwings()
    except BuildError as exc:
        report.bad(str(exc))
        return None
    if pinned is None:
        report.good(f"已安装 xlwings {xlwings.version}（giar-xl 未以安装包形式安装，无法核对要求的版本）")
    elif pinned == xlwings.version:
        report.good(f"已安装 xlwings {xlwings.version}，与 giar-xl 要求的版本一致")
    else:
        report.bad(f"已安装 xlwings {xlwings.version}，giar-xl 要求 {pinned}："
                   f"pip install \"giar-xl[excel]\"")
    return xlwings


def _config_status(machine: Machine, xlwings: Xlwings, report: Status) -> None:
    config = machine.config_file(xlwings.project_name())
    interpreter = read_config(config, machine.encoding).get(INTERPRETER_KEY)
    if interpreter is None:
        report.bad(f"{config} 中没有 {INTERPRETER_KEY}：加载项不知道用哪个 Python")
    elif not Path(interpreter).is_file():
        report.bad(f"{config} 指定的 Python 不存在：{interpreter}")
    elif interpreter != str(machine.pythonw()):
        report.bad(f"{config} 指定的是另一个 Python：{interpreter}（当前：{machine.pythonw()}）")
    else:
        report.good(f"Excel 使用的 Python：{interpreter}")


def _stamp(path: Path) -> str | None:
    try:
        return xlwings_version(read_modules(path))
    except VbaError:
        return None


# -- helpers ---------------------------------------------------------------------------
def _xlwings() -> Xlwings:
    try:
        return installed_xlwings()
    except BuildError as exc:
        raise InstallError(str(exc)) from exc


def _require_pinned(xlwings: Xlwings) -> None:
    pinned = expected_xlwings_version()
    if pinned is not None and pinned != xlwings.version:
        raise InstallError(f"已安装的 xlwings 是 {xlwings.version}，giar-xl 需要 {pinned}。"
                           f"请运行：pip install \"giar-xl[excel]\"")


def _build(folder: str, xlwings: Xlwings) -> list[Path]:
    try:
        return build_addins(folder, xlwings=xlwings)
    except BuildError as exc:
        raise InstallError(str(exc)) from exc


def _copy(source: Path, target: Path) -> None:
    temp = target.with_name(f".{target.name}.new")
    try:
        shutil.copyfile(source, temp)
        os.replace(temp, target)
    except PermissionError:
        temp.unlink(missing_ok=True)
        raise InstallError(f"无法写入 {target}：Excel 正在使用它。"
                           f"请先关闭所有 Excel 窗口，再运行本命令。") from None


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except PermissionError:
        raise InstallError(f"无法删除 {path}：Excel 正在使用它。"
                           f"请先关闭所有 Excel 窗口，再运行本命令。") from None
