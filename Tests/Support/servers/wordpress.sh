#!/usr/bin/env bash
# A real, throwaway WordPress (Debian's `wordpress` package on MariaDB) on 127.0.0.1 for Cohort's tests.
#
#   wordpress.sh install            install the Debian packages it needs (only what is missing)
#   wordpress.sh start DIR          bring up a blog whose files all live in DIR; prints one JSON line
#   wordpress.sh stop DIR           stop the web server and MariaDB started in DIR (by pid), remove nothing
#   wordpress.sh eval DIR 'CODE'    run PHP CODE with WordPress loaded, as user 1 (admin), e.g. to play
#                                   "an editor changed the draft": wp_update_post([...]); prints what CODE echoes
#
# start prints, on one line:
#   {"site":"http://127.0.0.1:PORT","rest":"http://127.0.0.1:PORT/wp-json/",
#    "rest_fallback":"http://127.0.0.1:PORT/?rest_route=","port":PORT,"pid":N,"mariadb_pid":N,"dir":DIR,
#    "user":"admin","user_id":1,"app_password":"xxxx xxxx xxxx xxxx xxxx xxxx","app_password_uuid":"...",
#    "admin_password":"...","categories":{"Announcements":ID,"Uncategorized":1},
#    "tags":{"pilot":ID,"dashboard":ID,"equity landscape":ID},"log":"DIR/server.log"}
#
# Code stays in /usr/share/wordpress (read only). DIR holds the MariaDB datadir and socket, a symlink farm
# of the code with its own wp-config.php (Debian's wp-config.php reads /etc/wordpress/config-HOST.php,
# which this never touches), wp-content, the php -S router, logs and pid files (wordpress.pid, mariadb.pid).
set -euo pipefail

WP_CODE=${COHORT_WORDPRESS_CODE:-/usr/share/wordpress}
PACKAGES=(wordpress mariadb-server php-cli php-mysql curl)
DAEMONS='apache2|mariadbd|mysqld'
NAME=wordpress.sh
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
usage() { usage_lines 8; }
START_DIR=""

