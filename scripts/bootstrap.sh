#!/usr/bin/env bash
# Set up a development machine from scratch: system packages for the
# real-client tests (LibreOffice, CJK fonts, poppler), then a virtualenv in
# .venv with giar-xl and its test dependencies.  Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-calc libreoffice-writer)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || need_apt+=(fonts-noto-cjk)
# The offline page and WPS add-in: built with Node.js/npm (Pyodide), tested in Chromium.
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "installing system packages: ${need_apt[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      "${need_apt[@]}" >/dev/null
  else
    echo "warning: please install ${need_apt[*]} (LibreOffice, poppler, Noto CJK fonts, Node.js, Chromium)" >&2
  fi
fi

PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
echo "ready: .venv/bin/giar-xl --help"
