#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for Cohort's tests: Debian's binaries, one folder, loopback only.
#
#   postgres.sh install             Debian's postgresql, postgresql-client, libpq-dev, pkg-config: only what is missing
#   postgres.sh start DIR           initdb into DIR (first time), start, print one JSON line (see below)
#   postgres.sh stop DIR            stop the server whose pid is in DIR/data/postmaster.pid; nothing is removed
#   postgres.sh status DIR          print the JSON line again if the server is up (exit 1 if not)
#   postgres.sh newdb DIR NAME [TEMPLATE]   CREATE DATABASE NAME OWNER cohort (TEMPLATE: template0 by default)
#   postgres.sh dropdb DIR NAME     DROP DATABASE IF EXISTS NAME WITH (FORCE)
#   postgres.sh psql DIR [ARGS...]  psql as the superuser over the unix socket (e.g. -d cohort -c 'SELECT 1')
#
# `start` prints, on stdout and nothing else there:
#   {"socket_dir":"DIR","port":N,"pid":N,"database":"cohort","user":"cohort","password":"…",
#    "passfile":"DIR/pgpass","superuser":"postgres",
#    "url":"postgres://cohort@127.0.0.1:N/cohort",
#    "socket_url":"postgres:///cohort?host=DIR&port=N&user=cohort"}
# `url` is TCP with scram-sha-256: the password is NOT in the URL; give it as PGPASSWORD=… or
# PGPASSFILE=DIR/pgpass (libpq reads both). `socket_url` is the unix socket, trust auth, no password
# needed. The port is in both: the socket file is DIR/.s.PGSQL.N, so a socket URL without the port
# looks for .s.PGSQL.5432 and fails.
#
# Layout of DIR: DIR/data (PGDATA, mode 0700), DIR/.s.PGSQL.N (socket), DIR/postgres.log,
# DIR/pgpass (mode 0600), DIR/server.json (the JSON line). Keep DIR short (e.g. /tmp/pg-XXXX):
# a unix socket path is at most 107 bytes.
#
# Run as root: postgres refuses to run as root, so the server runs as the unprivileged user
# $COHORT_PG_RUN_AS (default: Debian's `postgres` account, created by postgresql-common), through
# runuser; DIR and DIR/data are chowned to it. Clients may stay root: the socket is mode 0777 in a
# 0755 folder. Not root: everything runs as the current user.
#
# Environment: COHORT_PG_PORT (a fixed TCP port; default: a free one), COHORT_PG_PASSWORD (the
# cohort role's password; default: 24 random hex characters), COHORT_PG_RUN_AS (see above).
set -euo pipefail

PG_VERSION=15
PG_BIN=/usr/lib/postgresql/$PG_VERSION/bin
SUPERUSER=postgres
APP_USER=cohort
APP_DB=cohort

die() { echo "postgres.sh: $*" >&2; exit 1; }
log() { echo "postgres.sh: $*" >&2; }

usage() {
    sed -n '3,10p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit "${1:-2}"
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Runs a command as the user that owns the server.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$RUN_AS" -- "$@"
    else
        "$@"
    fi
}

now_ms() { date +%s%3N; }

json_escape() {
    local s=$1
    s=${s//\\/\\\\}
    s=${s//\"/\\\"}
    printf '%s' "$s"
}

# Percent-encodes a string for a URL query value (RFC 3986 unreserved kept, "/" kept).
url_encode() {
    local s=$1 out='' c i
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        case $c in
            [a-zA-Z0-9._~/-]) out+=$c ;;
            *) out+=$(printf '%%%02X' "'$c") ;;
        esac
    done
    printf '%s' "$out"
}

