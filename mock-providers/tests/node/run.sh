#!/usr/bin/env bash
# Checks that Google's own Node library (google-auth-library, pinned in package.json) works
# against the mock Google: builds and starts `cargo run -p mock-providers`, waits until the
# mock Google answers, installs the library with `npm ci`, runs google-auth.mjs, and stops
# the mocks. Needs cargo, node (18 or later) and npm.
#
#   mock-providers/tests/node/run.sh                 # the mocks on free ports
#   mock-providers/tests/node/run.sh 4201 4202       # GitHub on 4201, Google on 4202
#
# Exit status: the script's (0 all steps passed, 1 a step failed), 2 when the mocks did not start.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
github_port="${1:-0}"
google_port="${2:-0}"
log="$(mktemp)"
pid=""

stop() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -f "$log"
}
trap stop EXIT

cd "$here"
cargo build --quiet -p mock-providers
# `cargo run` replaces itself with the binary, so $pid is the mocks' process.
cargo run --quiet -p mock-providers -- \
  --github-addr "127.0.0.1:$github_port" --google-addr "127.0.0.1:$google_port" >"$log" 2>&1 &
pid=$!

# The mocks print their URLs once they listen: "mock Google: http://127.0.0.1:PORT ...".
base=""
for _ in $(seq 300); do
  base="$(sed -n 's/^mock Google: *\(http:[^ ]*\).*/\1/p' "$log")"
  if [ -n "$base" ] || ! kill -0 "$pid" 2>/dev/null; then
    break
  fi
  sleep 0.1
done
if [ -z "$base" ]; then
  echo "error: the mocks did not start:" >&2
  cat "$log" >&2
  exit 2
fi
node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
  "$base/oauth2/v3/certs" || { echo "error: the mock Google at $base does not answer" >&2; exit 2; }
echo "mock Google: $base"

npm ci --silent --no-audit --no-fund
node google-auth.mjs "$base"
