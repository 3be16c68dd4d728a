#!/usr/bin/env bash
# The store's own pods (Deployments, StatefulSets, setup Jobs, rolling-update surge) fit its ResourceQuota
# and LimitRange, for both engines and both environments. A store that asks for too much must fail the check.
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"
need_node_tools

render woocommerce local "$work/too-big.yaml" --set woocommerce.wordpress.resources.requests.cpu=1500m \
  --set woocommerce.wordpress.resources.limits.cpu=2
if node "$tests_dir/check-quota.mjs" "$work/too-big.yaml" >"$work/neg.log" 2>&1; then
  cat "$work/neg.log"; fail "check-quota.mjs accepted a WordPress pod that overflows requests.cpu"
fi
grep -q "requests.cpu: the store needs" "$work/neg.log" || { cat "$work/neg.log"; fail "wrong reason for the overflow"; }
render medusa local "$work/surge.yaml" --set medusa.server.replicas=3
if node "$tests_dir/check-quota.mjs" "$work/surge.yaml" >"$work/neg.log" 2>&1; then
  cat "$work/neg.log"; fail "check-quota.mjs accepted 3 Medusa replicas (+1 surge) against the default quota"
fi
echo "ok: overflowing stores are rejected"

render_matrix "$work/rendered"
node "$tests_dir/check-quota.mjs" "$work"/rendered/*.yaml
