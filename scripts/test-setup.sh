#!/usr/bin/env bash
# Everything the test suite needs beyond `bun install`, installed once and cached:
# - a real Bitcoin node (Bitcoin Knots, unpacked into .cache/bitcoind by scripts/bitcoind.sh)
# - Debian's Chromium for the page tests (driven by playwright-core)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "test-setup: installing chromium from Debian" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends chromium >&2
  else
    echo "test-setup: chromium is missing; install Debian's chromium package (page tests need /usr/bin/chromium)" >&2
    exit 1
  fi
fi

bash scripts/bitcoind.sh >/dev/null
echo "test-setup: ready" >&2
