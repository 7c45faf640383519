#!/usr/bin/env bash
# End-to-end tests of the back office: starts BUILD_DIR/bin/emporion on a free port with demo
# data in a temporary directory, runs the Playwright tests in Debian's Chromium against it
# (never a downloaded browser), stops the server with SIGTERM and cleans up. Screenshots of the
# checked pages go to BUILD_DIR/screenshots/. Exit code: the tests' result.
# Usage: tests/web/run.sh [BUILD_DIR]
set -uo pipefail
BUILD_DIR=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
case $BUILD_DIR in
  /*) OUT=$BUILD_DIR ;;
  *) OUT=$ROOT/$BUILD_DIR ;;
esac
BIN=$OUT/bin/emporion
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

fail() { echo "web tests: $*" >&2; exit 1; }
[[ -x $BIN ]] || fail "no server binary at $BIN (run make build)"
[[ -x $CHROMIUM ]] || fail "no Chromium at $CHROMIUM (scripts/install-deps.sh installs Debian's chromium)"
grep -q 'assets/' "$OUT/web/index.html" 2>/dev/null || fail "the back office is not built into $OUT/web (run scripts/build-web.sh $BUILD_DIR)"

# npm ci only when package-lock.json changed since the last install.
stamp=$HERE/node_modules/.emporion-lock.sha256
want=$(sha256sum "$HERE/package-lock.json" | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
  (cd "$HERE" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --prefer-offline --loglevel=error) ||
    fail "npm ci failed"
  echo "$want" >"$stamp"
fi

DATA=$(mktemp -d /tmp/emporion-web.XXXXXX)
SERVER_PID=
cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
  rm -rf "$DATA"
}
trap cleanup EXIT

export EMPORION_ADMIN_PASSWORD=${EMPORION_ADMIN_PASSWORD:-Admin-Passw0rd!}
mkfifo "$DATA/stdout"
"$BIN" serve --listen 127.0.0.1:0 --data "$DATA/data" --seed demo >"$DATA/stdout" 2>"$DATA/server.log" &
SERVER_PID=$!
URL=
exec 3<"$DATA/stdout"
# Seeding the demo catalog happens before the server listens: allow it a while.
while IFS= read -r -t 180 line <&3; do
  if [[ $line =~ listening\ on\ (http://[0-9.]+:[0-9]+) ]]; then
    URL=${BASH_REMATCH[1]}
    break
  fi
done
# Keep draining the server's stdout so it never blocks on a full pipe.
cat <&3 >"$DATA/server.out" &
exec 3<&-
if [[ -z $URL ]]; then
  echo "web tests: the server did not start; its log:" >&2
  tail -n 50 "$DATA/server.log" >&2
  exit 1
fi
echo "web tests against $URL"

SHOTS=$OUT/screenshots
mkdir -p "$SHOTS"
rc=0
(
  cd "$HERE" &&
    EMPORION_URL=$URL SCREENSHOT_DIR=$SHOTS CHROMIUM=$CHROMIUM PLAYWRIGHT_OUTPUT_DIR=$DATA/playwright \
      npx --no-install playwright test "${@:2}"
) || rc=$?
if ((rc != 0)); then
  echo "web tests: failed; the server's log ends with:" >&2
  tail -n 30 "$DATA/server.log" >&2
fi
exit $rc
