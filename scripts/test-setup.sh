#!/usr/bin/env bash
# Everything the test suite needs beyond `bun install`, installed once and cached:
# - a real Bitcoin node (Bitcoin Knots, unpacked into .cache/bitcoind by scripts/bitcoind.sh)
# - Debian's Chromium for the page tests (driven by playwright-core)
# - Debian's PostgreSQL server: test/postgres.ts starts a private cluster from its binaries
# - openssl, which the stratum-over-TLS test uses to make its self-signed certificate
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

if ! command -v openssl >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "test-setup: installing openssl from Debian" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends openssl >&2
  else
    echo "test-setup: openssl is missing; install Debian's openssl package (the stratum TLS test makes its certificate with it)" >&2
    exit 1
  fi
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "test-setup: installing postgresql from Debian" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    # Only the binaries are needed; the package's own cluster is not used (or left running).
    apt-get install -y -qq --no-install-recommends postgresql >&2
    if command -v pg_lsclusters >/dev/null 2>&1; then
      pg_lsclusters -h 2>/dev/null | while read -r ver name _; do pg_ctlcluster "$ver" "$name" stop >/dev/null 2>&1 || true; done
    fi
  else
    echo "test-setup: PostgreSQL is missing; install Debian's postgresql package (the Postgres tests need /usr/lib/postgresql/*/bin/initdb)" >&2
    exit 1
  fi
fi

bash scripts/bitcoind.sh >/dev/null
echo "test-setup: ready" >&2
