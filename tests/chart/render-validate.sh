#!/usr/bin/env bash
# helm template for both engines x both environments (and prod with TLS), then every rendered object is
# validated against the official Kubernetes schemas. The validator is first shown to catch broken objects.
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"
need_node_tools

if node "$tests_dir/validate-k8s.mjs" "$tests_dir/fixtures/invalid-objects.yaml" >"$work/neg.log" 2>&1; then
  cat "$work/neg.log"; fail "the validator accepted fixtures/invalid-objects.yaml"
fi
for broken in missing-selector port-as-text typo-field no-such-kind; do
  grep -q "$broken" "$work/neg.log" || { cat "$work/neg.log"; fail "the validator missed $broken"; }
done
echo "ok: the validator rejects each broken fixture"

render_matrix "$work/rendered"
for file in "$work"/rendered/*.yaml; do
  kinds=$(grep -c '^kind:' "$file")
  echo "rendered $(basename "$file"): $kinds objects"
done
node "$tests_dir/validate-k8s.mjs" "$work"/rendered/*.yaml