cmd_install() {
    export DEBIAN_FRONTEND=noninteractive
    local wanted=(postgresql postgresql-client libpq-dev pkg-config) missing=() p
    for p in "${wanted[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$p")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        log "already installed: ${wanted[*]}"
    else
        # Clusters already up before we install stay up; any that the install itself starts
        # (Debian's postinst creates and starts 15/main where services may start) are stopped.
        local before=''
        if command -v pg_lsclusters >/dev/null; then before=$(pg_lsclusters -h 2>/dev/null | awk '$4 == "online" {print $1 "/" $2}'); fi
        log "installing: ${missing[*]}"
        local apt=(apt-get -o DPkg::Lock::Timeout=900 -y -q)
        # The lists may be missing or stale on a new machine: update once, then install.
        as_root env DEBIAN_FRONTEND=noninteractive "${apt[@]}" update >/dev/null
        as_root env DEBIAN_FRONTEND=noninteractive "${apt[@]}" install --no-install-recommends "${missing[@]}" >/dev/null
        local cluster
        for cluster in $(pg_lsclusters -h 2>/dev/null | awk '$4 == "online" {print $1 "/" $2}'); do
            if ! grep -qx "$cluster" <<<"$before"; then
                log "stopping the system cluster $cluster that the install started"
                as_root pg_ctlcluster "${cluster%/*}" "${cluster#*/}" stop -m fast
            fi
        done
    fi
    [ -x "$PG_BIN/initdb" ] || die "$PG_BIN/initdb is missing after the install"
    pkg-config --exists libpq 2>/dev/null || log "note: pkg-config does not know libpq (install pkg-config)"
}

