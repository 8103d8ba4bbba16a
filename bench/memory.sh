#!/usr/bin/env bash
# bench/memory.sh: the memory (RSS) of the hardened app and the mocks while a class loads
# them: the peak, and with --every, the resident size at intervals (a soak).
#
# The app and the mocks run as their own release binaries, each on a free port, with a fresh
# database; `instructor load --app-url` is the class, in a process of its own, so the students'
# memory is not counted. At the end the script reads each server's peak resident set size
# (VmHWM in /proc/PID/status) and prints them with their sum.
#
# The mocks are started with the class (--class N), so each student signs in with accounts
# of their own, as in the load's in-process run.
#
# Usage (from anywhere in the checkout):
#   bench/memory.sh [--students N] [--duration 10s] [--rate R] [--cycles N] [--every 60]
#                   [--clock-speed K]
# or the environment: BENCH_STUDENTS (default 200), BENCH_DURATION (10s), BENCH_RATE (none:
# the class works flat out; R: a steady pace of R cycles per second, `instructor load --rate`),
# BENCH_CYCLES (none; N: stop after N cycles in all), BENCH_EVERY (none; S: print each
# server's resident size every S seconds, as a soak wants: flat once warm), BENCH_CLOCK_SPEED
# (1; K: while the load runs, both mocks' clocks go K times as fast, moved on every second, so
# that what expires and what the mocks prune ages as in a day K times as long).
#
# A school day, as the README's soak runs it: six hours of an all-day demo at 20 cycles a
# second, 432,000 cycles, run ten times as fast (200 a second, the mocks' clocks too) in 36
# minutes:
#   bench/memory.sh --rate 200 --cycles 432000 --clock-speed 10 --duration 40m --every 120
# Needs cargo and python3 (to find free ports); Linux (/proc).

set -euo pipefail

STUDENTS=${BENCH_STUDENTS:-200}
DURATION=${BENCH_DURATION:-10s}
RATE=${BENCH_RATE:-}
CYCLES=${BENCH_CYCLES:-}
EVERY=${BENCH_EVERY:-}
CLOCK_SPEED=${BENCH_CLOCK_SPEED:-1}
while [ $# -gt 0 ]; do
    case $1 in
    --students) STUDENTS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --cycles) CYCLES=$2; shift 2 ;;
    --every) EVERY=$2; shift 2 ;;
    --clock-speed) CLOCK_SPEED=$2; shift 2 ;;
    -h | --help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done

cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}
WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

die() { echo "bench/memory.sh: $*" >&2; exit 1; }

echo "building the release binaries..." >&2
cargo build --quiet --release -p hardened-app -p mock-providers -p instructor

