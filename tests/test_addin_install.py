"""``giar-xl addin install | uninstall | status``: the Windows code paths, run against
folders standing in for %APPDATA% and %USERPROFILE%, and the answer elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

xw = pytest.importorskip("xlwings")

from giar_xl.cli import main
from giar_xl.excel import install as install_module
from giar_xl.excel.addin_build import Xlwings, build_addins, installed_xlwings
from giar_xl.excel.install import InstallError, Machine, install, read_config, status, uninstall

PROJECT = "myaddin"  # PROJECT_NAME of xlwings' custom add-in VBA: it names the config file


@pytest.fixture
def machine(tmp_path) -> Machine:
    """A Windows PC: roaming profile, home folder and a venv with pythonw.exe."""
    scripts = tmp_path / "venv" / "Scripts"
    scripts.mkdir(parents=True)
    (scripts / "python.exe").touch()
    (scripts / "pythonw.exe").touch()
    environ = {"APPDATA": str(tmp_path / "Roaming"), "USERPROFILE": str(tmp_path / "home")}
    return Machine("win32", environ, scripts / "python.exe", "gbk")


def xlstart(machine: Machine) -> Path:
    return Path(machine.environ["APPDATA"]) / "Microsoft" / "Excel" / "XLSTART"


def config(machine: Machine) -> Path:
    return Path(machine.environ["USERPROFILE"]) / f".{PROJECT}" / f"{PROJECT}.conf"


def test_install_copies_the_addins_and_writes_the_config(machine, tmp_path):
    lines = install(machine)
    reference = build_addins(tmp_path / "reference")
    installed = sorted(xlstart(machine).iterdir())
    assert [p.name for p in installed] == [p.name for p in reference]
    assert [p.read_bytes() for p in installed] == [p.read_bytes() for p in reference]
    pythonw = machine.python.with_name("pythonw.exe")
    assert config(machine).read_bytes() == (
        f'"INTERPRETER_WIN","{pythonw}"\r\n"ADD_WORKBOOK_TO_PYTHONPATH","false"\r\n'
    ).encode("gbk")
    assert installed_xlwings().project_name() == PROJECT
    assert any(str(xlstart(machine)) in line for line in lines)
    assert any(f"均为 {xw.__version__}" in line for line in lines)


def test_status_after_install(machine, monkeypatch):
    install(machine)
    monkeypatch.setattr(install_module, "has_pywin32", lambda: True)
    report = status(machine)
    assert report.ok, report.lines
    assert sum(f"VBA 版本 {xw.__version__}" in line for line in report.lines) == 4
    assert any(line.startswith("√ Excel 使用的 Python") for line in report.lines)


def test_status_finds_what_is_wrong(machine, monkeypatch):
    report = status(machine)
    assert not report.ok and sum(line.startswith("× 未安装") for line in report.lines) == 4
    install(machine)
    (xlstart(machine) / "giar_xl.excel.ribbon.b0_old.xlam").write_bytes(b"")
    newer = Xlwings("0.38.0", installed_xlwings().package_dir)  # pip upgraded xlwings alone
    monkeypatch.setattr(install_module, "installed_xlwings", lambda: newer)
    lines = status(machine).lines
    assert any("已安装 xlwings 0.38.0，giar-xl 要求" in line for line in lines)
    assert sum(f"VBA 版本 {xw.__version__}（与已安装的 xlwings 不一致" in line
               for line in lines) == 4
    assert any("旧版本留下的" in line and "b0_old" in line for line in lines)
    if not install_module.has_pywin32():
        assert any("没有安装 pywin32" in line for line in lines)


def test_install_keeps_another_addins_interpreter_unless_forced(machine):
    config(machine).parent.mkdir(parents=True)
    config(machine).write_text('"INTERPRETER_WIN","C:\\other\\pythonw.exe"\r\n"CONDA ENV","x"\r\n',
                               encoding="gbk")
    with pytest.raises(InstallError, match="另一个 Python"):
        install(machine)
    assert not xlstart(machine).exists()
    install(machine, force=True)
    settings = read_config(config(machine), "gbk")
    assert settings["INTERPRETER_WIN"] == str(machine.pythonw())
    assert settings["CONDA ENV"] == "x"  # other settings stay


def test_install_replaces_old_versions_of_its_files(machine):
    xlstart(machine).mkdir(parents=True)
    old = xlstart(machine) / "giar_xl.excel.ribbon.validate.xlam"
    old.write_bytes(b"old")
    foreign = xlstart(machine) / "PERSONAL.XLSB"
    foreign.write_bytes(b"mine")
    install(machine)
    assert not old.exists() and foreign.read_bytes() == b"mine"


def test_install_needs_pythonw_and_a_closed_excel(machine, monkeypatch):
    machine.pythonw().unlink()
    with pytest.raises(InstallError, match="pythonw.exe"):
        install(machine)
    machine.pythonw().touch()

    def locked(src, dst):
        raise PermissionError(13, "in use")

    monkeypatch.setattr(install_module.shutil, "copyfile", locked)
    with pytest.raises(InstallError, match="请先关闭所有 Excel 窗口"):
        install(machine)


def test_install_refuses_a_python_path_excel_cannot_read(tmp_path):
    scripts = tmp_path / "Ünïcödé" / "Scripts"
    scripts.mkdir(parents=True)
    (scripts / "pythonw.exe").touch()
    machine = Machine("win32", {"APPDATA": str(tmp_path / "r"), "USERPROFILE": str(tmp_path / "h")},
                      scripts / "python.exe", "ascii")
    with pytest.raises(InstallError, match="无法表示"):
        install(machine)


def test_uninstall_removes_exactly_what_install_added(machine):
    xlstart(machine).mkdir(parents=True)
    (xlstart(machine) / "PERSONAL.XLSB").write_bytes(b"mine")
    install(machine)
    lines = uninstall(machine)
    assert [p.name for p in xlstart(machine).iterdir()] == ["PERSONAL.XLSB"]
    assert not config(machine).exists() and not config(machine).parent.exists()
    assert sum(line.startswith("已删除") for line in lines) == 4
    assert uninstall(machine) == ["没有找到已安装的 giar-xl 加载项。"]


def test_uninstall_leaves_a_config_pointing_elsewhere(machine):
    install(machine)
    config(machine).write_text('"INTERPRETER_WIN","C:\\other\\pythonw.exe"\r\n', encoding="gbk")
    assert any("保留未动" in line for line in uninstall(machine))
    assert config(machine).exists()


def test_elsewhere_the_commands_explain_what_to_use_instead(tmp_path):
    linux = Machine("linux", {}, tmp_path / "python", "utf-8")
    for command in (install, uninstall):
        with pytest.raises(InstallError, match="只能安装在 Windows 版 Microsoft Excel 中"):
            command(linux)
    report = status(linux)
    assert not report.ok and any("giar-xl check" in line for line in report.lines)


def test_cli_on_this_machine(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["addin", "status"])
    if not Machine.current().is_windows:
        assert result.exit_code == 1
        assert "giar-xl export 年报.xlsx -o 年报.docx" in result.output
        result = runner.invoke(main, ["addin", "install"])
        assert result.exit_code == 1 and "Windows 版 Microsoft Excel" in result.output
    assert f"xlwings {xw.__version__}" in runner.invoke(main, ["addin", "status"]).output


def test_machine_paths_follow_windows_conventions(machine):
    assert machine.xlstart() == xlstart(machine)
    assert machine.config_file(PROJECT) == config(machine)
    assert machine.pythonw().parent == machine.python.parent
    with pytest.raises(InstallError, match="APPDATA"):
        Machine("win32", {}, machine.python, "gbk").xlstart()
