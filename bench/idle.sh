#!/usr/bin/env bash
# Measures the desk's CPU use under Xvfb + llvmpipe: 10 s with the clock paused and no input,
# then 10 s with the clock running. Usage: bench/idle.sh [BINARY]
# Needs xvfb-run and xdotool (apt-get install xvfb xdotool mesa-vulkan-drivers).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-${CARGO_TARGET_DIR:-$root/target}/debug/replydesk}
work=$(mktemp -d)
cat > "$work/measure.sh" <<MEASURE
#!/usr/bin/env bash
"$bin" --scenarios "$root/scenarios" --profile "Bench" --data-dir "$work/data" 2>/dev/null &
app=\$!
sleep 3
win=\$(xdotool search --name replydesk | head -1)
xdotool windowfocus --sync "\$win" 2>/dev/null
key() { xdotool key "\$1" 2>/dev/null; sleep 0.5; }
key Return; key Return; key n; key space   # practice, start, first post, pause
sleep 2
hz=\$(getconf CLK_TCK)
cpu() { awk '{print \$14+\$15}' /proc/\$app/stat; }
a=\$(cpu); sleep 10; b=\$(cpu)
echo "paused, no input: \$(( (b-a) * 1000 / hz )) ms of CPU in 10 s (\$(( (b-a) * 100 / hz / 10 ))% of one core)"
key space
a=\$(cpu); sleep 10; b=\$(cpu)
echo "clock running:    \$(( (b-a) * 1000 / hz )) ms of CPU in 10 s (\$(( (b-a) * 100 / hz / 10 ))% of one core)"
kill \$app
MEASURE
xvfb-run -a -s "-screen 0 1280x800x24" bash "$work/measure.sh" 2>&1 | grep -v XGetInputFocus
