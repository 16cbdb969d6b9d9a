#!/usr/bin/env bash
# Gate quality of `pharmctl bench compare --gate`: records a baseline on migrated fixture data,
# then runs COMPARISONS comparisons of the unchanged database (A/A: every exit 1 is a false
# failure), drops idx_store_schedules_employee_date and runs COMPARISONS more (every exit 1 is
# a detected regression). Each comparison is a full measurement with the default settings
# (15 runs, 3 warm-ups, confirmation rerun), as CI would run it.
#
#   scripts/bench-gate.sh                      # scale 1, 20 + 20 comparisons, own throwaway server
#   SCALE=10 COMPARISONS=20 scripts/bench-gate.sh
#   BENCH_URL=postgres://postgres@127.0.0.1:5432 scripts/bench-gate.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE=${SCALE:-1}
COMPARISONS=${COMPARISONS:-20}
cargo build --release --quiet --bin pharmctl
source scripts/lib.sh
start_server
DB="$BENCH_URL/bench_gate"

psql "$BENCH_URL/postgres" -qAtX -c "DROP DATABASE IF EXISTS bench_gate"
psql "$BENCH_URL/postgres" -qAtX -c "CREATE DATABASE bench_gate"
"$BIN" -q fixtures load --scale "$SCALE" --database-url "$DB" >/dev/null
"$BIN" -q migrate up --database-url "$DB" >/dev/null
"$BIN" -q bench run --save "$WORK/base.json" --database-url "$DB" >/dev/null

# Runs the comparisons; prints how many exited 1, and fails on any other non-zero exit.
comparisons() {
    local label=$1 tripped=0 code
    for i in $(seq 1 "$COMPARISONS"); do
        code=0
        "$BIN" -q bench compare --gate --baseline "$WORK/base.json" --database-url "$DB" \
            --format markdown >"$WORK/$label-$i.md" 2>"$WORK/$label-$i.err" || code=$?
        case $code in
            0) ;;
            1) tripped=$((tripped + 1)) ;;
            *) echo "comparison $label $i failed (exit $code):" >&2; cat "$WORK/$label-$i.err" >&2; exit 1 ;;
        esac
    done
    echo "$tripped"
}

started=$(date +%s)
aa=$(comparisons aa)
psql "$DB" -qAtX -c "DROP INDEX idx_store_schedules_employee_date"
dropped=$(comparisons dropped)
elapsed=$(( $(date +%s) - started ))

echo "scale $SCALE, $COMPARISONS comparisons each, ${elapsed} s in all"
echo "A/A comparisons that failed the gate (false failures): $aa / $COMPARISONS"
echo "comparisons after dropping idx_store_schedules_employee_date that failed the gate: $dropped / $COMPARISONS"
echo "queries reported as confirmed regressions after the drop (last comparison):"
grep -o 'regressed: [a-z, -]*' "$WORK/dropped-$COMPARISONS.md" | head -1 || true
