<?php
// The WP-CLI commands setup.sh may call, each with its documented synopsis (copied from the command's
// reference page, named in 'doc') and the allowed values of its enumerated options. The stand-in `wp`
// rejects any command, flag, option value or positional count that is not documented here.
// 'mutates' marks calls that change the site (the idempotence check counts them).

// WooCommerce's CLI (wc …) is generated from its REST routes (includes/cli/class-wc-cli-runner.php): the
// route's ids are positional, every REST argument is an optional --flag=<value>, list/get add
// --field/--fields/--format and create/update/delete add --porcelain.
function wc_synopsis( string $positional, array $names, string $tail ): string {
	$flags = array_map( static fn ( $n ) => "[--$n=<$n>]", $names );
	return trim( $positional . ' ' . implode( ' ', $flags ) . ' ' . $tail );
}
const WC_LIST_TAIL   = '[--fields=<fields>] [--field=<field>] [--format=<format>]';
const WC_FORMATS     = [ 'table', 'json', 'csv', 'ids', 'yaml', 'count', 'headers', 'body', 'envelope' ];
const WC_DOCS = 'https://developer.woocommerce.com/docs/wc-cli/wc-cli-commands/'; // docs/wc-cli/commands/ in WooCommerce
// The product properties of `wc product create`.
const WC_PRODUCT_PROPS = [
	'name', 'slug', 'type', 'status', 'featured', 'catalog_visibility', 'description', 'short_description', 'sku',
	'regular_price', 'sale_price', 'date_on_sale_from', 'date_on_sale_from_gmt', 'date_on_sale_to',
	'date_on_sale_to_gmt', 'virtual', 'downloadable', 'downloads', 'download_limit', 'download_expiry',
	'external_url', 'button_text', 'tax_status', 'tax_class', 'manage_stock', 'stock_quantity', 'in_stock',
	'backorders', 'sold_individually', 'weight', 'dimensions', 'shipping_class', 'reviews_allowed', 'upsell_ids',
	'cross_sell_ids', 'parent_id', 'purchase_note', 'categories', 'tags', 'images', 'attributes',
	'default_attributes', 'menu_order', 'meta_data',
];
// The filters of `wc product list`.
const WC_PRODUCT_FILTERS = [
	'context', 'page', 'per_page', 'search', 'after', 'before', 'exclude', 'include', 'offset', 'order', 'orderby',
	'parent', 'parent_exclude', 'slug', 'status', 'type', 'sku', 'featured', 'category', 'tag', 'shipping_class',
	'attribute', 'attribute_term', 'tax_class', 'in_stock', 'on_sale', 'min_price', 'max_price',
];

// Parameters every command accepts (https://make.wordpress.org/cli/handbook/references/config/).
const WP_CLI_GLOBAL_SYNOPSIS = '[--path=<path>] [--url=<url>] [--ssh=<ssh>] [--http=<http>] [--user=<id|login|email>]'
	. ' [--skip-plugins[=<plugins>]] [--skip-themes[=<themes>]] [--skip-packages] [--require=<path>]'
	. ' [--exec=<php-code>] [--context=<context>] [--color] [--debug[=<group>]] [--prompt[=<assoc>]] [--quiet]'
	. ' [--allow-root]';
// Top-level keys a WP-CLI config file may hold (php/config-spec.php 'file' entries); command names are allowed
// too (per-command defaults).
const WP_CLI_CONFIG_KEYS = [
	'path', 'url', 'ssh', 'ssh-args', 'http', 'user', 'skip-plugins', 'skip-themes', 'skip-packages', 'require',
	'exec', 'context', 'locale', 'disabled_commands', 'color', 'debug', 'quiet', 'apache_modules', 'alias',
	'assume-https', '_',
];