# wait_until_up NAME PID URL: returns once URL answers, fails if the server died.
wait_until_up() {
    for _ in $(seq 300); do
        kill -0 "$2" 2>/dev/null || { cat "$WORK"/*.log >&2; die "$1 exited before it started"; }
        curl -s -o /dev/null "$3" && return
        sleep 0.1
    done
    die "$1 did not answer within 30 s"
}

# banner_url PID PREFIX: the URL the mocks' banner prints after PREFIX, once it is printed.
banner_url() {
    for _ in $(seq 300); do
        kill -0 "$1" 2>/dev/null || { cat "$WORK/mocks.log" >&2; die "mock-providers exited before it started"; }
        url=$(sed -n "s|^$2 \(http://[^ ]*\).*|\1|p" "$WORK/mocks.log")
        [ -n "$url" ] && { echo "$url"; return; }
        sleep 0.1
    done
    die "mock-providers printed no banner within 30 s"
}

# The mocks on free ports (port 0: their banner says which).
"$TARGET/release/mock-providers" --class "$STUDENTS" --github-addr 127.0.0.1:0 \
    --google-addr 127.0.0.1:0 >"$WORK/mocks.log" 2>&1 &
MOCKS_PID=$!
PIDS+=("$MOCKS_PID")
GH=$(banner_url "$MOCKS_PID" "mock GitHub:")
GG=$(banner_url "$MOCKS_PID" "mock Google:")
wait_until_up "mock-providers" "$MOCKS_PID" "$GG/"

# The app needs its URL before it binds: a free port, held only long enough to read it.
APP_PORT=$(python3 -c '
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
APP=http://127.0.0.1:$APP_PORT

BASE_URL=$APP DATABASE_PATH=$WORK/lab.db \
    GITHUB_AUTHORIZE_URL=$GH/login/oauth/authorize GITHUB_TOKEN_URL=$GH/login/oauth/access_token \
    GITHUB_API_URL=$GH GOOGLE_AUTHORIZE_URL=$GG/o/oauth2/v2/auth GOOGLE_TOKEN_URL=$GG/token \
    GOOGLE_USERINFO_URL=$GG/v1/userinfo GOOGLE_REVOKE_URL=$GG/revoke \
    LOGOUT_LAB_TIMELINE=$GH/__mock/app-events \
    "$TARGET/release/hardened-app" >"$WORK/app.log" 2>&1 &
APP_PID=$!
PIDS+=("$APP_PID")
wait_until_up "the app" "$APP_PID" "$APP/"

# peak_mib PID: the process's peak resident set size, in MiB; rss_mib PID: its size now.
peak_mib() { awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
rss_mib() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
echo "before the load: app $(peak_mib "$APP_PID") MiB, mocks $(peak_mib "$MOCKS_PID") MiB (peak so far)"

status=0
PACE=()
[ -n "$RATE" ] && PACE+=(--rate "$RATE")
[ -n "$CYCLES" ] && PACE+=(--cycles "$CYCLES")
"$TARGET/release/instructor" load --app-url "$APP" --github-url "$GH" --google-url "$GG" \
    --students "$STUDENTS" --duration "$DURATION" "${PACE[@]}" >"$WORK/load.out" 2>/dev/null &
LOAD_PID=$!
# The mocks' clocks, K times as fast: K - 1 seconds more at every second of the load.
if [ "$CLOCK_SPEED" -gt 1 ]; then
    (
        while kill -0 "$LOAD_PID" 2>/dev/null; do
            sleep 1
            for mock in "$GH" "$GG"; do
                curl -s -o /dev/null -X POST -H 'Content-Type: application/json' \
                    -d "{\"advance_seconds\": $((CLOCK_SPEED - 1))}" "$mock/__mock/clock"
            done
        done
    ) &
    PIDS+=($!)
fi
if [ -n "$EVERY" ]; then
    echo "resident size every $EVERY s (MiB):"
    printf "  %8s %8s %8s\n" "seconds" "app" "mocks"
    started=$SECONDS
    while kill -0 "$LOAD_PID" 2>/dev/null; do
        printf "  %8d %8s %8s\n" $((SECONDS - started)) "$(rss_mib "$APP_PID")" "$(rss_mib "$MOCKS_PID")"
        for _ in $(seq "$EVERY"); do kill -0 "$LOAD_PID" 2>/dev/null && sleep 1; done
    done
    printf "  %8d %8s %8s (the load's end)\n" $((SECONDS - started)) "$(rss_mib "$APP_PID")" "$(rss_mib "$MOCKS_PID")"
fi
wait "$LOAD_PID" || status=$?
if [ "$CLOCK_SPEED" -gt 1 ]; then
    ahead=$(curl -s "$GH/__mock/clock" | sed -n 's/.*"offset_seconds": *\([0-9]*\).*/\1/p')
    echo "the mocks' clocks ran ${ahead:-?} s ahead of real time by the load's end"
fi
cat "$WORK/load.out"

app=$(peak_mib "$APP_PID")
mocks=$(peak_mib "$MOCKS_PID")
echo
echo "peak RSS under $STUDENTS students for $DURATION${RATE:+ at $RATE cycles per second}${CYCLES:+ (at most $CYCLES cycles)}, the mocks' clocks ${CLOCK_SPEED}x (release, separate processes):"
awk -v app="$app" -v mocks="$mocks" 'BEGIN {
    printf "  app    %6.1f MiB\n  mocks  %6.1f MiB\n  both   %6.1f MiB\n", app, mocks, app + mocks
}'
exit "$status"
