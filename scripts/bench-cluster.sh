#!/usr/bin/env bash
# Times the throwaway cluster: pharmctl's initdb and server start against plain `initdb` and
# `pg_ctl start -w` run from the shell with the same options, medians side by side. The two are
# interleaved, one run of each per round, so that other load on the machine hits both alike.
#
#   scripts/bench-cluster.sh          # 5 runs each
#   RUNS=9 scripts/bench-cluster.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
BINDIR=${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
cargo build --release --quiet --example cluster_start

as_server_user() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ms_since() { echo "($(date +%s%N) - $1) / 1000000" | bc; }

: >/tmp/pharmctl-bench-initdb ; : >/tmp/pharmctl-bench-start ; : >/tmp/pharmctl-bench-ours
for _ in $(seq 1 "$RUNS"); do
    target/release/examples/cluster_start 1 >>/tmp/pharmctl-bench-ours
    dir=$(mktemp -d) ; chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    t=$(date +%s%N)
    as_server_user "$BINDIR/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C \
        --no-sync --no-instructions >/dev/null
    ms_since "$t" >>/tmp/pharmctl-bench-initdb
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    t=$(date +%s%N)
    as_server_user "$BINDIR/pg_ctl" start -w -s -D "$dir/data" -l "$dir/log" \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off"
    ms_since "$t" >>/tmp/pharmctl-bench-start
    as_server_user "$BINDIR/pg_ctl" stop -s -m fast -D "$dir/data"
    rm -rf "$dir"
done

printf '%-34s %10s\n' what median_ms
printf '%-34s %10s\n' "plain initdb --no-sync" "$(median </tmp/pharmctl-bench-initdb)"
printf '%-34s %10s\n' "plain pg_ctl start -w" "$(median </tmp/pharmctl-bench-start)"
printf '%-34s %10s\n' "pharmctl initdb" "$(awk '$2 == "initdb_ms" {print $3}' /tmp/pharmctl-bench-ours | median)"
printf '%-34s %10s\n' "pharmctl server start" "$(awk '$2 == "start_ms" {print $3}' /tmp/pharmctl-bench-ours | median)"
rm -f /tmp/pharmctl-bench-initdb /tmp/pharmctl-bench-start /tmp/pharmctl-bench-ours
