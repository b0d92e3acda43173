<?php
/*
 * wpstack's database drop-in (wp-content/db.php, linked there by the image's entrypoint):
 * WordPress's own wpdb, except that it waits for the database instead of failing at once.
 *
 * MariaDB restarts when its image or settings change (it rolls stop-first: one data directory). Plain
 * WordPress answers every page view of those seconds with "Error establishing a database
 * connection"; with this drop-in a request waits up to WPSTACK_DB_WAIT seconds in all (a
 * constant, e.g. from WORDPRESS_CONFIG_EXTRA; 20 by default) for the database and is then served,
 * so a reader sees a slow page and an editor's save is held, not lost. The wait covers the first
 * connection and the reconnections wpdb makes when the server went away mid-request.
 */
defined('ABSPATH') || exit;

class wpstack_db extends wpdb {
	/** Seconds this request may still wait for the database. */
	private $wpstack_wait_left;

	public function db_connect($allow_bail = true) {
		if ($this->wpstack_wait_left === null) {
			$this->wpstack_wait_left = wpstack_db_wait();
		}
		$start = microtime(true);
		while (!parent::db_connect(false)) {
			$waited = microtime(true) - $start;
			if ($waited >= $this->wpstack_wait_left) {
				$this->wpstack_wait_left = 0;
				// The last try may bail: WordPress's own error page, as without the drop-in.
				return parent::db_connect($allow_bail);
			}
			usleep(250000);
		}
		$this->wpstack_wait_left = max(0, $this->wpstack_wait_left - (microtime(true) - $start));
		return true;
	}
}

function wpstack_db_wait() {
	return defined('WPSTACK_DB_WAIT') ? (float) WPSTACK_DB_WAIT : 20.0;
}

$wpdb = new wpstack_db(DB_USER, DB_PASSWORD, DB_NAME, DB_HOST);
