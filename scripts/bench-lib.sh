# Helpers shared by scripts/bench.sh and scripts/bench-vs-fides.sh, which
# source this file from the repository's root.

# `timed TIMEFILE WALLFILE CMD...` runs CMD under `/usr/bin/time -v -o
# TIMEFILE` (for the peak RSS) and appends its wall time in ms to WALLFILE,
# read from the clock around it rather than GNU time's "Elapsed", whose 10
# ms steps are too coarse for runs of 50 ms (it includes starting
# /usr/bin/time, ≈1 ms). Returns CMD's exit code.
timed() {
  local time_file=$1 wall_file=$2 start end rc=0
  shift 2
  start=$(date +%s%N)
  /usr/bin/time -v -o "$time_file" "$@" || rc=$?
  end=$(date +%s%N)
  awk -v us="$(( (end - start) / 1000 ))" 'BEGIN {printf "%.3f\n", us / 1000}' >>"$wall_file"
  return "$rc"
}
median() { sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
