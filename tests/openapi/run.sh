#!/usr/bin/env bash
# Validates the OpenAPI document the real server serves: starts BUILD_DIR/bin/emporion on a free
# port with a temporary data directory, then
#   1. check.mjs: @apidevtools/swagger-parser (OpenAPI 3.1 schema, $refs) and the contract's
#      own rules (unique operationIds, declared path parameters, a documented permission on
#      every operation, no OpenAPI 3.0 leftovers);
#   2. redocly lint with redocly.yaml.
# npm packages come from package-lock.json (npm ci, only when it changed). The server is stopped
# with SIGTERM and the temporary directory removed whatever happens.
# Usage: tests/openapi/run.sh [BUILD_DIR]     Exit code 0 when the document is valid.
set -euo pipefail
BUILD_DIR=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/tests/openapi
case $BUILD_DIR in
  /*) BIN=$BUILD_DIR/bin/emporion ;;
  *) BIN=$ROOT/$BUILD_DIR/bin/emporion ;;
esac
if [[ ! -x $BIN ]]; then
  echo "openapi: no server binary at $BIN (build first)" >&2
  exit 1
fi

# Install the validators when package-lock.json changed since the last install.
STAMP=$HERE/node_modules/.emporion-lock.sha256
WANT=$(sha256sum "$HERE/package-lock.json" | cut -d' ' -f1)
exec 8>"/tmp/emporion-npm-$(printf '%s' "$HERE" | sha256sum | cut -c1-16).lock"
flock 8
if [[ ! -f $STAMP || $(cat "$STAMP") != "$WANT" ]]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --prefer-offline --loglevel=error)
  echo "$WANT" >"$STAMP"
fi
flock -u 8

TMP=$(mktemp -d /tmp/emporion-openapi.XXXXXX)
PID=
cleanup() {
  if [[ -n $PID ]] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

mkfifo "$TMP/stdout"
EMPORION_ADMIN_PASSWORD=${EMPORION_ADMIN_PASSWORD:-OpenApi-Check-Passw0rd!} \
  "$BIN" serve --listen 127.0.0.1:0 --data "$TMP/data" >"$TMP/stdout" 2>"$TMP/stderr" &
PID=$!
exec 3<"$TMP/stdout"
BASE=
while IFS= read -r -t 60 line <&3; do
  if [[ $line =~ listening\ on\ (http://[^[:space:]]+) ]]; then
    BASE=${BASH_REMATCH[1]}
    break
  fi
done
if [[ -z $BASE ]]; then
  echo "openapi: the server did not start; its stderr:" >&2
  cat "$TMP/stderr" >&2
  exit 1
fi
# Keep draining stdout so the server never blocks on a full pipe.
cat <&3 >/dev/null &
exec 3<&-

failed=0
echo "openapi: checking the document served at $BASE"
(cd "$HERE" && node check.mjs "$BASE" "$TMP/openapi.json") || failed=1

echo "openapi: redocly lint"
rc=0
(cd "$TMP" && REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
  "$HERE/node_modules/.bin/redocly" lint --config "$HERE/redocly.yaml" --format stylish \
  openapi.json) >"$TMP/redocly.log" 2>&1 || rc=$?
# Drop the Node.js end-of-life banner; keep the findings.
grep -v -e '^ *║' -e '^ *╔' -e '^ *╚' "$TMP/redocly.log" || true
if ((rc != 0)); then failed=1; fi

if ((failed)); then
  echo "openapi: FAILED"
  exit 1
fi
echo "openapi: document valid"
