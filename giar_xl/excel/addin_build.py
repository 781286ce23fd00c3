"""Building the .xlam add-ins from ``xl_addin/`` and the installed xlwings.

Design (a2 in ../shared/xlwings/XLWINGS_NOTES.md; the README's developer
section says why): every ``xl_addin/ribbon/<name>.xml`` becomes
``<name>.xlam``, a copy of xlwings' own ribbon add-in template
(``quickstart_addin_ribbon.xlam``) in which only ``customUI/customUI.xml``
is replaced.  The VBA stays byte for byte what the installed xlwings ships.
Its one callback, ``RibbonMyAddin.RunMain``, runs
``import <name>; <name>.main()`` with ``<name>`` taken from the add-in's file
name, so the file name is the Python module of the button.  The buttons of
all the add-ins meet on one tab through qualified ids (``idQ``).

Nothing of xlwings is kept in this repository: the template is read from
the installed package at build time, and the build refuses a template
whose VBA does not carry the installed xlwings version.  Output is
reproducible: same inputs, same bytes (fixed entry order, times and flags).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from ..fileio import atomic_path
from ..resources import addin_source_dir
from . import vba

TEMPLATE = "quickstart_addin_ribbon.xlam"
CUSTOM_ADDIN_BAS = "xlwings_custom_addin.bas"
RIBBON_PART = "customUI/customUI.xml"
CALLBACK = "RibbonMyAddin.RunMain"
CUSTOMUI_NS = "http://schemas.microsoft.com/office/2006/01/customui"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the zip format's epoch: no build time in the output

# What RunMain must do for the file name to select the module (checked at build).
_RUN_MAIN = re.compile(
    rb"Sub RunMain\(control As IRibbonControl\)\s+"
    rb"mymodule = Left\(ThisWorkbook\.Name, \(InStrRev\(ThisWorkbook\.Name, \"\.\", -1, "
    rb"vbTextCompare\) - 1\)\)\s+"
    rb"RunPython \"import \" & mymodule & \";\" & mymodule & \"\.main\(\)\"")
_PROJECT_NAME = re.compile(rb'^Public Const PROJECT_NAME As String = "([^"]+)"', re.MULTILINE)


class BuildError(Exception):
    """The add-in cannot be built; the message says why (in Chinese)."""


@dataclass(frozen=True)
class Xlwings:
    """The installed xlwings package, as far as the add-in is concerned."""

    version: str
    package_dir: Path

    @property
    def template(self) -> Path:
        return self.package_dir / TEMPLATE

    @property
    def custom_addin_bas(self) -> Path:
        return self.package_dir / CUSTOM_ADDIN_BAS

    def project_name(self) -> str:
        """``PROJECT_NAME`` of xlwings' custom add-in VBA: it names the config file."""
        match = _PROJECT_NAME.search(self.custom_addin_bas.read_bytes())
        if not match:
            raise BuildError(f"{self.custom_addin_bas} 中找不到 PROJECT_NAME。")
        return match.group(1).decode("ascii")


def installed_xlwings() -> Xlwings:
    """The xlwings this Python would run, found without importing it."""
    spec = importlib.util.find_spec("xlwings")
    if spec is None or not spec.submodule_search_locations:
        raise BuildError("没有安装 xlwings。请运行：pip install \"giar-xl[excel]\"")
    return Xlwings(importlib.metadata.version("xlwings"),
                   Path(next(iter(spec.submodule_search_locations))))


@dataclass(frozen=True)
class Button:
    """One add-in file: its ribbon source and the module its click runs."""

    ribbon: Path

    @property
    def file_name(self) -> str:
        return self.ribbon.stem + ".xlam"

    @property
    def module(self) -> str:
        return module_run_by(self.file_name)


def buttons(source_dir: Path | None = None) -> list[Button]:
    """The add-ins to build, in the order Excel loads them (file name order)."""
    folder = (source_dir or addin_source_dir()) / "ribbon"
    found = sorted(folder.glob("*.xml"))
    if not found:
        raise BuildError(f"{folder} 中没有功能区定义（*.xml）。")
    return [Button(path) for path in found]


def module_run_by(file_name: str) -> str:
    """What RunMain imports for an add-in file: its name up to the last dot."""
    return file_name[:file_name.rfind(".")]


def template_modules(xlwings: Xlwings) -> dict[str, bytes]:
    """The template's VBA modules, after checking they are what the build relies on."""
    if not xlwings.template.is_file():
        raise BuildError(f"xlwings {xlwings.version} 中没有加载项模板 {xlwings.template}。")
    modules = vba.read_modules(xlwings.template)
    stamp = vba.xlwings_version(modules)
    if stamp != xlwings.version:
        raise BuildError(f"xlwings 加载项模板中的 VBA 版本为 {stamp}，与已安装的 xlwings "
                         f"{xlwings.version} 不一致。请重新安装 xlwings。")
    ribbon_module = modules.get(CALLBACK.split(".")[0], b"")
    if not _RUN_MAIN.search(ribbon_module.replace(b"\r\n", b"\n")):
        raise BuildError(f"xlwings {xlwings.version} 的加载项模板中 {CALLBACK} 的写法变了，"
                         f"按钮无法再按文件名选择要运行的模块。")
    return modules


def ribbon_controls(document: bytes) -> list[tuple[str, str | None]]:
    """(id, onAction) of each control with an id, after checking the document."""
    try:
        root = ElementTree.fromstring(document)
    except ElementTree.ParseError as exc:
        raise BuildError(f"功能区定义不是有效的 XML：{exc}") from exc
    if root.tag != f"{{{CUSTOMUI_NS}}}customUI":
        raise BuildError(f"功能区定义的根元素应为 {CUSTOMUI_NS} 的 customUI。")
    controls = [(el.get("id"), el.get("onAction")) for el in root.iter() if el.get("id")]
    ids = [control_id for control_id, _ in controls]
    if len(ids) != len(set(ids)):
        raise BuildError(f"功能区定义中的 id 重复：{ids}")
    for control_id, action in controls:
        if action is not None and action != CALLBACK:
            raise BuildError(f"按钮 {control_id} 的 onAction 为 {action}；"
                             f"模板的 VBA 只有 {CALLBACK}。")
    return controls


def build_addins(out_dir: str | Path, source_dir: Path | None = None,
                 xlwings: Xlwings | None = None, *, overwrite: bool = False) -> list[Path]:
    """Build every add-in into ``out_dir``; returns the files written.  Existing files
    are replaced only with ``overwrite`` (InputError otherwise)."""
    xlwings = xlwings or installed_xlwings()
    template_modules(xlwings)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for button in buttons(source_dir):
        document = button.ribbon.read_bytes()
        ribbon_controls(document)
        written.append(_write_addin(xlwings.template, document, out / button.file_name,
                                    overwrite))
    return written


def _write_addin(template: Path, document: bytes, target: Path, overwrite: bool) -> Path:
    """A copy of ``template`` with the ribbon replaced, written reproducibly and atomically."""
    with atomic_path(target, overwrite) as temp, zipfile.ZipFile(template) as source, \
            zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as built:
        for item in source.infolist():
            data = document if item.filename == RIBBON_PART else source.read(item)
            entry = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0  # as the template: the same bytes on every OS
            entry.external_attr = 0
            built.writestr(entry, data)
    return target
