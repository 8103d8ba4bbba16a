#!/usr/bin/env bash
# Grades this example with the logout lab's checker, from a fresh clone with Node (20.12 or
# newer) and a Rust toolchain: starts the mock providers, installs and starts the app, runs the
# checker, and stops what it started. Exits with the checker's code (0: every course exercise
# passed). Works from any folder.
#
#   examples/typescript/check.sh [--port 3000] [--github-port 3001] [--google-port 3002] [-- CHECKER FLAGS]
set -euo pipefail

port=3000 github_port=3001 google_port=3002
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=$2; shift 2 ;;
    --github-port) github_port=$2; shift 2 ;;
    --google-port) google_port=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: $0 [--port N] [--github-port N] [--google-port N] [-- CHECKER FLAGS]" >&2; exit 2 ;;
  esac
done

example=$(cd "$(dirname "$0")" && pwd)
cd "$example/../.."
app_url=http://localhost:$port
github_url=http://127.0.0.1:$github_port
google_url=http://127.0.0.1:$google_port
mocks=(-p mock-providers -- --github-addr "127.0.0.1:$github_port" --google-addr "127.0.0.1:$google_port" --app-url "$app_url")
logs=$(mktemp -d)

# Each background job in a process group of its own, so that stopping it stops its children.
set -m
pids=()
stop() {
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$logs"
}
trap stop EXIT
trap 'exit 130' INT TERM

# Waits until the job `pid` has written `line` to its `log` (it does once it listens: a port
# another program holds makes it stop instead) and `url` answers.
wait_for() {
  local name=$1 pid=$2 log=$3 line=$4 url=$5
  for _ in $(seq 300); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name stopped before answering:" >&2; cat "$log" >&2; exit 2
    fi
    if grep -q "$line" "$log" && curl -s -o /dev/null "$url"; then return; fi
    sleep 0.1
  done
  echo "$name did not answer at $url within 30 s:" >&2; cat "$log" >&2; exit 2
}

echo "Building the mock providers..."
app_env=$(cargo run -q "${mocks[@]}" --print-env)
cargo run -q "${mocks[@]}" >"$logs/mocks.log" 2>&1 &
pids+=($!)
wait_for "The mock providers" "$!" "$logs/mocks.log" "^Ctrl-C stops both mocks" "$google_url/__mock/state"

echo "Installing the app (npm ci)..."
(cd "$example" && npm ci --no-audit --no-fund --loglevel=error)
(
  cd "$example"
  # The mocks' environment, which wins over any .env in the folder.
  while IFS= read -r line; do
    case $line in '#'* | '') ;; *) export "$line" ;; esac
  done <<<"$app_env"
  exec npx tsx src/server.ts
) >"$logs/app.log" 2>&1 &
pids+=($!)
wait_for "The app" "$!" "$logs/app.log" "^The app is on" "$app_url/me"

echo "Checking the app at $app_url..."
status=0
cargo run -q -p checker -- --app-url "$app_url" --github-url "$github_url" --google-url "$google_url" \
  --answers examples/typescript/answers "$@" || status=$?
exit "$status"
