<?php
// What each WP-CLI command the stand-in `wp` accepts does, performed on the real WordPress (loaded by `wp`),
// after WP-CLI's own implementation (wp-cli/core-command, entity-command, extension-command, rewrite-command,
// eval-command). WooCommerce cannot be downloaded here: `plugin install woocommerce` writes a placeholder
// plugin (its header only) that WordPress really installs and activates, and the `wc` commands store what
// WooCommerce would (pages and their options, products as `product` posts with _sku/_price meta) in the real
// database; only the shipping zone methods live in an option of the stand-in's own.

function standin_unsupported( string $what ): void {
	append_line( 'WP_STANDIN_ERRORS', "stand-in cannot do: $what" );
	WP_CLI::error( "stand-in cannot do: $what" );
}

// WP_CLI::print_value(): json/yaml on request, var_export for arrays, scalars as they are.
function standin_print_value( $value, array $assoc ): void {
	$format = $assoc['format'] ?? '';
	if ( 'json' === $format ) {
		echo json_encode( $value ), "\n";
	} elseif ( 'yaml' === $format ) {
		standin_unsupported( '--format=yaml' );
	} else {
		echo is_array( $value ) || is_object( $value ) ? var_export( $value, true ) : $value, "\n";
	}
}

// The plugin file of a slug, as WP-CLI's plugin fetcher finds it (folder or single-file plugins).
function standin_plugin_file( string $slug ): ?string {
	foreach ( array_keys( get_plugins() ) as $file ) {
		if ( dirname( $file ) === $slug || basename( $file, '.php' ) === $slug ) {
			return $file;
		}
	}
	return null;
}

function standin_wc_user_check(): void {
	if ( ! is_plugin_active( (string) standin_plugin_file( 'woocommerce' ) ) ) {
		WP_CLI::error( "'wc' is not a registered wp command. See 'wp help' for available commands." );
	}
	if ( ! current_user_can( 'manage_options' ) ) { // WooCommerce's REST permission checks
		WP_CLI::error( 'Sorry, you are not allowed to do that. (wc commands need --user=<an administrator>)' );
	}
}

// The products with a SKU (WooCommerce keeps products as posts of type product with _sku meta).
function standin_products( string $sku ): array {
	return get_posts( [ 'post_type' => 'product', 'post_status' => 'any', 'fields' => 'ids', 'numberposts' => -1,
		'meta_key' => '_sku', 'meta_value' => $sku ] );
}

// WP-CLI's Rewrite_Command::apache_modules(): report the configured Apache modules to WordPress.
function standin_apache_modules( array $config ): void {
	$GLOBALS['standin_apache_modules'] = (array) ( $config['apache_modules'] ?? [] );
	if ( $GLOBALS['standin_apache_modules'] && ! function_exists( 'apache_get_modules' ) ) {
		$GLOBALS['is_apache']       = true;
		$_SERVER['SCRIPT_FILENAME'] = ABSPATH; // for get_home_path() and the .htaccess location
		function apache_get_modules() {
			return $GLOBALS['standin_apache_modules'];
		}
	}
}

