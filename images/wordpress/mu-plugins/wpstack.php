<?php
/**
 * Plugin Name: wpstack
 * Description: WordPress as wpstack runs it: requests to the site's own address are served by this container's Apache, and Site Health says how core is updated.
 * Author: wpstack
 *
 * Linked into wp-content/mu-plugins by the image's entrypoint; it is part of the image, not of
 * the volume, so a rebuilt image brings its new version.
 */

if (!defined('ABSPATH')) {
	exit;
}

/**
 * The host names this site answers to (wpstack_site_hosts() of config-default.php, the host of
 * WPSTACK_SITE_URL and of home_url()), in lower case.
 */
function wpstack_own_hosts() {
	$hosts = wpstack_site_hosts();
	foreach (array((string) getenv('WPSTACK_SITE_URL'), home_url()) as $url) {
		$host = wp_parse_url($url, PHP_URL_HOST);
		if ($host) {
			$hosts[] = $host;
		}
	}
	return array_unique(array_map(function ($host) { return strtolower(trim($host, '[]')); }, $hosts));
}

/*
 * Loopback requests (WP-cron's spawn, Site Health's loopback, REST and HTTPS checks, the plugin
 * editor's check) ask the site's public URL. Inside the container nothing listens there: the
 * address belongs to Caddy's node, localhost:443 is not served, and Caddy's local CA is not
 * trusted. So a request for one of the site's own hosts goes to this container's Apache on
 * 127.0.0.1:80, with the Host and scheme it asked for (as Caddy would pass them).
 */
add_filter('pre_http_request', function ($preempt, $args, $url) {
	if (false !== $preempt || !empty($args['wpstack_loopback'])) {
		return $preempt;
	}
	$parts = wp_parse_url($url);
	if (empty($parts['host']) || !in_array($parts['scheme'] ?? '', array('http', 'https'), true)
			|| !in_array(strtolower(trim($parts['host'], '[]')), wpstack_own_hosts(), true)) {
		return $preempt;
	}
	$headers = isset($args['headers']) && is_array($args['headers']) ? $args['headers'] : array();
	$headers['Host'] = $parts['host'] . (isset($parts['port']) ? ':' . $parts['port'] : '');
	$headers['X-Forwarded-Proto'] = $parts['scheme'];
	$args['headers'] = $headers;
	$args['wpstack_loopback'] = true;
	$args['reject_unsafe_urls'] = false;
	$local = 'http://127.0.0.1' . ($parts['path'] ?? '/') . (isset($parts['query']) ? '?' . $parts['query'] : '');
	return wp_remote_request($local, $args);
}, 10, 3);

/*
 * Core is part of the image and read-only in the container (FS_METHOD direct writes wp-content
 * only), so WordPress's own background-updates test can only report failures. This test says
 * what is true instead: core comes with the image, and how to update it.
 */
add_filter('site_status_tests', function ($tests) {
	unset($tests['async']['background_updates']);
	$tests['direct']['wpstack_core_updates'] = array(
		'label' => 'WordPress core comes with the image',
		'test' => 'wpstack_test_core_updates',
	);
	return $tests;
});

function wpstack_test_core_updates() {
	return array(
		'label' => sprintf('WordPress %s comes with the wpstack image and is updated by rebuilding it', get_bloginfo('version')),
		'status' => 'good',
		'badge' => array('label' => __('Security'), 'color' => 'blue'),
		'description' => '<p>WordPress core is part of the wpstack/wordpress image (Debian\'s wordpress package) and read-only in the container, so WordPress does not update it in the background. Plugins and themes live on the wp_content volume and update from the dashboard as usual.</p>',
		'actions' => '<p>To update WordPress, rebuild the image and roll it out: <code>./wpstack build</code>, then <code>./wpstack up</code>. The database upgrade runs during <code>up</code>, with no click in the dashboard.</p>',
		'test' => 'wpstack_core_updates',
	);
}

/*
 * A WordPress older than its database never takes it for one to upgrade. During a roll the older
 * replicas serve beside the first new one, which has upgraded the database (upgrade-db.php); after
 * a rollback only older ones serve. Without this, wp-admin on such a replica compares the stored
 * db_version with its own, sends the administrator to "Database Update Required", and the button
 * there runs the older wp_upgrade(), which writes the older db_version back. WordPress's database
 * changes are additive (dbDelta adds columns and tables, never drops them), so the older code reads
 * the newer schema; what it must not do is "upgrade" it.
 */
add_filter('option_db_version', function ($stored) {
	$code = (int) $GLOBALS['wp_db_version'];
	return (int) $stored > $code ? (string) $code : $stored;
});
