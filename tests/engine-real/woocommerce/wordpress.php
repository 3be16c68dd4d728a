<?php
// Loading real WordPress the way WP-CLI does, for the test's PHP entry points (core-install.php,
// eval-file.php, the stand-in `wp`): the small `WP_CLI` class surface that files run by `wp eval-file` use,
// WP-CLI's bootstrap hooks (wp_die and "not installed" become errors with exit 1, as in WP-CLI's
// Runner::setup_bootstrap_hooks) and the $_SERVER values its --url sets.
//
// Include at the top level of the entry script, then `require standin_wp_path() . '/wp-load.php';` there
// too: wp-config.php and wp-settings.php must run in the global scope.

if ( ! class_exists( 'WP_CLI' ) ) {
	// The part of WP-CLI's static API that eval'd files and this test use; output goes where WP-CLI sends it.
	class WP_CLI {
		public static function log( $message ) {
			echo $message, "\n";
		}
		public static function line( $message = '' ) {
			echo $message, "\n";
		}
		public static function success( $message ) {
			echo 'Success: ', $message, "\n";
		}
		public static function warning( $message ) {
			fwrite( STDERR, 'Warning: ' . $message . "\n" );
		}
		public static function debug( $message, $group = false ) {
		}
		public static function error( $message, $exit = true ) {
			fwrite( STDERR, 'Error: ' . ( is_wp_error_like( $message ) ? $message->get_error_message() : $message ) . "\n" );
			if ( $exit ) {
				exit( 1 );
			}
		}
		public static function halt( $code ) {
			exit( (int) $code );
		}
	}
}
define( 'WP_CLI', true );

function is_wp_error_like( $thing ): bool {
	return is_object( $thing ) && method_exists( $thing, 'get_error_message' );
}

// The WordPress directory: WP_STANDIN_WP_PATH (set by the stand-in from WP-CLI's `path`) or the working
// directory, as for WP-CLI without a path setting.
function standin_wp_path(): string {
	$path = getenv( 'WP_STANDIN_WP_PATH' );
	return rtrim( $path ? $path : getcwd(), '/' );
}

// What WP_CLI::set_url() and `core install`'s set_server_url_vars() put into $_SERVER for a --url.
function standin_set_url( string $url ): void {
	$parts = parse_url( $url );
	if ( isset( $parts['scheme'] ) && 'https' === strtolower( $parts['scheme'] ) ) {
		$_SERVER['HTTPS'] = 'on';
	}
	$_SERVER['HTTP_HOST']    = $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' );
	$_SERVER['SERVER_NAME']  = $parts['host'];
	$_SERVER['REQUEST_URI']  = $parts['path'] ?? '';
	$_SERVER['SERVER_PORT']  = $parts['port'] ?? '80';
	$_SERVER['QUERY_STRING'] = $parts['query'] ?? '';
	$path                    = rtrim( $parts['path'] ?? '', '/' );
	$_SERVER['PHP_SELF']     = $_SERVER['SCRIPT_NAME'] = ( '' === $path ? '/index.php' : $path . '/index.php' );
	$_SERVER['SCRIPT_FILENAME'] = standin_wp_path() . '/index.php';
}

// Adds a hook before WordPress is loaded (WP_Hook::build_preinitialized_hooks takes this array form).
function standin_early_hook( string $hook, callable $callback, int $priority = 10, int $args = 1 ): void {
	$GLOBALS['wp_filter'][ $hook ][ $priority ][] = [ 'function' => $callback, 'accepted_args' => $args ];
}

// Call before requiring wp-load.php. $installing: define WP_INSTALLING (WP-CLI does for `core install` and
// `core is-installed`, so that an empty database is not an error).
function standin_prepare( bool $installing = false ): void {
	mysqli_report( MYSQLI_REPORT_OFF ); // WordPress handles its own errors (as WP-CLI's Runner does)
	if ( $installing ) {
		define( 'WP_INSTALLING', true );
		if ( ! isset( $_SERVER['HTTP_HOST'] ) ) {
			define( 'COOKIEHASH', md5( 'wp-cli' ) ); // as WP-CLI: no wp_guess_url() without a host before the install
		}
	}
	$_SERVER['REQUEST_METHOD']  = $_SERVER['REQUEST_METHOD'] ?? 'GET';
	$_SERVER['SERVER_PROTOCOL'] = $_SERVER['SERVER_PROTOCOL'] ?? 'HTTP/1.1';
	standin_early_hook(
		'wp_die_handler',
		static fn () => static function ( $message ) {
			$text = is_wp_error_like( $message ) ? $message->get_error_message() : (string) $message;
			WP_CLI::error( trim( html_entity_decode( strip_tags( $text ) ) ) ?: 'WordPress died' );
		}
	);
	// WordPress sends no-cache headers right before redirecting to install.php or showing a database error.
	standin_early_hook(
		'nocache_headers',
		static function ( $headers ) {
			global $wpdb;
			if ( ! empty( $wpdb->error ) ) {
				WP_CLI::error( 'Error establishing a database connection.' );
			}
			if ( ! defined( 'WP_INSTALLING' ) && function_exists( 'is_blog_installed' ) && ! is_blog_installed() ) {
				WP_CLI::error( 'The site you have requested is not installed. Run `wp core install`.' );
			}
			return $headers;
		}
	);
	standin_early_hook( 'wp_redirect', static fn () => false ); // WP-CLI prevents redirects too
}

// `wp eval-file FILE`: WP-CLI evaluates the file's code inside a method (EvalFile_Command::execute_eval).
function standin_eval_file( string $file, array $args = [] ): void {
	if ( ! is_file( $file ) ) {
		WP_CLI::error( "'$file' does not exist." );
	}
	( static function () use ( $file, $args ) {
		$code = (string) file_get_contents( $file );
		$code = str_replace( [ '__FILE__', '__DIR__' ], [ var_export( $file, true ), var_export( dirname( $file ), true ) ], $code );
		eval( '?>' . preg_replace( '/^#!.*\n/', '', $code ) );
	} )();
}

// What `wp core install` does (Core_Command::do_install) once WordPress is loaded with WP_INSTALLING.
function standin_core_install( string $url, string $title, string $user, string $email, string $password ): bool {
	if ( is_blog_installed() ) {
		return false;
	}
	if ( ! function_exists( 'wp_new_blog_notification' ) ) {
		function wp_new_blog_notification() { // --skip-email
		}
	}
	require_once ABSPATH . 'wp-admin/includes/upgrade.php';
	if ( ! is_email( $email ) ) {
		WP_CLI::error( "The '$email' email address is invalid." );
	}
	global $wpdb;
	wp_install( $title, $user, $email, true, '', wp_slash( $password ), '' );
	if ( ! empty( $wpdb->last_error ) ) {
		WP_CLI::error( 'Installation produced database errors, and may have partially or completely failed.' );
	}
	return true;
}
