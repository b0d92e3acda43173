#!/bin/sh
# No init system in a container: package scripts must not start services.
exit 101