# A unix socket path must fit in 107 bytes. DIR may be deeper than that (test temp folders often are):
# then the socket is reached through a short symlink /tmp/cohort-wp.XXXXXX -> DIR, removed by stop.
socket_path() {
  local dir=$1 link
  if ((${#dir} + 12 <= 100)); then
    echo "$dir/mysqld.sock"
    return
  fi
  link=$(mktemp -u /tmp/cohort-wp.XXXXXX)
  ln -s "$dir" "$link"
  echo "$link" >"$dir/socket-link"
  echo "$link/mysqld.sock"
}

mariadb_sql() {
  local socket=$1
  shift
  mariadb --no-defaults --socket="$socket" -u root "$@"
}

start_mariadb() {
  local dir=$1 socket=$2 user_opt=()
  [[ $(id -u) -eq 0 ]] && user_opt=(--user=root)
  cat >"$dir/my.cnf" <<CNF
[mariadbd]
datadir=$dir/db
socket=$socket
pid-file=$dir/mariadb.pid
log-error=$dir/mariadb.log
tmpdir=$dir/tmp
skip-networking
skip-log-bin
skip-name-resolve
innodb_buffer_pool_size=32M
innodb_log_file_size=8M
innodb_flush_log_at_trx_commit=2
performance_schema=OFF
CNF
  if ! mariadb-install-db --defaults-file="$dir/my.cnf" "${user_opt[@]}" --skip-test-db \
      --auth-root-authentication-method=normal >"$dir/mariadb-install.log" 2>&1; then
    tail -20 "$dir/mariadb-install.log" >&2
    die "mariadb-install-db failed; see $dir/mariadb-install.log"
  fi
  # Detached from the caller's stdout/stderr so that whoever reads start's output sees EOF.
  mariadbd --defaults-file="$dir/my.cnf" "${user_opt[@]}" </dev/null >>"$dir/mariadb.log" 2>&1 &
  local pid=$! deadline=$((SECONDS + 30))
  echo "$pid" >"$dir/mariadb.pid"
  until mariadb-admin --no-defaults --socket="$socket" -u root ping >/dev/null 2>&1; do
    pid_alive "$pid" || { tail -20 "$dir/mariadb.log" >&2; die "mariadbd exited; see $dir/mariadb.log"; }
    ((SECONDS < deadline)) || { stop_pid "$pid" 10; die "mariadbd did not answer within 30 s; see $dir/mariadb.log"; }
    sleep 0.05
  done
  echo "$pid" >"$dir/mariadb.pid"   # mariadbd rewrites its pid file; keep ours, the same pid
}

write_instance_config() {
  local dir=$1 port=$2
  cat >"$dir/instance.php" <<PHP
<?php
// Written by wordpress.sh start: what differs between runs of this instance.
define( 'WP_HOME', 'http://127.0.0.1:$port' );
define( 'WP_SITEURL', 'http://127.0.0.1:$port' );
define( 'WP_CONTENT_URL', 'http://127.0.0.1:$port/wp-content' );
PHP
}

write_site() {
  local dir=$1 socket=$2 db_password=$3 entry
  # The code as a symlink farm: everything but wp-config.php (ours) and wp-content (ours, below).
  mkdir -p "$dir/wordpress" "$dir/wp-content/uploads" "$dir/wp-content/mu-plugins" "$dir/wp-content/upgrade"
  for entry in "$WP_CODE"/* "$WP_CODE"/.[!.]*; do
    [[ -e $entry || -L $entry ]] || continue
    case ${entry##*/} in wp-config.php | wp-content | .htaccess) continue ;; esac
    ln -s "$entry" "$dir/wordpress/${entry##*/}"
  done
  ln -s "$WP_CODE/wp-content/plugins" "$dir/wp-content/plugins"
  ln -s "$WP_CODE/wp-content/themes" "$dir/wp-content/themes"
  ln -s "$WP_CODE/wp-content/plugins/index.php" "$dir/wp-content/index.php"

  local keys
  keys=$(php -r 'foreach ( [ "AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY", "AUTH_SALT",
      "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT" ] as $key ) {
    echo "define( \"$key\", \"", bin2hex( random_bytes( 24 ) ), "\" );\n"; }')
  cat >"$dir/wordpress/wp-config.php" <<PHP
<?php
// This instance's own configuration (wordpress.sh start). Debian's /usr/share/wordpress/wp-config.php,
// which reads /etc/wordpress/config-<host>.php, is not used: ABSPATH points at this folder.
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'wordpress' );
define( 'DB_PASSWORD', '$db_password' );
define( 'DB_HOST', 'localhost:$socket' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
\$table_prefix = 'wp_';
$keys
define( 'WP_ENVIRONMENT_TYPE', 'local' );   // application passwords over plain http need 'local'
define( 'WP_CONTENT_DIR', '$dir/wp-content' );
define( 'DISABLE_WP_CRON', true );          // no loopback cron requests into the single-threaded php -S
define( 'WP_HTTP_BLOCK_EXTERNAL', true );   // never call out (update checks, oEmbed, pingbacks)
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_AUTO_UPDATE_CORE', false );
define( 'WP_DEBUG', false );
define( 'WP_DEBUG_DISPLAY', false );        // notices go to the log, never into a JSON answer
define( 'WP_DEBUG_LOG', '$dir/debug.log' );
require_once '$dir/instance.php';
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', '$dir/wordpress/' );
}
require_once ABSPATH . 'wp-settings.php';
PHP

  cat >"$dir/wp-content/mu-plugins/cohort-test.php" <<'PHP'
<?php
// wordpress.sh: no mail leaves a test blog (install notices, password changes).
if ( ! function_exists( 'wp_mail' ) ) {
	function wp_mail( $to, $subject, $message, $headers = '', $attachments = array() ) {
		return true;
	}
}
PHP

  # Every request goes through here: ABSPATH is set to this instance before any WordPress file runs,
  # real files are served as they are, everything else goes to index.php (pretty permalinks, /wp-json/).
  cat >"$dir/router.php" <<PHP
<?php
define( 'ABSPATH', '$dir/wordpress/' );
\$path = rawurldecode( parse_url( \$_SERVER['REQUEST_URI'], PHP_URL_PATH ) ?? '/' );
if ( strpos( \$path, '..' ) !== false ) {
	http_response_code( 400 );
	return true;
}
\$file = ABSPATH . ltrim( \$path, '/' );
if ( is_dir( \$file ) && is_file( rtrim( \$file, '/' ) . '/index.php' ) ) {
	\$file = rtrim( \$file, '/' ) . '/index.php';
	\$path = rtrim( \$path, '/' ) . '/index.php';
}
if ( \$path !== '/' && is_file( \$file ) ) {
	if ( substr( \$file, -4 ) !== '.php' ) {
		return false;
	}
} else {
	\$file = ABSPATH . 'index.php';
	\$path = '/index.php';
}
\$_SERVER['SCRIPT_NAME'] = \$path;
\$_SERVER['PHP_SELF'] = \$path;
\$_SERVER['SCRIPT_FILENAME'] = \$file;
chdir( dirname( \$file ) );
require \$file;
PHP

  # For the CLI: WordPress loaded as this instance, user 1 current.
  cat >"$dir/wp-cli-bootstrap.php" <<PHP
