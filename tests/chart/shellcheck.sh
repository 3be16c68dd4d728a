#!/usr/bin/env bash
# Runs shellcheck on the setup scripts exactly as the rendered ConfigMaps ship them (both engines), and on
# these test scripts themselves.
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"
need_node_tools
command -v shellcheck >/dev/null || fail "shellcheck is not installed (scripts/setup installs it)"

render woocommerce local "$work/woocommerce.yaml"
render medusa local "$work/medusa.yaml"
node "$tests_dir/extract-scripts.mjs" "$work/scripts" "$work/woocommerce.yaml" "$work/medusa.yaml"
for engine_script in woocommerce--setup.sh medusa--migrate.sh medusa--seed.sh; do
  ls "$work"/scripts/*--"$engine_script" >/dev/null 2>&1 || fail "rendered ConfigMaps lack $engine_script"
done
shellcheck --severity=style "$work"/scripts/*
echo "ok: shellcheck clean: $(cd "$work/scripts" && echo *)"

shellcheck --severity=style -x --source-path=SCRIPTDIR "$tests_dir"/*.sh "$tests_dir"/lib/*.sh \
  "$tests_dir"/fakes/wp "$tests_dir"/fakes/up "$tests_dir"/fakes/npx
echo "ok: shellcheck clean: tests/chart scripts"
