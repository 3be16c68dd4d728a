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
# Tokens: compose secrets given to the services by path; no secret value in a service's environment.
[ "$(grep -A1 -- '- --admin-token-file$' <<<"$cfg" | tail -n1 | sed 's/^ *- //')" = /run/secrets/admin_token ] \
  || fail "api not given --admin-token-file /run/secrets/admin_token"
[ "$(grep -c -- '- --internal-token-file$' <<<"$cfg")" = 1 ] || fail "api not given --internal-token-file"
grep -q 'internal-token-file", "/run/secrets/internal_token"' docker/Dockerfile.provisioner \
  || fail "provisioner image not given --internal-token-file"
grep -Eq '^  admin_token:$' <<<"$cfg" && grep -Eq '^  internal_token:$' <<<"$cfg" || fail "token secrets not declared"
[ "$(grep -c -- '- source: internal_token$' <<<"$cfg")" = 2 ] || fail "both services need the internal token secret"
[ "$(grep -c -- '- source: admin_token$' <<<"$cfg")" = 1 ] || fail "only the api gets the admin token secret"
env_keys=$(awk '/^    environment:$/ {e = 1; next} e && /^      [A-Za-z_]+:/ {print $1; next} {e = 0}' <<<"$cfg")
if grep -Ei 'token|password|secret' <<<"$env_keys"; then fail "a secret in a service environment"; fi
echo "ok: docker-compose config is valid"
echo "1 passed, 0 failed"