<?php
define( 'ABSPATH', '$dir/wordpress/' );
require_once '$dir/instance.php';
\$_SERVER['HTTP_HOST'] = parse_url( WP_HOME, PHP_URL_HOST ) . ':' . parse_url( WP_HOME, PHP_URL_PORT );
\$_SERVER['REQUEST_URI'] = '/';
\$_SERVER['SERVER_NAME'] = '127.0.0.1';
\$_SERVER['SERVER_PORT'] = parse_url( WP_HOME, PHP_URL_PORT );
\$_SERVER['REQUEST_METHOD'] = 'GET';
if ( getenv( 'COHORT_WP_INSTALLING' ) ) {
	define( 'WP_INSTALLING', true );
}
require ABSPATH . 'wp-load.php';
PHP
}

install_site() {
  local dir=$1 admin_password=$2
  php -r '
    require $argv[1] . "/wp-cli-bootstrap.php";
    require_once ABSPATH . "wp-admin/includes/upgrade.php";
    $result = wp_install( "Cohort Test Blog", "admin", "admin@example.org", false, "", wp_slash( $argv[2] ), "en_US" );
    if ( is_wp_error( $result ) ) { fwrite( STDERR, $result->get_error_message() . "\n" ); exit( 1 ); }
    wp_set_current_user( $result["user_id"] );
    update_option( "timezone_string", "UTC" );
    update_option( "blogdescription", "Throwaway test blog" );
    global $wp_rewrite;
    $wp_rewrite->set_permalink_structure( "/%postname%/" );
    $wp_rewrite->flush_rules( false );
    $categories = [ "Uncategorized" => 1 ];
    // The example program files its posts under Research and Movement Data, as Diff does.
    foreach ( [ "Announcements", "Research", "Movement Data" ] as $name ) {
      $term = wp_insert_term( $name, "category" );
      $categories[ $name ] = $term["term_id"];
    }
    $tags = [];
    foreach ( [ "pilot", "dashboard", "equity landscape" ] as $name ) {
      $term = wp_insert_term( $name, "post_tag" );
      $tags[ $name ] = $term["term_id"];
    }
    [ $password, $item ] = WP_Application_Passwords::create_new_application_password(
      $result["user_id"], [ "name" => "cohort" ] );
    echo json_encode( [ "user_id" => $result["user_id"], "app_password" => WP_Application_Passwords::chunk_password( $password ),
      "app_password_uuid" => $item["uuid"], "categories" => $categories, "tags" => $tags ] );
  ' "$dir" "$admin_password"
}

wait_until_up() {
  local pid=$1 url=$2 log=$3 deadline=$((SECONDS + 30))
  while ((SECONDS < deadline)); do
    pid_alive "$pid" || return 1
    if curl -fsS -o /dev/null --max-time 10 "$url" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "wordpress.sh: the server (pid $pid) did not answer $url within 30 s; see $log" >&2
  return 2
}

