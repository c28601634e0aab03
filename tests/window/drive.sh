#!/usr/bin/env bash
# Plays the "thread" fixture from Home to Debrief with real key presses, as a trainee would.
# Run under xvfb-run by tests/window.rs: drive.sh BINARY SCENARIOS_DIR SCREENSHOT
set -u
bin=$1 scenarios=$2 shot=$3
"$bin" --scenarios "$scenarios" --profile Tester --data-dir "$(dirname "$shot")/data" --screenshot "$shot" --screenshot-at debrief --exit-after-screenshot \
    >/dev/null 2>"$shot.log" &
app=$!
for _ in $(seq 1 60); do
    win=$(xdotool search --name replydesk 2>/dev/null | head -1)
    [ -n "$win" ] && break
    sleep 0.5
done
[ -n "${win:-}" ] || { echo "drive: the window never appeared"; tail -5 "$shot.log"; kill $app; exit 1; }
xdotool windowfocus --sync "$win" 2>/dev/null
sleep 1
key() { xdotool key "$1" 2>/dev/null; sleep 0.6; }
key Return   # Home: practise the selected scenario
key Return   # Briefing: start the shift
key n        # Desk: nothing waiting, jump to the first post
key 1        # choose the first response shown
key Return   # send it
key f        # finish the shift (asks to confirm if a follow-up is still due)
key Return   # confirm
for _ in $(seq 1 60); do
    kill -0 $app 2>/dev/null || break
    sleep 0.5
done
if kill -0 $app 2>/dev/null; then
    echo "drive: the app did not reach the debrief and exit"; kill $app; exit 1
fi
wait $app
