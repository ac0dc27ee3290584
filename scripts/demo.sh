#!/usr/bin/env bash
# Starts verdict on DB, fills it with the demo project through the API, and keeps serving.
# Usage: scripts/demo.sh BINARY HOST PORT DB
set -euo pipefail
binary=$1 host=$2 port=$3 db=$4

token=$("$binary" token create --db "$db" --name demo --project acme-shop 2>/dev/null)
"$binary" serve --host "$host" --port "$port" --db "$db" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server' INT TERM

for _ in $(seq 1 100); do
    curl -fsS "http://$host:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done
python3 "$(dirname "$0")/demo.py" --server "http://$host:$port" --token "$token"
echo "demo data is in; open http://$host:$port/" >&2
wait $server
