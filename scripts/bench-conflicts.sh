#!/usr/bin/env bash
# Times `pharmctl conflicts` over the whole range at two scales, with its peak memory, beside
# psql running the plain overlap self-join of DESIGN.md's reference figures, and reports how
# the time grows against n log n.
#
#   scripts/bench-conflicts.sh                # scales 10 and 100, 5 runs, own throwaway server
#   SMALL=1 LARGE=10 RUNS=3 scripts/bench-conflicts.sh
#   BENCH_URL=postgres://postgres@127.0.0.1:5432 scripts/bench-conflicts.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SMALL=${SMALL:-10}
LARGE=${LARGE:-100}
RUNS=${RUNS:-5}
cargo build --release --quiet
source scripts/lib.sh
start_server

admin() { psql "$BENCH_URL/postgres" -qAtX -v ON_ERROR_STOP=1 -c "$1"; }

OVERLAPS="SELECT count(*) FROM (SELECT s.*, s.date + s.start_time AS starts,
    s.date + s.end_time + CASE WHEN s.end_time <= s.start_time THEN interval '1 day'
    ELSE interval '0' END AS ends FROM store_schedules s) a
  JOIN (SELECT s.*, s.date + s.start_time AS starts,
    s.date + s.end_time + CASE WHEN s.end_time <= s.start_time THEN interval '1 day'
    ELSE interval '0' END AS ends FROM store_schedules s) b
  ON a.employee_id = b.employee_id AND a.id < b.id AND a.starts < b.ends AND b.starts < a.ends"

# Times detect_schedule_conflicts() through psql for each argument set, $RUNS times, and prints
# the medians; $2 names the migration that created the function's body.
time_function() {
    local db=$1 body=$2 label args
    for label in "whole range:" "one employee:p_employee_id => 'E000042'" \
                 "one store:p_store_number => 42" "one week:p_from => '2025-07-14', p_to => '2025-07-20'"; do
        args=${label#*:}
        : >"$WORK/function"
        for _ in $(seq 1 "$RUNS"); do
            /usr/bin/time -f "%e" -a -o "$WORK/function" psql "$BENCH_URL/$db" -qAtX -c \
                "SET work_mem = '256MB'; SELECT count(*) FROM public.detect_schedule_conflicts($args)" >/dev/null
        done
        printf '%-6s %-40s %10s %12s\n' "$scale" "function from $body, ${label%%:*}" "$(median <"$WORK/function")" "-"
    done
}

printf '%-6s %-40s %10s %12s\n' scale what median_s peak_rss_mb
for scale in $SMALL $LARGE; do
    db="bench_conflicts_$scale"
    admin "DROP DATABASE IF EXISTS $db" ; admin "CREATE DATABASE $db"
    "$BIN" -q fixtures load --scale "$scale" --database-url "$BENCH_URL/$db" >/dev/null
    : >"$WORK/ours" ; : >"$WORK/rss" ; : >"$WORK/sql" ; : >"$WORK/join"
    for _ in $(seq 1 "$RUNS"); do
        /usr/bin/time -f "%e %M" -o "$WORK/time" \
            "$BIN" conflicts --format csv --database-url "$BENCH_URL/$db" >"$WORK/found.csv"
        read -r wall rss <"$WORK/time"
        echo "$wall" >>"$WORK/ours" ; echo "$rss" >>"$WORK/rss"
        /usr/bin/time -f "%e" -o "$WORK/time" \
            "$BIN" conflicts --in-database --format csv --database-url "$BENCH_URL/$db" >/dev/null
        cat "$WORK/time" >>"$WORK/sql"
        /usr/bin/time -f "%e" -o "$WORK/time" psql "$BENCH_URL/$db" -qAtX -c "$OVERLAPS" >/dev/null
        cat "$WORK/time" >>"$WORK/join"
    done
    found=$(($(wc -l <"$WORK/found.csv") - 1))
    ours=$(median <"$WORK/ours")
    eval "time_$scale=$ours"
    printf '%-6s %-40s %10s %12s\n' "$scale" "pharmctl conflicts ($found found)" "$ours" \
        "$(awk '{printf "%.1f\n", $1/1024}' "$WORK/rss" | median)"
    printf '%-6s %-40s %10s %12s\n' "$scale" "pharmctl conflicts --in-database" "$(median <"$WORK/sql")" "-"
    printf '%-6s %-40s %10s %12s\n' "$scale" "psql overlap self-join only" "$(median <"$WORK/join")" "-"

    # detect_schedule_conflicts() as 0010 created it, then as 0012 replaced it, called by psql
    # over the whole range, for one employee, for one store and for one week.
    "$BIN" -q migrate up --to 11 --database-url "$BENCH_URL/$db" >/dev/null
    time_function "$db" "0010"
    # With the migrations' indexes the shifts stream in index order instead of being sorted.
    "$BIN" -q migrate up --database-url "$BENCH_URL/$db" >/dev/null
    time_function "$db" "0012"
    : >"$WORK/migrated"
    for _ in $(seq 1 "$RUNS"); do
        /usr/bin/time -f "%e" -o "$WORK/time" \
            "$BIN" conflicts --format csv --database-url "$BENCH_URL/$db" >/dev/null
        cat "$WORK/time" >>"$WORK/migrated"
    done
    printf '%-6s %-40s %10s %12s\n' "$scale" "pharmctl conflicts, after migrate up" "$(median <"$WORK/migrated")" "-"
    admin "DROP DATABASE IF EXISTS $db"
done

small=$(eval echo "\$time_$SMALL") ; large=$(eval echo "\$time_$LARGE")
shifts_small=$((SMALL * 9793)) ; shifts_large=$((LARGE * 9793))
printf 'growth %s -> %s: time x%.1f; n log n predicts x%.1f; n predicts x%.1f\n' "$SMALL" "$LARGE" \
    "$(echo "$large / $small" | bc -l)" \
    "$(echo "($shifts_large * l($shifts_large)) / ($shifts_small * l($shifts_small))" | bc -l)" \
    "$(echo "$shifts_large / $shifts_small" | bc -l)"
