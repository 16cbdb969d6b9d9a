# Shared by the benchmark scripts (sourced, from the repository's top folder): the release
# binary, a work folder removed on exit, a server to measure on, and medians.
#   BIN        the release pharmctl
#   WORK       a scratch folder
#   BENCH_URL  the server's URL without a database: as given, else a throwaway server started
#              with `pharmctl demo --keep` and stopped on exit (call start_server)

export PGOPTIONS="-c client_min_messages=warning"
BIN=$PWD/target/release/pharmctl
WORK=$(mktemp -d)
chmod 755 "$WORK"
DEMO_PID=""

bench_cleanup() {
    if [ -n "$DEMO_PID" ]; then
        kill -INT "$DEMO_PID" 2>/dev/null || true
        wait "$DEMO_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap bench_cleanup EXIT

# Sets BENCH_URL, starting a throwaway server when none was given.
start_server() {
    if [ -z "${BENCH_URL:-}" ]; then
        "$BIN" demo --keep --scale 1 >/dev/null 2>"$WORK/demo.log" &
        DEMO_PID=$!
        for _ in $(seq 1 600); do
            grep -q "running at" "$WORK/demo.log" 2>/dev/null && break
            sleep 0.1
        done
        BENCH_URL=$(sed -n 's/.*running at \(postgres:\/\/[^/]*\).*/\1/p' "$WORK/demo.log")
    fi
    [ -n "$BENCH_URL" ] || { echo "no server URL" >&2; exit 1; }
    BENCH_URL=${BENCH_URL%/}
}

# The median of the numbers on stdin, one a line.
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
