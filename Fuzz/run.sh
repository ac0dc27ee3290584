#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each one.
#   Fuzz/run.sh smoke            bounded run per target (make test): FUZZ_SMOKE_SECONDS each
#   Fuzz/run.sh fuzz [SECONDS]   long run per target (make fuzz), corpus kept in Fuzz/.corpus/
# Seeds: Fuzz/Seeds/<target>/, the JUnit corpus in ../shared/corpus/junit/files when present.
# Inputs that once crashed a target live in Fuzz/Regressions/<target>/ and are replayed first.
set -euo pipefail
cd "$(dirname "$0")"

mode=${1:-smoke}
seconds=${2:-${FUZZ_SECONDS:-300}}
smoke_seconds=${FUZZ_SMOKE_SECONDS:-10}
config=${FUZZ_CONFIG:-release}
targets=${FUZZ_TARGETS:-"request-parser chunked junit native-json"}

# Why not `--sanitize=fuzzer --sanitize=address`: SwiftPM keeps sanitizers in a Set and passes
# them as separate `-sanitize=` flags in whatever order the Set iterates, which changes from run
# to run, and swiftc honours only the LAST `-sanitize=` flag. So each build got either coverage
# instrumentation or ASan, never both, at random. `--sanitize=fuzzer` still tells SwiftPM to
# link libFuzzer's main; the one combined flag after it is what swiftc actually uses.
build() {
    swift build -c "$config" --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=address 2>&1 \
        | grep -v "ld.gold: warning: Cannot export local symbol" >&2
}
build
# Not `--show-bin-path`: that rewrites .build/<config>.yaml without the flags above.
bin=.build/$config

# Edges libFuzzer can see: the size of the linked __sancov_cntrs section (one byte per edge).
edges() {
    local start stop
    start=$(nm "$1" | awk '$3 == "__start___sancov_cntrs" { print $1 }')
    stop=$(nm "$1" | awk '$3 == "__stop___sancov_cntrs" { print $1 }')
    [ -n "$start" ] && [ -n "$stop" ] && echo $((16#$stop - 16#$start)) || echo 0
}
asan_checks() { objdump -d --no-show-raw-insn "$1" | grep -c "call.*__asan_report" || true; }

executable() {
    case $1 in
        request-parser) echo FuzzRequestParser ;; chunked) echo FuzzChunked ;;
        junit) echo FuzzJUnit ;; native-json) echo FuzzNativeJSON ;;
    esac
}
dictionary() {
    case $1 in
        request-parser|chunked) echo dictionaries/http.dict ;; junit) echo dictionaries/junit.dict ;; native-json) echo dictionaries/json.dict ;;
    esac
}

export SWIFT_BACKTRACE=enable=no
export LSAN_OPTIONS="suppressions=$PWD/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
summary=()
status=0
for target in $targets; do
    exe="$bin/$(executable "$target")"
    # A binary without coverage or ASan would fuzz blind and still look green: refuse it.
    target_edges=$(edges "$exe")
    target_asan=$(asan_checks "$exe")
    if [ "$target_edges" -lt 1000 ] || [ "$target_asan" -lt 1000 ]; then
        summary+=("$target: NOT INSTRUMENTED ($target_edges coverage edges, $target_asan ASan checks)")
        status=1
        continue
    fi
    artifacts=".artifacts/$target"
    mkdir -p "$artifacts"
    # Known crashers first: each must now pass.
    if compgen -G "Regressions/$target/*" >/dev/null; then
        "$exe" -runs=1 Regressions/"$target"/* >"$scratch/$target.regressions.log" 2>&1 \
            || { cat "$scratch/$target.regressions.log" >&2; echo "fuzz $target: a regression input fails again" >&2; status=1; continue; }
    fi
    if [ "$mode" = fuzz ]; then
        corpus=".corpus/$target"
        time_limit=$seconds
    else
        corpus="$scratch/corpus-$target"
        time_limit=$smoke_seconds
    fi
    mkdir -p "$corpus"
    seeds=("Seeds/$target")
    if [ "$target" = junit ] && [ -d ../../shared/corpus/junit/files ]; then seeds+=(../../shared/corpus/junit/files); fi
    max_len=4096
    [ "$target" = junit ] && max_len=65536
    log="$scratch/$target.log"
    set +e
    "$exe" "$corpus" "${seeds[@]}" -dict="$(dictionary "$target")" -max_len=$max_len -max_total_time="$time_limit" \
        -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1
    rc=$?
    set -e
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    if [ $rc -ne 0 ]; then
        tail -60 "$log" >&2
        summary+=("$target: $runs executions, FAILED (exit $rc); inputs in Fuzz/$artifacts/")
        status=1
    else
        coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo "?")
        summary+=("$target: $runs executions in ${time_limit}s, $coverage edges covered of $target_edges, no crash")
    fi
done
for line in "${summary[@]}"; do echo "fuzz $mode: $line"; done
exit $status
