# shellcheck shell=bash
# The store release the platform really makes: the real provisioner creates the store on kube-sim with the
# real helm (namespace, generated credentials Secret, chart with its values), and this captures what a
# cluster would run: the release's manifest (`helm get manifest`) and the store's Secret. Sourced after
# tests/integration/provisioner/lib.sh (start_sim, start_provisioner, create_store, wait_status, kc).
#
#   release_capture NAME ENGINE OUT_DIR       → OUT_DIR/manifest-1.yaml, OUT_DIR/secret.json (0600)
#   release_next_revision NAME OUT_DIR N      → helm upgrade with the same values → OUT_DIR/manifest-N.yaml
#   container_env MANIFEST SECRET KIND/NAME CONTAINER OUT_DIR [--map FROM=TO]... (tests/engine-real/lib/chart-env.mjs)
#   run_container DIR [extra NAME=value...] -- runs DIR's argv with exactly DIR's environment (+ extras)

engine_real_lib=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

release_capture() {
  local name=$1 engine=$2 out=$3
  mkdir -p "$out"
  create_store "$name" "$engine"
  wait_status "$name" Ready 120
  helm_kc get manifest "$name" -n "store-$name" >"$out/manifest-1.yaml"
  (umask 077 && kc get secret "$name-credentials" -n "store-$name" -o json >"$out/secret.json")
}

release_next_revision() {
  local name=$1 out=$2 revision=$3
  helm_kc upgrade "$name" "$ROOT/charts/store" -n "store-$name" --reuse-values >/dev/null
  helm_kc get manifest "$name" -n "store-$name" >"$out/manifest-$revision.yaml"
}

helm_kc() { "$HELM" --kubeconfig "$WORK/kubeconfig" "$@"; }

# A free loopback port for a server the test starts (where the store's Service would route).
free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }

container_env() {
  STOREFLEET_TOOLS_DIR=$ROOT/tests/tools node "$engine_real_lib/chart-env.mjs" "$@"
}

# env_value DIR NAME: NAME's value in a container's environment (chart-env.mjs's NUL-separated DIR/env).
env_value() {
  local kv
  while IFS= read -r -d '' kv; do
    [[ ${kv%%=*} == "$2" ]] && { printf '%s' "${kv#*=}"; return 0; }
  done <"$1/env"
  return 1
}

# The store Secret's value for KEY (for assertions; never printed by the tests).
secret_value() { node -e 'const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  process.stdout.write(Buffer.from(s.data[process.argv[2]], "base64").toString());' "$1" "$2"; }

# run_container DIR [NAME=value...]: the container's argv with only its own environment (as `env -i` would,
# plus PATH and the given extras: the stand-ins for what the image and its mounts provide), in its workingDir
# or else IMAGE_WORKDIR (the image's WORKDIR), with IMAGE_CMD when the container sets no command. IMAGE_ENV
# (the image's ENV) comes first, so the pod's own variables override it as they do in a cluster. The secrets are
# exported by this shell, never passed on a command line. Runs as uid 1000 when the test runs as root, as in
# the pod (runAsUser 1000 for Medusa; RUN_AS=33 for WordPress).
run_container() { (run_container_exec "$@"); }

# run_container_exec DIR [NAME=value...]: the same in the current (sub)shell, which it replaces, so that
# `(run_container_exec DIR) &` makes $! the container's own process (signals reach it, as in a pod).
run_container_exec() {
  local dir=$1
  shift
  local -a argv=() as_user=()
  mapfile -d '' -t argv <"$dir/argv"
  [[ ${#argv[@]} -gt 0 ]] || argv=("${IMAGE_CMD[@]:?the container runs the CMD of its image: set IMAGE_CMD}")
  if [[ $(id -u) == 0 ]]; then as_user=(setpriv --reuid="${RUN_AS:-1000}" --regid="${RUN_AS:-1000}" --clear-groups); fi
  local workdir path=$PATH v kv
  workdir=$(cat "$dir/workdir")
  workdir=${workdir:-${IMAGE_WORKDIR:?the container uses the WORKDIR of its image: set IMAGE_WORKDIR}}
  cd "$workdir" || exit
  for v in $(compgen -e); do unset "$v" 2>/dev/null || true; done
  export PATH=$path
  for kv in "${IMAGE_ENV[@]}"; do export "${kv?}"; done
  while IFS= read -r -d '' kv; do export "${kv?}"; done <"$dir/env"
  for kv in "$@"; do export "${kv?}"; done
  exec "${as_user[@]}" "${argv[@]}"
}
