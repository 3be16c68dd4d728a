#!/usr/bin/env bash
# WooCommerce, as far as it can be had on these machines (neither the WooCommerce plugin nor WP-CLI can be
# downloaded): the store release the real provisioner makes on kube-sim, its MariaDB and WordPress pods played
# by Debian's mariadbd, PHP and WordPress core with the environment the chart renders for them, and the setup
# Job's own scripts run with the Job's rendered environment:
#   - wait-for-db.php fails while MariaDB is down or the password is wrong, and succeeds once it is up;
#   - set-admin-password.php (run as `wp eval-file` runs it) lets the admin log in with the Secret's password,
#     in PHP and through wp-login.php over HTTP; a second run changes nothing; a changed Secret takes;
#   - setup.sh runs twice with a strict, recording stand-in for WP-CLI (woocommerce/wp) that checks every call
#     against WP-CLI's documented commands and flags and performs it on the real WordPress: the first run
#     builds the store, the second changes nothing, and no secret is ever in an argv.
# Needs Debian's mariadb-server, php-cli, php-mysql and wordpress, and curl and wget. Runs as root (as in CI:
# the pods' users are then www-data and mysql, as in the cluster) or as any other user.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../integration/provisioner/lib.sh
source "$here/../integration/provisioner/lib.sh"
# shellcheck source=lib/release.sh
source "$here/lib/release.sh"
# shellcheck source=woocommerce/lib.sh
source "$here/woocommerce/lib.sh"

ok() { echo "ok: $*"; }
for tool in mariadbd mariadb-install-db mariadb php curl wget node; do
  command -v "$tool" >/dev/null || fail "$tool is missing (apt-get install mariadb-server php-cli php-mysql wordpress curl wget)"
done
php -r 'exit(function_exists("mysqli_connect") ? 0 : 1);' || fail "PHP lacks mysqli (apt-get install php-mysql)"
[[ -f /usr/share/wordpress/wp-includes/version.php ]] || fail "WordPress core is missing (apt-get install wordpress)"

# The pods' users (www-data, mysql) must reach their folders under $WORK: let them through it, not list it.
chmod 711 "$WORK"
E=$WORK/woocommerce REL=$WORK/woocommerce/release NAME=wcreal
HTML=$E/html JOB_TMP=$E/job-tmp STANDIN=$E/standin
mkdir -p "$E" "$JOB_TMP" "$STANDIN"
chmod 755 "$E"
www_owns "$JOB_TMP" "$STANDIN"
DB_PORT=$(free_port)
WEB_PORT=$(free_port)
while [[ $WEB_PORT == "$DB_PORT" ]]; do WEB_PORT=$(free_port); done

