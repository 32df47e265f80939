#!/bin/sh
# Installs the system libraries Enhetsdialog's window needs on Debian and Ubuntu, when they are
# missing (a fresh desktop lacks a few of Qt's xcb libraries, and python3-venv). Does nothing when
# everything is there, and nothing on other systems (macOS and Windows need no extra libraries).
#
#   sh scripts/install-system-libs.sh          # what the app needs
#   sh scripts/install-system-libs.sh --test   # and what the tests use (Xvfb, poppler, SoftHSM2, PDFBox)
#   sh scripts/install-system-libs.sh --ci     # and what CI uses (binutils for PyInstaller)
#
# The list of libraries and packages is src/enhetsdialog/ui/platform_check.py (the app checks the
# same list before it opens its window). Uses sudo when not run as root.
set -eu
cd "$(dirname "$0")/.."

# the tests' tools: a real X server, poppler, SoftHSM2 (a PKCS#11 card), qpdf and PDFBox Preflight
test_packages="xvfb poppler-utils softhsm2 opensc qpdf default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java"
extra=""
case "${1:-}" in
  --test) extra="$test_packages" ;;
  --ci) extra="$test_packages binutils" ;;
  "") ;;
  *) echo "bruk: sh scripts/install-system-libs.sh [--test|--ci]" >&2; exit 2 ;;
esac

if [ "$(uname -s)" != "Linux" ] || ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  exit 0  # not Debian or Ubuntu: nothing to do here (see docs/building.md)
fi

need="$(python3 src/enhetsdialog/ui/platform_check.py)"
python3 -c "import ensurepip, venv" 2>/dev/null || need="$need python3-venv"
for pkg in $extra; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed"; then
    need="$need $pkg"
  fi
done
need="$(echo $need)"  # trim
[ -z "$need" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1; then
  as_root="sudo"
  echo "Enhetsdialog trenger noen systembiblioteker: $need. Installerer dem med sudo (du kan bli spurt om passordet ditt)."
else
  echo "Enhetsdialog trenger noen systembiblioteker. Installer dem som root: apt-get install $need" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive DEBCONF_NOWARNINGS=yes
$as_root apt-get update -qq
# shellcheck disable=SC2086
$as_root apt-get install -y -qq --no-install-recommends $need >/dev/null
echo "Installert: $need"
