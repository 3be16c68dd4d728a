# Shared by the chart test scripts: paths, temp dir, and rendering the chart the way the provisioner
# installs it (values-<env>.yaml, then a small overlay with engine, existingSecret and ingress.host).
# shellcheck shell=bash disable=SC2034  # the variables are used by the scripts that source this file
set -euo pipefail

root=${STOREFLEET_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
chart="$root/charts/store"
tests_dir="$root/tests/chart"
tools_dir="$root/tests/tools"
export STOREFLEET_TOOLS_DIR="$tools_dir"

work=$(mktemp -d "${TMPDIR:-/tmp}/chart-test.XXXXXX")
cleanup_work() { rm -rf "$work"; }
trap cleanup_work EXIT

fail() {
  printf 'FAIL: %s\n' "$*" >&2
  exit 1
}

need_node_tools() {
  [ -d "$tools_dir/node_modules/kubernetes-models" ] \
    || fail "tests/tools/node_modules is missing: run scripts/setup (npm ci in tests/tools)"
}

# provisioner_overlay ENGINE ENV FILE: the temp values file of proto-docs/contracts.md for store "demo".
provisioner_overlay() {
  local host=demo.local
  [ "$2" = prod ] && host=demo.203.0.113.7.nip.io
  printf 'engine: %s\nexistingSecret: demo-credentials\ningress:\n  host: %s\n' "$1" "$host" >"$3"
}

# render ENGINE ENV OUT [extra helm args...]: helm template as release demo in namespace store-demo.
render() {
  local engine=$1 env=$2 out=$3
  shift 3
  provisioner_overlay "$engine" "$env" "$work/overlay-$engine-$env.yaml"
  helm template demo "$chart" --namespace store-demo \
    -f "$chart/values-$env.yaml" -f "$work/overlay-$engine-$env.yaml" "$@" >"$out"
}

# render_matrix DIR: every engine x environment (plus prod with TLS on) into DIR/<engine>-<env>.yaml.
render_matrix() {
  local dir=$1 engine env
  mkdir -p "$dir"
  for engine in woocommerce medusa; do
    for env in local prod; do
      render "$engine" "$env" "$dir/$engine-$env.yaml"
    done
    render "$engine" prod "$dir/$engine-prod-tls.yaml" --set ingress.tls.enabled=true
  done
}
