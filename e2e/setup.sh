#!/usr/bin/env bash
# Installs what the end-to-end tests need and the machine may lack: the npm packages (the
# official pocketbase SDK, playwright-core; for the kit's tests TypeScript, fake-indexeddb and
# sql.js) and Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
(cd ../clients/js && npm ci --no-audit --no-fund --loglevel=error) # the sync client kit's tests
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "Installing Debian's chromium for the browser tests..."
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
