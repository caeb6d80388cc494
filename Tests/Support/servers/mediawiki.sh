#!/usr/bin/env bash
# A real, throwaway MediaWiki (Debian's `mediawiki` package, SQLite) on 127.0.0.1 for Cohort's tests.
#
#   mediawiki.sh install                      install the Debian packages it needs (only what is missing)
#   mediawiki.sh start DIR [--lag SECONDS]    bring up a wiki whose files all live in DIR; prints one JSON line
#   mediawiki.sh stop DIR                     stop the server started in DIR (by pid), remove nothing
#   mediawiki.sh edit DIR TITLE [--user NAME] [--summary TEXT] < wikitext
#                                             save a revision directly (maintenance/edit.php), e.g. to seed a
#                                             page or to play "someone else edited" (a missing user is created)
#
# start prints, on one line:
#   {"server":"http://127.0.0.1:PORT","api":".../api.php","index":".../index.php","rest":".../rest.php",
#    "port":PORT,"pid":N,"dir":DIR,"user":"Admin","admin_password":"...","bot_user":"Admin@cohort",
#    "bot_password":"<32 chars [0-9a-f]>","maxlag_file":"DIR/maxlag","log":"DIR/server.log"}
#
# Simulated replication lag (SQLite has none, so `maxlag=` never trips by itself): while DIR/maxlag
# exists and holds "SECONDS" or "SECONDS COUNT", every API request that carries `maxlag=N` with N < SECONDS
# is refused with error code `maxlag` and headers `Retry-After: max(N,5)`, `X-Database-Lag: SECONDS`.
# With COUNT, only the next COUNT requests that carry maxlag see the lag, then the file removes itself.
# `start --lag SECONDS` writes that file at start. Write or delete it while the server runs; no restart.
#
# Code stays in /usr/share/mediawiki (read only); DIR holds LocalSettings.php, the SQLite databases,
# caches, logs and the pid file (DIR/mediawiki.pid). Nothing in /etc or /var/lib/mediawiki is touched.
set -euo pipefail

MW_CODE=${COHORT_MEDIAWIKI_CODE:-/usr/share/mediawiki}
PACKAGES=(mediawiki php-cli php-sqlite3 php-mbstring php-intl php-xml curl)
DAEMONS='apache2|mariadbd|mysqld'
NAME=mediawiki.sh
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
usage() { usage_lines 9; }
START_DIR=""

# Runs a maintenance script of the instance in DIR.
maint() {
  local dir=$1 script=$2
  shift 2
  MW_CONFIG_FILE="$dir/LocalSettings.php" php "$MW_CODE/maintenance/$script" "$@"
}

write_instance_settings() {
  local dir=$1 port=$2
  cat >"$dir/Instance.php" <<PHP
<?php
// Written by mediawiki.sh start: what differs between instances and runs.
\$wgServer = "http://127.0.0.1:$port";
\$wgCanonicalServer = \$wgServer;
PHP
}

write_settings_overrides() {
  local dir=$1
  cat >>"$dir/LocalSettings.php" <<PHP

# ---- mediawiki.sh: a throwaway test instance ----
\$wgCacheDirectory = "$dir/cache";
\$wgUploadDirectory = "$dir/images";
\$wgTmpDirectory = "$dir/tmp";
\$wgEnableUploads = false;
\$wgEnableEmail = false;
\$wgEnableUserEmail = false;
\$wgUseImageMagick = false;
\$wgLocaltimezone = "UTC";
\$wgShowExceptionDetails = true;
\$wgDebugLogFile = "";
\$wgJobRunRate = 0;               # no jobs run inside web requests: responses stay fast and deterministic
\$wgEnableBotPasswords = true;
\$wgPasswordAttemptThrottle = false;
\$wgAccountCreationThrottle = 0;
\$wgRateLimits = [];
\$wgGroupPermissions['*']['createaccount'] = false;

# Simulated replication lag for the maxlag parameter (see the header of mediawiki.sh).
\$wgHooks['ApiMaxLagInfo'][] = static function ( array &\$lagInfo ) {
	\$file = "$dir/maxlag";
	\$spec = @file_get_contents( \$file );
	if ( \$spec === false || trim( \$spec ) === '' ) {
		return;
	}
	\$parts = preg_split( '/\\s+/', trim( \$spec ) );
	\$lag = (float)\$parts[0];
	if ( isset( \$parts[1] ) ) {
		\$left = (int)\$parts[1] - 1;
		if ( \$left < 0 ) {
			return;
		}
		if ( \$left === 0 ) {
			@unlink( \$file );
		} else {
			file_put_contents( \$file, "\$lag \$left\\n" );
		}
	}
	\$lagInfo = [ 'host' => 'replica.cohort.test', 'lag' => \$lag, 'type' => 'db' ];
};

require __DIR__ . '/Instance.php';
PHP
}

wait_until_up() {
  local pid=$1 api=$2 log=$3 deadline=$((SECONDS + 30))
  while ((SECONDS < deadline)); do
    pid_alive "$pid" || return 1
    if curl -fsS -o /dev/null --max-time 10 "$api?action=query&meta=siteinfo&format=json" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "mediawiki.sh: the server (pid $pid) did not answer $api within 30 s; see $log" >&2
  return 2
}

