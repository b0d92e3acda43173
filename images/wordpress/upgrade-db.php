<?php
/*
 * Brings the database up to this image's WordPress, before Apache serves: the entrypoint runs it at
 * every start of a WordPress container, and `./wpstack up` once more after a deploy.
 *
 * Once across every replica: under MariaDB's named lock wpstack_db_upgrade, the first new replica
 * reads db_version, runs WordPress's own wp_upgrade() if it is older than this WordPress, and
 * releases the lock; the others then find it current. The replica is not healthy (so Swarm and
 * Caddy send it nothing) until Apache runs, after this: no administrator is ever sent to "Database
 * Update Required". A database newer than this WordPress (an older replica starting during a roll,
 * a rollback) is never touched: wp_upgrade() would write the older db_version back.
 *
 * Prints one state: not-installed, current N, upgraded FROM TO, newer FROM TO (the database's, then
 * this WordPress's db_version), no-database, or "failed: ...".
 */
$hosts = preg_split('/\s+/', trim((string) getenv('WPSTACK_SITE_HOSTS')));
$_SERVER['HTTP_HOST'] = $hosts[0] !== '' ? $hosts[0] : 'localhost';
$_SERVER['SERVER_NAME'] = $_SERVER['HTTP_HOST'];
$_SERVER['REQUEST_URI'] = '/wp-admin/upgrade.php';
$_SERVER['REQUEST_METHOD'] = 'GET';
define('WP_INSTALLING', true);
// The entrypoint asks again while the database starts: no wait inside one try (db.php).
define('WPSTACK_DB_WAIT', 0);
ob_start();
register_shutdown_function(function () {
	if (!defined('WPSTACK_STATE')) {
		$out = (string) ob_get_clean();
		echo strpos($out, 'Error establishing a database connection') !== false
			? "no-database\n"
			: 'failed: ' . substr(trim(preg_replace('/\s+/', ' ', strip_tags($out))), 0, 200) . "\n";
	}
});
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

/** The db_version the database holds, read past every cache and filter. */
function wpstack_stored_db_version() {
	global $wpdb;
	return (int) $wpdb->get_var("SELECT option_value FROM {$wpdb->options} WHERE option_name = 'db_version'");
}

$code = (int) $GLOBALS['wp_db_version'];
if (!is_blog_installed()) {
	$state = 'not-installed';
} elseif ((int) $wpdb->get_var("SELECT GET_LOCK('wpstack_db_upgrade', 300)") !== 1) {
	$state = 'failed: another replica held the upgrade lock for 300 s';
} else {
	$stored = wpstack_stored_db_version();
	if ($stored < $code) {
		wp_upgrade();
		$after = wpstack_stored_db_version();
		$state = $after === $code ? "upgraded $stored $code" : "failed: wp_upgrade() left db_version $after";
	} elseif ($stored > $code) {
		$state = "newer $stored $code";
	} else {
		$state = "current $code";
	}
	$wpdb->query("SELECT RELEASE_LOCK('wpstack_db_upgrade')");
}
ob_end_clean();
define('WPSTACK_STATE', $state);
echo $state, "\n";
