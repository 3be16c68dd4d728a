#!/usr/bin/env bash
# The systemd units verify without a single warning and score well in systemd's offline security analysis.
set -euo pipefail
root=${STOREFLEET_ROOT:?}
max_exposure=${MAX_EXPOSURE:-2.0}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# `verify` checks that ExecStart points at an executable: stand-ins replace the install paths.
for unit in storefleet-api storefleet-provisioner; do
  printf '#!/bin/sh\nexit 0\n' >"$work/$unit"
  chmod +x "$work/$unit"
  sed "s#/opt/storefleet/bin/$unit#$work/$unit#" "$root/compose/systemd/$unit.service" >"$work/$unit.service"
done

out=$(cd "$work" && systemd-analyze verify ./storefleet-api.service ./storefleet-provisioner.service 2>&1) || {
  echo "FAIL: systemd-analyze verify failed:"; echo "$out"; exit 1; }
if [ -n "$out" ]; then echo "FAIL: systemd-analyze verify warned:"; echo "$out"; exit 1; fi
echo "ok: systemd-analyze verify is clean"

for unit in storefleet-api storefleet-provisioner; do
  line=$(cd "$work" && systemd-analyze security --offline=true "./$unit.service" 2>&1 | grep 'Overall exposure level')
  score=$(sed -E 's/.*level for [^:]+: ([0-9.]+).*/\1/' <<<"$line")
  echo "$unit: exposure $score (threshold $max_exposure)"
  awk -v s="$score" -v m="$max_exposure" 'BEGIN { exit !(s + 0 <= m + 0) }' || { echo "FAIL: $unit exposure $score > $max_exposure"; exit 1; }
  for setting in NoNewPrivileges=yes ProtectSystem=strict PrivateTmp=yes Restart=on-failure DynamicUser=yes StateDirectory=storefleet; do
    grep -qx "$setting" "$root/compose/systemd/$unit.service" || { echo "FAIL: $unit lacks $setting"; exit 1; }
  done
done

# Tokens: loaded as credentials from root-only files, given by path, never by value or in the environment file.
grep -qx 'LoadCredential=admin-token:/etc/storefleet/admin-token' "$root/compose/systemd/storefleet-api.service" \
  || { echo "FAIL: the API unit does not load the admin token as a credential"; exit 1; }
grep -q -- '--admin-token-file ${CREDENTIALS_DIRECTORY}/admin-token' "$root/compose/systemd/storefleet-api.service" \
  || { echo "FAIL: the API is not given --admin-token-file"; exit 1; }
for unit in storefleet-api storefleet-provisioner; do
  f=$root/compose/systemd/$unit.service
  grep -qx 'LoadCredential=internal-token:/etc/storefleet/internal-token' "$f" \
    || { echo "FAIL: $unit does not load the internal token"; exit 1; }
  grep -q -- '--internal-token-file ${CREDENTIALS_DIRECTORY}/internal-token' "$f" \
    || { echo "FAIL: $unit is not given --internal-token-file"; exit 1; }
done
if grep -Ei '^[A-Z_]*(TOKEN|PASSWORD|SECRET)[A-Z_]*=' "$root/compose/systemd/storefleet.env.example"; then
  echo "FAIL: a secret in the environment file"; exit 1
fi
echo "ok: tokens are credentials passed by path"
echo "3 passed, 0 failed"
