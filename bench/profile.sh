#!/usr/bin/env bash
# Where the time goes, for a target `make bench` reports as missed. Counts instructions with
# valgrind's callgrind (repeatable on a shared, noisy machine: perf's hardware counters are not
# available here) and, for kernel time, samples with `perf record -e cpu-clock`.
#
#   bench/profile.sh static   [SECONDS]  Verdict and nginx serving /index.html: instructions per request, top functions
#   bench/profile.sh healthz  [SECONDS]  Verdict answering /healthz: instructions per request, top functions
#   bench/profile.sh ingest              the 16-worker native ingest (5 posts of 100 per worker) under callgrind
#   bench/profile.sh reportportal        8 clients x 50 item start+finish pairs under callgrind
#   bench/profile.sh query PATH          one read endpoint on the generated 2M-result database (e.g. /api/v1/projects/bench/flaky)
#   bench/profile.sh kernel   [SECONDS]  perf cpu-clock samples of Verdict serving /index.html at full speed: kernel vs user
#   bench/profile.sh memory              what an idle server's resident pages are (smaps)
#
# Writes bench/results/profile-NAME.txt (and the raw callgrind.out files beside it). Run after
# `make bench` (it needs the release binaries, wrk, nginx and valgrind).
# No pipefail: `… | head` ends its producer early, which is not a failure here.
set -eu

cd "$(dirname "$0")/.."
WHAT=${1:?usage: bench/profile.sh static|healthz|ingest|kernel|memory [SECONDS]}
SECONDS_UNDER_LOAD=${2:-20}
VERDICT=.build/release/verdict
OUT=bench/results
mkdir -p "$OUT"
WORK=$(mktemp -d -t verdict-profile.XXXXXX)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
# valgrind 3.19 gives up on the DWARF of current Swift binaries ("Possibly corrupted debuginfo
# file"); a copy without debug sections keeps the function symbols callgrind reports.
strip --strip-debug -o "$WORK/verdict" "$VERDICT"
VERDICT=$WORK/verdict

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

wait_for() {  # URL
    for _ in $(seq 1 1200); do curl -s -o /dev/null "$1" && return 0; sleep 0.25; done
    echo "no answer from $1" >&2; return 1
}

nginx_config() {  # PORT -> path of a single-process nginx.conf serving public/ with Verdict's headers
    local conf="$WORK/nginx.conf"
    cat > "$conf" <<EOF
worker_processes 1;
master_process off;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off; sendfile on; tcp_nopush on; tcp_nodelay on; keepalive_requests 100000000;
    client_body_temp_path $WORK/b; proxy_temp_path $WORK/p; fastcgi_temp_path $WORK/f; uwsgi_temp_path $WORK/u; scgi_temp_path $WORK/s;
    types { text/html html; text/css css; text/javascript js; image/svg+xml svg; }
    charset utf-8;
    server {
        listen 127.0.0.1:$1;
        root $PWD/public;
        add_header Content-Security-Policy "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'" always;
        add_header X-Content-Type-Options nosniff always;
        add_header Referrer-Policy no-referrer always;
        add_header X-Frame-Options DENY always;
        add_header Cache-Control no-cache always;
    }
}
EOF
    echo "$conf"
}