function wp_run( string $name, array $args, array $assoc, array $config ): void {
	if ( isset( $assoc['user'] ) ) {
		$user = get_user_by( is_numeric( $assoc['user'] ) ? 'id' : ( is_email( $assoc['user'] ) ? 'email' : 'login' ), $assoc['user'] );
		if ( ! $user ) {
			WP_CLI::error( "Invalid user ID, email or login: '{$assoc['user']}'" );
		}
		wp_set_current_user( $user->ID );
	}
	switch ( $name ) {
		case 'core is-installed':
			WP_CLI::halt( is_blog_installed() ? 0 : 1 );
		case 'core install':
			if ( standin_core_install( $assoc['url'], $assoc['title'], $assoc['admin_user'], $assoc['admin_email'], $assoc['admin_password'] ) ) {
				WP_CLI::success( 'WordPress installed successfully.' );
			} else {
				WP_CLI::log( 'WordPress is already installed.' );
			}
			return;
		case 'core update-db':
			// What WP-CLI's Core_Command::update_db does for one site: WordPress's own wp_upgrade() when the stored
			// db_version is older than the core's.
			require_once ABSPATH . 'wp-admin/includes/upgrade.php';
			$stored = (int) get_option( 'db_version' );
			if ( $stored === (int) $GLOBALS['wp_db_version'] ) {
				WP_CLI::success( "WordPress database already at latest db version {$GLOBALS['wp_db_version']}." );
				return;
			}
			if ( empty( $assoc['dry-run'] ) ) {
				wp_upgrade();
			}
			WP_CLI::success( "WordPress database upgraded successfully from db version $stored to {$GLOBALS['wp_db_version']}." );
			return;
		case 'wc update':
			// The placeholder WooCommerce has no update routines: what WooCommerce prints when none is pending.
			if ( ! is_plugin_active( (string) standin_plugin_file( 'woocommerce' ) ) ) {
				WP_CLI::error( "'wc' is not a registered wp command. See 'wp help' for available commands." );
			}
			WP_CLI::success( 'No updates required. Database version is ' . get_option( 'woocommerce_db_version', 'unknown' ) );
			return;
		case 'eval-file':
			standin_eval_file( $args[0], array_slice( $args, 1 ) );
			return;
		case 'option get':
			$value = get_option( $args[0] );
			if ( false === $value ) {
				WP_CLI::error( "Could not get '{$args[0]}' option. Does it exist?" );
			}
			standin_print_value( $value, $assoc );
			return;
		case 'option pluck':
			$value = get_option( $args[0] );
			foreach ( array_slice( $args, 1 ) as $key ) {
				if ( ! is_array( $value ) || ! array_key_exists( $key, $value ) ) {
					WP_CLI::halt( 1 );
				}
				$value = $value[ $key ];
			}
			standin_print_value( $value, $assoc );
			return;
		case 'option update':
			$value = $args[1] ?? stream_get_contents( STDIN );
			if ( 'json' === ( $assoc['format'] ?? '' ) ) {
				$value = json_decode( $value, true );
				if ( null === $value ) {
					WP_CLI::error( "Invalid JSON: {$args[1]}" );
				}
			}
			$value = sanitize_option( $args[0], $value );
			if ( in_array( $args[0], [ 'siteurl', 'home', 'category_base', 'tag_base' ], true ) ) {
				$value = untrailingslashit( $value );
			}
			if ( $value === sanitize_option( $args[0], get_option( $args[0] ) ) && ! isset( $assoc['autoload'] ) ) {
				WP_CLI::success( "Value passed for '{$args[0]}' option is unchanged." );
			} elseif ( update_option( $args[0], $value, $assoc['autoload'] ?? null ) ) {
				WP_CLI::success( "Updated '{$args[0]}' option." );
			} else {
				WP_CLI::error( "Could not update option '{$args[0]}'." );
			}
			return;
		case 'post get':
			$post = get_post( (int) $args[0] );
			if ( ! $post ) {
				WP_CLI::error( "Could not find the post with ID {$args[0]}." );
			}
			isset( $assoc['field'] ) ? print( $post->{$assoc['field']} . "\n" ) : standin_unsupported( 'post get without --field' );
			return;
		case 'plugin is-installed':
			WP_CLI::halt( standin_plugin_file( $args[0] ) ? 0 : 1 );
		case 'plugin get':
			$file = standin_plugin_file( $args[0] ) ?? WP_CLI::error( "The '{$args[0]}' plugin could not be found." );
			$data = get_plugin_data( WP_PLUGIN_DIR . "/$file", false, false );
			$info = [ 'name' => $args[0], 'title' => $data['Name'], 'version' => $data['Version'],
				'status' => is_plugin_active( $file ) ? 'active' : 'inactive' ];
			isset( $assoc['field'] ) ? print( $info[ $assoc['field'] ] . "\n" ) : standin_unsupported( 'plugin get without --field' );
			return;
		case 'plugin install':
			if ( [ 'woocommerce' ] !== $args || empty( $assoc['version'] ) ) {
				standin_unsupported( 'plugin install other than `woocommerce --version=…` (no network here)' );
			}
			if ( standin_plugin_file( 'woocommerce' ) && empty( $assoc['force'] ) ) {
				WP_CLI::warning( 'woocommerce: Plugin already installed.' );
				return;
			}
			wp_mkdir_p( WP_PLUGIN_DIR . '/woocommerce' );
			file_put_contents( WP_PLUGIN_DIR . '/woocommerce/woocommerce.php', "<?php\n/**\n * Plugin Name: WooCommerce\n"
				. " * Description: Placeholder written by the test's WP-CLI stand-in (WooCommerce cannot be downloaded here).\n"
				. " * Version: {$assoc['version']}\n */\n" );
			wp_clean_plugins_cache();
			WP_CLI::success( 'Installed 1 of 1 plugins.' );
			if ( ! empty( $assoc['activate'] ) ) {
				wp_run( 'plugin activate', [ 'woocommerce' ], [], $config );
			}
			return;
		case 'plugin is-active':
			WP_CLI::halt( is_plugin_active( (string) standin_plugin_file( $args[0] ) ) ? 0 : 1 );
		case 'plugin activate':
			foreach ( $args as $slug ) {
				$file   = standin_plugin_file( $slug ) ?? WP_CLI::error( "The '$slug' plugin could not be found." );
				$result = is_plugin_active( $file ) ? null : activate_plugin( $file );
				is_wp_error( $result ) ? WP_CLI::error( $result ) : WP_CLI::log( "Plugin '$slug' activated." );
			}
			WP_CLI::success( 'Activated ' . count( $args ) . ' of ' . count( $args ) . ' plugins.' );
			return;
		case 'rewrite structure':
			global $wp_rewrite;
			$structure = 'default' === $args[0] ? '' : preg_replace( '#/+#', '/', '/' . str_replace( '#', '', $args[0] ) );
			$wp_rewrite->set_permalink_structure( $structure );
			foreach ( [ 'category-base' => 'set_category_base', 'tag-base' => 'set_tag_base' ] as $key => $setter ) {
				if ( isset( $assoc[ $key ] ) ) {
					$wp_rewrite->$setter( $assoc[ $key ] ? preg_replace( '#/+#', '/', '/' . str_replace( '#', '', $assoc[ $key ] ) ) : '' );
				}
			}
			WP_CLI::success( 'Rewrite structure set.' );
			wp_run( 'rewrite flush', [], array_intersect_key( $assoc, [ 'hard' => 1 ] ), $config ); // WP-CLI: `rewrite flush` in a new process
			return;
		case 'rewrite flush':
			standin_apache_modules( $config );
			if ( ! empty( $assoc['hard'] ) && ! in_array( 'mod_rewrite', (array) ( $config['apache_modules'] ?? [] ), true ) ) {
				WP_CLI::warning( 'Regenerating a .htaccess file requires special configuration. See usage docs.' );
			}
			flush_rewrite_rules( ! empty( $assoc['hard'] ) );
			get_option( 'rewrite_rules' ) ? WP_CLI::success( 'Rewrite rules flushed.' ) : WP_CLI::warning( 'Rewrite rules are empty.' );
			return;
		case 'wc tool run':
			standin_wc_user_check();
			if ( 'install_pages' !== $args[0] ) {
				standin_unsupported( "wc tool run {$args[0]}" );
			}
			// WC_Install::create_pages(): each page unless its option points at a published one already.
			foreach ( [ 'shop' => 'Shop', 'cart' => 'Cart', 'checkout' => 'Checkout', 'myaccount' => 'My account' ] as $key => $title ) {
				$id = (int) get_option( "woocommerce_{$key}_page_id" );
				if ( $id > 0 && 'publish' === get_post_status( $id ) ) {
					continue;
				}
				$id = wp_insert_post( [ 'post_type' => 'page', 'post_status' => 'publish', 'post_title' => $title,
					'post_name' => sanitize_title( $title ), 'comment_status' => 'closed' ] );
				update_option( "woocommerce_{$key}_page_id", $id );
			}
			WP_CLI::success( 'Updated system_status_tool install_pages.' );
			return;
		case 'wc shipping_zone_method list':
		case 'wc shipping_zone_method create':
			standin_wc_user_check();
			$zones   = get_option( 'standin_wc_shipping_zone_methods', [] );
			$methods = $zones[ (int) $args[0] ] ?? [];
			if ( 'wc shipping_zone_method list' === $name ) {
				'method_id' === ( $assoc['field'] ?? '' ) ? print( implode( '', array_map( static fn ( $m ) => $m['method_id'] . "\n", $methods ) ) )
					: standin_unsupported( 'shipping_zone_method list without --field=method_id' );
				return;
			}
			$instance                 = 1 + count( array_merge( [], ...array_values( $zones ) ) );
			$zones[ (int) $args[0] ][] = [ 'instance_id' => $instance, 'method_id' => $assoc['method_id'],
				'enabled' => $assoc['enabled'] ?? true ];
			update_option( 'standin_wc_shipping_zone_methods', $zones );
			empty( $assoc['porcelain'] ) ? WP_CLI::success( "Created shipping_zone_method $instance." ) : WP_CLI::line( $instance );
			return;
		case 'wc product list':
			standin_wc_user_check();
			if ( 'id' !== ( $assoc['field'] ?? '' ) || ! isset( $assoc['sku'] ) ) {
				standin_unsupported( 'wc product list other than --sku=… --field=id' );
			}
			echo implode( '', array_map( static fn ( $id ) => "$id\n", standin_products( $assoc['sku'] ) ) );
			return;
		case 'wc product create':
			standin_wc_user_check();
			if ( isset( $assoc['sku'] ) && standin_products( $assoc['sku'] ) ) {
				WP_CLI::error( 'Invalid or duplicated SKU.' ); // the REST API's product_invalid_sku
			}
			$id = wp_insert_post( [ 'post_type' => 'product', 'post_status' => $assoc['status'] ?? 'publish',
				'post_title' => $assoc['name'] ?? 'Product', 'post_content' => $assoc['description'] ?? '' ], true );
			is_wp_error( $id ) && WP_CLI::error( $id );
			foreach ( [ '_sku' => 'sku', '_regular_price' => 'regular_price', '_price' => 'regular_price' ] as $meta => $key ) {
				isset( $assoc[ $key ] ) && update_post_meta( $id, $meta, $assoc[ $key ] );
			}
			empty( $assoc['porcelain'] ) ? WP_CLI::success( "Created product $id." ) : WP_CLI::line( $id );
			return;
	}
	standin_unsupported( $name );
}