# --- 1. The release the platform makes ------------------------------------------------------------------------
start_sim
start_provisioner
release_capture "$NAME" woocommerce "$REL"
services=$(node --input-type=module -e 'import { loadManifests } from "'"$ROOT"'/tests/chart/lib/manifests.mjs";
  for (const o of loadManifests(process.argv[1])) if (o.kind === "Service") console.log(`${o.metadata.name}:${o.spec.ports[0].port}`);' \
  "$REL/manifest-1.yaml")
grep -qx "$NAME-mariadb:3306" <<<"$services" && grep -qx "$NAME-wordpress:80" <<<"$services" \
  || fail "the release lacks the Services the Job uses: $services"

# The containers as the kubelet would start them, the cluster's Service names routed to the local servers.
render() {
  local m=$REL/manifest-1.yaml s=$REL/secret.json
  local -a maps=(--map "$NAME-mariadb:3306=127.0.0.1:$DB_PORT" --mount "/var/www/html=$HTML" --mount "/tmp=$JOB_TMP")
  container_env "$m" "$s" "StatefulSet/$NAME-mariadb" mariadb "$E/mariadb-env" >/dev/null
  container_env "$m" "$s" "Deployment/$NAME-wordpress" wordpress "$E/web" "${maps[@]}" >/dev/null
  container_env "$m" "$s" "Job/$NAME-setup" setup "$E/job" "${maps[@]}" \
    --map "http://$NAME-wordpress=http://127.0.0.1:$WEB_PORT" >/dev/null
}
render
[[ $(env_value "$E/job" WORDPRESS_DB_HOST) == "127.0.0.1:$DB_PORT" && $(env_value "$E/job" WP_SERVICE_URL) == "http://127.0.0.1:$WEB_PORT" \
  && $(cat "$E/job/workdir") == "$HTML" ]] || fail "the Job does not reach MariaDB and WordPress by their Services"
SCRIPTS=$E/job/mounts/scripts  # the ConfigMap the Job mounts at /scripts
WP_URL=$(env_value "$E/job" WP_URL) ADMIN_USER=$(env_value "$E/job" ADMIN_USER)
ok "release $NAME from the provisioner: Job, WordPress and MariaDB containers rendered with the Secret's values"

# job_php [NAME=value...] -- ARGS...: php ARGS in the setup Job's container (its environment, directory, user).
job_php() {
  local -a extra=()
  while [[ $1 != -- ]]; do extra+=("$1"); shift; done
  shift
  with_command "$E/job" "$E/job-php" php "$@"
  RUN_AS=$WWW_UID run_container "$E/job-php" "${extra[@]}"
}

# --- 2.-4. WordPress core, MariaDB, and the chart's wait-for-db.php --------------------------------------------
install_wordpress_files "$HTML"  # the Job's working directory
rc=0
out=$(job_php -- "$SCRIPTS/wait-for-db.php" 2>&1) || rc=$?
[[ $rc == 1 ]] || fail "wait-for-db.php with MariaDB down: exit $rc, wanted 1"
[[ -z $out ]] || fail "wait-for-db.php printed ${#out} characters (it must print nothing)"
ok "wait-for-db.php: exit 1 while MariaDB is down"

start_mariadb "$E/mariadb-env" "$E/mariadb" "$DB_PORT"
rc=0
job_php WORDPRESS_DB_PASSWORD=not-the-secret -- "$SCRIPTS/wait-for-db.php" >/dev/null 2>&1 || rc=$?
[[ $rc == 1 ]] || fail "wait-for-db.php with a wrong password: exit $rc, wanted 1"
out=$(job_php -- "$SCRIPTS/wait-for-db.php" 2>&1) || fail "wait-for-db.php failed with MariaDB up"
[[ -z $out ]] || fail "wait-for-db.php printed ${#out} characters"
ok "MariaDB $(mariadbd --version | awk '{print $3}') up with the database and user of the mariadb container's env; wait-for-db.php: exit 1 with a wrong password, 0 with the Secret's"

start_wordpress_web "$E/web" "$HTML" "$WEB_PORT" "$E/web.log"
ok "WordPress $(php -r 'include $argv[1]; echo $wp_version;' "$HTML/wp-includes/version.php") core from Debian in the WordPress volume, served by PHP with the WordPress pod's env"

# --- 5. set-admin-password.php against the real WordPress -----------------------------------------------------
site_state() { job_php -- "$wc_dir/eval-file.php" "$wc_dir/site-state.php"; }
login_php() { job_php "$@" -- "$wc_dir/eval-file.php" "$wc_dir/check-login.php" >/dev/null; }
refused_php() { local rc=0; login_php "$@" || rc=$?; [[ $rc == 1 ]]; }  # 1 is check-login.php's "refused"
set_admin_password() { job_php -- "$wc_dir/eval-file.php" "$SCRIPTS/set-admin-password.php" 2>&1; }

job_php -- "$wc_dir/core-install.php" >"$E/install.log" 2>&1 || { cat "$E/install.log"; fail "installing WordPress failed"; }
grep -q 'WordPress installed successfully' "$E/install.log" || fail "WordPress was not installed: $(cat "$E/install.log")"
refused_php || fail "the Secret's password worked before set-admin-password.php ran"
secret_file "$REL/secret.json" admin-password "$E/password-1"
http_login "$WP_URL" "$ADMIN_USER" "$E/password-1" && fail "wp-login.php took the Secret's password before set-admin-password.php ran"
out=$(set_admin_password) || fail "set-admin-password.php failed: $out"
[[ $out == "admin password set from the credentials Secret" ]] || fail "set-admin-password.php said: $out"
login_php || fail "the admin cannot log in with the Secret's password (wp_authenticate)"
refused_php CHECK_PASSWORD=not-the-password || fail "wp_authenticate took a wrong password"
http_login "$WP_URL" "$ADMIN_USER" "$E/password-1" || fail "wp-login.php refused the Secret's password"
printf 'not-the-password' >"$E/password-wrong"
http_login "$WP_URL" "$ADMIN_USER" "$E/password-wrong" && fail "wp-login.php took a wrong password"
ok "WordPress installed with a throwaway password; set-admin-password.php: the admin logs in with the Secret's password (wp_authenticate, and wp-login.php over HTTP), a wrong one is refused"

before=$(site_state)
out=$(set_admin_password) || fail "set-admin-password.php failed: $out"
[[ $out == "admin password is current" ]] || fail "second run of set-admin-password.php said: $out"
[[ $(site_state) == "$before" ]] || fail "the second run of set-admin-password.php changed the site"
ok "set-admin-password.php again: 'admin password is current', nothing changed"

# A new password in the Secret, with what YAML ('' is WP-CLI's config reader's escaped quote), URLs and
# WordPress's slashing treat specially.
hex=$(new_secret)
new_password="N${hex:0:15}''q\"#: 5%x"
printf '%s' "$new_password" | node -e 'const fs = require("fs"), f = process.argv[1], s = JSON.parse(fs.readFileSync(f, "utf8"));
  s.data["admin-password"] = fs.readFileSync(0).toString("base64"); fs.writeFileSync(f, JSON.stringify(s));' "$REL/secret.json"
render
secret_file "$REL/secret.json" admin-password "$E/password-2"
out=$(set_admin_password) || fail "set-admin-password.php failed: $out"
[[ $out == "admin password set from the credentials Secret" ]] || fail "after the Secret changed, set-admin-password.php said: $out"
refused_php CHECK_PASSWORD="$(<"$E/password-1")" || fail "the old password still works (wp_authenticate)"
login_php || fail "the changed password does not work (wp_authenticate)"
http_login "$WP_URL" "$ADMIN_USER" "$E/password-1" && fail "wp-login.php still takes the old password"
http_login "$WP_URL" "$ADMIN_USER" "$E/password-2" || fail "wp-login.php refuses the Secret's changed password"
ok "a changed Secret password takes: the old one is refused, the new one (with quotes, '#', ': ', '%') logs in"

# --- 6. setup.sh with the recording WP-CLI stand-in -------------------------------------------------------------
# A new store: empty database, WordPress files as the WordPress pod copies them. The Secret keeps the changed
# password, so WP-CLI's config file has to carry quotes and '#' through to `core install`.
DB_NAME=$(env_value "$E/mariadb-env" MARIADB_DATABASE)
db_sql "$E/mariadb" "DROP DATABASE \`$DB_NAME\`; CREATE DATABASE \`$DB_NAME\`;"
rm -rf "$HTML/.htaccess" "$HTML/wp-content/plugins/woocommerce" "$HTML/wp-content/uploads"
# Every value of the Secret but the admin's login and email (those are meant for argv: --admin_user, --user).
node -e 'const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const [k, v] of Object.entries(s.data)) if (!["admin-user", "admin-email"].includes(k)) process.stdout.write(Buffer.from(v, "base64").toString() + "\0");' \
  "$REL/secret.json" | (umask 077 && cat >"$STANDIN/secrets")
(umask 077 && tr '\0' '\n' <"$STANDIN/secrets" >"$E/secret-patterns")
: >"$STANDIN/errors"
www_owns "$STANDIN"

# run_setup N: the Job's command (sh /scripts/setup.sh) in the Job's container, WP-CLI being the stand-in.
run_setup() {
  : >"$STANDIN/calls-$1.jsonl"
  www_owns "$STANDIN/calls-$1.jsonl"
  # SCRIPTS_DIR: where the /scripts mount is here; WAIT_SECONDS: fail fast instead of waiting 15 minutes.
  local rc=0
  RUN_AS=$WWW_UID run_container "$E/job" PATH="$wc_dir:$PATH" SCRIPTS_DIR="$SCRIPTS" WAIT_SECONDS=30 \
    WP_STANDIN_LOG="$STANDIN/calls-$1.jsonl" WP_STANDIN_ERRORS="$STANDIN/errors" WP_STANDIN_SECRETS="$STANDIN/secrets" \
    WP_STANDIN_PATH_MAP="/var/www/html=$HTML" >"$E/setup-$1.log" 2>&1 || rc=$?
  # Checked before anything of the run is shown.
  if grep -qF -f "$E/secret-patterns" "$STANDIN/calls-$1.jsonl" "$E/setup-$1.log"; then
    fail "a secret of the credentials Secret is in an argv or the output of setup.sh run $1"
  fi
  if [[ -s $STANDIN/errors ]]; then cat "$STANDIN/errors"; fail "the WP-CLI stand-in refused calls of setup.sh run $1 (above)"; fi
  [[ $rc == 0 ]] || { cat "$E/setup-$1.log"; fail "setup.sh run $1 failed (exit $rc)"; }
  grep -q 'store is ready for orders' "$E/setup-$1.log" || { cat "$E/setup-$1.log"; fail "setup.sh run $1 did not finish"; }
}
# calls N: the recorded calls, "M command" for those that change the site, "  command" for the others.
calls() { php -r 'foreach (file($argv[1]) as $l) { $c = json_decode($l, true); echo $c["mutates"] ? "M " : "  ", $c["command"], "\n"; }' "$STANDIN/calls-$1.jsonl"; }

run_setup 1
install_call=$(grep '"command":"core install"' "$STANDIN/calls-1.jsonl") || fail "setup.sh did not install WordPress"
grep -q '"admin_password_from":"config file"' <<<"$install_call" || fail "core install did not take the password from WP-CLI's config file: $install_call"
install_config=$(php -r 'echo json_decode($argv[1], true)["config_file"];' "$install_call")
[[ $install_config == /tmp/* && ! -e $install_config ]] || fail "the install's WP-CLI config file ($install_config) is not a removed temp file"
grep -qx 'admin password is current' "$E/setup-1.log" \
  || fail "after core install, set-admin-password.php had to correct the password: the config file did not carry it"
http_login "$WP_URL" "$ADMIN_USER" "$E/password-2" || fail "after setup.sh, wp-login.php refuses the Secret's password"
ok "setup.sh run 1: $(wc -l <"$STANDIN/calls-1.jsonl") WP-CLI calls, all documented ($(calls 1 | sort -u | wc -l) distinct commands), no secret in any argv; core install read the admin password from the temporary WP-CLI config file (removed after), so set-admin-password.php found it current and the admin logs in over HTTP"

job_value() { env_value "$E/job" "$1"; }
expected="siteurl=$WP_URL
home=$WP_URL
blogname=$(job_value WP_TITLE)
admin_email=$(job_value ADMIN_EMAIL)
woocommerce=$(job_value WOOCOMMERCE_VERSION) active
pages=4
products=$([[ $(job_value SAMPLE_PRODUCTS) == true ]] && echo SF-MUG,SF-STICKERS,SF-TSHIRT)
shipping_zone_0=free_shipping
cod_enabled=yes
onboarding_skipped=true
permalink_structure=/%postname%/
htaccess=rewrite rules
currency=$(job_value STORE_CURRENCY)
default_country=$(job_value STORE_COUNTRY)
coming_soon=no
store_pages_only=no
task_list_hidden=yes
allow_tracking=no
show_marketplace_suggestions=no"
state1=$(site_state)
diff <(echo "$expected") <(grep -v '^digest_' <<<"$state1") || fail "the store is not as setup.sh should leave it (diff: wanted, got)"
ok "the store after run 1: WooCommerce $(job_value WOOCOMMERCE_VERSION) active, its 4 pages, 3 products, free shipping, COD, $(job_value STORE_CURRENCY)/$(job_value STORE_COUNTRY), /%postname%/ with .htaccess rules"

run_setup 2
changing=$(calls 2 | sed -n 's/^M //p' | sort -u | tr '\n' ',')
[[ $changing == "eval-file,rewrite flush," ]] || fail "setup.sh run 2 made changing calls: $changing"
grep -qx 'admin password is current' "$E/setup-2.log" || fail "run 2 reset the admin password"
state2=$(site_state)
diff <(echo "$state1") <(echo "$state2") || fail "setup.sh run 2 changed the store (diff: after run 1, after run 2)"
ok "setup.sh run 2: $(wc -l <"$STANDIN/calls-2.jsonl") calls, none changing but the always-run 'rewrite flush --hard' and set-admin-password.php (current); database and .htaccess unchanged"

# --- 7. An upgrade: the web pod's core-sync brings the volume's core to the image's version --------------------
# The volume as an older release left it: an older core (version.php and a core file differ from the image's),
# with the site's own wp-config.php, .htaccess and uploads. Debian's WordPress stands in for the image's
# /usr/src/wordpress; the init container's script runs with its rendered environment, as www-data.
container_env "$REL/manifest-1.yaml" "$REL/secret.json" "Deployment/$NAME-wordpress" core-sync "$E/core-sync" \
  --mount "/var/www/html=$HTML" >/dev/null
core_version() { php -r 'include $argv[1]; echo $wp_version;' "$1/wp-includes/version.php"; }
sync_core() {
  IMAGE_WORKDIR=$HTML RUN_AS=$WWW_UID run_container "$E/core-sync" WORDPRESS_SOURCE=/usr/share/wordpress WORDPRESS_ROOT="$HTML" 2>&1
}
image_version=$(core_version /usr/share/wordpress)
sed -i "s/^\$wp_version = .*/\$wp_version = '6.0.1';/" "$HTML/wp-includes/version.php"
printf '\n// changed by an older release\n' >>"$HTML/wp-includes/load.php"
mkdir -p "$HTML/wp-content/uploads/2026"
printf 'a customer upload' >"$HTML/wp-content/uploads/2026/photo.txt"
www_owns "$HTML/wp-content/uploads"
site_files() { sha256sum "$HTML/wp-config.php" "$HTML/.htaccess" "$HTML/wp-content/uploads/2026/photo.txt"; }
kept=$(site_files)
out=$(sync_core) || fail "core-sync failed: $out"
grep -q "WordPress 6.0.1 on the volume, $image_version in the image" <<<"$out" || fail "core-sync said: $out"
[[ $(core_version "$HTML") == "$image_version" ]] || fail "after core-sync the volume has WordPress $(core_version "$HTML")"
cmp -s "$HTML/wp-includes/load.php" /usr/share/wordpress/wp-includes/load.php || fail "core-sync left a changed core file"
[[ $(site_files) == "$kept" ]] || fail "core-sync changed wp-config.php, .htaccess or an upload"
[[ -z $(find "$HTML" -maxdepth 1 -name '.core-sync*') ]] || fail "core-sync left its staging files"
out=$(sync_core) || fail "core-sync run 2 failed: $out"
[[ $out == "core-sync: WordPress $image_version, as in the image" ]] || fail "core-sync run 2 said: $out"
curl -sf -o /dev/null "$WP_URL/wp-login.php" --connect-to "${WP_URL#http://}:80:127.0.0.1:$WEB_PORT" \
  || curl -sf -o /dev/null "http://127.0.0.1:$WEB_PORT/wp-login.php" || fail "WordPress does not answer after core-sync"
ok "core-sync: WordPress 6.0.1 on the volume → $image_version (a changed core file restored), wp-config.php, .htaccess and uploads kept; run 2 changes nothing"

# The new core's database changes: setup.sh's `wp core update-db` runs WordPress's own wp_upgrade() on MariaDB.
prefix=$(env_value "$E/job" WORDPRESS_TABLE_PREFIX 2>/dev/null || true)
prefix=${prefix:-wp_}
db_version() { db_sql "$E/mariadb" "SELECT option_value FROM \`$DB_NAME\`.${prefix}options WHERE option_name = 'db_version'" | tail -n1; }
core_db_version=$(php -r 'include $argv[1]; echo $wp_db_version;' "$HTML/wp-includes/version.php")
db_sql "$E/mariadb" "UPDATE \`$DB_NAME\`.${prefix}options SET option_value = '51917' WHERE option_name = 'db_version'"
run_setup 3
grep -q "upgraded successfully from db version 51917 to $core_db_version" "$E/setup-3.log" \
  || { cat "$E/setup-3.log"; fail "setup.sh run 3 did not upgrade the database"; }
[[ $(db_version) == "$core_db_version" ]] || fail "db_version after update-db: $(db_version), wanted $core_db_version"
grep -q '"command":"wc update"' "$STANDIN/calls-3.jsonl" || fail "setup.sh did not run WooCommerce's database updates"
diff <(grep -v '^digest_' <<<"$state2") <(grep -v '^digest_' <<<"$(site_state)") || fail "the upgrade run changed the store's settings"
ok "setup.sh after an upgrade: wp core update-db ran WordPress's wp_upgrade() (db_version 51917 → $core_db_version), wp wc update ran, the store's settings unchanged"
