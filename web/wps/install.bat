@echo off
rem cmd reads each line in the console's code page: GBK from here on, also where it is UTF-8
chcp 936 >nul
rem 安装「政务公开年报」WPS 加载项（Windows）：只装给当前用户，不需要管理员权限。
rem 卸载：在命令行运行  install.bat /uninstall
setlocal
set "NAME={{name}}"
set "FOLDER={{folder}}"
set "DEST=%APPDATA%\kingsoft\wps\jsaddons"
if not exist "%DEST%" mkdir "%DEST%"
for /d %%D in ("%DEST%\%NAME%_*") do rmdir /s /q "%%D"
if /i not "%~1"=="/uninstall" xcopy /E /I /Y /Q "%~dp0%FOLDER%" "%DEST%\%FOLDER%" >nul
powershell -NoProfile -ExecutionPolicy Bypass -Command "$p = Join-Path $env:APPDATA 'kingsoft\wps\jsaddons\publish.xml'; $x = New-Object System.Xml.XmlDocument; if (Test-Path $p) { $x.Load($p) } else { $x.LoadXml('<jsplugins/>') }; foreach ($n in @($x.DocumentElement.ChildNodes)) { if ($n.NodeType -eq 'Element' -and $n.GetAttribute('name') -eq $env:NAME) { [void]$x.DocumentElement.RemoveChild($n) } }; if ('%~1' -ne '/uninstall') { $e = $x.CreateElement('jsplugin'); $e.SetAttribute('name', $env:NAME); $e.SetAttribute('type', 'et'); $e.SetAttribute('url', $env:FOLDER); $e.SetAttribute('version', '{{version}}'); $e.SetAttribute('enable', 'enable_dev'); $e.SetAttribute('install', 'null'); $e.SetAttribute('customDomain', ''); [void]$x.DocumentElement.AppendChild($e) }; $x.Save($p)"
if errorlevel 1 (
  echo 写入 publish.xml 失败，请按「安装说明.txt」手工安装。
) else if /i "%~1"=="/uninstall" (
  echo 已卸载「政务公开年报」加载项。请重新启动 WPS。
) else (
  echo 已安装到 %DEST%\%FOLDER%
  echo 请重新启动 WPS，打开年报工作簿，功能区中会出现「政务公开年报」选项卡。
)
pause
