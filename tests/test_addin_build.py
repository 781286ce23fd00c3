"""The built .xlam files: package, ribbon, VBA, versions, reproducibility."""

from __future__ import annotations

import importlib
import io
import subprocess
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

xw = pytest.importorskip("xlwings")
olevba = pytest.importorskip("oletools.olevba")
olefile = pytest.importorskip("olefile")

from giar_xl.cli import main
from giar_xl.excel import addin_build, vba
from giar_xl.excel import buttons as button_module
from giar_xl.excel.addin_build import (
    CALLBACK,
    CUSTOMUI_NS,
    BuildError,
    Xlwings,
    build_addins,
    installed_xlwings,
    module_run_by,
    ribbon_controls,
    template_modules,
)
from giar_xl.excel.install import expected_xlwings_version
from giar_xl.office import find_soffice

NS = {"ui": CUSTOMUI_NS}
LABELS = ["校验", "清除标记", "导出", "帮助"]  # in file (= loading) order
XLWINGS = Path(xw.__file__).parent


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> list[Path]:
    return build_addins(tmp_path_factory.mktemp("addin"))


def oletools_modules(path: Path) -> dict[str, bytes]:
    """Each module's decompressed source, as oletools reads it (the independent reader)."""
    data = zipfile.ZipFile(path).read("xl/vbaProject.bin")
    project = olevba.VBA_Project(olefile.OleFileIO(io.BytesIO(data)), "", "PROJECT", "VBA/dir")
    project.parse_project_stream()
    list(project.parse_modules())
    return {module.name: module.code_raw for module in project.modules}


def ribbon(path: Path) -> ElementTree.Element:
    return ElementTree.fromstring(zipfile.ZipFile(path).read("customUI/customUI.xml"))


# -- the package --------------------------------------------------------------------------
def test_build_is_reproducible(built, tmp_path):
    again = build_addins(tmp_path)
    assert [p.name for p in again] == [p.name for p in built]
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in built]
    assert [p.name for p in built] == [
        "giar_xl.excel.ribbon.b1_validate.xlam", "giar_xl.excel.ribbon.b2_clear_marks.xlam",
        "giar_xl.excel.ribbon.b3_export.xlam", "giar_xl.excel.ribbon.b4_help.xlam"]
    assert {info.date_time for p in built for info in zipfile.ZipFile(p).infolist()} == \
        {(1980, 1, 1, 0, 0, 0)}


def test_addins_are_valid_macro_enabled_packages(built):
    for path in built:
        with zipfile.ZipFile(path) as package:
            assert package.testzip() is None
            types = ElementTree.fromstring(package.read("[Content_Types].xml"))
            overrides = {o.get("PartName"): o.get("ContentType") for o in types}
            assert overrides["/xl/workbook.xml"] == \
                "application/vnd.ms-excel.addin.macroEnabled.main+xml"
            assert overrides["/xl/vbaProject.bin"] == "application/vnd.ms-office.vbaProject"
            assert any(d.get("Extension") == "xml" for d in types)  # covers customUI.xml
            rels = ElementTree.fromstring(package.read("_rels/.rels"))
            assert {(r.get("Type").rsplit("/", 1)[-1], r.get("Target")) for r in rels} >= \
                {("extensibility", "customUI/customUI.xml"), ("officeDocument", "xl/workbook.xml")}
            original = zipfile.ZipFile(XLWINGS / addin_build.TEMPLATE)
            assert package.namelist() == original.namelist()
            assert [n for n in package.namelist() if package.read(n) != original.read(n)] == \
                ["customUI/customUI.xml"]


# -- the ribbon -------------------------------------------------------------------------------
def test_ribbons_put_the_buttons_on_one_tab(built):
    ids, labels = [], []
    for path in built:
        root = ribbon(path)
        assert root.tag == f"{{{CUSTOMUI_NS}}}customUI"
        tab = root.find("ui:ribbon/ui:tabs/ui:tab", NS)
        group = tab.find("ui:group", NS)
        assert (tab.get("idQ"), tab.get("label")) == ("giar:tab", "政务公开年报")
        assert group.get("idQ") == "giar:report"
        [button] = group.findall("ui:button", NS)
        ids.append(button.get("id"))
        labels.append(button.get("label"))
        assert button.get("onAction") == CALLBACK
        assert ribbon_controls(zipfile.ZipFile(path).read("customUI/customUI.xml"))
    assert labels == LABELS
    assert len(ids) == len(set(ids))
    # idQ="giar:…" must name the same namespace in every document to share the tab
    for path in built:
        assert b'xmlns:giar="urn:giar-xl:ribbon"' in \
            zipfile.ZipFile(path).read("customUI/customUI.xml")


def test_every_on_action_has_its_vba_sub(built):
    for path in built:
        modules = {name: code.decode("cp1252") for name, code in oletools_modules(path).items()}
        document = zipfile.ZipFile(path).read("customUI/customUI.xml")
        for _control, action in ribbon_controls(document):
            module, sub = action.split(".")
            assert f"Sub {sub}(control As IRibbonControl)" in modules[module]


