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
# Debug (-Onone): release builds (WMO, -O) came out without coverage instrumentation about half
# the time, with the same flags; the debug ones always had it.
config=${FUZZ_CONFIG:-debug}
targets=${FUZZ_TARGETS:-"request-parser chunked junit native-json"}

build() { swift build -c "$config" --sanitize=fuzzer --sanitize=address 2>&1 | grep -v "ld.gold: warning: Cannot export local symbol" >&2; }
build
# Not `--show-bin-path`: that rewrites .build/<config>.yaml without the sanitizer flags, and the
# next incremental build then compiles without coverage instrumentation.
bin=.build/$config
# Incremental builds have been seen to drop the coverage instrumentation (ASan stays; the
# fuzzer then learns nothing) and only a fresh .build brought it back: check, and start afresh.
if [ "$(nm "$bin/FuzzRequestParser" 2>/dev/null | grep -c sancov)" -lt 20 ]; then
    echo "fuzz: the build lost its coverage instrumentation; rebuilding from scratch" >&2
    rm -rf .build
    build
fi

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
    if grep -q "Is the code instrumented for coverage" "$log"; then
        # Seen at random with this toolchain even from an empty .build. The regression inputs
        # above still ran; a smoke run inside `make test` warns, a real fuzzing run fails.
        if [ "$mode" = smoke ]; then
            summary+=("$target: WARNING: this build has no coverage instrumentation; only the regression inputs ran")
        else
            summary+=("$target: not instrumented for coverage"); status=1
        fi
        continue
    fi
    if [ $rc -ne 0 ]; then
        tail -60 "$log" >&2
        summary+=("$target: $runs executions, FAILED (exit $rc); inputs in Fuzz/$artifacts/")
        status=1
    else
        summary+=("$target: $runs executions in ${time_limit}s, no crash")
    fi
done
for line in "${summary[@]}"; do echo "fuzz $mode: $line"; done
exit $status
