#!/usr/bin/env bash
# Same-runner A/B: run tribench from two checkouts (BASE and HEAD) on this machine, alternately, then
# compare all BASE reports with all HEAD reports in one `tribench compare BASE... -- HEAD...`.
#
# Why a shell script: it drives two different builds (BASE's dist/ and HEAD's), git and npm; it needs
# nothing built to start, and CI calls it as it is. Why this order: pairs alternate which side goes
# first (BASE HEAD, HEAD BASE, ...), so a runner that warms up or throttles over the job shifts both
# sides alike: with a strict B H B H, HEAD would always run later on average, and a linear drift would
# land on HEAD alone (the counterbalanced "ABBA" order of crossover trials cancels it). Inside each run
# tribench interleaves its own blocks and rounds; this script only decides which checkout runs when.
#
# Exit code: compare's (0 no regression, 1 regression, 3 inconclusive: the machine changed), or 2 for
# bad usage or a run that wrote no report.
#
# TRIBENCH_AB_CMD, when set, replaces `node DIR/dist/scripts/tribench.js`: it is called as
# `$TRIBENCH_AB_CMD DIR ARGS...` (word-split). Tests use it to run the alternation without benchmarks.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/ab_bench.sh [options] BASE_DIR HEAD_DIR [-- TRIBENCH_ARGS...]

Runs tribench from BASE_DIR and HEAD_DIR alternately on this machine (--pairs of each, first side
alternating: BASE HEAD, HEAD BASE, ...), then HEAD's `tribench compare` of all BASE reports against
all HEAD reports. TRIBENCH_ARGS go to every run (e.g. --size default --budget 150).

Options:
  --pairs N            runs per side (default 2, at least 2)
  --out DIR            where the reports and compare.md go (default ab-results)
  --build              npm ci && npm run build in both checkouts first
  --compare-flag ARG   pass ARG to compare (repeat it: --compare-flag --fail-on --compare-flag time)
  --help               this text

Exit code: compare's (0, 1 regression, 3 inconclusive), or 2 for bad usage or a run without a report.
EOF
}

die() {
  echo "ab_bench: $*" >&2
  exit 2
}

pairs=2
out=ab-results
build=0
compare_flags=()
dirs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --pairs) [ $# -ge 2 ] || die "--pairs needs a value"; pairs=$2; shift 2 ;;
    --pairs=*) pairs=${1#*=}; shift ;;
    --out) [ $# -ge 2 ] || die "--out needs a value"; out=$2; shift 2 ;;
    --out=*) out=${1#*=}; shift ;;
    --build) build=1; shift ;;
    --compare-flag) [ $# -ge 2 ] || die "--compare-flag needs a value"; compare_flags+=("$2"); shift 2 ;;
    -h | --help) usage; exit 0 ;;
    --) shift; break ;;
    -*) die "unknown option '$1'; see scripts/ab_bench.sh --help" ;;
    *) dirs+=("$1"); shift ;;
  esac
done
bench_args=("$@")

[ "${#dirs[@]}" -eq 2 ] || die "needs two checkouts, BASE_DIR and HEAD_DIR (got ${#dirs[@]}); see --help"
case "$pairs" in '' | *[!0-9]*) die "--pairs must be a whole number, not '$pairs'" ;; esac
[ "$pairs" -ge 2 ] || die "--pairs must be at least 2 (one run per side leaves the variance between runs unknown)"
base_dir=${dirs[0]}
head_dir=${dirs[1]}
for d in "$base_dir" "$head_dir"; do [ -d "$d" ] || die "'$d' is not a folder"; done
mkdir -p "$out" || die "cannot create '$out'"

# The runner: HEAD's or BASE's own build, or the test's stand-in.
tribench_in() {
  local dir=$1
  shift
  if [ -n "${TRIBENCH_AB_CMD:-}" ]; then
    # shellcheck disable=SC2086 # word-split on purpose: the variable holds a command and its arguments
    $TRIBENCH_AB_CMD "$dir" "$@"
  else
    node "$dir/dist/scripts/tribench.js" "$@"
  fi
}

if [ "$build" -eq 1 ]; then
  for d in "$base_dir" "$head_dir"; do
    echo "ab_bench: building $d" >&2
    (cd "$d" && npm ci --no-audit --no-fund && npm run build) || die "the build in '$d' failed"
  done
fi

base_reports=()
head_reports=()
total=$((pairs * 2))
n=0
run_side() {
  local side=$1 index=$2 dir
  if [ "$side" = base ]; then dir=$base_dir; else dir=$head_dir; fi
  n=$((n + 1))
  local dest="$out/$side-$index"
  rm -rf "$dest"
  echo "ab_bench: run $n of $total: $side ($dir)" >&2
  local rc=0
  tribench_in "$dir" ${bench_args[@]+"${bench_args[@]}"} --out "$dest" || rc=$?
  # A run with failed cells still writes its report (compare then calls those cells failed).
  [ -f "$dest/latest.json" ] || die "the $side run $index wrote no report (exit code $rc)"
  cp "$dest/latest.json" "$out/$side-$index.json"
  if [ "$side" = base ]; then base_reports+=("$out/$side-$index.json"); else head_reports+=("$out/$side-$index.json"); fi
}

for ((i = 1; i <= pairs; i++)); do
  if [ $((i % 2)) -eq 1 ]; then
    run_side base "$i"; run_side head "$i"
  else
    run_side head "$i"; run_side base "$i"
  fi
done

rc=0
tribench_in "$head_dir" compare "${base_reports[@]}" -- "${head_reports[@]}" --markdown "$out/compare.md" ${compare_flags[@]+"${compare_flags[@]}"} || rc=$?
exit "$rc"
