"""``giar-xl web build`` and ``giar-xl addin build --wps``: write the page and the WPS add-in.

Both carry the same payload: Pyodide (from npm, :mod:`.pyodide_dist`), its
standard library and giar-xl with its pure-Python dependencies, all compiled
to bytecode, each packed as a classic ``<script>`` that registers base64
data with ``GiarAssets`` (``web/runtime/giar-runtime.js``).  A page built so
opens by double-click (file://), where browsers refuse ``fetch`` and module
scripts, and asks nothing of the network.

The Python files are taken from the environment that runs the build —
giar-xl itself and the installed versions of its dependencies — so the page
checks exactly as ``giar-xl check`` does on this machine.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import importlib.metadata
import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape as xml_escape

from .. import __version__
from ..excel.addin_build import CUSTOMUI_NS
from ..resources import addin_source_dir, templates_dir, web_source_dir
from . import pyodide_dist
from .pyodide_dist import BuildError

PAGE_NAME = "年报校验.html"
WPS_ADDIN_NAME = "giar_xl_wps"
# Pure-Python distributions the page needs (distribution names, as pip knows them).
# python-calamine and lxml have no WebAssembly build: see giar_xl.web.edges.
PYTHON_DEPENDENCIES = ("openpyxl", "et_xmlfile", "jinja2", "markupsafe", "PyYAML", "html5lib",
                       "six", "webencodings", "opencc-python-reimplemented")
_COMPILED_SUFFIXES = (".so", ".pyd", ".dylib", ".dll", ".pyc", ".pyi", ".c", ".h")
_GZIP = {"pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json"}
PYTHON_ZIP = "giar-python.zip"
# Parts of the giar_xl package the browser never runs (the command line needs click; the
# county review is a command-line summary; the data folders of an installed wheel are
# shipped separately or not at all).
_NOT_SHIPPED = frozenset({"cli", "county", "__main__.py", "_web", "_xl_addin"})


@dataclass(frozen=True)
class Asset:
    name: str
    encoding: str  # "gzip" or "raw"
    data: bytes  # as stored (compressed when gzip)

    @property
    def script(self) -> str:
        payload = base64.b64encode(self.data).decode("ascii")
        return f'GiarAssets.add({json.dumps(self.name)}, "{self.encoding}", "{payload}");\n'

    @property
    def file_name(self) -> str:
        return f"assets/{self.name}.js"


# -- what goes in ---------------------------------------------------------------------------
def python_sources() -> dict[str, bytes]:
    """Archive name -> content: giar-xl (with its templates) and the pure-Python dependencies."""
    files: dict[str, bytes] = {}
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(package)
        if path.is_file() and "__pycache__" not in relative.parts \
                and path.suffix not in _COMPILED_SUFFIXES and relative.parts[0] not in _NOT_SHIPPED:
            files[f"giar_xl/{relative.as_posix()}"] = path.read_bytes()
    templates = templates_dir()
    for path in sorted(templates.rglob("*")):
        if path.is_file():
            files[f"giar_xl/_templates/{path.relative_to(templates).as_posix()}"] = path.read_bytes()
    for name in PYTHON_DEPENDENCIES:
        files.update(_distribution_files(name))
    return files


def _distribution_files(name: str) -> dict[str, bytes]:
    try:
        dist = importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        raise BuildError(f"生成网页需要已安装的 {name}：请运行 pip install 'giar-xl[web]'。") from None
    files = {}
    for entry in dist.files or ():
        text = entry.as_posix()
        if (text.startswith("..") or ".dist-info/" in text or "__pycache__" in text
                or text.endswith(_COMPILED_SUFFIXES) or text.startswith("bin/")):
            continue
        files[text] = Path(entry.locate()).read_bytes()
    return files


def licenses_text() -> str:
    """The third-party software the page carries, with versions and licences."""
    lines = ["本页面（及 WPS 加载项）内含以下第三方软件，均按各自的许可证分发：", "",
             f"Pyodide {pyodide_dist.VERSION}（含 CPython 3.14）  Mozilla Public License 2.0"
             "（CPython：Python Software Foundation License）"]
    texts = []
    for name in PYTHON_DEPENDENCIES:
        meta = importlib.metadata.metadata(name)
        licence = meta.get("License-Expression") or _classifier_licence(meta) or meta.get("License")
        lines.append(f"{meta['Name']} {meta['Version']}  {licence}")
        for entry in importlib.metadata.distribution(name).files or ():
            upper = entry.name.upper()
            if ".dist-info/" in entry.as_posix() and upper.startswith(("LICEN", "COPYING")):
                texts.append(f"\n==== {meta['Name']}: {entry.name} ====\n"
                             + Path(entry.locate()).read_text(encoding="utf-8", errors="replace"))
    return "\n".join(lines) + "\n" + "".join(texts)


def _classifier_licence(meta) -> str | None:
    for classifier in meta.get_all("Classifier") or ():
        if classifier.startswith("License ::"):
            return classifier.split("::")[-1].strip()
    return None


def compiled_python(cache: Path, pyodide: Path) -> bytes:
    """giar-xl and its dependencies as a zip of bytecode (cached by content)."""
    source = _zip(python_sources())
    key = hashlib.sha256(source + pyodide_dist.VERSION.encode()).hexdigest()[:24]
    target = cache / "compiled" / f"python-{key}.zip"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
            plain = Path(tmp) / "source.zip"
            plain.write_bytes(source)
            pyodide_dist.compile_zip(pyodide, plain, Path(tmp) / "compiled.zip").rename(target)
    return target.read_bytes()


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()


def assets(cache: Path | None = None) -> list[Asset]:
    """Everything the runtime loads, in the order it needs it."""
    cache = cache or pyodide_dist.cache_dir()
    pyodide = pyodide_dist.pyodide_dir(cache)
    found = []
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide-lock.json", "pyodide.asm.wasm"):
        found.append(Asset(name, "gzip", gzip.compress((pyodide / name).read_bytes(), 9, mtime=0)))
    found.append(Asset("python_stdlib.zip", "raw", pyodide_dist.compiled_stdlib(pyodide).read_bytes()))
    found.append(Asset(PYTHON_ZIP, "raw", compiled_python(cache, pyodide)))
    return found


def build_manifest(items: Iterable[Asset], entry: str, base: str | None = None) -> str:
    """``window.GIAR_BUILD``: where each asset script is, and the Python module to start."""
    manifest = {"assets": {a.name: a.file_name for a in items}, "entry": entry,
                "giar_xl": __version__, "pyodide": pyodide_dist.VERSION}
    if base:
        manifest["base"] = base
    return json.dumps(manifest, ensure_ascii=False)


# -- the page --------------------------------------------------------------------------------
def build_page(out: Path, single_file: bool = False, overwrite: bool = False,
               cache: Path | None = None) -> Path:
    """Write the offline page: a folder (``年报校验.html`` + ``assets/``) or one .html file."""
    items = assets(cache)
    source = web_source_dir()
    runtime = (source / "runtime" / "giar-runtime.js").read_text(encoding="utf-8")
    page_js = (source / "page" / "page.js").read_text(encoding="utf-8")
    template = (source / "page" / "index.html").read_text(encoding="utf-8")
    fill = {"build_json": build_manifest(items, "giar_xl.web.page")}
    if single_file:
        fill |= {"runtime_script": _inline(runtime),
                 "asset_scripts": "\n".join(_inline(a.script) for a in items),
                 "page_script": _inline(page_js)}
        return _write_output(out, overwrite, lambda target: target.write_text(
            _render(template, fill), encoding="utf-8"), is_file=True)
    fill |= {"runtime_script": '<script src="giar-runtime.js"></script>', "asset_scripts": "",
             "page_script": '<script src="page.js"></script>'}

    def write(folder: Path) -> None:
        folder.mkdir()
        (folder / "assets").mkdir()
        (folder / PAGE_NAME).write_text(_render(template, fill), encoding="utf-8")
        (folder / "giar-runtime.js").write_text(runtime, encoding="utf-8")
        (folder / "page.js").write_text(page_js, encoding="utf-8")
        for item in items:
            (folder / item.file_name).write_text(item.script, encoding="ascii")
        _write_notepad_text(folder / "使用说明.txt", _PAGE_README)
        _write_notepad_text(folder / "第三方软件.txt", licenses_text())
    return _write_output(out, overwrite, write)


_PAGE_README = """\
政府信息公开工作年度报告 · 离线校验

