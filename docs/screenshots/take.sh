#!/usr/bin/env bash
# Remakes the README's screenshots: plays "A mixed afternoon" with real key presses under Xvfb
# and saves the Desk and the Debrief with F12; then fills a store with 200 trainees and 10,000
# sessions (examples/fill_store) and saves the Supervisor's roster.
# Usage: docs/screenshots/take.sh [BINARY] (after cargo build --all-targets)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$(cd "$here/../.." && pwd)/target/debug/replydesk}
work=$(mktemp -d)
cat > "$work/drive.sh" <<DRIVE
#!/usr/bin/env bash
cd "$work"
"$bin" --scenarios "$here/../../scenarios" --profile "Jamie" --data-dir "$work/data" 2>/dev/null &
app=\$!
sleep 3
win=\$(xdotool search --name replydesk | head -1)
xdotool windowfocus --sync "\$win" 2>/dev/null
key() { xdotool key "\$1" 2>/dev/null; sleep 0.7; }
key Down; key Return; key Return
key n; key 1; key Return
key n; key 2; key Return
key n; key Down; key Up; key F12
key f; key Return; sleep 1; key F12
sleep 2
kill \$app
DRIVE
xvfb-run -a -s "-screen 0 1280x800x24" bash "$work/drive.sh"
cp "$work/replydesk-screenshot-1.png" "$here/desk.png"
cp "$work/replydesk-screenshot-2.png" "$here/debrief.png"

# The roster of a library system: the shipped scenarios without the onboarding path, so that
# "passed" is an assessment passed.
examples=$(dirname "$bin")/examples
mkdir "$work/scenarios"
cp "$here"/../../scenarios/*.ron "$work/scenarios/"
rm -f "$work/scenarios/path.ron"
"$examples/fill_store" "$work/roster" "$work/scenarios" 10000 200 --desk >/dev/null
REPLYDESK_SUPERVISOR_PASSPHRASE="bench passphrase" "$bin" supervisor init --data-dir "$work/roster" >/dev/null 2>&1
mkdir "$work/shots"
xvfb-run -a -s "-screen 0 1280x800x24" bash "$here/../../tests/looks/drive.sh" "$bin" "$work/scenarios" "$work/roster" "$work/shots" "Trainee 1" \
  s b e n c h space p a s s p h r a s e Return shot
cp "$work/shots/replydesk-screenshot-1.png" "$here/roster-200.png"
echo "saved $here/desk.png, $here/debrief.png and $here/roster-200.png"
