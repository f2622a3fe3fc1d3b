#!/bin/sh
# run-gui-test.sh: runs the GUI tests of BUILD (default _build) under a virtual X server and a private
# session bus, with the cairo renderer, as CI does. Extra arguments go to `meson test`.
#   tests/run-gui-test.sh _build-shell test-window -v
set -eu
build=${1:-_build}
[ $# -gt 0 ] && shift
export GSK_RENDERER=cairo
if [ $# -eq 0 ]; then
  set -- --suite gui
fi
exec xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- meson test -C "$build" --print-errorlogs "$@"
