<?php
// Run with eval-file.php: the store as setup.sh leaves it, one `name=value` line each, then `digest_<table>=`
// lines over everything a setup run may change (options except transients and cron, posts and their meta,
// terms, users and their meta except login sessions, .htaccess): equal digests before and after a run show
// that it changed nothing.
global $wpdb;
$pages = 0;
foreach ( [ 'shop', 'cart', 'checkout', 'myaccount' ] as $page ) {
	$id     = (int) get_option( "woocommerce_{$page}_page_id" );
	$pages += $id > 0 && 'publish' === get_post_status( $id ) ? 1 : 0;
}
$plugin   = get_plugins()['woocommerce/woocommerce.php'] ?? null;
$htaccess = (string) @file_get_contents( ABSPATH . '.htaccess' );
$state    = [
	'siteurl'      => get_option( 'siteurl' ),
	'home'         => get_option( 'home' ),
	'blogname'     => get_option( 'blogname' ),
	'admin_email'  => get_option( 'admin_email' ),
	'woocommerce'  => $plugin ? $plugin['Version'] . ( is_plugin_active( 'woocommerce/woocommerce.php' ) ? ' active' : ' inactive' ) : 'none',
	'pages'        => $pages,
	'products'     => implode( ',', $wpdb->get_col( "SELECT m.meta_value FROM $wpdb->postmeta m JOIN $wpdb->posts p ON p.ID = m.post_id
		WHERE m.meta_key = '_sku' AND p.post_type = 'product' AND p.post_status = 'publish' ORDER BY m.meta_value" ) ),
	'shipping_zone_0' => implode( ',', array_column( get_option( 'standin_wc_shipping_zone_methods', [] )[0] ?? [], 'method_id' ) ),
	'cod_enabled'  => get_option( 'woocommerce_cod_settings' )['enabled'] ?? '',
	'onboarding_skipped' => var_export( get_option( 'woocommerce_onboarding_profile' )['skipped'] ?? null, true ),
	'permalink_structure' => get_option( 'permalink_structure' ),
	'htaccess'     => str_contains( $htaccess, '# BEGIN WordPress' ) && str_contains( $htaccess, 'RewriteRule . /index.php [L]' ) ? 'rewrite rules' : 'none',
];
foreach ( [ 'currency', 'default_country', 'coming_soon', 'store_pages_only', 'task_list_hidden', 'allow_tracking',
	'show_marketplace_suggestions' ] as $name ) {
	$state[ $name ] = get_option( "woocommerce_$name" );
}
foreach ( $state as $name => $value ) {
	echo "$name=$value\n";
}

$tables = [
	'options'  => "SELECT option_name, option_value, autoload FROM $wpdb->options WHERE option_name NOT LIKE '\\_transient\\_%'
		AND option_name NOT LIKE '\\_site\\_transient\\_%' AND option_name <> 'cron' ORDER BY option_name",
	'posts'    => "SELECT * FROM $wpdb->posts ORDER BY ID",
	'postmeta' => "SELECT * FROM $wpdb->postmeta ORDER BY meta_id",
	'terms'    => "SELECT * FROM $wpdb->terms t JOIN $wpdb->term_taxonomy x USING (term_id) ORDER BY term_id",
	'users'    => "SELECT * FROM $wpdb->users ORDER BY ID",
	'usermeta' => "SELECT * FROM $wpdb->usermeta WHERE meta_key <> 'session_tokens' ORDER BY umeta_id",
];
foreach ( $tables as $name => $sql ) {
	echo "digest_$name=", md5( serialize( $wpdb->get_results( $sql, ARRAY_N ) ) ), "\n";
}
echo 'digest_htaccess=', md5( $htaccess ), "\n";
