#!/usr/bin/env bash
# Ethyca Fides and lawful side by side, in one run, on the same manifests.
#
# For each N: ../shared/bench/peers/gen_fides.py writes N systems × M privacy
# declarations and a policy of K rules; Fides evaluates them offline
# (fides_eval.py: exactly `fides --local evaluate --dry`); lawful imports
# the same manifests (`lawful import fides DIR -o OUT.policy`) and checks
# the result. Prints a markdown table with the ratio at each N, and checks
# that both find the same violations (Fides' violations = lawful's
# `forbidden-processing` findings).
#
# Usage: scripts/bench-vs-fides.sh [N systems ...]   (default: 10 100 1000)
#   env: M=5 K=10      declarations per system, policy rules
#        RUNS=5        lawful runs per N (median); Fides runs once per N
#        LIMIT=300     wall seconds per Fides run; past it Fides is stopped,
#                      the row says ">LIMIT" and its ratio is a lower bound
#                      ("≥") made from the CPU time Fides had used (what it
#                      would have taken at least on an idle core, however
#                      busy the machine); Fides is not run at larger N,
#                      lawful still is
#        FIDES_MAX=N   run Fides only up to N systems (Fides grows with N²:
#                      52–75 s at 1,000 systems, over an hour at 10,000);
#                      larger N measure lawful alone. Default: no maximum
#        REUSE=1       reuse a Fides result an earlier run left in OUT for the
#                      same N, M, K (so that a run of an hour is done once),
#                      a stopped run's too; generated manifests are always
#                      reused
#
# Fides runs on one core (Python); its time in the ratio is the smaller of
# its wall time and its CPU time (user + system), so that other jobs on the
# machine do not make it look slower than it is. lawful's is wall time.
#        PEERS=../shared/bench/peers   the peer scripts
#        VENV=~/.cache/lawful-bench/fides-venv   a venv with ethyca-fides
#                      (made on first use: pip install ethyca-fides, ~3 min)
#        OUT=target/bench-fides
set -euo pipefail
cd "$(dirname "$0")/.."
NS=${*:-"10 100 1000"}
M=${M:-5}
K=${K:-10}
RUNS=${RUNS:-5}
LIMIT=${LIMIT:-300}
PEERS=${PEERS:-../shared/bench/peers}
FIDES_MAX=${FIDES_MAX:-}
REUSE=${REUSE:-}
# A worktree (../wt/NAME) is one level further from the shared directory.
[ -f "$PEERS/fides_eval.py" ] || [ ! -f ../../shared/bench/peers/fides_eval.py ] || PEERS=../../shared/bench/peers
VENV=${VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/lawful-bench/fides-venv}
OUT=${OUT:-target/bench-fides}
if [ ! -x /usr/bin/time ]; then
  echo "scripts/bench-vs-fides.sh needs GNU time: apt-get install -y time" >&2
  exit 2
fi
[ -f "$PEERS/fides_eval.py" ] || { echo "no peer scripts in $PEERS" >&2; exit 2; }
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import fides' 2>/dev/null; then
  echo "installing ethyca-fides into $VENV (first use only)" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q ethyca-fides
