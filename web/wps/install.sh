#!/bin/sh
# 安装「政务公开年报」WPS 加载项（Linux，含统信 UOS、麒麟等信创系统）：只装给当前用户，不需要管理员权限。
# 用法：sh install.sh        卸载：sh install.sh --uninstall
set -eu
here=$(cd "$(dirname "$0")" && pwd)
name="{{name}}"
folder="{{folder}}"
entry='<jsplugin name="{{name}}" type="et" url="{{folder}}" version="{{version}}" enable="enable_dev" install="null" customDomain=""/>'
dest="$HOME/.local/share/Kingsoft/wps/jsaddons"
publish="$dest/publish.xml"

mkdir -p "$dest"
for old in "$dest/${name}_"*; do
  if [ -d "$old" ]; then rm -rf "$old"; fi
done
if [ -f "$publish" ]; then
  # drop our entry (and an empty <jsplugins/>), keep every other add-in's
  sed -e "s#<jsplugin [^>]*name=\"$name\"[^>]*/>##g" -e 's#<jsplugins */>#<jsplugins></jsplugins>#' \
    "$publish" > "$publish.tmp"
  mv "$publish.tmp" "$publish"
fi
if [ "${1:-}" = "--uninstall" ]; then
  echo "已卸载「政务公开年报」加载项。请重新启动 WPS。"
  exit 0
fi
cp -R "$here/$folder" "$dest/$folder"
if [ ! -f "$publish" ] || ! grep -q "</jsplugins>" "$publish"; then
  printf '<jsplugins>\n</jsplugins>\n' > "$publish"
fi
sed "s#</jsplugins>#$entry</jsplugins>#" "$publish" > "$publish.tmp"
mv "$publish.tmp" "$publish"
echo "已安装到 $dest/$folder"
echo "请重新启动 WPS，打开年报工作簿，功能区中会出现「政务公开年报」选项卡。"
