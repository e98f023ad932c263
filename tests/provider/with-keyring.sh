#!/bin/sh
# Runs a test with a throw-away HOME and XDG folders, a private D-Bus
# session and a real gnome-keyring-daemon, so that nothing touches the real
# keyring or home.
#
#   with-keyring.sh [--locked|--no-service|--no-bus] PROGRAM [ARGS...]
#
#   (default)     an unlocked login keyring
#   --locked      a keyring daemon with no unlocked login collection
#   --no-service  a private bus where no secret service can start
#   --no-bus      no D-Bus session at all
#
# The temporary HOME is exported as FAREWELL_TEST_HOME so tests can scan
# it afterwards; it is removed when the test ends. FAREWELL_TEST_WRAPPER
# (e.g. a valgrind command line) runs PROGRAM under it, inside the session.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
mode=unlocked
case "${1:-}" in
  --locked) mode=locked; shift ;;
  --no-service) mode=no-service; shift ;;
  --no-bus) mode=no-bus; shift ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
home=$(mktemp -d "${TMPDIR:-/tmp}/farewell-test-XXXXXX") || exit 99
trap 'rm -rf "$home"' EXIT INT TERM

export HOME="$home"
export XDG_CONFIG_HOME="$home/.config"
export XDG_DATA_HOME="$home/.local/share"
export XDG_CACHE_HOME="$home/.cache"
export XDG_STATE_HOME="$home/.local/state"
export XDG_RUNTIME_DIR="$home/runtime"
export FAREWELL_TEST_HOME="$home"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
mkdir -m 700 "$XDG_RUNTIME_DIR"
unset DISPLAY WAYLAND_DISPLAY GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
# Test servers are on 127.0.0.1; a proxy from the environment must not interfere.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

case "$mode" in
  unlocked)
    dbus-run-session -- sh -c 'eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"; export GNOME_KEYRING_CONTROL; exec ${FAREWELL_TEST_WRAPPER:-} "$@"' sh "$@"
    ;;
  locked)
    dbus-run-session -- sh -c 'eval "$(gnome-keyring-daemon --start --components=secrets 2>/dev/null)"; export GNOME_KEYRING_CONTROL; exec ${FAREWELL_TEST_WRAPPER:-} "$@"' sh "$@"
    ;;
  no-service)
    dbus-run-session --config-file="$here/no-services.conf" -- ${FAREWELL_TEST_WRAPPER:-} "$@"
    ;;
  no-bus)
    unset DBUS_SESSION_BUS_ADDRESS
    ${FAREWELL_TEST_WRAPPER:-} "$@"
    ;;
esac
rc=$?
exit $rc
