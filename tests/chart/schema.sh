#!/usr/bin/env bash
# values.schema.json: accepts the provisioner's values, rejects unknown engines, bad hosts, a missing
# existingSecret, unpinned images and unknown keys (each with the schema's own message, not a template error).
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

provisioner_overlay woocommerce local "$work/good.yaml"
passed=0 failed=0

expect() { # expect accept|reject LABEL PATTERN helm-args...
  local want=$1 label=$2 pattern=$3
  shift 3
  if helm template demo "$chart" --namespace store-demo -f "$chart/values-local.yaml" "$@" \
    >/dev/null 2>"$work/err"; then
    got=accept
  else
    got=reject
  fi
  if [ "$got" != "$want" ]; then
    echo "FAIL: $label: expected $want, got $got"; cat "$work/err"; failed=$((failed + 1)); return
  fi
  if [ "$want" = reject ] && ! grep -q -- "$pattern" "$work/err"; then
    echo "FAIL: $label: rejected, but not by the schema check for '$pattern':"; cat "$work/err"
    failed=$((failed + 1)); return
  fi
  echo "ok: $label ($got)"; passed=$((passed + 1))
}

expect accept "provisioner values (woocommerce)" "" -f "$work/good.yaml"
expect accept "provisioner values (medusa)" "" -f "$work/good.yaml" --set engine=medusa
expect accept "nip.io host" "" -f "$work/good.yaml" --set ingress.host=shop.203.0.113.7.nip.io
expect reject "unknown engine" "/engine" -f "$work/good.yaml" --set engine=shopify
expect reject "missing existingSecret" "/existingSecret" --set ingress.host=demo.local
expect reject "empty existingSecret" "/existingSecret" -f "$work/good.yaml" --set existingSecret=
expect reject "host with upper case and underscore" "/ingress/host" -f "$work/good.yaml" --set ingress.host=Bad_Host.local
expect reject "host without a domain" "/ingress/host" -f "$work/good.yaml" --set ingress.host=shop
expect reject "host with a scheme" "/ingress/host" -f "$work/good.yaml" --set ingress.host=http://shop.local
expect reject "missing host" "/ingress/host" -f "$work/good.yaml" --set ingress.host=
expect reject "image tag latest" "/image/tag" -f "$work/good.yaml" --set woocommerce.wordpress.image.tag=latest
expect reject "unknown top-level key" "additional properties" -f "$work/good.yaml" --set adminPassword=x
expect reject "WooCommerce version not pinned" "/woocommerceVersion" -f "$work/good.yaml" --set woocommerce.setup.woocommerceVersion=stable

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
