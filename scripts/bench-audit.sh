#!/usr/bin/env bash
# Times `pharmctl audit` against psql sending the same catalog SQL (sql/checks/*.sql plus the
# two queries reused from sql/stats/) one query after another in one read-only transaction.
# pharmctl's figure is the time from connected to all checks gathered (its -v log); psql's is
# the sum of its \timing lines, also without the connection. Both run against the demo
# database (`pharmctl demo --keep`, started and stopped here) unless BENCH_URL names one.
#
#   scripts/bench-audit.sh            # 9 runs each, interleaved
#   RUNS=21 scripts/bench-audit.sh
#   BENCH_URL=postgres://postgres@127.0.0.1:5432/pharmacy scripts/bench-audit.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-9}
cargo build --release --quiet
BIN=target/release/pharmctl
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

demo_pid=""
cleanup() { [ -n "$demo_pid" ] && kill -INT "$demo_pid" 2>/dev/null && wait "$demo_pid" || true; }
trap cleanup EXIT
url=${BENCH_URL:-}
if [ -z "$url" ]; then
    log=$(mktemp)
    "$BIN" demo --keep >/dev/null 2>"$log" &
    demo_pid=$!
    for _ in $(seq 1 600); do
        url=$(sed -n 's/^demo server running at //p' "$log")
        [ -n "$url" ] && break
        sleep 0.1
    done
    [ -n "$url" ] || { cat "$log" >&2; exit 1; }
fi

# The catalog SQL with its parameters written in, as psql would have to send it.
sql=$(mktemp --suffix=.sql)
pss_schema=$(psql -X -At "$url" -c \
    "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pg_stat_statements'")
{
    echo "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;"
    echo "SET LOCAL search_path = '';"
    echo "\\timing on"
    for file in sql/checks/*.sql sql/stats/cache.sql sql/stats/connections.sql; do
        case "$file" in
            */schedule-conflicts.sql|*/recommendations.sql) continue ;;
            */slow-queries.sql) [ -n "$pss_schema" ] || continue ;;
        esac
        sed -e "s/\\\$1::text\\[\\]/ARRAY['public','graphql_public']::text[]/g" \
            -e "s/= \\\$1\$/= 'detect_schedule_conflicts'/" \
            -e "s/@VIEW@/${pss_schema:-public}.pg_stat_statements/" \
            -e "s/@TOTAL_MS@/s.total_exec_time + s.total_plan_time/" \
            -e "s/@MEAN_MS@/s.mean_exec_time/" "$file"
        echo ";"
    done
    echo "\\timing off"
    echo "COMMIT;"
} >"$sql"
queries=$(grep -c '^;$' "$sql")

: >/tmp/pharmctl-bench-audit ; : >/tmp/pharmctl-bench-audit-total ; : >/tmp/pharmctl-bench-psql
: >/tmp/pharmctl-bench-psql-total
for _ in $(seq 1 "$RUNS"); do
    t=$(date +%s%N)
    "$BIN" -v --no-config audit --database-url "$url" 2>&1 >/dev/null \
        | sed -n 's/.*checks gathered in \([0-9.]*\) ms/\1/p' >>/tmp/pharmctl-bench-audit
    echo "($(date +%s%N) - $t) / 1000000" | bc >>/tmp/pharmctl-bench-audit-total
    t=$(date +%s%N)
    psql -X -q "$url" -f "$sql" 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' \
        | awk '{s += $1} END {print s}' >>/tmp/pharmctl-bench-psql
    echo "($(date +%s%N) - $t) / 1000000" | bc >>/tmp/pharmctl-bench-psql-total
done

printf '%-58s %10s\n' "what ($RUNS runs, $queries catalog queries)" median_ms
printf '%-58s %10s\n' "pharmctl audit, connected to all checks gathered" \
    "$(median </tmp/pharmctl-bench-audit)"
printf '%-58s %10s\n' "pharmctl audit, whole process (connect, render)" \
    "$(median </tmp/pharmctl-bench-audit-total)"
printf '%-58s %10s\n' "psql, same SQL one query after another (sum of \\timing)" \
    "$(median </tmp/pharmctl-bench-psql)"
printf '%-58s %10s\n' "psql, whole process (connect, print)" \
    "$(median </tmp/pharmctl-bench-psql-total)"
rm -f "$sql"
