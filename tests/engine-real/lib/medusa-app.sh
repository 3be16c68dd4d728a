#!/usr/bin/env bash
# Builds the store's Medusa server from charts/store/medusa-image exactly as its Dockerfile does (npm ci,
# medusa build, then npm ci --omit=dev inside .medusa/server), once per content of the project, into a cache
# outside the clone; prints the path of the built app (the image's /app). A second call with an unchanged
# project returns at once.
#
# Cache: $STOREFLEET_CACHE_DIR, else /var/cache/storefleet when run as root (readable by the uid 1000 the
# tests run Medusa as), else ${XDG_CACHE_HOME:-~/.cache}/storefleet. Entries are medusa-<hash of the
# project files>; older entries are removed. Clear it with: rm -rf <cache>/medusa-*
set -euo pipefail
root=${STOREFLEET_ROOT:-$(cd "$(dirname "$0")/../../.." && pwd)}
project=$root/charts/store/medusa-image

if [[ -n ${STOREFLEET_CACHE_DIR:-} ]]; then cache=$STOREFLEET_CACHE_DIR
elif [[ $(id -u) == 0 ]]; then cache=/var/cache/storefleet
else cache=${XDG_CACHE_HOME:-$HOME/.cache}/storefleet
fi

# What the image is built from (the Dockerfile's COPY lines), in a stable order.
inputs=(package.json package-lock.json .npmrc medusa-config.ts tsconfig.json Dockerfile)
mapfile -t sources < <(cd "$project" && find src -type f | LC_ALL=C sort)
key=$( (cd "$project" && sha256sum "${inputs[@]}" "${sources[@]}"; node --version) | sha256sum | cut -c1-16)
entry=$cache/medusa-$key
if [[ -f $entry/.complete ]]; then
  echo "$entry/app"
  exit 0
fi

say() { printf 'medusa-app: %s\n' "$*" >&2; }
mkdir -p "$cache"
chmod 0755 "$cache"
staging=$(mktemp -d "$cache/.building.XXXXXX")
trap 'rm -rf "$staging"' EXIT
started=$SECONDS
say "building the Medusa server ($key) in $cache; a few minutes the first time"
mkdir -p "$staging/src"
(cd "$project" && cp -r "${inputs[@]}" src "$staging/src/")
# The build stage: all dependencies, then the server and the admin dashboard compiled to .medusa/server.
(cd "$staging/src" && npm ci --no-audit --no-fund --loglevel=error >"$staging/npm-ci.log" 2>&1) \
  || { tail -n 30 "$staging/npm-ci.log" >&2; exit 1; }
(cd "$staging/src" && MEDUSA_DISABLE_TELEMETRY=true npx --no-install medusa build >"$staging/build.log" 2>&1) \
  || { tail -n 30 "$staging/build.log" >&2; exit 1; }
# The runtime stage: production dependencies only, in the folder that becomes /app.
mv "$staging/src/.medusa/server" "$staging/app"
cp "$project/.npmrc" "$staging/app/"
(cd "$staging/app" && npm ci --omit=dev --no-audit --no-fund --loglevel=error >"$staging/npm-ci-prod.log" 2>&1) \
  || { tail -n 30 "$staging/npm-ci-prod.log" >&2; exit 1; }
rm -rf "$staging/src"
# The image's /app belongs to the uid Medusa runs as (uploads and caches are written there).
if [[ $(id -u) == 0 ]]; then chown -R 1000:1000 "$staging/app"; fi
chmod 0755 "$staging"
touch "$staging/.complete"
find "$cache" -maxdepth 1 -name 'medusa-*' ! -name "medusa-$key" -exec rm -rf {} +
rm -rf "$entry"
mv "$staging" "$entry"
trap - EXIT
say "built in $((SECONDS - started)) s"
echo "$entry/app"
