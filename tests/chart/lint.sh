#!/usr/bin/env bash
# helm lint --strict with each values file, for both engines, as the provisioner layers them.
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

for engine in woocommerce medusa; do
  # values.yaml alone (defaults) plus the provisioner's overlay.
  provisioner_overlay "$engine" local "$work/overlay.yaml"
  helm lint --strict "$chart" --namespace store-demo -f "$work/overlay.yaml" >"$work/lint.log" 2>&1 \
    || { cat "$work/lint.log"; fail "helm lint --strict (values.yaml, $engine)"; }
  for env in local prod; do
    provisioner_overlay "$engine" "$env" "$work/overlay.yaml"
    helm lint --strict "$chart" --namespace store-demo -f "$chart/values-$env.yaml" -f "$work/overlay.yaml" \
      >"$work/lint.log" 2>&1 || { cat "$work/lint.log"; fail "helm lint --strict (values-$env.yaml, $engine)"; }
    echo "ok: helm lint --strict values-$env.yaml engine=$engine"
  done
done