return [
	'core is-installed' => [
		'synopsis' => '[--network]',
		'doc'      => 'https://developer.wordpress.org/cli/commands/core/is-installed/',
	],
	'core install' => [
		'synopsis' => '--url=<url> --title=<site-title> --admin_user=<username> [--admin_password|admin_pass=<password>]'
			. ' --admin_email=<email> [--locale=<locale>] [--skip-email]',
		'doc'      => 'https://developer.wordpress.org/cli/commands/core/install/',
		'mutates'  => true,
	],
	'core update-db' => [
		'synopsis' => '[--network] [--dry-run]',
		'doc'      => 'https://developer.wordpress.org/cli/commands/core/update-db/',
		// Changes the database only when its schema is older than the core's: run_setup's idempotence check
		// compares the site itself, not this flag.
	],
	'eval-file' => [
		'synopsis' => '<file> [<arg>...] [--skip-wordpress] [--use-include] [--hook=<hook>]',
		'doc'      => 'https://developer.wordpress.org/cli/commands/eval-file/',
		'mutates'  => true, // whatever the file does; setup.sh's file reports whether it changed anything
	],
	'option get' => [
		'synopsis' => '<key> [--format=<format>]',
		'options'  => [ 'format' => [ 'var_export', 'json', 'yaml' ] ],
		'doc'      => 'https://developer.wordpress.org/cli/commands/option/get/',
	],
	'option pluck' => [
		'synopsis' => '<key> <key-path>... [--format=<format>]',
		'options'  => [ 'format' => [ 'plaintext', 'json', 'yaml' ] ],
		'doc'      => 'https://developer.wordpress.org/cli/commands/option/pluck/',
	],
	'option update' => [
		'synopsis' => '<key> [<value>] [--autoload=<autoload>] [--format=<format>]',
		'options'  => [ 'autoload' => [ 'on', 'off', 'yes', 'no' ], 'format' => [ 'plaintext', 'json' ] ],
		'doc'      => 'https://developer.wordpress.org/cli/commands/option/update/',
		'mutates'  => true,
	],
	'post get' => [
		'synopsis' => '<id> [--field=<field>] [--fields=<fields>] [--format=<format>]',
		'options'  => [ 'format' => [ 'table', 'csv', 'json', 'yaml' ] ],
		'doc'      => 'https://developer.wordpress.org/cli/commands/post/get/',
	],
	'plugin is-installed' => [
		'synopsis' => '<plugin>',
		'doc'      => 'https://developer.wordpress.org/cli/commands/plugin/is-installed/',
	],
	'plugin get' => [
		'synopsis' => '<plugin> [--field=<field>] [--fields=<fields>] [--format=<format>]',
		'options'  => [ 'format' => [ 'table', 'csv', 'json', 'yaml' ] ],
		'doc'      => 'https://developer.wordpress.org/cli/commands/plugin/get/',
	],
	'plugin install' => [
		'synopsis' => '<plugin|zip|url>... [--version=<version>] [--force] [--ignore-requirements] [--activate]'
			. ' [--activate-network] [--insecure] [--with-dependencies] [--slug=<slug>]',
		'doc'      => 'https://developer.wordpress.org/cli/commands/plugin/install/',
		'mutates'  => true,
	],
	'plugin is-active' => [
		'synopsis' => '<plugin> [--network]',
		'doc'      => 'https://developer.wordpress.org/cli/commands/plugin/is-active/',
	],
	'plugin activate' => [
		'synopsis' => '[<plugin>...] [--all] [--exclude=<name>] [--network] [--force]',
		'doc'      => 'https://developer.wordpress.org/cli/commands/plugin/activate/',
		'mutates'  => true,
	],
	'rewrite structure' => [
		'synopsis' => '<permastruct> [--category-base=<base>] [--tag-base=<base>] [--hard]',
		'doc'      => 'https://developer.wordpress.org/cli/commands/rewrite/structure/',
		'mutates'  => true,
	],
	'rewrite flush' => [
		'synopsis' => '[--hard]',
		'doc'      => 'https://developer.wordpress.org/cli/commands/rewrite/flush/',
		'mutates'  => true,
	],
	'wc tool run' => [
		'synopsis' => '<id>',
		'doc'      => WC_DOCS . 'wc-tool/',
		'mutates'  => true,
		'wc'       => true,
	],
	// WooCommerce's own command (includes/cli/class-wc-cli-update-command.php), not a generated REST one.
	'wc update' => [
		'synopsis' => '',
		'doc'      => WC_DOCS . '#wc-update',
	],
	'wc shipping_zone_method list' => [
		'synopsis' => wc_synopsis( '<zone_id>', [ 'zone_id' ], WC_LIST_TAIL ),
		'options'  => [ 'format' => WC_FORMATS ],
		'doc'      => WC_DOCS . 'wc-shipping-zone-method/',
		'wc'       => true,
	],
	'wc shipping_zone_method create' => [
		'synopsis' => wc_synopsis( '<zone_id>', [ 'zone_id', 'order', 'enabled', 'settings' ], '--method_id=<method_id> [--porcelain]' ),
		'doc'      => WC_DOCS . 'wc-shipping-zone-method/',
		'mutates'  => true,
		'wc'       => true,
	],
	'wc product list' => [
		'synopsis' => wc_synopsis( '', WC_PRODUCT_FILTERS, WC_LIST_TAIL ),
		'options'  => [ 'format' => WC_FORMATS ],
		'doc'      => WC_DOCS . 'wc-product/',
		'wc'       => true,
	],
	'wc product create' => [
		'synopsis' => wc_synopsis( '', WC_PRODUCT_PROPS, '[--porcelain]' ),
		'doc'      => WC_DOCS . 'wc-product/',
		'mutates'  => true,
		'wc'       => true,
	],
];
