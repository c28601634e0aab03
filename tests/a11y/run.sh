#!/usr/bin/env bash
# Runs replydesk on Home under Xvfb inside a private D-Bus session with the AT-SPI bus on and
# accessibility switched on, then reads and drives it with tests/a11y/atspi_check.py.
# Usage: run.sh BINARY SCENARIOS_DIR DATA_DIR
set -u
bin=$1 scenarios=$2 data=$3
here=$(cd "$(dirname "$0")" && pwd)
export NO_AT_BRIDGE=0 GTK_A11Y=atspi
/usr/libexec/at-spi-bus-launcher --launch-immediately &
launcher=$!
# Switch accessibility on, as a desktop does when a screen reader starts.
for _ in $(seq 1 50); do
  if dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus \
       org.freedesktop.DBus.Properties.Set string:org.a11y.Status string:IsEnabled variant:boolean:true >/dev/null 2>&1; then
    break
  fi
  sleep 0.1
done
dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus \
  org.freedesktop.DBus.Properties.Set string:org.a11y.Status string:ScreenReaderEnabled variant:boolean:true >/dev/null 2>&1
REPLYDESK_A11Y_DEBUG=1 "$bin" --scenarios "$scenarios" --data-dir "$data" --profile "Screen Reader" > "$data/app.log" 2>&1 &
app=$!
/usr/bin/python3 "$here/atspi_check.py" "A question and its thanks"
status=$?
kill "$app" 2>/dev/null
wait "$app" 2>/dev/null
kill "$launcher" 2>/dev/null
exit $status
