"""What ``giar-xl web build`` and ``giar-xl addin build --wps`` write."""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from giar_xl import __version__
from giar_xl.web import build, pyodide_dist

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ASSET = re.compile(r'^GiarAssets\.add\("([^"]+)", "(gzip|raw)", "([A-Za-z0-9+/=]+)"\);\n$')


def manifest(html: str) -> dict:
    return json.loads(re.search(r"window\.GIAR_BUILD = (\{.*?\});</script>", html).group(1))


def test_page_folder_holds_everything_the_manifest_names(built_page):
    html = (built_page / build.PAGE_NAME).read_text(encoding="utf-8")
    found = manifest(html)
    assert found["entry"] == "giar_xl.web.page" and found["giar_xl"] == __version__
    assert found["pyodide"] == pyodide_dist.VERSION
    for name, file in found["assets"].items():
        text = (built_page / file).read_text(encoding="ascii")
        match = ASSET.match(text)
        assert match and match.group(1) == name, file
    assert set(found["assets"]) == {"pyodide.mjs", "pyodide.asm.mjs", "pyodide-lock.json",
                                    "pyodide.asm.wasm", "python_stdlib.zip", build.PYTHON_ZIP}
    assert '<script src="giar-runtime.js">' in html and '<script src="page.js">' in html
    assert "http://" not in html and "https://" not in html


def test_python_payload_is_bytecode_of_giar_xl_and_pure_dependencies():
    data = build.compiled_python(pyodide_dist.cache_dir(), pyodide_dist.pyodide_dir())
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        names = set(archive.namelist())
        magic = archive.read("giar_xl/check.pyc")[:4]
    assert {"giar_xl/check.pyc", "giar_xl/formats/gov2021.yaml", "giar_xl/web/page.pyc",
            "openpyxl/__init__.pyc", "jinja2/__init__.pyc", "markupsafe/_native.pyc",
            "yaml/__init__.pyc", "html5lib/__init__.pyc"} <= names
    assert any(n.startswith("giar_xl/_templates/") for n in names)
    assert not any(n.endswith((".so", ".py")) or n.startswith(("giar_xl/cli/", "giar_xl/county/"))
                   for n in names)
    assert magic[2:] == b"\r\n"  # a CPython bytecode header (of Pyodide's Python, not ours)


def test_single_file_page_inlines_every_asset(tmp_path):
    page = build.build_page(tmp_path / "one.html", single_file=True)
    html = page.read_text(encoding="utf-8")
    assert html.count('GiarAssets.add("') == len(manifest(html)["assets"])
    assert '<script src=' not in html
    with pytest.raises(build.BuildError, match="已存在"):
        build.build_page(page, single_file=True)


def test_wps_ribbon_comes_from_the_excel_ribbon_files(built_wps):
    addin = built_wps / build.wps_folder_name()
    ribbon = ElementTree.parse(addin / "ribbon.xml").getroot()
    ns = {"ui": "http://schemas.microsoft.com/office/2006/01/customui"}
    assert ribbon.find(".//ui:tab", ns).get("label") == "政务公开年报"
    buttons = [(b.get("id"), b.get("label")) for b in ribbon.findall(".//ui:button", ns)]
    assert buttons == [("validate", "校验"), ("clear_marks", "清除标记"), ("export", "导出"),
                       ("help", "帮助")]
    main = (addin / "main.js").read_text(encoding="utf-8")
    callbacks = {b.get("onAction") for b in ribbon.findall(".//ui:button", ns)}
    for callback in callbacks | {"OnAddinLoad", "GetImage"}:
        assert f"function {callback}(" in main
    for button_id, _label in buttons:
        assert (addin / "images" / f"{button_id}.svg").is_file()
    assert manifest((addin / "index.html").read_text(encoding="utf-8"))["entry"] == "giar_xl.web.wps"
    entry = ElementTree.parse(built_wps / "publish.xml").getroot().find("jsplugin")
    assert entry.get("url") == addin.name and entry.get("type") == "et"
    assert entry.get("version") == __version__


def test_windows_installer_is_a_gbk_batch_file(built_wps):
    data = (built_wps / "install.bat").read_bytes()
    text = data.decode("gbk")
    assert text.startswith("@echo off\r\n") and "\r\nchcp 936 >nul\r\n" in text  # before any Chinese
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert r"%APPDATA%\kingsoft\wps\jsaddons" in text and build.wps_folder_name() in text
    assert "{{" not in text


def run_installer(built_wps: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["sh", str(built_wps / "install.sh"), *args], capture_output=True, text=True,
                          env={**os.environ, "HOME": str(home)}, check=True)


def test_linux_installer_adds_updates_and_removes_only_its_own_entry(built_wps, tmp_path):
    jsaddons = tmp_path / ".local/share/Kingsoft/wps/jsaddons"
    jsaddons.mkdir(parents=True)
    other = '<jsplugin name="other" type="wps" url="other_1.0" version="1.0"/>'
    (jsaddons / "publish.xml").write_text(f"<jsplugins>{other}</jsplugins>\n", encoding="utf-8")
    (jsaddons / f"{build.WPS_ADDIN_NAME}_0.0.1").mkdir()  # an older version
    run_installer(built_wps, tmp_path)
    run_installer(built_wps, tmp_path)  # installing again changes nothing
    root = ElementTree.parse(jsaddons / "publish.xml").getroot()
    assert [e.get("name") for e in root] == ["other", build.WPS_ADDIN_NAME]
    assert (jsaddons / build.wps_folder_name() / "ribbon.xml").is_file()
    assert not (jsaddons / f"{build.WPS_ADDIN_NAME}_0.0.1").exists()
    run_installer(built_wps, tmp_path, "--uninstall")
    root = ElementTree.parse(jsaddons / "publish.xml").getroot()
    assert [e.get("name") for e in root] == ["other"]
    assert not (jsaddons / build.wps_folder_name()).exists()


def test_linux_installer_starts_a_publish_file_when_there_is_none(built_wps, tmp_path):
    run_installer(built_wps, tmp_path)
    publish = tmp_path / ".local/share/Kingsoft/wps/jsaddons/publish.xml"
    assert [e.get("name") for e in ElementTree.parse(publish).getroot()] == [build.WPS_ADDIN_NAME]


def test_clerks_text_files_open_alike_in_every_notepad(built_page, built_wps):
    """UTF-8 with a byte-order mark and CRLF: Windows 7's Notepad shows them as written."""
    for path in [*built_page.glob("*.txt"), *built_wps.rglob("*.txt")]:
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), path.name
        assert b"\n" not in data.replace(b"\r\n", b""), path.name
        assert data.decode("utf-8-sig").strip(), path.name
