#!/usr/bin/env bash
# The Supervisor screen at the size of a library system (bench/run.sh prints its rows):
#   - CPU and frames per key press typing in the roster's search on 200 trainees with 10,000
#     sessions, beside the same with exactly one frame drawn per input event (the floor);
#   - CPU from Unlock to the roster drawn, on that store and on a 10-session one.
#   - CPU and frames per click in the table's heading row (each sorts the 200 trainees), beside
#     the same with one frame per input event.
# Prints: roster_ms roster_frames floor_ms floor_frames open_big_ms open_small_ms
#         click_ms click_frames click_floor_ms click_floor_frames
# Needs xvfb-run, xdotool and Mesa's Vulkan drivers. Usage: bench/roster.sh (after cargo build --all-targets)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}/debug
bin=$target/replydesk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passphrase="bench passphrase"

# The shipped scenarios without the onboarding path: "passed" is then an assessment passed.
mkdir "$work/scenarios"
cp "$root"/scenarios/*.ron "$work/scenarios/"
rm -f "$work/scenarios/path.ron"
fill() {
  "$target/examples/fill_store" "$1" "$work/scenarios" "$2" "$3" --desk >/dev/null
  REPLYDESK_SUPERVISOR_PASSPHRASE="$passphrase" "$bin" supervisor init --data-dir "$1" >/dev/null 2>&1
}
fill "$work/big" 10000 200
fill "$work/small" 10 10

cat > "$work/drive.sh" <<DRIVE
# drive DATA TAG [FRAMES_AFTER_INPUT]: opens the roster, then types in its search
drive() {
  frames="$work/frames-\$2"
  REPLYDESK_FRAME_COUNT="\$frames" REPLYDESK_FRAMES_AFTER_INPUT="\${3:-}" \
    "$bin" --scenarios "$work/scenarios" --profile "Trainee 1" --data-dir "\$1" 2>/dev/null &
  app=\$!
  for _ in \$(seq 1 60); do
    win=\$(xdotool search --name replydesk 2>/dev/null | head -1)
    [ -n "\$win" ] && break
    sleep 0.5
  done
  xdotool windowfocus --sync "\$win" 2>/dev/null
  sleep 2
  hz=\$(getconf CLK_TCK)
  cpu() { awk '{print \$14+\$15}' /proc/\$app/stat; }
  xdotool key s 2>/dev/null; sleep 1
  xdotool type --delay 50 "$passphrase" 2>/dev/null; sleep 1
  a=\$(cpu)
  xdotool key Return 2>/dev/null
  sleep 4
  b=\$(cpu)
  echo "\$(( (b-a) * 1000 / hz ))" > "$work/open-\$2"
  a=\$(cpu); fa=\$(cat "\$frames")
  for _ in \$(seq 1 20); do
    xdotool key x 2>/dev/null; sleep 0.15
    xdotool key BackSpace 2>/dev/null; sleep 0.15
  done
  sleep 1
  b=\$(cpu); fb=\$(cat "\$frames")
  echo "\$(( (b-a) * 1000 / hz / 40 )) \$(( (fb-fa) * 100 / 40 ))" > "$work/keys-\$2"
  # Clicks in the table's heading row (on "Sessions" at 1024×700): each sorts the roster.
  xdotool mousemove --window "\$win" 250 209 2>/dev/null; sleep 0.5
  a=\$(cpu); fa=\$(cat "\$frames")
  for _ in \$(seq 1 10); do xdotool click 1 2>/dev/null; sleep 0.4; done
  sleep 1
  b=\$(cpu); fb=\$(cat "\$frames")
  echo "\$(( (b-a) * 1000 / hz / 10 )) \$(( (fb-fa) * 100 / 10 ))" > "$work/clicks-\$2"
  kill \$app
  wait \$app 2>/dev/null || true
}
drive "$work/big" big
drive "$work/big" floor 0
drive "$work/small" small
DRIVE
xvfb-run -a -s "-screen 0 1024x700x24" bash "$work/drive.sh" 2>&1 | grep -v XGetInputFocus || true

read -r big_ms big_frames < "$work/keys-big"
read -r floor_ms floor_frames < "$work/keys-floor"
read -r click_ms click_frames < "$work/clicks-big"
read -r click_floor_ms click_floor_frames < "$work/clicks-floor"
# Frames per key press or click are printed with two decimals.
d2() { printf '%s.%02d' "$(($1 / 100))" "$(($1 % 100))"; }
printf '%s %s %s %s %s %s %s %s %s %s\n' \
  "$big_ms" "$(d2 "$big_frames")" "$floor_ms" "$(d2 "$floor_frames")" \
  "$(cat "$work/open-big")" "$(cat "$work/open-small")" \
  "$click_ms" "$(d2 "$click_frames")" "$click_floor_ms" "$(d2 "$click_floor_frames")"
