#!/usr/bin/env bash
# Set up GovLab Desk on Debian 12 (system libraries, a virtual environment with the
# locked dependencies) and then start the app or run the tests.
#
#   bash installer/debian/bootstrap.sh app  [app options]     start the desktop app
#   bash installer/debian/bootstrap.sh test [pytest options]  run the whole test suite
#   bash installer/debian/bootstrap.sh cli  COMMAND ...       run a command-line command
set -euo pipefail

mode="${1:-app}"
[ $# -gt 0 ] && shift
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

# Qt's offscreen and xcb platforms, libthai for Thai word breaks, a virtual screen for
# headless runs. The tests also need poppler's pdftotext/pdffonts/pdftoppm to read
# papers back, a PostgreSQL server for the headquarters tests (they start a private
# throwaway cluster), LibreOffice Calc to make and reopen real spreadsheets, and TLWG
# Laksaman (a free clone of TH SarabunPSK) to print papers with an office's own font.
system_packages=(
  python3 python3-venv python3-pip
  libdbus-1-3 libegl1 libfontconfig1 libfreetype6 libgl1 libglib2.0-0 libx11-6 libxkbcommon0
  libthai0
  libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0
  libx11-xcb1 libxrender1 libxi6 xvfb xauth
)
if [ "$mode" = test ]; then
  system_packages+=(poppler-utils postgresql libreoffice-calc-nogui fonts-tlwg-laksaman-ttf)
fi

missing=()
for package in "${system_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))'; then
  echo "GovLab Desk needs Python 3.11 to 3.13; $python is $("$python" --version 2>&1)." >&2
  exit 1
fi

venv="${GOVLAB_VENV:-$repo/.venv}"
lock="$repo/installer/requirements.lock"
stamp="$venv/.govlab-installed"
wanted="$(cat "$lock" pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "Installing Python dependencies (locked in installer/requirements.lock) ..."
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -c "$lock" -e ".[test]"
  echo "$wanted" > "$stamp"
fi

export PYTHAINLP_READ_ONLY=1
case "$mode" in
  app)
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
      echo "No screen found: starting the app on a virtual screen (xvfb-run)."
      exec xvfb-run -a "$venv/bin/govlab-desk" "$@"
    fi
    exec "$venv/bin/govlab-desk" "$@"
    ;;
  test)
    export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
    exec "$venv/bin/python" -m pytest -n 2 "$@"
    ;;
  cli)
    exec "$venv/bin/govlab-desk" "$@"
    ;;
  *)
    echo "usage: bash installer/debian/bootstrap.sh app|test|cli [arguments]" >&2
    exit 2
    ;;
esac