cmd_start() {
  [[ $# -eq 1 ]] || usage
  local dir
  dir=$(abs_dir "$1")
  command -v php >/dev/null || die "php is missing: run '$0 install' first"
  command -v mariadbd >/dev/null || die "mariadbd is missing: run '$0 install' first"
  [[ -f $WP_CODE/wp-settings.php ]] || die "$WP_CODE is not a WordPress tree: run '$0 install' first"
  if [[ -f $dir/wordpress.pid ]] && pid_alive "$(cat "$dir/wordpress.pid")"; then
    die "a blog already runs from $dir (pid $(cat "$dir/wordpress.pid")): stop it first"
  fi
  [[ -e $dir/db ]] && die "$dir already holds a blog; give start an empty folder"
  mkdir -p "$dir/db" "$dir/tmp"
  # From here on, a failure (or an interrupt) stops whatever this start brought up.
  START_DIR=$dir
  trap 'if [[ -n $START_DIR ]]; then cmd_stop "$START_DIR" >/dev/null 2>&1 || true; fi' EXIT
  trap 'exit 1' INT TERM

  local socket db_password admin_password port site
  socket=$(socket_path "$dir")
  db_password=$(random_hex 16)
  admin_password="Admin-$(random_hex 12)"
  port=$(free_port)

  start_mariadb "$dir" "$socket"
  mariadb_sql "$socket" -e "CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci;
    CREATE USER 'wordpress'@'localhost' IDENTIFIED BY '$db_password';
    GRANT ALL ON wordpress.* TO 'wordpress'@'localhost';"

  write_site "$dir" "$socket" "$db_password"
  write_instance_config "$dir" "$port"
  local installed
  if ! installed=$(COHORT_WP_INSTALLING=1 install_site "$dir" "$admin_password" 2>>"$dir/install.log"); then
    tail -20 "$dir/install.log" >&2
    die "wp_install failed; see $dir/install.log"
  fi

  local pid="" attempt rc
  for attempt in 1 2 3 4 5; do
    ((attempt == 1)) || { port=$(free_port); write_instance_config "$dir" "$port"; }
    site="http://127.0.0.1:$port"
    php -S "127.0.0.1:$port" -t "$dir/wordpress" "$dir/router.php" </dev/null >>"$dir/server.log" 2>&1 &
    pid=$!
    echo "$pid" >"$dir/wordpress.pid"
    rc=0
    wait_until_up "$pid" "$site/wp-json/" "$dir/server.log" || rc=$?
    ((rc == 0)) && break
    ((rc == 2)) && exit 1
    pid=""   # died at once: most likely the port was taken meanwhile; try another
  done
  if [[ -z $pid ]]; then
    tail -20 "$dir/server.log" >&2
    die "php -S did not stay up; see $dir/server.log"
  fi
  START_DIR=""
  trap - INT TERM

  php -r '
    $extra = json_decode( $argv[6], true );
    echo json_encode( [
      "site" => $argv[1], "rest" => $argv[1] . "/wp-json/", "rest_fallback" => $argv[1] . "/?rest_route=",
      "port" => (int)$argv[2], "pid" => (int)$argv[3], "mariadb_pid" => (int)$argv[4], "dir" => $argv[5],
      "user" => "admin", "user_id" => $extra["user_id"], "app_password" => $extra["app_password"],
      "app_password_uuid" => $extra["app_password_uuid"], "admin_password" => $argv[7],
      "categories" => $extra["categories"], "tags" => $extra["tags"], "log" => $argv[5] . "/server.log",
    ], JSON_UNESCAPED_SLASHES ), "\n";
  ' "$site" "$port" "$pid" "$(cat "$dir/mariadb.pid")" "$dir" "$installed" "$admin_password"
}

# The pid in FILE, if that process is still the one we started (its command line contains PATTERN).
our_pid() {
  local file=$1 pattern=$2 pid
  [[ -f $file ]] || return 1
  pid=$(cat "$file")
  pid_alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$pattern" || return 1
  echo "$pid"
}

cmd_stop() {
  [[ $# -eq 1 ]] || usage
  local dir=$1 pid
  [[ -d $dir ]] || return 0
  dir=$(cd "$dir" && pwd -P)
  if pid=$(our_pid "$dir/wordpress.pid" "-S 127.0.0.1:"); then stop_pid "$pid" 5; fi
  rm -f "$dir/wordpress.pid"
  if pid=$(our_pid "$dir/mariadb.pid" "$dir/my.cnf"); then stop_pid "$pid" 10; fi
  rm -f "$dir/mariadb.pid"
  if [[ -f $dir/socket-link ]]; then
    local link
    link=$(cat "$dir/socket-link")
    [[ -L $link ]] && rm -f "$link"
    rm -f "$dir/socket-link"
  fi
}

cmd_eval() {
  [[ $# -eq 2 ]] || usage
  local dir
  dir=$(abs_dir "$1")
  [[ -f $dir/wp-cli-bootstrap.php ]] || die "no blog in $dir"
  php -r 'require $argv[1] . "/wp-cli-bootstrap.php"; wp_set_current_user( 1 ); eval( $argv[2] );' "$dir" "$2"
}

case ${1:-} in
  install) shift; cmd_install "$@" ;;
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  eval) shift; cmd_eval "$@" ;;
  *) usage ;;
esac
