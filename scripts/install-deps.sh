#!/usr/bin/env bash
# Installs every Debian package emporion needs to build, run, test and benchmark.
# Idempotent: packages already present are skipped; apt-get runs only when something is missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git ca-certificates curl
  libboost-dev libboost-system-dev zlib1g-dev
  rapidjson-dev libsimdjson-dev nlohmann-json3-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql libicu-dev libstemmer-dev libutf8proc-dev
  libsodium-dev libssl-dev libcurl4-openssl-dev
  libspdlog-dev libfmt-dev libcli11-dev libmimalloc-dev libjemalloc-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  wrk nginx-light
  nodejs npm chromium
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# A machine may already carry a newer Node.js than Debian's; keep it rather than downgrade.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  filtered=()
  for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi

if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
