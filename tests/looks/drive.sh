#!/usr/bin/env bash
# Plays the app with real key presses and saves a screenshot (F12) wherever the script says.
# Run under xvfb-run by tests/looks.rs:
#   drive.sh BINARY SCENARIOS_DIR DATA_DIR OUT_DIR PROFILE KEY...
# Each KEY is an xdotool key name; "shot" saves a screenshot (replydesk-screenshot-N.png in
# OUT_DIR, numbered from 1).
set -u
bin=$1 scenarios=$2 data=$3 out=$4 profile=$5
shift 5
cd "$out"
# shellcheck disable=SC2086 # DRIVE_ARGS is a list of words (e.g. "play thread --facilitate")
"$bin" --scenarios "$scenarios" --profile "$profile" --data-dir "$data" ${DRIVE_ARGS:-} >/dev/null 2>"$out/app.log" &
app=$!
for _ in $(seq 1 60); do
    win=$(xdotool search --name replydesk 2>/dev/null | head -1)
    [ -n "$win" ] && break
    sleep 0.5
done
[ -n "${win:-}" ] || { echo "drive: the window never appeared"; tail -5 "$out/app.log"; kill $app; exit 1; }
xdotool windowfocus --sync "$win" 2>/dev/null
sleep 1.5
shots=0
for k in "$@"; do
    if [ "$k" = shot ]; then
        shots=$((shots + 1))
        xdotool key F12 2>/dev/null
        for _ in $(seq 1 40); do
            [ -s "replydesk-screenshot-$shots.png" ] && break
            sleep 0.25
        done
        [ -s "replydesk-screenshot-$shots.png" ] || { echo "drive: screenshot $shots was not saved"; kill $app; exit 1; }
        sleep 0.3
    else
        xdotool key "$k" 2>/dev/null
        sleep 0.6
    fi
done
kill $app
wait $app 2>/dev/null
exit 0
