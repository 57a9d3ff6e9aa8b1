#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, in a temp dir, on 127.0.0.1 and a free port.
#   eval "$(scripts/pg_throwaway.sh start)"   # exports STATUSPHERE_PG_URL and STATUSPHERE_PG_DIR
#   scripts/pg_throwaway.sh stop "$STATUSPHERE_PG_DIR"
# PostgreSQL refuses to run as root, so the cluster runs as the 'postgres' user when root.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"  # runuser, also under Bazel's strict test PATH
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bin/initdb" ] || { echo "pg_throwaway: PostgreSQL server binaries not found (scripts/setup.sh installs them)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    dir="$(mktemp -d /tmp/statusphere-pg.XXXXXX)"
    chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    for _ in $(seq 1 20); do
      port=$(( 20000 + RANDOM % 20000 ))
      if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
           -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200" \
           start >/dev/null 2>&1; then
        echo "export STATUSPHERE_PG_URL=postgresql://postgres@127.0.0.1:$port/postgres"
        echo "export STATUSPHERE_PG_DIR=$dir"
        exit 0
      fi
    done
    echo "pg_throwaway: could not start PostgreSQL; log:" >&2
    cat "$dir/server.log" >&2 || true
    exit 1
    ;;
  stop)
    dir="${2:?usage: pg_throwaway.sh stop DIR}"
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg_throwaway.sh start | stop DIR" >&2
    exit 2
    ;;
esac