# Sets DIR (absolute), DATA, and RUN_AS.
setup_dir() {
    [ $# -ge 1 ] || usage
    local d=$1
    if [ "${2:-}" = create ]; then
        # The socket is DIR/.s.PGSQL.PORT and sun_path holds 107 bytes and a NUL: DIR <= 92 bytes.
        local abs=$d suffix=/.s.PGSQL.65535
        case $abs in /*) ;; *) abs=$PWD/$abs ;; esac
        [ $((${#abs} + ${#suffix})) -le 107 ] ||
            die "DIR is too long for a unix socket ($abs$suffix is $((${#abs} + ${#suffix})) bytes, at most 107): use a short folder such as /tmp/pg-test"
        mkdir -p "$d"
    fi
    [ -d "$d" ] || die "no such folder: $d"
    DIR=$(cd "$d" && pwd -P)
    DATA=$DIR/data
    RUN_AS=${COHORT_PG_RUN_AS:-postgres}
    if [ "$(id -u)" -eq 0 ]; then
        id "$RUN_AS" >/dev/null 2>&1 || die "running as root, but the user '$RUN_AS' to run the server as does not exist (set COHORT_PG_RUN_AS, or run install)"
        # Every folder above DIR must be searchable by that user, or initdb and postgres fail.
        runuser -u "$RUN_AS" -- test -x "$(dirname "$DIR")" ||
            die "the server runs as '$RUN_AS', who cannot reach $(dirname "$DIR"): choose a DIR under /tmp"
    else
        RUN_AS=$(id -un)
    fi
}

read_port() { if [ -f "$DATA/cohort.conf" ]; then sed -n 's/^port = \([0-9]*\)$/\1/p' "$DATA/cohort.conf"; fi; }

server_pid() {
    # First line of postmaster.pid is the pid; only believe it if that process is a postgres.
    local pid
    pid=$(head -n 1 "$DATA/postmaster.pid" 2>/dev/null) || return 1
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    case $(cat "/proc/$pid/comm" 2>/dev/null) in postgres | postmaster) echo "$pid" ;; *) return 1 ;; esac
}

free_port() {
    if [ -n "${COHORT_PG_PORT:-}" ]; then echo "$COHORT_PG_PORT"; return; fi
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null && return
    local p
    for _ in $(seq 1 50); do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
    die "found no free TCP port on 127.0.0.1"
}

write_conf() {
    local port=$1
    cat >"$DATA/cohort.conf" <<EOF
# Written by Tests/Support/servers/postgres.sh on every start.
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
unix_socket_permissions = 0777
# A test server: speed over durability. A crash of the machine loses the cluster; nothing else does.
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
password_encryption = 'scram-sha-256'
log_min_messages = warning
log_min_error_statement = panic
log_connections = off
log_checkpoints = off
EOF
    chown "$RUN_AS" "$DATA/cohort.conf" 2>/dev/null || true
}

print_json() {
    local port=$1 pid=$2 password=$3
    local enc_dir
    enc_dir=$(url_encode "$DIR")
    printf '{"socket_dir":"%s","port":%d,"pid":%d,"database":"%s","user":"%s","password":"%s","passfile":"%s","superuser":"%s","url":"postgres://%s@127.0.0.1:%d/%s","socket_url":"postgres:///%s?host=%s&port=%d&user=%s"}\n' \
        "$(json_escape "$DIR")" "$port" "$pid" "$APP_DB" "$APP_USER" "$(json_escape "$password")" \
        "$(json_escape "$DIR/pgpass")" "$SUPERUSER" \
        "$APP_USER" "$port" "$APP_DB" \
        "$APP_DB" "$(json_escape "$enc_dir")" "$port" "$APP_USER"
}

superuser_psql() {
    local port
    port=$(read_port)
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR" -p "$port" -U "$SUPERUSER" "$@"
}

cmd_start() {
    [ $# -eq 1 ] || usage
    setup_dir "$1" create
    [ -x "$PG_BIN/initdb" ] || die "PostgreSQL $PG_VERSION is not installed: run '$0 install'"

    if pid=$(server_pid); then
        log "already running (pid $pid)"
        cat "$DIR/server.json"
        return
    fi

    local t0 t1 t2 fresh=0 password
    t0=$(now_ms)
    if [ ! -s "$DATA/PG_VERSION" ]; then
        fresh=1
        [ -z "$(ls -A "$DATA" 2>/dev/null)" ] || die "$DATA exists, is not empty and holds no cluster: remove it or choose another DIR"
        mkdir -p "$DATA"
        chmod 0755 "$DIR"
        chmod 0700 "$DATA"
        if [ "$(id -u)" -eq 0 ]; then chown "$RUN_AS" "$DIR" "$DATA"; fi
        # --no-sync: a test cluster; C locale: byte-order collation, the same as SQLite's BINARY.
        as_owner "$PG_BIN/initdb" -D "$DATA" -U "$SUPERUSER" --encoding=UTF8 --locale=C \
            --auth-local=trust --auth-host=scram-sha-256 --no-sync --no-instructions >"$DIR/initdb.log" 2>&1 ||
            { cat "$DIR/initdb.log" >&2; die "initdb failed (log: $DIR/initdb.log)"; }
        # Only loopback over TCP, always with a password; trust on the socket (its folder is ours).
        cat >"$DATA/pg_hba.conf" <<'EOF'
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 trust
host    all       all   127.0.0.1/32  scram-sha-256
host    all       all   ::1/128       scram-sha-256
EOF
        echo "include_if_exists = 'cohort.conf'" >>"$DATA/postgresql.conf"
        password=${COHORT_PG_PASSWORD:-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')}
        (umask 077 && printf '%s' "$password" >"$DIR/password")
    else
        password=$(cat "$DIR/password" 2>/dev/null) || die "$DIR holds a cluster but no DIR/password file"
    fi
    t1=$(now_ms)

    local port attempt started=0 log_size
    for attempt in 1 2 3 4 5; do
        port=$(read_port)
        if [ "$fresh" -eq 1 ] || [ -z "$port" ] || [ "$attempt" -gt 1 ]; then port=$(free_port); fi
        write_conf "$port"
        touch "$DIR/postgres.log"
        chmod 0600 "$DIR/postgres.log"
        if [ "$(id -u)" -eq 0 ]; then chown "$RUN_AS" "$DIR/postgres.log"; fi
        log_size=$(stat -c %s "$DIR/postgres.log")
        if as_owner "$PG_BIN/pg_ctl" -D "$DATA" -l "$DIR/postgres.log" -w -t 60 -s start >/dev/null 2>&1; then
            started=1
            break
        fi
        if tail -c +$((log_size + 1)) "$DIR/postgres.log" | grep -q 'could not bind' && [ -z "${COHORT_PG_PORT:-}" ]; then
            log "port $port was taken, trying another"
            continue
        fi
        break
    done
    [ "$started" -eq 1 ] || { tail -c +$((log_size + 1)) "$DIR/postgres.log" | tail -n 20 >&2; die "the server did not start (log: $DIR/postgres.log)"; }
    # pg_ctl -w already waited for "ready"; pg_isready checks both ways in, as a client would.
    local i
    for i in $(seq 1 100); do
        if "$PG_BIN/pg_isready" -q -h "$DIR" -p "$port" && "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port"; then break; fi
        [ "$i" -lt 100 ] || die "the server started but pg_isready never said yes (log: $DIR/postgres.log)"
        sleep 0.1
    done

    # On the first start (or if a first start died half-way): the role and its database.
    if [ "$(superuser_psql -d postgres -Atc "SELECT count(*) FROM pg_roles WHERE rolname = '$APP_USER'")" = 0 ]; then
        # The password reaches psql through its environment (\getenv, new in psql 15), not its command
        # line, so `ps` never shows it; :'pw' quotes it as a literal. The server keeps only its SCRAM
        # verifier, and log_min_error_statement = panic keeps a failed statement out of the log.
        COHORT_PG_NEW_PASSWORD=$password superuser_psql -d postgres <<'EOF' >/dev/null
\getenv pw COHORT_PG_NEW_PASSWORD
CREATE ROLE cohort LOGIN CREATEDB PASSWORD :'pw';
EOF
    fi
    if [ "$(superuser_psql -d postgres -Atc "SELECT count(*) FROM pg_database WHERE datname = '$APP_DB'")" = 0 ]; then
        superuser_psql -d postgres -c "CREATE DATABASE $APP_DB OWNER $APP_USER TEMPLATE template0"
    fi
    t2=$(now_ms)

    umask 077
    # A passfile line is host:port:database:user:password, with ":" and "\" escaped by "\".
    local pw_escaped=${password//\\/\\\\}
    pw_escaped=${pw_escaped//:/\\:}
    printf '*:%s:*:%s:%s\n' "$port" "$APP_USER" "$pw_escaped" >"$DIR/pgpass"
    chmod 0600 "$DIR/pgpass"
    local pid
    pid=$(server_pid) || die "the server is not running after start"
    print_json "$port" "$pid" "$password" >"$DIR/server.json"
    chmod 0600 "$DIR/server.json"
    log "up in $((t2 - t0)) ms (initdb $((t1 - t0)) ms, start + roles $((t2 - t1)) ms), pid $pid, port $port, run as $RUN_AS"
    cat "$DIR/server.json"
}

cmd_stop() {
    setup_dir "$@"
    local pid
    if ! pid=$(server_pid); then
        log "not running"
        return 0
    fi
    # pg_ctl refuses to run as root; the owner may always stop its own server.
    if ! as_owner "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w -t 30 -s stop >/dev/null 2>&1; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then
            log "pid $pid ignored SIGTERM for 10 s: SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    log "stopped (pid $pid)"
}

cmd_status() {
    setup_dir "$@"
    if pid=$(server_pid); then cat "$DIR/server.json"; else log "not running"; return 1; fi
}

valid_name() { [[ $1 =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "database name '$1': use [a-z_][a-z0-9_]*, at most 63 bytes"; }

cmd_newdb() {
    [ $# -ge 2 ] || usage
    setup_dir "$1"
    local name=$2 template=${3:-template0}
    valid_name "$name"
    valid_name "$template"
    server_pid >/dev/null || die "no server running in $DIR"
    superuser_psql -d postgres -c "CREATE DATABASE \"$name\" OWNER $APP_USER TEMPLATE \"$template\""
}

cmd_dropdb() {
    [ $# -ge 2 ] || usage
    setup_dir "$1"
    valid_name "$2"
    server_pid >/dev/null || die "no server running in $DIR"
    superuser_psql -d postgres -c "DROP DATABASE IF EXISTS \"$2\" WITH (FORCE)"
}

cmd_psql() {
    [ $# -ge 1 ] || usage
    setup_dir "$1"
    shift
    server_pid >/dev/null || die "no server running in $DIR"
    exec "$PG_BIN/psql" -X -h "$DIR" -p "$(read_port)" -U "$SUPERUSER" "$@"
}

[ $# -ge 1 ] || usage
sub=$1
shift
case $sub in
    install) cmd_install "$@" ;;
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    newdb) cmd_newdb "$@" ;;
    dropdb) cmd_dropdb "$@" ;;
    psql) cmd_psql "$@" ;;
    -h | --help | help) usage 0 ;;
    *) usage ;;
esac
