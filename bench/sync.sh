#!/usr/bin/env bash
# 7 sync: `replydesk sync` of about 10,000 statements (1,035 sessions) to a real LRS (Ralph,
# file-system backend, on 127.0.0.1), beside its floor: the same statements, as
# `report --format xapi` writes them, POSTed in the same batches of 50 by a bare HTTP client
# (examples/lrs_floor.rs). Each run gets a fresh Ralph. Prints "STATEMENTS MEASURED FLOOR" (s).
# Needs Ralph in $REPLYDESK_RALPH_VENV (.ci/run installs it). Usage: bench/sync.sh [SESSIONS]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}/debug
venv=${REPLYDESK_RALPH_VENV:-$HOME/.cache/replydesk/ralph-venv}
sessions=${1:-1035}
work=$(mktemp -d)
ralph_pid=
cleanup() { [ -n "$ralph_pid" ] && kill "$ralph_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
now() { date +%s.%N; }
export REPLYDESK_SUPERVISOR_PASSPHRASE="bench passphrase"
export REPLYDESK_LRS_PASSWORD="bench password"

ralph() { # a fresh Ralph in $work/$1 on port $2
  mkdir -p "$work/$1"
  RALPH_AUTH_FILE="$work/$1/auth.json" RALPH_RUNSERVER_BACKEND=fs "$venv/bin/ralph" auth \
    -u bench -p "$REPLYDESK_LRS_PASSWORD" -s all -w -A bench https://bench.example >/dev/null 2>&1
  "$venv/bin/python" "$root/tests/lrs/ralph_lrs.py" "$2" "$work/$1" 2>"$work/$1/log" &
  ralph_pid=$!
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "Ralph did not start"; cat "$work/$1/log"; exit 1
}
stop() { kill "$ralph_pid"; wait "$ralph_pid" 2>/dev/null || true; ralph_pid=; }

"$target/replydesk" --data-dir "$work/data" supervisor init >/dev/null 2>&1
count=$("$target/examples/fill_store" "$work/data" "$root/scenarios" "$sessions" | awk '{print $3}')
"$target/replydesk" --scenarios "$root/scenarios" --data-dir "$work/data" report --format xapi --out "$work/statements.json" >/dev/null 2>&1

ralph floor 8711
floor=$("$target/examples/lrs_floor" http://127.0.0.1:8711/xAPI/ bench "$REPLYDESK_LRS_PASSWORD" "$work/statements.json" 50)
stop

ralph sync 8712
s=$(now)
"$target/replydesk" --scenarios "$root/scenarios" --data-dir "$work/data" sync \
  --lrs http://127.0.0.1:8712/xAPI/ --lrs-user bench --batch 50 >/dev/null
e=$(now)
stop
echo "$count $(echo "$e - $s" | bc) $floor"
