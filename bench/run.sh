#!/usr/bin/env bash
# The benchmark table: each figure beside its floor, measured in the same run on this machine.
#   1 idle      the Desk paused, no input, 10 s                  floor: 0
#   2 start-up  launch to first fully drawn Home frame           floor: examples/floor.rs
#   3 big feed  CPU per key press scrolling a 2,000-post feed     floor: the same with 20 posts
#   3b frames   the same 2,000-post feed                          floor: one frame drawn per input event
#   8 roster    CPU per key press searching 200 trainees         floor: one frame drawn per input event
#   9 open      Supervisor unlocked on 10,000 sessions           floor: on 10 sessions (bench/roster.sh)
#   4 check     `replydesk check` on 200 scenarios, 10,000 posts  floor: ron parsing alone
#   6 memory    peak RSS of the app on the big-feed Desk
#   7 sync      `replydesk sync` of 10,001 statements to Ralph  floor: the same POSTs, bare (bench/sync.sh)
# Needs xvfb-run, xdotool and Mesa's Vulkan drivers. Usage: bench/run.sh (after cargo build --all-targets)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}/debug
bin=$target/replydesk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), Mesa llvmpipe under Xvfb, debug build (dependencies optimised)"

# 4. check vs ron alone
"$target/examples/generate" "$work/pack" 200 50 >/dev/null
for _ in 1 2 3; do s=$(now); "$bin" check "$work/pack" >/dev/null; e=$(now); echo "$e - $s" | bc; done | median > "$work/check"
for _ in 1 2 3; do s=$(now); "$target/examples/ron_floor" "$work/pack" >/dev/null; e=$(now); echo "$e - $s" | bc; done | median > "$work/ron"

# 7. sync vs bare POSTs of the same statements (needs Ralph: see .ci/run)
if [ -x "${REPLYDESK_RALPH_VENV:-$HOME/.cache/replydesk/ralph-venv}/bin/ralph" ]; then
  bash "$root/bench/sync.sh" > "$work/sync"
else
  echo "- - -" > "$work/sync"
fi

# 8 and 9: the Supervisor screen at the size of a library system
bash "$root/bench/roster.sh" > "$work/roster"

# 2. start-up vs the floor window
cat > "$work/startup.sh" <<STARTUP
for _ in 1 2 3 4 5; do s=\$(date +%s.%N); "$bin" --scenarios "$root/scenarios" --profile Bench --data-dir "$work/data" --screenshot "$work/s.png" --exit-after-screenshot 2>/dev/null; e=\$(date +%s.%N); echo "\$e - \$s" | bc; done | sort -n | awk '{a[NR]=\$1} END {print a[3]}' > "$work/app-start"
for _ in 1 2 3 4 5; do s=\$(date +%s.%N); "$target/examples/floor" 2>/dev/null; e=\$(date +%s.%N); echo "\$e - \$s" | bc; done | sort -n | awk '{a[NR]=\$1} END {print a[3]}' > "$work/floor-start"
STARTUP
xvfb-run -a -s "-screen 0 1024x700x24" bash "$work/startup.sh"

# 1, 3 and 6: the desk, paused and idle, then scrolling a big and a small feed
"$target/examples/generate" "$work/big" 1 2000 0 >/dev/null
"$target/examples/generate" "$work/small" 1 20 0 >/dev/null
cat > "$work/feed.sh" <<FEED
measure() {
  REPLYDESK_FRAME_COUNT="$work/frames-\$2" REPLYDESK_FRAMES_AFTER_INPUT="\${3:-}" \
    "$bin" --scenarios "\$1" --profile Bench --data-dir "$work/data-\$2" 2>/dev/null &
  app=\$!
  sleep 3
  win=\$(xdotool search --name replydesk | head -1)
  xdotool windowfocus --sync "\$win" 2>/dev/null
  for k in Return Return; do xdotool key \$k 2>/dev/null; sleep 0.7; done
  sleep 12                      # every post arrives within its 10 s jitter
  xdotool key space 2>/dev/null; sleep 2
  hz=\$(getconf CLK_TCK)
  a=\$(awk '{print \$14+\$15}' /proc/\$app/stat); sleep 10; b=\$(awk '{print \$14+\$15}' /proc/\$app/stat)
  echo "\$(( (b-a) * 1000 / hz ))" > "$work/idle-\$2"
  a=\$(awk '{print \$14+\$15}' /proc/\$app/stat); fa=\$(cat "$work/frames-\$2")
  for _ in \$(seq 1 40); do xdotool key Down 2>/dev/null; sleep 0.1; done
  sleep 1
  b=\$(awk '{print \$14+\$15}' /proc/\$app/stat); fb=\$(cat "$work/frames-\$2")
  echo "\$(( (b-a) * 1000 / hz ))" > "$work/scroll-\$2"
  echo "\$(( (fb-fa) * 100 / 40 ))" > "$work/fpk-\$2"
  grep VmHWM /proc/\$app/status | awk '{print \$2}' > "$work/rss-\$2"
  kill \$app
}
measure "$work/big" big
measure "$work/big" big-floor 0
measure "$work/small" small
FEED
xvfb-run -a -s "-screen 0 1024x700x24" bash "$work/feed.sh" 2>&1 | grep -v XGetInputFocus || true

