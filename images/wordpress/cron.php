<?php
/*
 * The stack's WP-cron scheduler (the cron service of stacks/wordpress.yml). WordPress runs with
 * DISABLE_WP_CRON, so no page view spawns cron; instead this loop asks wp-cron.php of the
 * wordpress service every WPSTACK_CRON_INTERVAL seconds (default 60), over the stack's network,
 * with the site's canonical host and scheme. It logs its first success and every change between
 * failing and working, and touches a heartbeat file for its health check.
 */

$interval = max(5, (int) (getenv('WPSTACK_CRON_INTERVAL') ?: 60));
$target = getenv('WPSTACK_CRON_TARGET') ?: 'wordpress';
$url = (string) getenv('WPSTACK_SITE_URL');
$hosts = preg_split('/[\s,]+/', (string) getenv('WPSTACK_SITE_HOSTS'), -1, PREG_SPLIT_NO_EMPTY);
$host = $url !== '' ? parse_url($url, PHP_URL_HOST) : ($hosts[0] ?? 'localhost');
$scheme = $url !== '' ? parse_url($url, PHP_URL_SCHEME) : (getenv('WPSTACK_SITE_SCHEME') ?: 'http');
$heartbeat = '/tmp/wpstack-cron.heartbeat';

function cron_log($message) {
	fwrite(STDOUT, gmdate('Y-m-d\TH:i:s\Z') . " wpstack-cron: $message\n");
}

cron_log("calling http://$target/wp-cron.php every {$interval}s (Host $host, $scheme)");
$state = 'starting';
while (true) {
	$start = microtime(true);
	$context = stream_context_create(array('http' => array(
		'timeout' => 300,
		'ignore_errors' => true,
		'follow_location' => 0,
		'header' => "Host: $host\r\nX-Forwarded-Proto: $scheme\r\nUser-Agent: wpstack-cron\r\n",
	)));
	$http_response_header = array();
	// No doing_wp_cron argument: wp-cron.php then takes its lock itself (an argument is only honoured
	// when it matches the lock that spawn_cron() set, and with DISABLE_WP_CRON nothing sets one).
	$body = @file_get_contents("http://$target/wp-cron.php", false, $context);
	$status = $http_response_header[0] ?? 'no answer';
	$ok = $body !== false && preg_match('#^HTTP/\S+ 2\d\d#', $status);
	$now = $ok ? 'working' : 'failing';
	if ($now !== $state) {
		cron_log($ok ? sprintf('wp-cron.php answered %s in %.2fs', $status, microtime(true) - $start)
			: "wp-cron.php failed: $status; retrying every {$interval}s");
		$state = $now;
	}
	touch($heartbeat);
	sleep(max(1, $interval - (int) (microtime(true) - $start)));
}
