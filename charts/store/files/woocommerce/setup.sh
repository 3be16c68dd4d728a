#!/bin/sh
# Turns a fresh WordPress into an order-ready WooCommerce store: install, WooCommerce (pinned), its pages,
# Cash on Delivery, currency/country, free shipping, sample products, pretty permalinks.
# Safe to run again (a Job retry, a new chart revision): every step checks the current state first.
# Secrets: read from the environment (the credentials Secret), handed to WP-CLI through a 0600 temp file or
# read by PHP from the environment; never printed, never on a command line. Do not add `set -x`.
set -eu

: "${WP_URL:?}" "${WP_TITLE:?}" "${WP_SERVICE_URL:?}" "${WOOCOMMERCE_VERSION:?}"
: "${STORE_CURRENCY:?}" "${STORE_COUNTRY:?}" "${SAMPLE_PRODUCTS:?}"
: "${ADMIN_USER:?}" "${ADMIN_EMAIL:?}" "${ADMIN_PASSWORD:?}" "${WP_CLI_CONFIG_PATH:?}"
WAIT_SECONDS=${WAIT_SECONDS:-900}
SCRIPTS_DIR=${SCRIPTS_DIR:-/scripts}

log() { printf 'setup: %s\n' "$*"; }

# wait_for DESCRIPTION COMMAND...: retries COMMAND (output hidden) until it succeeds or time runs out.
wait_for() {
  what=$1
  shift
  deadline=$(($(date +%s) + WAIT_SECONDS))
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "gave up waiting for $what after ${WAIT_SECONDS}s"
      exit 1
    fi
    sleep 3
  done
  log "$what: ready"
}

wc_cli() { wp wc "$@" --user="$ADMIN_USER"; }

# set_option NAME VALUE: updates a WordPress option only when it differs.
set_option() {
  if [ "$(wp option get "$1" 2>/dev/null || true)" != "$2" ]; then
    wp option update "$1" "$2"
  fi
}

wordpress_files_present() { [ -s wp-config.php ] && [ -s wp-includes/version.php ]; }

wait_for "WordPress files (copied by the WordPress pod)" wordpress_files_present
wait_for "database" php "$SCRIPTS_DIR/wait-for-db.php"
wait_for "WordPress over HTTP" wget -q -O /dev/null "$WP_SERVICE_URL/wp-login.php"

# `wp core install` gets the admin password from a private WP-CLI config file (per-command defaults), not
# from argv, and not via --prompt (WP-CLI echoes prompted values back in the command it logs).
install_wordpress() {
  install_config=$(mktemp /tmp/wp-cli-install.XXXXXX)
  trap 'rm -f "$install_config"' EXIT
  {
    cat "$WP_CLI_CONFIG_PATH"
    printf 'core install:\n  admin_password: '"'"
    printf '%s' "$ADMIN_PASSWORD" | sed "s/'/''/g"
    printf "'"'\n'
  } >"$install_config"
  WP_CLI_CONFIG_PATH="$install_config" wp core install --url="$WP_URL" --title="$WP_TITLE" \
    --admin_user="$ADMIN_USER" --admin_email="$ADMIN_EMAIL" --skip-email
  rm -f "$install_config"
}
if wp core is-installed; then
  log "WordPress already installed"
else
  log "installing WordPress at $WP_URL"
  install_wordpress
fi
# A new WordPress core (an upgrade: the web pod's core-sync replaced the files) may need its database changes;
# a no-op when the database is current.
wp core update-db
# Also corrects the password if the Secret changed since the install.
wp eval-file "$SCRIPTS_DIR/set-admin-password.php"
set_option siteurl "$WP_URL"
set_option home "$WP_URL"

if wp plugin is-installed woocommerce \
  && [ "$(wp plugin get woocommerce --field=version)" = "$WOOCOMMERCE_VERSION" ]; then
  log "WooCommerce $WOOCOMMERCE_VERSION already installed"
else
  log "installing WooCommerce $WOOCOMMERCE_VERSION"
  wp plugin install woocommerce --version="$WOOCOMMERCE_VERSION" --force
fi
wp plugin is-active woocommerce || wp plugin activate woocommerce
# WooCommerce's own database updates for the version just installed (none pending: a no-op).
wp wc update

# Shop, cart, checkout and my-account pages: WooCommerce's own tool skips pages that already exist.
pages_present() {
  for option in woocommerce_shop_page_id woocommerce_cart_page_id woocommerce_checkout_page_id \
    woocommerce_myaccount_page_id; do
    id=$(wp option get "$option" 2>/dev/null || echo 0)
    [ "${id:-0}" -gt 0 ] 2>/dev/null || return 1
    [ "$(wp post get "$id" --field=post_status 2>/dev/null || true)" = publish ] || return 1
  done
}
if pages_present; then log "WooCommerce pages present"; else wc_cli tool run install_pages; fi

# Store defaults, and no onboarding wizard or "coming soon" page between a visitor and the shop.
set_option woocommerce_currency "$STORE_CURRENCY"
set_option woocommerce_default_country "$STORE_COUNTRY"
set_option woocommerce_coming_soon no
set_option woocommerce_store_pages_only no
set_option woocommerce_task_list_hidden yes
set_option woocommerce_allow_tracking no
set_option woocommerce_show_marketplace_suggestions no
if [ "$(wp option pluck woocommerce_onboarding_profile skipped 2>/dev/null || true)" != 1 ]; then
  wp option update woocommerce_onboarding_profile '{"skipped":true}' --format=json
fi

if [ "$(wp option pluck woocommerce_cod_settings enabled 2>/dev/null || true)" = yes ]; then
  log "Cash on Delivery already enabled"
else
  wp option update woocommerce_cod_settings --format=json \
    '{"enabled":"yes","title":"Cash on delivery","description":"Pay with cash upon delivery.","instructions":"Pay with cash upon delivery.","enable_for_methods":[],"enable_for_virtual":"yes"}'
fi

# Zone 0 covers every address no other zone does: free shipping there lets any checkout complete.
if wc_cli shipping_zone_method list 0 --field=method_id | grep -qx free_shipping; then
  log "free shipping already offered"
else
  wc_cli shipping_zone_method create 0 --method_id=free_shipping --enabled=true --porcelain
fi

# create_product SKU NAME PRICE DESCRIPTION
create_product() {
  if [ -n "$(wc_cli product list --sku="$1" --field=id)" ]; then
    log "product $1 exists"
    return 0
  fi
  wc_cli product create --sku="$1" --name="$2" --regular_price="$3" --description="$4" \
    --type=simple --status=publish --porcelain
}
if [ "$SAMPLE_PRODUCTS" = true ]; then
  create_product SF-TSHIRT "Storefleet T-shirt" 19.00 "Organic cotton, one size fits most."
  create_product SF-MUG "Storefleet Mug" 12.50 "Ceramic, 330 ml, dishwasher safe."
  create_product SF-STICKERS "Sticker Pack" 4.99 "Five vinyl stickers."
fi

if [ "$(wp option get permalink_structure 2>/dev/null || true)" != "/%postname%/" ]; then
  wp rewrite structure '/%postname%/'
fi
wp rewrite flush --hard

log "store is ready for orders at $WP_URL"