# callgrind_under_wrk NAME URL COMMAND...: instructions per request over a wrk run with
# instrumentation switched on only while wrk runs (start-up is not counted).
callgrind_under_wrk() {
    local name=$1 url=$2; shift 2
    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$OUT/callgrind-$name.out" "$@" > "$WORK/$name.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    wait_for "$url"
    wrk -t1 -c8 -d2s "$url" > /dev/null
    callgrind_control -i on "$pid" > /dev/null
    local requests
    requests=$(wrk -t1 -c8 -d"${SECONDS_UNDER_LOAD}"s "$url" | awk '/requests in/ {print $1}')
    callgrind_control -i off "$pid" > /dev/null
    kill -TERM "$pid"; wait "$pid" || true
    local total
    total=$(callgrind_annotate "$OUT/callgrind-$name.out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
    echo "$name: $total instructions for $requests requests = $((total / requests)) instructions per request"
}

top_functions() {  # NAME: inclusive and exclusive top lists, symbols shortened
    echo; echo "== $1: inclusive (function and all it calls), top 45"
    callgrind_annotate --inclusive=yes "$OUT/callgrind-$1.out" 2>/dev/null | grep -E '^ *[0-9,]+ \(' | head -46 | sed -E 's/ \[[^]]*\]$//' | cut -c1-220
    echo; echo "== $1: exclusive (the function's own instructions), top 30"
    callgrind_annotate "$OUT/callgrind-$1.out" 2>/dev/null | grep -E '^ *[0-9,]+ \(' | head -31 | sed -E 's/ \[[^]]*\]$//' | cut -c1-220
}

case "$WHAT" in
static)
    {
        echo "Static file /index.html, wrk -t1 -c8 -d${SECONDS_UNDER_LOAD}s under callgrind ($(date -u +%FT%TZ))"
        port=$(free_port)
        callgrind_under_wrk verdict-static "http://127.0.0.1:$port/index.html" "$VERDICT" serve --port "$port" --db "$WORK/v.db" --token t
        port=$(free_port)
        callgrind_under_wrk nginx-static "http://127.0.0.1:$port/index.html" /usr/sbin/nginx -p "$WORK" -c "$(nginx_config "$port")"
        top_functions verdict-static
    } | tee "$OUT/profile-static.txt"
    ;;
healthz)
    {
        echo "GET /healthz, wrk -t1 -c8 -d${SECONDS_UNDER_LOAD}s under callgrind ($(date -u +%FT%TZ))"
        port=$(free_port)
        callgrind_under_wrk verdict-healthz "http://127.0.0.1:$port/healthz" "$VERDICT" serve --port "$port" --db "$WORK/v.db" --token t
        # The Hummingbird peer is not profiled: valgrind 3.19 dies with SIGSEGV in its own code on that binary.
        top_functions verdict-healthz
    } | tee "$OUT/profile-healthz.txt"
    ;;
