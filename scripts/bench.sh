#!/usr/bin/env bash
# Times `lawful check` end to end on generated policy sets and prints a
# markdown table: N, bytes, lines, median time per stage, median total wall
# time, peak RSS. docs/performance.md records its output.
#
# Usage: scripts/bench.sh [N ...]          (default: 1000 10000 100000)
#   env: RUNS=5        runs per N (medians; peak RSS is the largest seen)
#        FILES=12      files per policy set (root + definitions + units)
#        SEED=1        generator seed
#        OUT=target/bench   where the policy sets are written
#        LAWFUL_THREADS     passed on: threads that read a large file
#        FIDES_SHAPED=N     also measure the Fides-shaped declarations case
#                      (docs/performance.md "Third round"), an opt-in extra
#                      table: ../shared/bench/peers/gen_fides.py writes N
#                      systems × FIDES_M (5) declarations and FIDES_K (10)
#                      rules (generated once per N, M, K and reused), `lawful
#                      import fides` turns them into one policy (once, timed),
#                      then RUNS `lawful check` runs each in the human and the
#                      short format (output to /dev/null). FIDES_SHAPED=20000
#                      is the 100,000-declaration case. Fides itself is not
#                      run: scripts/bench-vs-fides.sh does that.
#        PEERS=../shared/bench/peers   where gen_fides.py is
#
# Stage times come from LAWFUL_TIMINGS=1 (printed by src/check.rs to
# stderr); wall time and peak RSS from /usr/bin/time -v. The total is the
# whole process: start-up, loading, every stage, rendering (`--format
# short`, to /dev/null) and exit.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${*:-"1000 10000 100000"}
RUNS=${RUNS:-5}
FILES=${FILES:-12}
SEED=${SEED:-1}
OUT=${OUT:-target/bench}
FIDES_SHAPED=${FIDES_SHAPED:-}
FIDES_M=${FIDES_M:-5}
FIDES_K=${FIDES_K:-10}
PEERS=${PEERS:-../shared/bench/peers}
# A worktree (../wt/NAME) is one level further from the shared directory.
[ -f "$PEERS/gen_fides.py" ] || [ ! -f ../../shared/bench/peers/gen_fides.py ] || PEERS=../../shared/bench/peers
if [ -n "$FIDES_SHAPED" ] && [ ! -f "$PEERS/gen_fides.py" ]; then
  echo "FIDES_SHAPED: no gen_fides.py in $PEERS (set PEERS)" >&2
  exit 2
fi
if [ ! -x /usr/bin/time ]; then
  echo "scripts/bench.sh needs GNU time: apt-get install -y time" >&2
  exit 2
