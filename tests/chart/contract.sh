#!/usr/bin/env bash
# Rendered output honours proto-docs/contracts.md (labels, Job names, no hooks) and the isolation rules (Pod Security
# restricted settings, no API token, pinned images, probes, NetworkPolicies, Ingress per environment).
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"
need_node_tools

# The checker must notice a pod that may escalate privileges and a Job turned into a hook.
render woocommerce local "$work/woocommerce-local.yaml"
mkdir -p "$work/broken"
sed -e 's/allowPrivilegeEscalation: false/allowPrivilegeEscalation: true/' \
  -e 's/^  name: demo-setup-r1$/  name: demo-setup-r1\n  annotations: {helm.sh\/hook: post-install}/' \
  "$work/woocommerce-local.yaml" >"$work/broken/woocommerce-local.yaml"
if node "$tests_dir/check-contract.mjs" "$work/broken/woocommerce-local.yaml" >"$work/neg.log" 2>&1; then
  cat "$work/neg.log"; fail "check-contract.mjs accepted privilege escalation and a hook Job"
fi
for planted in "allowPrivilegeEscalation is not false" "is a helm hook"; do
  grep -q "$planted" "$work/neg.log" || { cat "$work/neg.log"; fail "check-contract.mjs missed: $planted"; }
done
echo "ok: planted problems are reported"

render_matrix "$work/rendered"
node "$tests_dir/check-contract.mjs" "$work"/rendered/*.yaml
