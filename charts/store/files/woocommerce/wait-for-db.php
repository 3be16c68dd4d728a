<?php
// Exits 0 once MariaDB accepts WordPress's own login (the same settings wp-config.php reads), 1 otherwise.
// Runs with PHP directly: WP-CLI's db commands shell out to the mysql client, whose TLS defaults vary by
// version. Prints nothing, so no credential can reach a log.
mysqli_report(MYSQLI_REPORT_OFF);
$hostPort = explode(':', (string) getenv('WORDPRESS_DB_HOST'), 2);
$link = @mysqli_connect(
    $hostPort[0],
    (string) getenv('WORDPRESS_DB_USER'),
    (string) getenv('WORDPRESS_DB_PASSWORD'),
    (string) getenv('WORDPRESS_DB_NAME'),
    isset($hostPort[1]) ? (int) $hostPort[1] : 3306
);
exit($link ? 0 : 1);
