#!/usr/bin/env bash
# Runs the WooCommerce setup script (charts/store/files/woocommerce/setup.sh) against a stand-in WP-CLI
# (fakes/wp) that keeps state in files: the first run performs every step with the pinned versions; a
# second run changes nothing; a changed setting changes only itself; the admin password never shows up
# in argv or output, and its temporary WP-CLI config file is gone afterwards.
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

secret="S3cret-$(openssl rand -hex 8)"
state="$work/state" html="$work/html"
mkdir -p "$state" "$html/wp-includes"
echo '<?php' >"$html/wp-config.php"
echo '<?php' >"$html/wp-includes/version.php"

run_setup() { # run_setup LOG [VAR=value...]
  local log=$1
  shift
  : >"$state/mutations.log"
  (cd "$html" && env PATH="$tests_dir/fakes:$PATH" FAKE_WP_STATE="$state" FAKE_SECRET="$secret" \
    SCRIPTS_DIR="$chart/files/woocommerce" WP_CLI_CONFIG_PATH="$chart/files/woocommerce/wp-cli.yml" \
    WP_URL=http://demo.local WP_TITLE=demo WP_SERVICE_URL=http://demo-wordpress WOOCOMMERCE_VERSION=9.8.5 \
    STORE_CURRENCY=USD STORE_COUNTRY=US:CA SAMPLE_PRODUCTS=true \
    ADMIN_USER=admin ADMIN_EMAIL=admin@demo.local ADMIN_PASSWORD="$secret" "$@" \
    sh "$chart/files/woocommerce/setup.sh") >"$log" 2>&1 || { cat "$log"; fail "setup.sh failed (see above)"; }
  if grep -qF "$secret" "$log"; then fail "setup.sh printed the admin password"; fi
  [ ! -s "$state/leaks.log" ] || { cat "$state/leaks.log"; fail "a secret reached a command line"; }
}

expect_mutation() { grep -qxF "$1" "$state/mutations.log" || { cat "$state/mutations.log"; fail "first run did not: $1"; }; }

run_setup "$work/run1.log"
for step in "core install" "plugin install woocommerce 9.8.5" "plugin activate woocommerce" "wc tool install_pages" \
  "option update woocommerce_currency" "option update woocommerce_default_country" \
  "option update woocommerce_coming_soon" "option update woocommerce_cod_settings" "wc shipping free_shipping" \
  "wc product create SF-TSHIRT" "wc product create SF-MUG" "wc product create SF-STICKERS" "rewrite structure"; do
  expect_mutation "$step"
done
[ "$(cat "$state/option-woocommerce_coming_soon")" = no ] || fail "coming-soon mode left on"
grep -q '"enabled":"yes"' "$state/option-woocommerce_cod_settings" || fail "Cash on Delivery not enabled"
install_config=$(cat "$state/install-config-path")
[ ! -e "$install_config" ] || fail "the temporary WP-CLI config with the password was left at $install_config"
grep -q "eval-file $chart/files/woocommerce/set-admin-password.php" "$state/calls.log" \
  || fail "the admin password is not synced from the Secret"
echo "ok: first run: $(wc -l <"$state/mutations.log") changes, password only via config file and environment"

run_setup "$work/run2.log"
[ ! -s "$state/mutations.log" ] || { cat "$state/mutations.log"; fail "second run changed something"; }
echo "ok: second run changed nothing"

run_setup "$work/run3.log" STORE_CURRENCY=EUR
[ "$(cat "$state/mutations.log")" = "option update woocommerce_currency" ] \
  || { cat "$state/mutations.log"; fail "a currency change should update only the currency"; }
echo "ok: a changed setting updates only itself"