def test_each_addin_runs_the_button_its_file_name_names(built, monkeypatch):
    clicked = []
    monkeypatch.setattr(button_module, "dispatch", clicked.append)
    for path in built:
        name = path.name
        module = name[:name.rindex(".")]  # RunMain: Left(Name, InStrRev(Name, ".") - 1)
        assert module_run_by(name) == module
        compile(f"import {module};{module}.main()", "<RunPython>", "exec")
        importlib.import_module(module).main()
    assert clicked == ["validate", "clear_marks", "export", "help"]
    assert set(clicked) == set(button_module.ACTIONS)


# -- the VBA -------------------------------------------------------------------------------------
def test_vba_is_exactly_what_the_installed_xlwings_ships(built):
    template = XLWINGS / addin_build.TEMPLATE
    shipped = oletools_modules(template)
    assert set(shipped) == {"ThisWorkbook", "Sheet2", "Dictionary", "xlwings", "RibbonMyAddin"}
    bas = (XLWINGS / addin_build.CUSTOM_ADDIN_BAS).read_bytes()
    # The template stores the module with LF line ends; xlwings' .bas has CRLF.
    assert shipped["xlwings"] == bas.replace(b"\r\n", b"\n")
    for path in built:
        assert oletools_modules(path) == shipped  # byte for byte, every module
        assert zipfile.ZipFile(path).read("xl/vbaProject.bin") == \
            zipfile.ZipFile(template).read("xl/vbaProject.bin")


def test_version_stamp_is_the_installed_xlwings(built):
    assert expected_xlwings_version() == xw.__version__  # what pyproject pins is installed
    for path in built:
        source = oletools_modules(path)["xlwings"].decode("cp1252")
        assert f'Public Const XLWINGS_VERSION As String = "{xw.__version__}"' in source
        assert vba.xlwings_version(vba.read_modules(path)) == xw.__version__


@pytest.mark.parametrize("name", ["quickstart_addin_ribbon.xlam", "quickstart_addin.xlam",
                                  "quickstart_standalone.xlsm", "quickstart.xlsm",
                                  "addin/xlwings.xlam"])
def test_own_vba_reader_agrees_with_oletools(name):
    assert vba.read_modules(XLWINGS / name) == oletools_modules(XLWINGS / name)


def test_build_refuses_a_template_of_another_version():
    other = Xlwings("0.0.1", installed_xlwings().package_dir)
    with pytest.raises(BuildError, match=f"VBA 版本为 {xw.__version__}.*0.0.1"):
        template_modules(other)


@pytest.mark.parametrize("document, problem", [
    (b"<customUI", "不是有效的 XML"),
    (b"<customUI/>", "根元素"),
    (f'<customUI xmlns="{CUSTOMUI_NS}"><ribbon><tabs><tab id="t"><group id="t"/></tab></tabs>'
     f"</ribbon></customUI>".encode(), "id 重复"),
    (f'<customUI xmlns="{CUSTOMUI_NS}"><ribbon><tabs><tab id="t"><group id="g"><button id="b" '
     f'onAction="Module1.Other"/></group></tab></tabs></ribbon></customUI>'.encode(), "onAction"),
])
def test_build_refuses_a_ribbon_the_template_cannot_serve(document, problem):
    with pytest.raises(BuildError, match=problem):
        ribbon_controls(document)


def test_cli_build(tmp_path, built):
    result = CliRunner().invoke(main, ["addin", "build", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"版本标记 {xw.__version__}" in result.output
    assert sorted(p.read_bytes() for p in tmp_path.iterdir()) == \
        sorted(p.read_bytes() for p in built)


# -- LibreOffice -----------------------------------------------------------------------------------
@pytest.mark.libreoffice
def test_libreoffice_opens_the_addin_and_lists_its_modules(built, tmp_path):
    """Calc imports the VBA project into Basic (it cannot run it or show the ribbon)."""
    with tempfile.TemporaryDirectory(prefix="giar-lo-") as profile:
        subprocess.run([find_soffice(), f"-env:UserInstallation={Path(profile).as_uri()}",
                        "--headless", "--norestore", "--infilter=Calc MS Excel 2007 VBA XML",
                        "--convert-to", "ods", "--outdir", str(tmp_path), str(built[0])],
                       check=True, capture_output=True, timeout=180)
    converted = zipfile.ZipFile(tmp_path / built[0].with_suffix(".ods").name)
    modules = {}
    for name in converted.namelist():
        if name.startswith("Basic/MyAddin/") and not name.endswith("script-lb.xml"):
            modules[Path(name).stem] = ElementTree.fromstring(converted.read(name)).text
    assert set(modules) == {"ThisWorkbook", "Sheet2", "Dictionary", "xlwings", "RibbonMyAddin"}
    assert "Sub RunMain(control As IRibbonControl)" in modules["RibbonMyAddin"]
    assert f'XLWINGS_VERSION As String = "{xw.__version__}"' in modules["xlwings"]
