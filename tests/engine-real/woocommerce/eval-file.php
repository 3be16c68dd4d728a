<?php
// `wp eval-file FILE [ARG...]` without WP-CLI: loads WordPress from the working directory (or
// WP_STANDIN_WP_PATH) and evaluates FILE as WP-CLI does, with the `WP_CLI` class it may use.
require __DIR__ . '/wordpress.php';
standin_prepare();
require standin_wp_path() . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/admin.php'; // as WP-CLI does after loading WordPress
standin_eval_file( (string) ( $argv[1] ?? '' ), array_slice( $argv, 2 ) );
