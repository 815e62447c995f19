#!/usr/bin/env bash
# The Debian packages docpipe uses beside Python: Tesseract 5 with the six UN languages (OCR of
# scanned pages) and the Arabic script model (it reads the Arabic-Indic digits of typescript
# paragraph numbers, which the Arabic language model does not), and Chromium with its driver
# (the review page's browser tests). Installs the missing ones when run as root on a machine
# with apt; otherwise prints the one command to run. Never fails the setup: without them, OCR
# pages fail with `ocr-unavailable` (without the script model those paragraph numbers stay
# misread, and the document's numbering check says so) and the browser tests are skipped.
set -u
PACKAGES="tesseract-ocr tesseract-ocr-ara tesseract-ocr-chi-sim tesseract-ocr-eng tesseract-ocr-fra tesseract-ocr-rus tesseract-ocr-spa tesseract-ocr-script-arab chromium chromium-driver"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq $missing; } >/dev/null 2>&1 \
    || echo "warning: could not install$missing (OCR and browser tests will be unavailable)"
else
  echo "docpipe needs these Debian packages for OCR and the browser tests; run:"
  echo "  sudo apt-get install -y$missing"
fi
exit 0
