#!/usr/bin/env bash
# Runs every test suite: unit tests, storage tests and API tests on SQLite, then storage and API
# tests again on a local PostgreSQL 15 server started for the run, then the OpenAPI document
# check. Exits non-zero when anything fails.
set -uo pipefail
BUILD_DIR=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
JOBS=${TEST_JOBS:-2}
failed=0

PG_DIR=$(mktemp -d /tmp/emporion-pg.XXXXXX)
PG_PORT=${EMPORION_TEST_PG_PORT:-55432}
cleanup() { bash scripts/pg-test-server.sh stop "$PG_DIR"; }
trap cleanup EXIT

echo "== unit, storage and API tests on SQLite"
ctest --test-dir "$BUILD_DIR" -j "$JOBS" --output-on-failure -L 'unit|db|api' || failed=1

echo "== storage and API tests on PostgreSQL"
# The port may be taken (the API tests' servers listen on ephemeral ports, which include it):
# the next two are tried before giving up.
PG_URL=
for port in "$PG_PORT" $((PG_PORT + 1)) $((PG_PORT + 2)); do
  PG_URL=$(bash scripts/pg-test-server.sh start "$PG_DIR" "$port") && break
  PG_URL=
  echo "PostgreSQL did not start on port $port"
done
if [[ -n $PG_URL ]]; then
  EMPORION_TEST_DB=postgres EMPORION_TEST_PG_URL=$PG_URL \
    ctest --test-dir "$BUILD_DIR" -j "$JOBS" --output-on-failure -L 'db|api' || failed=1
else
  echo "could not start PostgreSQL"; failed=1
fi

for extra in tests/openapi/run.sh tests/web/run.sh; do
  if [[ -x $extra ]]; then
    echo "== $extra"
    bash "$extra" "$BUILD_DIR" || failed=1
  fi
done

if ((failed)); then echo "SOME TESTS FAILED"; exit 1; fi
echo "ALL TESTS PASSED"
