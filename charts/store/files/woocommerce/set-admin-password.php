<?php
// Run with `wp eval-file`: makes the admin user's password match ADMIN_PASSWORD from the credentials Secret
// (after a fresh install, and again if the Secret changed). Reads it from the environment; prints no secret.
$login    = (string) getenv( 'ADMIN_USER' );
$password = (string) getenv( 'ADMIN_PASSWORD' );
if ( '' === $login || '' === $password ) {
	WP_CLI::error( 'ADMIN_USER and ADMIN_PASSWORD must be set' );
}
$user = get_user_by( 'login', $login );
if ( ! $user ) {
	WP_CLI::error( "the admin user '$login' does not exist" );
}
if ( wp_check_password( $password, $user->user_pass, $user->ID ) ) {
	WP_CLI::log( 'admin password is current' );
	return;
}
wp_set_password( $password, $user->ID );
WP_CLI::log( 'admin password set from the credentials Secret' );
