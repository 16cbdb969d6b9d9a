#!/usr/bin/env bash
# Times `pharmctl audit --all-databases` over DATABASES named databases (fixtures at scale 1,
# migrated) against the same audits run one after another (`pharmctl audit --database NAME`
# for each), interleaved, whole processes, and prints the medians.
#
#   scripts/bench-audit-all.sh                 # 4 databases, 7 runs each, own throwaway server
#   DATABASES=8 RUNS=9 scripts/bench-audit-all.sh
#   BENCH_URL=postgres://postgres@127.0.0.1:5432 scripts/bench-audit-all.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DATABASES=${DATABASES:-4}
RUNS=${RUNS:-7}
cargo build --release --quiet --bin pharmctl
source scripts/lib.sh
start_server

config="$WORK/pharmctl.toml"
: >"$config"
names=()
for i in $(seq 1 "$DATABASES"); do
    name="audit_all_$i"
    names+=("$name")
    psql "$BENCH_URL/postgres" -qAtX -c "DROP DATABASE IF EXISTS $name"
    psql "$BENCH_URL/postgres" -qAtX -c "CREATE DATABASE $name"
    "$BIN" -q fixtures load --scale 1 --database-url "$BENCH_URL/$name" >/dev/null
    "$BIN" -q migrate up --database-url "$BENCH_URL/$name" >/dev/null
    printf '[databases.%s]\nurl = "%s/%s"\n' "$name" "$BENCH_URL" "$name" >>"$config"
done

now_ms() { echo $(($(date +%s%N) / 1000000)); }
: >"$WORK/all"
: >"$WORK/sequential"
for _ in $(seq 1 "$RUNS"); do
    t=$(now_ms)
    "$BIN" -q --config "$config" audit --all-databases >/dev/null
    echo $(($(now_ms) - t)) >>"$WORK/all"
    t=$(now_ms)
    for name in "${names[@]}"; do
        "$BIN" -q --config "$config" audit --database "$name" >/dev/null
    done
    echo $(($(now_ms) - t)) >>"$WORK/sequential"
done

printf '%-52s %10s\n' "what ($DATABASES databases, $RUNS runs, whole processes)" median_ms
printf '%-52s %10s\n' "pharmctl audit --all-databases" "$(median <"$WORK/all")"
printf '%-52s %10s\n' "pharmctl audit --database NAME, one after another" \
    "$(median <"$WORK/sequential")"

for name in "${names[@]}"; do
    psql "$BENCH_URL/postgres" -qAtX -c "DROP DATABASE IF EXISTS $name"
done
