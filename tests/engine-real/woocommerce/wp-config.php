<?php
// wp-config.php as the official wordpress image writes it (its wp-config-docker.php): the database settings
// come from the environment (WORDPRESS_DB_*, which the chart gives the WordPress pod and the setup Job),
// and the image's entrypoint replaces the salt placeholders with random values on first start (the test
// does that when it copies this file). Debian's own wp-config.php reads /etc/wordpress instead.
function getenv_docker( $name, $default ) {
	$file = getenv( $name . '_FILE' );
	if ( $file ) {
		return rtrim( file_get_contents( $file ), "\r\n" );
	}
	$value = getenv( $name );
	return false === $value ? $default : $value;
}

define( 'DB_NAME', getenv_docker( 'WORDPRESS_DB_NAME', 'wordpress' ) );
define( 'DB_USER', getenv_docker( 'WORDPRESS_DB_USER', 'example username' ) );
define( 'DB_PASSWORD', getenv_docker( 'WORDPRESS_DB_PASSWORD', 'example password' ) );
define( 'DB_HOST', getenv_docker( 'WORDPRESS_DB_HOST', 'mysql' ) );
define( 'DB_CHARSET', getenv_docker( 'WORDPRESS_DB_CHARSET', 'utf8' ) );
define( 'DB_COLLATE', getenv_docker( 'WORDPRESS_DB_COLLATE', '' ) );

define( 'AUTH_KEY', getenv_docker( 'WORDPRESS_AUTH_KEY', 'put your unique phrase here' ) );
define( 'SECURE_AUTH_KEY', getenv_docker( 'WORDPRESS_SECURE_AUTH_KEY', 'put your unique phrase here' ) );
define( 'LOGGED_IN_KEY', getenv_docker( 'WORDPRESS_LOGGED_IN_KEY', 'put your unique phrase here' ) );
define( 'NONCE_KEY', getenv_docker( 'WORDPRESS_NONCE_KEY', 'put your unique phrase here' ) );
define( 'AUTH_SALT', getenv_docker( 'WORDPRESS_AUTH_SALT', 'put your unique phrase here' ) );
define( 'SECURE_AUTH_SALT', getenv_docker( 'WORDPRESS_SECURE_AUTH_SALT', 'put your unique phrase here' ) );
define( 'LOGGED_IN_SALT', getenv_docker( 'WORDPRESS_LOGGED_IN_SALT', 'put your unique phrase here' ) );
define( 'NONCE_SALT', getenv_docker( 'WORDPRESS_NONCE_SALT', 'put your unique phrase here' ) );

$table_prefix = getenv_docker( 'WORDPRESS_TABLE_PREFIX', 'wp_' );
define( 'WP_DEBUG', (bool) getenv_docker( 'WORDPRESS_DEBUG', '' ) );

// This machine has no network: no cron requests to the store's public host, no calls to wordpress.org.
define( 'DISABLE_WP_CRON', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