ingest)
    {
        echo "Native ingest, 16 workers x 5 posts x 100 results, under callgrind ($(date -u +%FT%TZ))"
        VERDICT_BENCH_LAUNCHER="valgrind --tool=callgrind --callgrind-out-file=$OUT/callgrind-ingest.out" \
            .build/release/verdict-bench ingest --verdict "$VERDICT" --output "$WORK" --workers 16 --batches 5 --repetitions 1 > "$WORK/ingest.log"
        total=$(callgrind_annotate "$OUT/callgrind-ingest.out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
        echo "ingest: $total instructions for 8000 results = $((total / 8000)) instructions per result (start-up included)"
        top_functions ingest
    } | tee "$OUT/profile-ingest.txt"
    ;;
reportportal)
    {
        echo "ReportPortal item start+finish, 8 clients x 50 pairs, under callgrind ($(date -u +%FT%TZ))"
        VERDICT_BENCH_LAUNCHER="valgrind --tool=callgrind --callgrind-out-file=$OUT/callgrind-reportportal.out" \
            .build/release/verdict-bench reportportal --verdict "$VERDICT" --output "$WORK" --no-pytest --pairs 50 --repetitions 1 > "$WORK/rp.log"
        # Two servers ran (the endpoint probe, then the measured one); the measured one wrote last.
        total=$(callgrind_annotate "$OUT/callgrind-reportportal.out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
        echo "reportportal: $total instructions for 400 pairs = $((total / 400)) instructions per pair (start-up included)"
        top_functions reportportal
    } | tee "$OUT/profile-reportportal.txt"
    ;;
query)
    # bench/profile.sh query PATH: five calls of one read endpoint on the generated 2M-result database.
    target=${2:?usage: bench/profile.sh query /api/v1/projects/bench/flaky}
    database=$(ls -d bench/cache/history-10000x200-*/large.db 2>/dev/null | head -1)
    [ -n "$database" ] || { echo "no generated 2M-result database: run make bench first" >&2; exit 1; }
    name=query-$(echo "$target" | tr -c 'a-zA-Z0-9\n' '-' | sed -E 's/-+/-/g; s/^-//; s/-$//' | cut -c1-60)
    cp "$database" "$WORK/large.db"
    {
        echo "GET $target on $database, 5 calls after 2 unmeasured, under callgrind ($(date -u +%FT%TZ))"
        port=$(free_port)
        valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$OUT/callgrind-$name.out" \
            "$VERDICT" serve --port "$port" --db "$WORK/large.db" --token t > "$WORK/query.log" 2>&1 &
        pid=$!
        PIDS+=("$pid")
        wait_for "http://127.0.0.1:$port/healthz"
        for _ in 1 2; do curl -s -o /dev/null "http://127.0.0.1:$port$target"; done
        callgrind_control -i on "$pid" > /dev/null
        for _ in 1 2 3 4 5; do curl -s -o "$WORK/answer.json" "http://127.0.0.1:$port$target"; done
        callgrind_control -i off "$pid" > /dev/null
        kill -TERM "$pid"; wait "$pid" || true
        total=$(callgrind_annotate "$OUT/callgrind-$name.out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
        echo "$name: $total instructions for 5 calls = $((total / 5)) instructions per call; answer $(wc -c < "$WORK/answer.json") bytes"
        top_functions "$name"
    } | tee "$OUT/profile-$name.txt"
    ;;
kernel)
    {
        port=$(free_port)
        "$VERDICT" serve --port "$port" --db "$WORK/v.db" --token t 2> "$WORK/verdict.log" &
        pid=$!
        PIDS+=("$pid")
        wait_for "http://127.0.0.1:$port/healthz"
        wrk -t2 -c64 -d"$((SECONDS_UNDER_LOAD + 4))"s "http://127.0.0.1:$port/index.html" > "$WORK/wrk.txt" &
        sleep 2
        perf record -e cpu-clock -F 999 -g -p "$pid" -o "$WORK/perf.data" -- sleep "$SECONDS_UNDER_LOAD" 2> /dev/null
        wait %2 || true
        echo "Verdict serving /index.html to wrk -t2 -c64 at full speed: perf cpu-clock samples ($(date -u +%FT%TZ))"
        grep Requests/sec "$WORK/wrk.txt"
        echo; echo "== by object"
        perf report -i "$WORK/perf.data" --stdio --no-children --sort dso -g none 2>/dev/null | grep -E '^ +[0-9]' | head -10
        echo; echo "== by symbol, top 25"
        perf report -i "$WORK/perf.data" --stdio --no-children --sort sym -g none 2>/dev/null | grep -E '^ +[0-9]' | head -25
        echo; echo "== call chains of the hottest symbols (branches above 2 %)"
        perf report -i "$WORK/perf.data" --stdio --no-children --sort sym -g graph,2,caller 2>/dev/null | grep -v '^#' | grep -v '^$' | head -70
    } | tee "$OUT/profile-kernel.txt"
    ;;
memory)
    {
        port=$(free_port)
        "$VERDICT" serve --port "$port" --db "$WORK/v.db" --token t 2> "$WORK/verdict.log" &
        pid=$!
        PIDS+=("$pid")
        wait_for "http://127.0.0.1:$port/healthz"
        for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/projects"; done
        sleep 0.5
        echo "Idle verdict serve after 100 requests ($(date -u +%FT%TZ))"
        grep -E 'VmRSS|RssAnon|RssFile|Threads' "/proc/$pid/status"
        grep -E '^(Rss|Pss|Shared_Clean|Private_Clean|Private_Dirty|Anonymous):' "/proc/$pid/smaps_rollup"
        echo; echo "== resident kB by mapping"
        awk '/^[0-9a-f]+-[0-9a-f]+ / { name = ($6 == "" ? "[anon]" : $6) } /^Rss:/ { rss[name] += $2 }
             END { for (n in rss) if (rss[n] >= 100) printf "%8d kB  %s\n", rss[n], n }' "/proc/$pid/smaps" | sort -rn
    } | tee "$OUT/profile-memory.txt"
    ;;
*)
    echo "unknown profile '$WHAT'" >&2; exit 2 ;;
esac
