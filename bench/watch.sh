#!/usr/bin/env bash
# A student's loop, save to verdict: in a student edition, `cargo run -p checker -- --watch`
# runs; this script saves the file of the first exercise (a comment appended to the app's
# logout route, as an edit does) and times until the watch's next run has printed its report,
# ROUNDS times; then the minimum, median and maximum. The first round is a warm-up, not
# counted.
#
#   bench/watch.sh [ROUNDS] [EDITION] [BUILD_CACHE]
#
# Without EDITION it writes a fresh one into a temporary folder, from this workspace. The
# edition builds in a folder of its own, started as hard links of BUILD_CACHE (by default this
# workspace's target/debug, as the self-check does), so only its own crates are compiled. The
# file saved is the one `exercises/exercises.toml` of the edition lists first under `edit`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
rounds=${1:-10}
work=$(mktemp -d)
trap 'kill "$watch" 2>/dev/null; wait "$watch" 2>/dev/null; rm -rf "$work"' EXIT

edition=${2:-}
if [ -z "$edition" ]; then
  # The checker for the build cache; the instructor's tool writes the edition.
  cargo build --quiet -p checker -p instructor
  edition=$work/edition
  target/debug/instructor student-edition "$edition" > /dev/null
fi
mkdir -p "$work/target"
cp -al "${3:-$root/target/debug}" "$work/target/debug"
export CARGO_TARGET_DIR=$work/target

cd "$edition"
file=$(sed -n 's/^edit = \["\([^"]*\)".*/\1/p' exercises/exercises.toml | head -n 1)
echo "editing $file of $edition; building it once first"
cargo build --quiet -p checker 2> /dev/null
log=$work/watch.log
cargo run --quiet -p checker -- --watch > "$log" 2>&1 &
watch=$!

runs() { grep -c '^Watching' "$log" || true; }
wait_for_run() {
  local seen=$1
  until [ "$(runs)" -gt "$seen" ]; do sleep 0.01; done
}
wait_for_run 0

times=()
for i in $(seq 0 "$rounds"); do
  seen=$(runs)
  started=$(date +%s%N)
  printf '// saved %s\n' "$i" >> "$file"
  wait_for_run "$seen"
  ms=$(( ($(date +%s%N) - started) / 1000000 ))
  [ "$i" -gt 0 ] && times+=("$ms")
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
count=${#times[@]}
min=$(echo "$sorted" | head -n 1)
max=$(echo "$sorted" | tail -n 1)
median=$(echo "$sorted" | sed -n "$(( (count + 1) / 2 ))p")
echo "save to verdict in --watch, $count saves of $file: min $min ms, median $median ms, max $max ms"