ratio() { echo "scale=2; $1 / $2" | bc; }
printf '\n| benchmark | measured | floor | ratio | goal |\n|---|---|---|---|---|\n'
printf '| 1 idle: Desk paused, no input, 10 s | %s ms CPU | 0 | — | < 500 ms (5%% of a core) |\n' "$(cat "$work/idle-big")"
printf '| 2 start-up to first drawn Home frame | %.2f s | %.2f s (bare Bevy+egui window) | %s× | ≤ 1.5× |\n' "$(cat "$work/app-start")" "$(cat "$work/floor-start")" "$(ratio "$(cat "$work/app-start")" "$(cat "$work/floor-start")")"
big=$(cat "$work/scroll-big"); small=$(cat "$work/scroll-small")
printf '| 3 scrolling the feed, 40 key presses | %s ms CPU (2,000 posts) | %s ms CPU (20 posts) | %s× | ≤ 1.3× |\n' "$big" "$small" "$(ratio "$big" "$small")"
fpk() { v=$(cat "$work/fpk-$1"); printf '%d.%02d' $((v / 100)) $((v % 100)); }
floor=$(cat "$work/scroll-big-floor")
printf '| 3b the same 2,000-post feed, CPU per key press | %s ms (%s frames) | %s ms (%s frames: one per input event) | %s× | ≤ 2× |\n' "$(( big / 40 ))" "$(fpk big)" "$(( floor / 40 ))" "$(fpk big-floor)" "$(ratio "$big" "$floor")"
read -r r_ms r_frames f_ms f_frames open_big open_small c_ms c_frames cf_ms cf_frames < "$work/roster"
printf '| 8 roster of 200 trainees, 10,000 sessions: CPU per key press in its search | %s ms (%s frames) | %s ms (%s frames: one per input event) | %s× | ≤ 2× |\n' "$r_ms" "$r_frames" "$f_ms" "$f_frames" "$(ratio "$r_ms" "$f_ms")"
printf '| 8b the same roster, CPU per click in its heading row (a sort) | %s ms (%s frames) | %s ms (%s frames: one per input event) | %s× | ≤ 2× |\n' "$c_ms" "$c_frames" "$cf_ms" "$cf_frames" "$(ratio "$c_ms" "$cf_ms")"
printf '| 9 Supervisor screen unlocked to the roster drawn, 10,000 sessions | %s ms CPU | %s ms CPU (10 sessions) | %s× | ≤ 1.5× |\n' "$open_big" "$open_small" "$(ratio "$open_big" "$open_small")"
printf '| 4 check 200 scenarios, 10,000 posts | %.2f s | %.2f s (ron parsing alone) | %s× | ≤ 1.5× and < 1 s |\n' "$(cat "$work/check")" "$(cat "$work/ron")" "$(ratio "$(cat "$work/check")" "$(cat "$work/ron")")"
read -r n sync_s floor_s < "$work/sync"
if [ "$n" != "-" ]; then
  printf '| 7 sync %s statements to Ralph | %.1f s | %.1f s (the same POSTs, bare) | %s× | ≤ 1.2× |\n' "$n" "$sync_s" "$floor_s" "$(ratio "$sync_s" "$floor_s")"
fi
printf '| 6 peak memory on the Desk | %s MiB (2,000 posts) | %s MiB (20 posts) | — | reported |\n' "$(( $(cat "$work/rss-big") / 1024 ))" "$(( $(cat "$work/rss-small") / 1024 ))"
