#!/usr/bin/env bash
# Make sure Debian's Chromium is there for the browser tests: install it when running as root,
# otherwise stop with a clear message. COACH_SKIP_BROWSER=1 skips the browser tests on purpose.
set -euo pipefail
chromium="${COACH_CHROMIUM:-/usr/bin/chromium}"
if [ "${COACH_SKIP_BROWSER:-0}" = "1" ] || [ -x "$chromium" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests (apt-get install chromium)…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x "$chromium" ] && exit 0
fi
cat >&2 <<MSG
The browser tests need Debian's Chromium at $chromium, and it is not installed.
Install it (as root: apt-get install chromium), point COACH_CHROMIUM at another Chromium build,
or run the tests without a browser on purpose: COACH_SKIP_BROWSER=1 make test
MSG
exit 1
