<?php
/*
 * wpstack's WordPress configuration, loaded by Debian's /usr/share/wordpress/wp-config.php.
 * Like the official image's wp-config-docker.php, every value comes from the environment at
 * runtime (VAR, or VAR_FILE naming a file such as a Docker secret); nothing is written here
 * by the entrypoint.
 */

if (!function_exists('getenv_docker')) {
	function getenv_docker($env, $default) {
		if ($fileEnv = getenv($env . '_FILE')) {
			return rtrim(file_get_contents($fileEnv), "\r\n");
		} elseif (($val = getenv($env)) !== false) {
			return $val;
		}
		return $default;
	}
}

define('DB_NAME', getenv_docker('WORDPRESS_DB_NAME', 'wordpress'));
define('DB_USER', getenv_docker('WORDPRESS_DB_USER', 'example username'));
define('DB_PASSWORD', getenv_docker('WORDPRESS_DB_PASSWORD', 'example password'));
define('DB_HOST', getenv_docker('WORDPRESS_DB_HOST', 'mysql'));
define('DB_CHARSET', getenv_docker('WORDPRESS_DB_CHARSET', 'utf8mb4'));
define('DB_COLLATE', getenv_docker('WORDPRESS_DB_COLLATE', ''));

/*
 * Keys and salts: set them with WORDPRESS_AUTH_KEY... (or _FILE). When unset, WordPress
 * generates them once and keeps them in the database, so every replica shares them.
 */
foreach (array('AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY',
		'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT') as $wpstack_key) {
	$wpstack_value = getenv_docker('WORDPRESS_' . $wpstack_key, '');
	if ($wpstack_value !== '') {
		define($wpstack_key, $wpstack_value);
	}
}
unset($wpstack_key, $wpstack_value);

$table_prefix = getenv_docker('WORDPRESS_TABLE_PREFIX', 'wp_');

define('WP_DEBUG', (bool) getenv_docker('WORDPRESS_DEBUG', ''));

// Code comes from the image: no editing of PHP files in the dashboard's file editors.
if (!defined('DISALLOW_FILE_EDIT')) {
	define('DISALLOW_FILE_EDIT', true);
}

/*
 * Files: core (/usr/share/wordpress) belongs to root and is read-only by design: it is updated by
 * rebuilding the image (./wpstack build, then ./wpstack up). wp-content is on a volume owned by
 * www-data, so plugins, themes and uploads are written directly. WordPress would otherwise pick
 * FTP, because the core files' owner is not the PHP process's user.
 */
define('FS_METHOD', 'direct');
// Debian's wp-config.php sets WP_AUTO_UPDATE_CORE to false after this file: core comes with the
// package. Plugins and themes still update from the dashboard.

/*
 * Behind Caddy. WordPress publishes no port: its only peer is Caddy (and the stack's own
 * services), and Caddy's reverse_proxy replaces any X-Forwarded-Proto / X-Forwarded-For a client
 * sends with what it saw itself. Apache's mod_remoteip takes the client address from
 * X-Forwarded-For for the private ranges only (apache-wordpress.conf).
 */
if (isset($_SERVER['HTTP_X_FORWARDED_PROTO']) && $_SERVER['HTTP_X_FORWARDED_PROTO'] === 'https') {
	$_SERVER['HTTPS'] = 'on';
}

/*
 * The site's address. WPSTACK_SITE_URL (from DOMAIN) fixes it. Without it, the site answers at
 * whatever allowed address it is reached by: WPSTACK_SITE_HOSTS lists the host names and
 * addresses ./wpstack up found for this swarm (its nodes' addresses and host names, localhost)
 * plus SITE_HOSTS. A request for any other Host gets links to the first of them, so a forged
 * Host header cannot put its own name into links, redirects or password-reset mails.
 */
if (!function_exists('wpstack_site_hosts')) {
	/** WPSTACK_SITE_HOSTS as a list, in lower case (the must-use plugin reads it too). */
	function wpstack_site_hosts() {
		return array_map('strtolower', preg_split('/[\s,]+/', getenv_docker('WPSTACK_SITE_HOSTS', 'localhost'), -1, PREG_SPLIT_NO_EMPTY));
	}
}
if (!function_exists('wpstack_site_url')) {
	function wpstack_site_url() {
		$fixed = getenv_docker('WPSTACK_SITE_URL', '');
		if ($fixed !== '') {
			return rtrim($fixed, '/');
		}
		$hosts = wpstack_site_hosts();
		$scheme = (isset($_SERVER['HTTPS']) && $_SERVER['HTTPS'] === 'on') ? 'https' : getenv_docker('WPSTACK_SITE_SCHEME', 'http');
		$requested = isset($_SERVER['HTTP_HOST']) ? strtolower($_SERVER['HTTP_HOST']) : '';
		if (preg_match('/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:[0-9]{1,5})?$/', $requested, $m)
				&& in_array(trim($m[1], '[]'), $hosts, true)) {
			return $scheme . '://' . $requested;
		}
		// The port Caddy publishes for that scheme (WPSTACK_HTTP_PORT, WPSTACK_HTTPS_PORT).
		$port = getenv_docker($scheme === 'https' ? 'WPSTACK_HTTPS_PORT' : 'WPSTACK_HTTP_PORT', $scheme === 'https' ? '443' : '80');
		$default = $scheme === 'https' ? '443' : '80';
		return $scheme . '://' . ($hosts ? $hosts[0] : 'localhost') . ($port === $default ? '' : ':' . $port);
	}
}
define('WP_HOME', wpstack_site_url());
define('WP_SITEURL', WP_HOME);

/*
 * WP-cron runs off the request path: the stack's cron service calls wp-cron.php every minute
 * (stacks/wordpress.yml), so page views never wait for scheduled work.
 */
define('DISABLE_WP_CRON', true);

if ($configExtra = getenv_docker('WORDPRESS_CONFIG_EXTRA', '')) {
	eval($configExtra);
}
