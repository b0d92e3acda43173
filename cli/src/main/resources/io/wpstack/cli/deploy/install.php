<?php
/*
 * WordPress's own installer, run by ./wpstack up with `php -r` in a WordPress container (docker
 * exec, as the image's user): no HTTP, no HTML to read. Arguments: MODE (check or install), the
 * site's HOST and SCHEME (what WordPress builds its links from). With install, the form arrives on
 * standard input as name=value lines (it holds the admin password). Prints one state:
 * not-installed, installed, installed-now, no-database or "failed: ...". The database upgrade is
 * the image's own (images/wordpress/upgrade-db.php).
 */
[$mode, $host, $scheme] = array_slice($argv, 1);
$_SERVER['HTTP_HOST'] = $host;
$_SERVER['SERVER_NAME'] = preg_replace('/:\d+$/', '', $host);
$_SERVER['REQUEST_URI'] = '/wp-admin/install.php';
$_SERVER['REQUEST_METHOD'] = 'GET';
if ($scheme === 'https') {
	$_SERVER['HTTPS'] = 'on';
}
define('WP_INSTALLING', true);
// ./wpstack up asks again while the database starts: no wait inside one try (the image's db.php).
define('WPSTACK_DB_WAIT', 0);
// WordPress may print (a database error page, notices); only the state line is for ./wpstack.
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
if (is_blog_installed()) {
	$state = 'installed';
} elseif ($mode === 'install') {
	$form = [];
	foreach (explode("\n", stream_get_contents(STDIN)) as $line) {
		if (strpos($line, '=') !== false) {
			[$name, $value] = explode('=', $line, 2);
			$form[$name] = $value;
		}
	}
	$result = wp_install($form['weblog_title'], $form['user_name'], $form['admin_email'],
		(int) $form['blog_public'], '', wp_slash($form['admin_password']));
	$state = is_wp_error($result) ? 'failed: ' . $result->get_error_message() : 'installed-now';
} else {
	$state = 'not-installed';
}
ob_end_clean();
define('WPSTACK_STATE', $state);
echo $state, "\n";
