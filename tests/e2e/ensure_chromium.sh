#!/bin/sh
# The browser tests (tests/e2e) drive the system's Chromium, never a downloaded one. Install it
# with apt-get when it is missing and this user may (root, or sudo without a password).
# Otherwise say why: the browser tests are then skipped, except under CI (CI=true), where this
# fails the run.
set -eu

if [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1; then
  exit 0
fi

cannot() {
  if [ "${CI:-}" = "true" ]; then
    echo "Chromium is missing and $1; CI=true: the browser tests (tests/e2e) must run." >&2
    echo "Install it with: sudo apt-get install chromium" >&2
    exit 1
  fi
  echo "Chromium is missing and $1: the browser tests (tests/e2e) will be skipped." >&2
  echo "Install it with: sudo apt-get install chromium" >&2
  exit 0
}

command -v apt-get >/dev/null 2>&1 || cannot "this system has no apt-get"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  cannot "installing it needs root or sudo without a password"
fi

echo "Installing Chromium for the browser tests (apt-get install chromium)..."
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