cmd_start() {
  [[ $# -ge 1 ]] || usage
  local dir lag=""
  dir=$(abs_dir "$1")
  shift
  while [[ $# -gt 0 ]]; do
    case $1 in
      --lag) [[ $# -ge 2 ]] || die "--lag needs a number of seconds"; lag=$2; shift 2 ;;
      *) die "unknown option $1" ;;
    esac
  done
  command -v php >/dev/null || die "php is missing: run '$0 install' first"
  [[ -f $MW_CODE/maintenance/install.php ]] || die "$MW_CODE is not a MediaWiki tree: run '$0 install' first"
  if [[ -f $dir/mediawiki.pid ]] && pid_alive "$(cat "$dir/mediawiki.pid")"; then
    die "a wiki already runs from $dir (pid $(cat "$dir/mediawiki.pid")): stop it first"
  fi
  [[ -e $dir/LocalSettings.php ]] && die "$dir already holds a wiki; give start an empty folder"

  mkdir -p "$dir/data" "$dir/cache" "$dir/images" "$dir/tmp"
  # From here on, a failure (or an interrupt) stops the server if this start brought it up.
  START_DIR=$dir
  trap 'if [[ -n $START_DIR ]]; then cmd_stop "$START_DIR" >/dev/null 2>&1 || true; fi' EXIT
  trap 'exit 1' INT TERM
  local admin_password bot_password port
  admin_password="Admin-$(random_hex 12)"
  bot_password=$(random_hex 16)
  port=$(free_port)

  if ! MW_CONFIG_FILE="$dir/LocalSettings.php" php "$MW_CODE/maintenance/install.php" \
      --dbtype sqlite --dbpath "$dir/data" --dbname cohortwiki --confpath "$dir" \
      --server "http://127.0.0.1:$port" --scriptpath "" --lang en --skins Vector \
      --pass "$admin_password" "Cohort Test Wiki" Admin >"$dir/install.log" 2>&1; then
    tail -20 "$dir/install.log" >&2
    die "install.php failed; see $dir/install.log"
  fi
  write_settings_overrides "$dir"
  write_instance_settings "$dir" "$port"
  if [[ -n $lag ]]; then echo "$lag" >"$dir/maxlag"; fi

  if ! maint "$dir" createBotPassword.php --appid cohort \
      --grants basic,highvolume,editpage,createeditmovepage,editprotected \
      Admin "$bot_password" >>"$dir/install.log" 2>&1; then
    tail -20 "$dir/install.log" >&2
    die "createBotPassword.php failed; see $dir/install.log"
  fi

  local pid="" attempt api
  for attempt in 1 2 3 4 5; do
    ((attempt == 1)) || { port=$(free_port); write_instance_settings "$dir" "$port"; }
    api="http://127.0.0.1:$port/api.php"
    # Detached from the caller's stdout/stderr so that whoever reads start's output sees EOF.
    MW_CONFIG_FILE="$dir/LocalSettings.php" php -S "127.0.0.1:$port" -t "$MW_CODE" \
      </dev/null >>"$dir/server.log" 2>&1 &
    pid=$!
    echo "$pid" >"$dir/mediawiki.pid"
    local rc=0
    wait_until_up "$pid" "$api" "$dir/server.log" || rc=$?
    ((rc == 0)) && break
    ((rc == 2)) && exit 1
    pid=""   # died at once: most likely the port was taken meanwhile; try another
  done
  [[ -n $pid ]] || { tail -20 "$dir/server.log" >&2; die "php -S did not stay up; see $dir/server.log"; }
  START_DIR=""
  trap - INT TERM

  local server="http://127.0.0.1:$port"
  php -r 'echo json_encode([
      "server" => $argv[1], "api" => $argv[1] . "/api.php", "index" => $argv[1] . "/index.php",
      "rest" => $argv[1] . "/rest.php", "port" => (int)$argv[2], "pid" => (int)$argv[3], "dir" => $argv[4],
      "user" => "Admin", "admin_password" => $argv[5], "bot_user" => "Admin@cohort", "bot_password" => $argv[6],
      "maxlag_file" => $argv[4] . "/maxlag", "log" => $argv[4] . "/server.log",
    ], JSON_UNESCAPED_SLASHES), "\n";' "$server" "$port" "$pid" "$dir" "$admin_password" "$bot_password"
}

cmd_stop() {
  [[ $# -eq 1 ]] || usage
  local dir=$1 pidfile pid
  [[ -d $dir ]] || return 0
  pidfile="$dir/mediawiki.pid"
  [[ -f $pidfile ]] || return 0
  pid=$(cat "$pidfile")
  # Only a php process we started: a recycled pid that now belongs to something else is left alone.
  if pid_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "-S 127.0.0.1:"; then
    stop_pid "$pid"
  fi
  rm -f "$pidfile"
}

cmd_edit() {
  [[ $# -ge 2 ]] || usage
  local dir title user=Admin summary="mediawiki.sh edit"
  dir=$(abs_dir "$1")
  title=$2
  shift 2
  while [[ $# -gt 0 ]]; do
    case $1 in
      --user) user=$2; shift 2 ;;
      --summary) summary=$2; shift 2 ;;
      *) die "unknown option $1" ;;
    esac
  done
  [[ -f $dir/LocalSettings.php ]] || die "no wiki in $dir"
  maint "$dir" edit.php --user "$user" --summary "$summary" "$title" >&2
}

case ${1:-} in
  install) shift; cmd_install "$@" ;;
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  edit) shift; cmd_edit "$@" ;;
  *) usage ;;
esac