fi
export FIDES__USER__ANALYTICS_OPT_OUT=true FIDES__CLI__LOCAL_MODE=true
cargo build --release --quiet --bin lawful
target=$(cargo metadata --format-version 1 --no-deps 2>/dev/null |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
bin=$target/release/lawful
mkdir -p "$OUT"

# shellcheck source=scripts/bench-lib.sh
. scripts/bench-lib.sh
wall_ms() { awk -F': ' '/Elapsed \(wall/ {n=split($2,a,":"); s=(n==3)? a[1]*3600+a[2]*60+a[3] : a[1]*60+a[2]; print s*1000}' "$1"; }
rss_mb() { awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$1"; }
cpu_ms() { awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print (u+s)*1000}' "$1"; }

# Runs Fides on $d in the background under GNU time, watching the CPU time
# of its Python process; past LIMIT wall seconds it is stopped and
# "$d.fides.stopped" gets "CPU-seconds wall-seconds". Returns 1 if stopped.
run_fides() {
  rm -f "$d.fides.stopped"
  /usr/bin/time -v -o "$d.fides.time" "$VENV/bin/python" "$PEERS/fides_eval.py" "$d" --json >"$d.fides.out" 2>&1 &
  local timer=$! started cpu=0 python now hz
  started=$(date +%s)
  hz=$(getconf CLK_TCK)
  while kill -0 "$timer" 2>/dev/null; do
    python=$(pgrep -P "$timer" | head -1 || true)
    if [ -n "$python" ] && [ -r "/proc/$python/stat" ]; then
      # utime and stime, fields 14 and 15 (the command name has no spaces).
      cpu=$(awk -v hz="$hz" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$python/stat" 2>/dev/null || echo "$cpu")
    fi
    now=$(date +%s)
    if [ $((now - started)) -ge "$LIMIT" ]; then
      [ -z "$python" ] || kill -KILL "$python" 2>/dev/null || true
      wait "$timer" 2>/dev/null || true
      echo "$cpu $((now - started))" >"$d.fides.stopped"
      return 1
    fi
    sleep 2
  done
  wait "$timer" 2>/dev/null || true
  return 0
}

echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
echo "Fides: $("$VENV/bin/python" -c 'import importlib.metadata as m; print("ethyca-fides", m.version("ethyca-fides"))'); lawful $("$bin" --version 2>/dev/null | awk '{print $2}')"
echo "M=$M declarations per system, K=$K rules; lawful: median of $RUNS runs; Fides: once, at most ${LIMIT}s${FIDES_MAX:+, up to $FIDES_MAX systems}"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| systems | declarations | Fides total s | Fides CPU s | Fides evaluate s | Fides RSS MB | lawful import ms | lawful check ms | lawful RSS MB | ratio (Fides total / lawful import+check) | ratio (Fides evaluate / lawful check) | violations Fides / lawful |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
fides_stopped=
for N in $NS; do
  d=$OUT/fides_N${N}_M${M}_K${K}
  [ -d "$d" ] || python3 "$PEERS/gen_fides.py" "$d" -n "$N" -m "$M" -k "$K" >/dev/null
  # Fides, once (minutes at large N): or an earlier run's result, or not at all.
  fides=run
  if [ -n "$fides_stopped" ] || { [ -n "$FIDES_MAX" ] && [ "$N" -gt "$FIDES_MAX" ]; }; then
    fides=skip
  elif [ -n "$REUSE" ] && [ -s "$d.fides.stopped" ]; then
    fides=timeout
    fides_stopped=1
  elif [ -n "$REUSE" ] && [ -s "$d.fides.time" ] && grep -q '^{"tool"' "$d.fides.out" 2>/dev/null; then
    fides=reused
  fi
  if [ "$fides" = run ] && ! run_fides; then
    echo "Fides exceeded ${LIMIT}s at N=$N; not run at larger N" >&2
    fides=timeout
    fides_stopped=1
  fi
  decls=$((N * M)); fviol=; feval=; fwall=; fcpu=; frss=; fstop_cpu=; fstop_wall=
  if [ "$fides" = timeout ]; then
    read -r fstop_cpu fstop_wall <"$d.fides.stopped"
  fi
  if [ "$fides" = run ] || [ "$fides" = reused ]; then
    read -r decls fviol feval < <("$VENV/bin/python" - "$d.fides.out" <<'PY'
import json, sys
line = [l for l in open(sys.argv[1]) if l.startswith('{"tool"')][-1]
j = json.loads(line)
print(j["declarations"], j["violations"], j["times_s"].get("evaluate", "NA"))
PY
)
    fwall=$(wall_ms "$d.fides.time")
    fcpu=$(cpu_ms "$d.fides.time")
    frss=$(rss_mb "$d.fides.time")
  fi
  # lawful: import, then check the imported policy.
  : >"$d.import.ms"; : >"$d.check.ms"
  for _ in $(seq "$RUNS"); do
    timed "$d.import.time" "$d.import.ms" "$bin" import fides "$d" -o "$d.policy" 2>/dev/null
    crc=0
    timed "$d.check.time" "$d.check.ms" "$bin" check "$d.policy" --format json >"$d.check.json" 2>/dev/null || crc=$?
    [ "$crc" -le 1 ] || { echo "lawful check failed (exit $crc) on $d.policy" >&2; exit 2; }
  done
  imp=$(median <"$d.import.ms")
  chk=$(median <"$d.check.ms")
  lrss=$(rss_mb "$d.check.time")
  lviol=$(grep -o '"slug": *"forbidden-processing"' "$d.check.json" | wc -l)
  # A wall time of 0 ms (a run too short for the clock) counts as 5 ms.
  # Fides stopped: its time is at least the CPU time it had used, the
  # ratio at least what that gives.
  awk -v n="$N" -v dc="$decls" -v fides="$fides" -v fw="$fwall" -v fc="$fcpu" -v fe="$feval" -v fr="$frss" \
    -v sc="$fstop_cpu" -v sw="$fstop_wall" \
    -v im="$imp" -v ch="$chk" -v lr="$lrss" -v fv="$fviol" -v lv="$lviol" 'BEGIN {
      li = (im + ch > 0) ? im + ch : 5; lc = (ch > 0) ? ch : 5
      if (fides == "skip") {
        printf "| %d | %d | not run | | | | %.0f | %.0f | %s | | | – / %s |\n", n, dc, im, ch, lr, lv
      } else if (fides == "timeout") {
        printf "| %d | %d | >%d (stopped) | >%.0f | | | %.0f | %.0f | %s | ≥%.0f× | | – / %s |\n", n, dc, sw, sc, im, ch, lr, sc * 1000 / li, lv
      } else {
        ft = (fc > 0 && fc < fw) ? fc : fw
        printf "| %d | %d | %.2f | %.2f | %.2f | %s | %.0f | %.0f | %s | %.0f× | %.0f× | %s / %s%s |\n",
          n, dc, fw / 1000, fc / 1000, fe, fr, im, ch, lr, ft / li, fe * 1000 / lc, fv, lv, (fv == lv) ? "" : " (differ)"
      }
    }'
done
