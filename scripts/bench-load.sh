#!/usr/bin/env bash
# Times `pharmctl fixtures load` against psql's \copy of the same rows from CSV files, and
# records the loader's peak memory. Prints medians side by side.
#
#   scripts/bench-load.sh                 # scales 1 and 100, 3 runs each, own throwaway server
#   SCALES="1 10" RUNS=5 scripts/bench-load.sh
#   BENCH_URL=postgres://postgres@127.0.0.1:5432 scripts/bench-load.sh   # an existing server
#
# The psql side does what a careful loader does by hand: create the schema, drop the foreign
# keys, \copy the three tables, add the foreign keys back (one validating pass each) and
# ANALYZE, all in one transaction, as pharmctl does.
set -euo pipefail
cd "$(dirname "$0")/.."

SCALES=${SCALES:-"1 100"}
RUNS=${RUNS:-3}
cargo build --release --quiet
source scripts/lib.sh
start_server

admin() { psql "$BENCH_URL/postgres" -qAtX -v ON_ERROR_STOP=1 -c "$1"; }
now() { date +%s.%N; }

printf '%-6s %-28s %10s %10s %12s\n' scale what median_s runs peak_rss_mb
for scale in $SCALES; do
    : >"$WORK/ours" ; : >"$WORK/rss" ; : >"$WORK/psql"
    for run in $(seq 1 "$RUNS"); do
        db="bench_ours_${scale}_$run"
        admin "DROP DATABASE IF EXISTS $db" ; admin "CREATE DATABASE $db"
        /usr/bin/time -f "%e %M" -o "$WORK/time" \
            "$BIN" -q fixtures load --scale "$scale" --database-url "$BENCH_URL/$db" >/dev/null
        read -r wall rss <"$WORK/time"
        echo "$wall" >>"$WORK/ours" ; echo "$rss" >>"$WORK/rss"
    done

    # The same rows as CSV, exported from the last pharmctl-loaded database.
    src="$BENCH_URL/bench_ours_${scale}_$RUNS"
    for table in stores contacts store_schedules; do
        psql "$src" -qAtX -c "\\copy $table TO '$WORK/$table.csv' WITH (FORMAT csv)"
    done

    for run in $(seq 1 "$RUNS"); do
        db="bench_psql_${scale}_$run"
        admin "DROP DATABASE IF EXISTS $db" ; admin "CREATE DATABASE $db"
        start=$(now)
        psql "$BENCH_URL/$db" -qAtX -v ON_ERROR_STOP=1 >/dev/null <<SQL
BEGIN;
\\i sql/schema.sql
CREATE TEMP TABLE fk AS
SELECT conrelid::regclass AS rel, conname, pg_get_constraintdef(oid) AS def
FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace;
SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', rel, conname) FROM fk \\gexec
\\copy stores FROM '$WORK/stores.csv' WITH (FORMAT csv)
\\copy contacts FROM '$WORK/contacts.csv' WITH (FORMAT csv)
\\copy store_schedules FROM '$WORK/store_schedules.csv' WITH (FORMAT csv)
SELECT format('ALTER TABLE %s ADD CONSTRAINT %I %s', rel, conname, def) FROM fk \\gexec
COMMIT;
ANALYZE stores, contacts, store_schedules;
SQL
        echo "$(now) - $start" | bc >>"$WORK/psql"
    done

    ours=$(median <"$WORK/ours") ; theirs=$(median <"$WORK/psql")
    rss_mb=$(awk '{printf "%.1f\n", $1/1024}' "$WORK/rss" | median)
    printf '%-6s %-28s %10.2f %10s %12s\n' "$scale" "pharmctl fixtures load" "$ours" "$RUNS" "$rss_mb"
    printf '%-6s %-28s %10.2f %10s %12s\n' "$scale" "psql \\copy (no FK, then FK)" "$theirs" "$RUNS" "-"
    printf '%-6s %-28s %10.2f\n' "$scale" "ratio pharmctl / psql" "$(echo "$ours / $theirs" | bc -l)"

    for run in $(seq 1 "$RUNS"); do
        admin "DROP DATABASE IF EXISTS bench_ours_${scale}_$run"
        admin "DROP DATABASE IF EXISTS bench_psql_${scale}_$run"
    done
done
