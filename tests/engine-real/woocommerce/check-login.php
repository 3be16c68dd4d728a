<?php
// Run with eval-file.php: exits 0 when ADMIN_USER can log in with CHECK_PASSWORD (default: ADMIN_PASSWORD),
// 1 otherwise. The password is checked as wp-login.php checks it: wp_signon() takes $_POST['pwd'], which
// WordPress has slashed (wp_magic_quotes), and passes it to wp_authenticate() as it is.
$password = getenv( 'CHECK_PASSWORD' );
$user     = wp_authenticate( (string) getenv( 'ADMIN_USER' ), wp_slash( false === $password ? (string) getenv( 'ADMIN_PASSWORD' ) : $password ) );
if ( is_wp_error( $user ) ) {
	WP_CLI::log( 'login refused: ' . implode( ',', $user->get_error_codes() ) );
	exit( 1 );
}
if ( ! user_can( $user, 'manage_options' ) ) {
	WP_CLI::error( 'logged in, but not as an administrator' );
}
WP_CLI::log( 'login accepted' );
