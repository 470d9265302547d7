#!/usr/bin/env bash
# Start or stop a private Virtuoso (Debian's virtuoso-opensource) on loopback, for tests and local use.
#   scripts/virtuoso.sh start DIR HTTP_PORT [SQL_PORT]   # database, ini and log under DIR; waits until SPARQL answers
#   scripts/virtuoso.sh stop DIR                         # stops the server started in DIR (pid in DIR/virtuoso.pid)
# The server listens on 127.0.0.1 only; the dba password is Virtuoso's default for a fresh database (dba).
set -euo pipefail

cmd="${1:-}"
dir="${2:-}"
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: $0 start DIR HTTP_PORT [SQL_PORT] | stop DIR" >&2
  exit 2
fi

stop() {
  local pidfile="$dir/virtuoso.pid"
  [ -f "$pidfile" ] || { echo "no Virtuoso pid file in $dir" >&2; return 0; }
  local pid
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  echo "Virtuoso in $dir stopped"
}

start() {
  local http_port="${3:-}"
  local sql_port="${4:-$((http_port + 1))}"
  [ -n "$http_port" ] || { echo "usage: $0 start DIR HTTP_PORT [SQL_PORT]" >&2; exit 2; }
  local bin
  bin="$(command -v virtuoso-t || true)"
  [ -n "$bin" ] || { echo "virtuoso-t not found: install Debian's virtuoso-opensource (scripts/install-test-deps.sh)" >&2; exit 3; }
  mkdir -p "$dir/db"
  dir="$(cd "$dir" && pwd)"
  cat > "$dir/virtuoso.ini" <<EOF
[Database]
DatabaseFile       = $dir/db/virtuoso.db
ErrorLogFile       = $dir/db/virtuoso.log
LockFile           = $dir/db/virtuoso.lck
TransactionFile    = $dir/db/virtuoso.trx
xa_persistent_file = $dir/db/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $dir/db/virtuoso-temp.db
TransactionFile    = $dir/db/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:$sql_port
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 10
CheckpointInterval       = 60
CaseMode                 = 2
MaxStaticCursorRows      = 5000
AllowOSCalls             = 0
DirsAllowed              = ., $dir
ThreadCleanupInterval    = 0
ThreadThreshold          = 10
ResourcesCleanupInterval = 0
SingleCPU                = 0
MaxQueryMem              = 1G
ThreadsPerQuery          = 2
NumberOfBuffers          = 20000
MaxDirtyBuffers          = 15000

[HTTPServer]
ServerPort                  = 127.0.0.1:$http_port
ServerRoot                  = $dir/vsp
MaxClientConnections        = 10
DavRoot                     = DAV
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
ServerThreads               = 10
MaxKeepAlives               = 10
KeepAliveTimeout            = 10
HTTPThreadSize              = 280000
Charset                     = UTF-8
EnabledGzipContent          = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[SPARQL]
ResultSetMaxRows           = 1000000
MaxSortedTopRows           = 1000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 0
MaxConstructTriples        = 1000000
DefaultGraph               =
EOF
  mkdir -p "$dir/vsp"
  if [ -f "$dir/virtuoso.pid" ] && kill -0 "$(cat "$dir/virtuoso.pid")" 2>/dev/null; then
    echo "Virtuoso already running in $dir" >&2
    exit 1
  fi
  (cd "$dir" && exec "$bin" +configfile "$dir/virtuoso.ini" +foreground >"$dir/stdout.log" 2>&1) &
  echo $! > "$dir/virtuoso.pid"
  local url="http://127.0.0.1:$http_port/sparql"
  for _ in $(seq 1 1200); do
    if ! kill -0 "$(cat "$dir/virtuoso.pid")" 2>/dev/null; then
      echo "Virtuoso exited during start-up; log:" >&2
      tail -20 "$dir/db/virtuoso.log" "$dir/stdout.log" >&2 2>/dev/null || true
      rm -f "$dir/virtuoso.pid"
      exit 1
    fi
    if curl -fsS -o /dev/null --max-time 2 --get --data-urlencode 'query=ASK {}' "$url" 2>/dev/null; then
      echo "Virtuoso answering at $url (database in $dir)"
      return 0
    fi
    sleep 0.1
  done
  echo "Virtuoso did not answer at $url within 120 s" >&2
  stop
  exit 1
}

case "$cmd" in
  start) start "$@" ;;
  stop) stop ;;
  *) echo "usage: $0 start DIR HTTP_PORT [SQL_PORT] | stop DIR" >&2; exit 2 ;;
esac
