#!/usr/bin/env bash
# The UI tests drive Debian's Chromium. `make test` calls this first so that a fresh machine (and CI) runs
# them instead of skipping them: install the package when we can (root with apt-get), otherwise say so.
# Browser builds from elsewhere cannot be downloaded on a closed network, so Debian's package is the only way.
set -u
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: installing Debian's chromium for the browser tests (once)..."
  export DEBIAN_FRONTEND=noninteractive
  if timeout 900 apt-get update -qq >/dev/null 2>&1 && \
     timeout 900 apt-get install -y -qq chromium >/dev/null 2>&1; then
    echo "ensure-chromium: chromium installed."
    exit 0
  fi
  echo "ensure-chromium: WARNING: apt-get could not install chromium; the browser tests will be SKIPPED." >&2
  exit 0
fi
echo "ensure-chromium: WARNING: chromium is missing and this user cannot install it (needs root and apt-get);" \
     "the browser tests will be SKIPPED. Install it with: apt-get install chromium" >&2
exit 0
