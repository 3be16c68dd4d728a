<?php
// What `wp core install --url=$WP_URL --title=$WP_TITLE --admin_user=$ADMIN_USER --admin_email=$ADMIN_EMAIL
// --skip-email` does, without WP-CLI, run with the setup Job's environment in the WordPress directory. The
// admin gets a throwaway password: the chart's set-admin-password.php must then make it the Secret's.
require __DIR__ . '/wordpress.php';
standin_prepare( true );
standin_set_url( (string) getenv( 'WP_URL' ) );
require standin_wp_path() . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/admin.php'; // as WP-CLI does after loading WordPress

$throwaway = bin2hex( random_bytes( 12 ) );
if ( standin_core_install( (string) getenv( 'WP_URL' ), (string) getenv( 'WP_TITLE' ), (string) getenv( 'ADMIN_USER' ),
	(string) getenv( 'ADMIN_EMAIL' ), $throwaway ) ) {
	WP_CLI::success( 'WordPress installed successfully.' );
} else {
	WP_CLI::log( 'WordPress is already installed.' );
}
