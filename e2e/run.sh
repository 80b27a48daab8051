#!/usr/bin/env bash
# Runs the browser tests (node --test) against bin/stegvis, which
# `make build` writes. Without Node or Chromium it skips loudly; with
# CI=true it fails instead, so CI never passes without having run them.
set -euo pipefail
cd "$(dirname "$0")"

ci=${CI:-}
missing() {
  local msg="e2e: $1: the browser tests did NOT run. Install: apt-get install -y $2"
  if [ "$ci" = true ]; then
    echo "$msg (CI=true: failing)" >&2
    exit 1
  fi
  printf '\n%s\nSKIP %s\n%s\n\n' "$(printf '!%.0s' {1..78})" "$msg" "$(printf '!%.0s' {1..78})" >&2
  exit 0
}

command -v node >/dev/null 2>&1 || missing "node is missing" "nodejs npm chromium"
# Chromium is checked inside the tests too (lib/browser.js), so that
# `node --test` run by hand behaves the same.
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing "no Chromium at ${CHROMIUM:-/usr/bin/chromium}" "chromium"
if [ ! -d node_modules ]; then
  command -v npm >/dev/null 2>&1 || missing "npm is missing" "npm"
  echo "e2e: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
# One file, one server and one browser; a stuck browser fails after 5 minutes.
exec node --test --test-reporter=spec --test-timeout=300000 "$@"
