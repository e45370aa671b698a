#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Run one libFuzzer target for a while, then print its executions and
# coverage. Builds nothing: it uses a -Dfuzzing=true build directory,
# made once with
#
#   CC=clang meson setup /tmp/build-fuzz -Dfuzzing=true \
#       -Db_sanitize=address,undefined -Db_lundef=false
#   ninja -C /tmp/build-fuzz
#
# Usage: tests/fuzz/run.sh TARGET SECONDS [extra libFuzzer options...]
#   TARGET   calendar-parse, prophet-csv, history-csv, shrinkage-file or
#            forecast-plan (tests/fuzz/meson.build lists them)
#   SECONDS  -max_total_time
# Environment:
#   BUILD      the fuzzing build directory (default /tmp/build-fuzz)
#   WORK       where the growing corpus and any crash go (default
#              /tmp/wfm-fuzz): WORK/TARGET/ is the working corpus (the
#              stored seeds in tests/fuzz/corpus/TARGET/ are read, never
#              written), WORK/TARGET-artifacts/ receives crash-*, leak-*,
#              timeout-* and oom-* inputs
#   RSS_MB     -rss_limit_mb (default 2048)
#   TIMEOUT    -timeout in seconds for one input (default 1). libFuzzer's
#              timeout is wall-clock: a run under `nice` beside other work
#              stops on inputs that take milliseconds alone (seen: 16 ms
#              and 143 ms inputs "timing out" at 1 s). For long runs beside
#              other work use TIMEOUT=10, then check the 1 s bound on an
#              idle machine by running the whole corpus once:
#              $BUILD/tests/fuzz/fuzz-TARGET -runs=0 -timeout=1 WORK/TARGET
#   FORK       run N fuzzing processes (-fork=N; default: one process)
#
# A crash: keep the reproducer in tests/fuzz/crashes/TARGET/ with a note of
# what it shows; once fixed, move it to tests/fuzz/corpus/TARGET/ so the
# replay test (meson test --suite fuzz) keeps it fixed. Reproduce one input
# with: $BUILD/tests/fuzz/fuzz-TARGET FILE
#
# Exit status: libFuzzer's (0 when nothing was found).
set -uo pipefail

if [ $# -lt 2 ]; then
    sed -n '3,/^set -uo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
    exit 2
fi
target=$1
seconds=$2
shift 2

here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-/tmp/build-fuzz}
work=${WORK:-/tmp/wfm-fuzz}
binary=$build/tests/fuzz/fuzz-$target
seeds=$here/corpus/$target

case $target in
    calendar-parse|prophet-csv|shrinkage-file) max_len=8192 ;;
    history-csv) max_len=16384 ;;
    forecast-plan) max_len=32768 ;; # the target's MAX_INPUT
    *) echo "run.sh: unknown target '$target'" >&2; exit 2 ;;
esac
if [ ! -x "$binary" ]; then
    echo "run.sh: no $binary: set up and build a -Dfuzzing=true build (see the top of $0)" >&2
    exit 2
fi
case $seconds in
    ''|*[!0-9]*) echo "run.sh: SECONDS must be a whole number, got '$seconds'" >&2; exit 2 ;;
esac

mkdir -p "$work/$target" "$work/$target-artifacts"
log=$work/$target.log
fork=()
if [ -n "${FORK:-}" ]; then fork=(-fork="$FORK"); fi

# ASan: report leaks too; UBSan: every finding is fatal and shows a stack.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

echo "run.sh: $target for $seconds s, log in $log"
"$binary" \
    -max_total_time="$seconds" \
    -rss_limit_mb="${RSS_MB:-2048}" \
    -timeout="${TIMEOUT:-1}" \
    -max_len="$max_len" \
    -print_final_stats=1 \
    -artifact_prefix="$work/$target-artifacts/" \
    "${fork[@]}" "$@" \
    "$work/$target" "$seeds" >"$log" 2>&1
status=$?

# The last status line and the final statistics (-fork prints no stat::
# lines: its last line "#EXECS: cov: ... time: Ts" gives the rate).
echo "--- $target: libFuzzer exit status $status"
grep -E '^#[0-9]+' "$log" | tail -n 1
grep -E '^stat::' "$log"
grep -E '^#[0-9]+: cov:' "$log" | tail -n 1 |
    awk '{ n = substr($1, 2) + 0; for (i = 1; i < NF; i++) if ($i == "time:") t = $(i + 1) + 0
           if (t > 0) printf "fork: %d executions in %d s, %.0f exec/s\n", n, t, n / t }'
grep -E '^(==[0-9]+==ERROR|SUMMARY|.* fuzz: )|deadly signal|Test unit written' "$log" | head -n 20

# Coverage: replay the corpus once with -print_coverage=1 and sum the
# edges libFuzzer instrumented in each library (and CLI) file (sanitizer checks count
# as edges too, so 100 % is out of reach; compare runs, not absolutes).
"$binary" -runs=0 -print_coverage=1 -max_len="$max_len" \
    "$work/$target" "$seeds" 2>&1 |
    awk '
        /^(UN)?COVERED_FUNC:/ {
            split($5, e, "/"); file = $NF; sub(/:[0-9]+$/, "", file)
            if (file !~ /\/(lib|examples)\/([^\/]*\/)?[^\/]*\.c$/) next
            sub(/.*\/lib\//, "lib/", file); sub(/.*\/examples\//, "examples/", file)
            covered[file] += e[1]; total[file] += e[2]
        }
        END {
            for (f in total) if (covered[f] > 0) {
                printf "  %-28s edges %5d / %5d  %5.1f %%\n", f, covered[f], total[f],
                       100 * covered[f] / total[f]
                c += covered[f]; t += total[f]
            }
            if (t > 0) printf "  %-28s edges %5d / %5d  %5.1f %%\n", "all files reached", c, t, 100 * c / t
        }' | sort
echo "corpus: $(find "$work/$target" -type f | wc -l) inputs in $work/$target"
if [ -n "$(ls -A "$work/$target-artifacts" 2>/dev/null)" ]; then
    echo "artifacts in $work/$target-artifacts:"
    ls -l "$work/$target-artifacts"
fi
exit $status
