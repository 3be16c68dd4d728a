#!/usr/bin/env bash
# The chart README documents every values.yaml key; a key added without a README row is caught.
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"
need_node_tools

cp -r "$chart" "$work/chart"
printf '\nundocumentedSetting: 1\n' >>"$work/chart/values.yaml"
if node "$tests_dir/readme-values.mjs" "$work/chart" >"$work/neg.log" 2>&1; then
  cat "$work/neg.log"; fail "readme-values.mjs missed an undocumented key"
fi
grep -q "undocumentedSetting has no row" "$work/neg.log" || { cat "$work/neg.log"; fail "wrong complaint"; }
echo "ok: an undocumented key is reported"
node "$tests_dir/readme-values.mjs" "$chart"
