#!/usr/bin/env bash
# Installs what the tests need and a fresh machine lacks: Debian's chromium
# (browser tests), poppler-utils and qpdf (PDF tests), the npm packages of
# the browser tests and of the FHIR check (scripts/fhir), redis-server and
# redis-cli (store tests), wrk (make bench: the overview under an outside
# client), and starts a Redis server if none answers.
# Quiet when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || missing+=(qpdf)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# redis-cli, which starts the test cluster (scripts/redis-cluster.sh).
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "deps: missing ${missing[*]}; run: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "deps: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ -f e2e/package.json ] && [ ! -d e2e/node_modules ]; then
  echo "deps: npm ci in e2e/"
  (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ -f scripts/fhir/package.json ] && [ ! -d scripts/fhir/node_modules ]; then
  echo "deps: npm ci in scripts/fhir/"
  (cd scripts/fhir && npm ci --no-audit --no-fund --loglevel=error)
fi

if ! redis-cli -u "${REDIS_URL:-redis://127.0.0.1:6379}" ping >/dev/null 2>&1; then
  echo "deps: starting redis-server on 127.0.0.1:6379"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 50); do redis-cli ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
