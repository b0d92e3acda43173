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

// Code comes from the image: no core, plugin or theme file edits from the dashboard.
if (!defined('DISALLOW_FILE_EDIT')) {
	define('DISALLOW_FILE_EDIT', true);
}

if ($configExtra = getenv_docker('WORDPRESS_CONFIG_EXTRA', '')) {
	eval($configExtra);
}
