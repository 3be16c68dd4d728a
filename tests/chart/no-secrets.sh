#!/usr/bin/env bash
# The rendered chart holds no password literal and takes every credential from existingSecret.
# First shows the checker catches each kind of leak in fixtures/leaky-objects.yaml.
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"
need_node_tools

if node "$tests_dir/no-secrets.mjs" demo-credentials "$tests_dir/fixtures/leaky-objects.yaml" >"$work/neg.log" 2>&1; then
  cat "$work/neg.log"; fail "no-secrets.mjs accepted fixtures/leaky-objects.yaml"
fi
for leak in "create Secrets" "shell tracing" "password=hunter2" "DB_PASSWORD is set without" "password in a URL"; do
  grep -q -- "$leak" "$work/neg.log" || { cat "$work/neg.log"; fail "no-secrets.mjs missed: $leak"; }
done
echo "ok: the checker reports each leak in the fixture"

render_matrix "$work/rendered"
node "$tests_dir/no-secrets.mjs" demo-credentials "$work"/rendered/*.yaml