fi
cargo build --release --quiet --bin lawful --example gen_policy
target=$(cargo metadata --format-version 1 --no-deps 2>/dev/null |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
bin=$target/release/lawful
gen=$target/release/examples/gen_policy
mkdir -p "$OUT"

rss_kb() { awk -F': ' '/Maximum resident/ {print $2}' "$1"; }
# shellcheck source=scripts/bench-lib.sh
. scripts/bench-lib.sh
# The median of a stage's time over the runs recorded in $dir.stages.
stage() { awk -v k="$1" '{for (i=1;i<=NF;i++) if ($i==k) print $(i+1)}' "$dir.stages" | median; }
# One timed `lawful check FILE --format FORMAT`: its stage times, wall time
# and peak RSS are appended to $dir.stages, $dir.wall and $dir.rss.
check() {
  local rc=0
  LAWFUL_TIMINGS=1 timed "$dir.time" "$dir.wall" "$bin" check "$1" --format "$2" \
    >/dev/null 2>"$dir.err" || rc=$?
  if [ "$rc" -gt 1 ]; then
    echo "lawful check failed (exit $rc) on $1:" >&2
    cat "$dir.err" >&2
    exit 2
  fi
  grep '^lawful timings' "$dir.err" >>"$dir.stages"
  rss_kb "$dir.time" >>"$dir.rss"
}

echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); $(rustc --version)"
echo "runs per N: $RUNS (medians), files per set: $FILES, seed: $SEED, LAWFUL_THREADS: ${LAWFUL_THREADS:-default ($(nproc) cores, at most 8)}"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| N flows | bytes | lines | parse ms | resolve ms | graph ms | rules ms | total ms | peak RSS MB | RSS / input |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
declare -A TOTAL
for N in $SIZES; do
  dir=$OUT/policy-$N
  rm -rf "$dir"
  "$gen" --flows "$N" --files "$FILES" --seed "$SEED" --out "$dir" >/dev/null
  bytes=$(find "$dir" -name '*.policy' -exec cat {} + | wc -c)
  lines=$(find "$dir" -name '*.policy' -exec cat {} + | wc -l)
  : >"$dir.stages"; : >"$dir.wall"; : >"$dir.rss"
  for _ in $(seq "$RUNS"); do check "$dir/main.policy" short; done
  total=$(median <"$dir.wall")
  TOTAL[$N]=$total
  rss_kb=$(sort -g "$dir.rss" | tail -1)
  printf '| %s | %s | %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f | %.2f× |\n' \
    "$N" "$bytes" "$lines" "$(stage parse)" "$(stage resolve)" "$(stage graph)" "$(stage rules)" \
    "$total" "$(echo "$rss_kb" | awk '{print $1/1024}')" "$(awk -v r="$rss_kb" -v b="$bytes" 'BEGIN {print r*1024/b}')"
done
echo
if [ -n "${TOTAL[10000]:-}" ] && [ -n "${TOTAL[100000]:-}" ]; then
  awk -v a="${TOTAL[100000]}" -v b="${TOTAL[10000]}" 'BEGIN {printf "t(100k)/t(10k) = %.1f (target <= 11)\n", a/b}'
  awk -v a="${TOTAL[100000]}" 'BEGIN {printf "t(100k) = %.0f ms (target < 1000 ms)\n", a}'
fi

if [ -n "$FIDES_SHAPED" ]; then
  N=$FIDES_SHAPED
  dir=$OUT/fides-$N-$FIDES_M-$FIDES_K
  policy=$dir.policy
  if [ ! -f "$dir/gen_params.json" ]; then
    rm -rf "$dir"
    python3 "$PEERS/gen_fides.py" "$dir" -n "$N" -m "$FIDES_M" -k "$FIDES_K" >/dev/null
  fi
  rc=0
  : >"$dir.import.wall"
  timed "$dir.time" "$dir.import.wall" "$bin" import fides "$dir" -o "$policy" >/dev/null 2>"$dir.err" || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "lawful import fides failed (exit $rc) on $dir:" >&2
    cat "$dir.err" >&2
    exit 2
  fi
  bytes=$(wc -c <"$policy")
  lines=$(wc -l <"$policy")
  echo "Fides-shaped: $N systems × $FIDES_M declarations, $FIDES_K rules ($PEERS/gen_fides.py);"
  printf 'import: %.0f ms, %.1f MB peak RSS; the policy: %s bytes, %s lines\n' \
    "$(cat "$dir.import.wall")" "$(rss_kb "$dir.time" | awk '{print $1/1024}')" "$bytes" "$lines"
  echo "load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| declarations | format | parse ms | resolve ms | graph ms | rules ms | total ms | peak RSS MB | RSS / input |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
  for format in human short; do
    : >"$dir.stages"; : >"$dir.wall"; : >"$dir.rss"
    for _ in $(seq "$RUNS"); do check "$policy" "$format"; done
      rss=$(sort -g "$dir.rss" | tail -1)
    printf '| %s | %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f | %.2f× |\n' \
      "$((N * FIDES_M))" "$format" "$(stage parse)" "$(stage resolve)" "$(stage graph)" "$(stage rules)" \
      "$(median <"$dir.wall")" "$(echo "$rss" | awk '{print $1/1024}')" "$(awk -v r="$rss" -v b="$bytes" 'BEGIN {print r*1024/b}')"
  done
fi
