<?php
// Run with `wp eval-file`: makes the admin user's password match ADMIN_PASSWORD from the credentials Secret
// (after a fresh install, and again if the Secret changed). Reads it from the environment; prints no secret.
$login    = (string) getenv( 'ADMIN_USER' );
$password = (string) getenv( 'ADMIN_PASSWORD' );
if ( '' === $login || '' === $password ) {
	WP_CLI::error( 'ADMIN_USER and ADMIN_PASSWORD must be set' );
}
// Stored and checked slashed, as the login form checks it: wp_signon() hands $_POST['pwd'] to wp_authenticate()
// with WordPress's added slashes (wp_magic_quotes), and `wp core install` slashes the password likewise.
// Unslashed, a password with a quote or a backslash could never log in through wp-login.php.
$slashed = wp_slash( $password );
$user    = get_user_by( 'login', $login );
if ( ! $user ) {
	WP_CLI::error( "the admin user '$login' does not exist" );
}
if ( wp_check_password( $slashed, $user->user_pass, $user->ID ) ) {
	WP_CLI::log( 'admin password is current' );
	return;
}
wp_set_password( $slashed, $user->ID );
WP_CLI::log( 'admin password set from the credentials Secret' );