用法：双击「年报校验.html」，用 Chrome、Edge、360 安全浏览器（极速模式）等较新的浏览器打开，
把填报工作簿（.xlsx）或已发布的报告（.txt、.md、.html、.docx）拖进页面即可。
首次打开需要几秒钟启动校验程序；之后每校验一个文件约一秒。

- 全部程序都在这个文件夹里，不需要安装，也不联网；文件只在本机浏览器中处理，不会上传。
- 请保持文件夹完整（年报校验.html 要和 assets 文件夹等放在一起）。
- 校验结果与命令行 giar-xl check 相同；可以下载标注副本（出错的单元格标红并附批注），
  以及网页、Markdown、纯文本格式的年度报告。Word 格式请用 WPS 文字或 Word 打开导出的网页后另存为 .docx。
"""


def _inline(code: str) -> str:
    return "<script>" + code.replace("</script", "<\\/script") + "</script>"


def _write_notepad_text(path: Path, text: str) -> None:
    """A text file for clerks to open by double-click: UTF-8 with a byte-order mark and
    CRLF line ends, which every Notepad (also Windows 7's) shows as written."""
    path.write_bytes(text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8-sig"))


def _render(template: str, fill: dict[str, str]) -> str:
    for key, value in fill.items():
        template = template.replace("{{" + key + "}}", value)
    return template


def _write_output(out: Path, overwrite: bool, write, is_file: bool = False) -> Path:
    """Build beside ``out`` and move it into place; an existing ``out`` only with ``overwrite``."""
    out = Path(out)
    if out.exists() and not overwrite:
        raise BuildError(f"{out} 已存在。请换一个名称，或加 --overwrite 覆盖。")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        target = staging / out.name
        write(target)
        if out.exists():
            shutil.rmtree(out) if out.is_dir() else out.unlink()
        target.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out


# -- the WPS add-in ------------------------------------------------------------------------------
def wps_folder_name() -> str:
    """The add-in's folder in WPS's jsaddons (name_version, as WPS's offline mode expects)."""
    return f"{WPS_ADDIN_NAME}_{__version__}"


def wps_ribbon() -> str:
    """WPS's ribbon.xml, made from the Excel add-in's ribbon files (one per button).

    Tab, group and button labels are written once, in ``xl_addin/ribbon/``;
    here every button calls the page's ``OnAction`` and shows an icon of
    the add-in's own (``images/<id>.svg``).
    """
    ns = {"ui": CUSTOMUI_NS}
    tab = group = None
    buttons = []
    for path in sorted((addin_source_dir() / "ribbon").glob("*.xml")):
        root = ElementTree.parse(path).getroot()
        tab = root.find(".//ui:tab", ns)
        group = root.find(".//ui:group", ns)
        buttons += root.findall(".//ui:button", ns)
    if tab is None or group is None or not buttons:
        raise BuildError("xl_addin/ribbon 中没有按钮定义。")
    lines = [f'<customUI xmlns="{CUSTOMUI_NS}" onLoad="OnAddinLoad">',
             '  <ribbon startFromScratch="false">', "    <tabs>",
             f'      <tab id="giarXlTab" label="{_attr(tab.get("label"))}">',
             f'        <group id="giarXlGroup" label="{_attr(group.get("label"))}">']
    for button in buttons:  # no tips: Excel's speak of Word and xlwings
        lines.append(f'          <button id="{_attr(button.get("id"))}" label="{_attr(button.get("label"))}"'
                     f' size="large" getImage="GetImage" onAction="OnAction"/>')
    lines += ["        </group>", "      </tab>", "    </tabs>", "  </ribbon>", "</customUI>", ""]
    return "\n".join(lines)


def _attr(text: str | None) -> str:
    return xml_escape(text or "", {'"': "&quot;"})


def build_wps_addin(out: Path, overwrite: bool = False, cache: Path | None = None) -> Path:
    """Write the WPS add-in for offline installation: the add-in folder, publish.xml,
    install scripts for Windows and Linux, and the instructions."""
    items = assets(cache)
    source = web_source_dir()
    folder = wps_folder_name()
    fill = {"name": WPS_ADDIN_NAME, "folder": folder, "version": __version__}

    def write(target: Path) -> None:
        addin = target / folder
        (addin / "assets").mkdir(parents=True)
        (addin / "images").mkdir()
        index = (source / "wps" / "index.html").read_text(encoding="utf-8")
        manifest = build_manifest(items, "giar_xl.web.wps")
        (addin / "index.html").write_text(_render(index, {"build_json": manifest}), encoding="utf-8")
        (addin / "ribbon.xml").write_text(wps_ribbon(), encoding="utf-8")
        for name in ("main.js",):
            shutil.copyfile(source / "wps" / name, addin / name)
        shutil.copyfile(source / "runtime" / "giar-runtime.js", addin / "giar-runtime.js")
        for icon in sorted((source / "wps" / "images").glob("*.svg")):
            shutil.copyfile(icon, addin / "images" / icon.name)
        for item in items:
            (addin / item.file_name).write_text(item.script, encoding="ascii")
        _write_notepad_text(addin / "第三方软件.txt", licenses_text())
        (target / "publish.xml").write_text(_render(_PUBLISH_XML, fill), encoding="utf-8")
        script = _render((source / "wps" / "install.sh").read_text(encoding="utf-8"), fill)
        (target / "install.sh").write_text(script, encoding="utf-8")
        (target / "install.sh").chmod(0o755)
        batch = _render((source / "wps" / "install.bat").read_text(encoding="utf-8"), fill)
        # cmd reads a batch file in the console's code page: GBK on Chinese Windows.
        (target / "install.bat").write_bytes(batch.replace("\n", "\r\n").encode("gbk"))
        _write_notepad_text(target / "安装说明.txt", _render(_WPS_README, fill))
    return _write_output(out, overwrite, write)


_PUBLISH_XML = """\
<jsplugins>
  <jsplugin name="{{name}}" type="et" url="{{folder}}" version="{{version}}" enable="enable_dev"
            install="null" customDomain=""/>
</jsplugins>
"""

_WPS_README = """\
「政务公开年报」WPS 表格加载项（离线安装，不需要 Python，不联网）

Windows：双击 install.bat（装到 %APPDATA%\\kingsoft\\wps\\jsaddons），重新启动 WPS。
Linux（统信 UOS、银河麒麟等）：在本文件夹中打开终端，运行  sh install.sh
  （装到 ~/.local/share/Kingsoft/wps/jsaddons），重新启动 WPS。
卸载：install.bat /uninstall  或  sh install.sh --uninstall

手工安装（脚本不能运行时）：把文件夹 {{folder}} 复制到上面的 jsaddons 文件夹，
再把 publish.xml 中的 <jsplugin …/> 一行加进 jsaddons 中的 publish.xml（没有就直接复制过去）。

安装后在 WPS 表格中打开年报工作簿，功能区会出现「政务公开年报」选项卡：
校验、清除标记、导出（网页格式，可用 WPS 文字另存为 Word）、帮助。第一次点击需要几秒钟启动校验程序。
"""
