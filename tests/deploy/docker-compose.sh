#!/usr/bin/env bash
# docker-compose.yml is valid (no engine needed) and wires what the platform needs.
set -euo pipefail
root=${STOREFLEET_ROOT:?}
cd "$root/compose"
docker-compose -f docker-compose.yml config -q
cfg=$(docker-compose -f docker-compose.yml config)
fail() { echo "FAIL: $*"; exit 1; }
grep -q 'dockerfile: compose/docker/Dockerfile.api' <<<"$cfg" || fail "api image not built from Dockerfile.api"
grep -q 'dockerfile: compose/docker/Dockerfile.provisioner' <<<"$cfg" || fail "provisioner image not built"
grep -q ':/etc/storefleet/kubeconfig:ro$' <<<"$cfg" || fail "kubeconfig not mounted read-only"
[ "$(grep -c -- '- state:/var/lib/storefleet:rw$' <<<"$cfg")" = 2 ] || fail "both services must share the state volume"
for f in docker/Dockerfile.api docker/Dockerfile.provisioner; do
  [ "$(grep -c '^FROM ' "$f")" -ge 2 ] || fail "$f is not multi-stage"
  grep -q '^USER ' "$f" || fail "$f runs as root"
done
grep -q 'services/dashboard' docker/Dockerfile.api || fail "dashboard not built into the API image"
echo "ok: docker-compose config is valid"
echo "1 passed, 0 failed"
