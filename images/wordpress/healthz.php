<?php
// Liveness of Apache + PHP only: a database outage must not make Swarm kill every replica.
header('Content-Type: text/plain');
header('Cache-Control: no-store');
echo 'ok';
