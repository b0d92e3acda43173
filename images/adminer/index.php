<?php
// Adminer with two plugins: no phoning home, and the login form's server field pre-filled
// from ADMINER_DEFAULT_SERVER (the official image's variable).
function adminer_object() {
	include_once '/usr/share/adminer/plugins/version-noverify.php';

	class WpstackDefaultServer extends Adminer\Plugin {
		function loginFormField($name, $heading, $value) {
			if ($name != 'server' || (string) Adminer\SERVER !== '') {
				return null;
			}
			$server = getenv('ADMINER_DEFAULT_SERVER') ?: 'db';
			return $heading . '<input name="auth[server]" value="' . Adminer\h($server)
				. '" title="hostname[:port]" placeholder="localhost" autocapitalize="off">' . "\n";
		}
	}

	return new Adminer\Plugins(array(new AdminerVersionNoverify(), new WpstackDefaultServer()));
}

include '/usr/share/adminer/adminer.php';
