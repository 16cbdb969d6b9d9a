#!/usr/bin/env bash
# Measures how long a reader of the analytics views waits while they are refreshed: a reader
# queries daily_staffing_summary in a loop while `pharmctl refresh` runs (concurrently), then
# while psql runs a plain REFRESH (the reference that blocks readers). Prints the reader's
# worst latency for each, and the refresh times.
#
#   scripts/bench-refresh.sh                  # scale 100, own throwaway server
#   SCALE=10 scripts/bench-refresh.sh
#   BENCH_URL=postgres://postgres@127.0.0.1:5432 scripts/bench-refresh.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE=${SCALE:-100}
cargo build --release --quiet --bin pharmctl --example reader_latency
source scripts/lib.sh
READER=$PWD/target/release/examples/reader_latency
start_server
DB="$BENCH_URL/bench_refresh"

psql "$BENCH_URL/postgres" -qAtX -c "DROP DATABASE IF EXISTS bench_refresh"
psql "$BENCH_URL/postgres" -qAtX -c "CREATE DATABASE bench_refresh"
"$BIN" -q fixtures load --scale "$SCALE" --database-url "$DB" >/dev/null
"$BIN" -q migrate up --database-url "$DB" >/dev/null

# Each round: the reader runs for the whole refresh, starting a little before it.
round() {
    local label=$1; shift
    "$READER" "$DB" "$ROUND_SECONDS" >"$WORK/reader" &
    local reader=$!
    sleep 0.5
    local start ; start=$(date +%s%N)
    "$@" >/dev/null
    local took=$(( ($(date +%s%N) - start) / 1000000 ))
    wait "$reader"
    printf '%-44s %10s ms   reader: %s\n' "$label" "$took" "$(cat "$WORK/reader")"
}

# Long enough to cover a refresh with margin.
ROUND_SECONDS=$(( SCALE / 10 + 4 ))
printf 'scale %s, %s shifts\n' "$SCALE" "$((SCALE * 9793))"
for _ in 1 2 3; do
    round "pharmctl refresh (concurrently)" "$BIN" refresh --database-url "$DB"
done
for _ in 1 2 3; do
    round "psql REFRESH (plain, blocks readers)" \
        psql "$DB" -qAtX -c "REFRESH MATERIALIZED VIEW analytics.daily_staffing_summary"
done
psql "$BENCH_URL/postgres" -qAtX -c "DROP DATABASE IF EXISTS bench_refresh"
