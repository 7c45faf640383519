#!/usr/bin/env bash
# Builds the web assets served by the server into BUILD_DIR/web: the API reference (/docs) and
# the back office (/). Idempotent; npm packages are installed only when package-lock changed.
set -euo pipefail
BUILD_DIR=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$ROOT/$BUILD_DIR/web"
if [[ -d $ROOT/web/admin ]]; then
  cp -r "$ROOT/web/admin/public/." "$ROOT/$BUILD_DIR/web/" 2>/dev/null || true
fi
