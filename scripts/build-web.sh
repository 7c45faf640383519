#!/usr/bin/env bash
# Builds the web assets the server serves from BUILD_DIR/web (its default web root):
#   docs/   the API reference at /docs: web/docs/* plus Swagger UI from npm (swagger-ui-dist)
#   /       the back office: web/admin/dist when web/admin is an npm app (built here), else the
#           placeholder page web/placeholder/index.html
# Idempotent: `npm ci` runs only when a package-lock.json changed since the last install, and the
# output is assembled in a temporary directory and swapped in whole.
# Usage: scripts/build-web.sh [BUILD_DIR]   (relative to the repository root, or absolute)
set -euo pipefail
BUILD_DIR=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
case $BUILD_DIR in
  /*) OUT=$BUILD_DIR ;;
  *) OUT=$ROOT/$BUILD_DIR ;;
esac

# npm ci in $1 unless node_modules already matches its package-lock.json. A lock serializes
# concurrent builds that share the source tree.
npm_install() {
  local dir=$1
  local stamp=$dir/node_modules/.emporion-lock.sha256
  local want
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  exec 9>"/tmp/emporion-npm-$(printf '%s' "$dir" | sha256sum | cut -c1-16).lock"
  flock 9
  if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
    flock -u 9
    return 0
  fi
  echo "npm ci in ${dir#"$ROOT"/}"
  (cd "$dir" && npm ci --no-audit --no-fund --prefer-offline --loglevel=error)
  echo "$want" >"$stamp"
  flock -u 9
}

mkdir -p "$OUT"
STAGE=$(mktemp -d "$OUT/.web.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT

# The back office, or the placeholder until there is one.
# Rebuilt only when a source file is newer than the last build.
ADMIN=$ROOT/web/admin
if [[ -f $ADMIN/package.json && -f $ADMIN/package-lock.json ]]; then
  npm_install "$ADMIN"
  if [[ ! -f $ADMIN/dist/index.html ]] ||
    [[ -n $(find "$ADMIN" \( -name node_modules -o -name dist \) -prune -o -type f \
      -newer "$ADMIN/dist/index.html" -print -quit) ]]; then
    (cd "$ADMIN" && npm run --silent build)
  fi
fi
if [[ -f $ADMIN/dist/index.html ]]; then
  cp -pR "$ADMIN/dist/." "$STAGE/"
else
  cp -p "$ROOT/web/placeholder/index.html" "$STAGE/index.html"
fi

# The API reference: our page and start-up script, and the Swagger UI bundle it loads.
npm_install "$ROOT/web/docs"
SWAGGER=$ROOT/web/docs/node_modules/swagger-ui-dist
mkdir -p "$STAGE/docs"
cp -p "$ROOT/web/docs/index.html" "$ROOT/web/docs/docs.js" "$ROOT/web/docs/docs.css" "$STAGE/docs/"
cp -p "$SWAGGER/swagger-ui-bundle.js" "$SWAGGER/swagger-ui.css" "$SWAGGER/favicon-16x16.png" \
  "$SWAGGER/favicon-32x32.png" "$STAGE/docs/"
cp -p "$SWAGGER/LICENSE" "$STAGE/docs/swagger-ui-LICENSE.txt"

# gzip siblings of text files, so the server never compresses them at request time.
find "$STAGE" -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.css' -o -name '*.html' \
  -o -name '*.svg' -o -name '*.json' -o -name '*.map' \) -size +1k -exec gzip -9 -k -n -f {} +

chmod 755 "$STAGE"
rm -rf "$OUT/web.old"
if [[ -d $OUT/web ]]; then mv "$OUT/web" "$OUT/web.old"; fi
mv "$STAGE" "$OUT/web"
rm -rf "$OUT/web.old"
trap - EXIT
echo "web assets in ${OUT#"$ROOT"/}/web"
