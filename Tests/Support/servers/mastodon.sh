#!/usr/bin/env bash
# A Mastodon REST API test server (mastodon_api.py, Python's standard library) on 127.0.0.1 for Cohort's tests.
# No Mastodon server is packaged for Debian: this one is written from Mastodon's documented API.
#
#   mastodon.sh start DIR                      start it with its files in DIR; prints one JSON line
#   mastodon.sh stop DIR                       stop the server started in DIR (by pid)
#   mastodon.sh account DIR                    a new account: {"id","username","token"}
#   mastodon.sh ratelimit DIR TOKEN N SECONDS  the account's next N posts get 429, reset SECONDS ahead
#   mastodon.sh forget DIR TOKEN               forget the account's idempotency keys (a restart, an hour)
#   mastodon.sh statuses DIR TOKEN             every status of the account, oldest first, with its key
#
# start prints, on one line: {"url":"http://127.0.0.1:PORT","port":PORT,"pid":N,"dir":DIR,"log":"DIR/server.log"}
set -euo pipefail

NAME=mastodon.sh
PACKAGES=(python3 curl)
DAEMONS='^$'
HERE=$(dirname "${BASH_SOURCE[0]}")
# shellcheck source=lib.sh
source "$HERE/lib.sh"
usage() { usage_lines 10; }
PYTHON=${COHORT_PYTHON:-python3}

url_of() { sed -n 's/.*"url": *"\([^"]*\)".*/\1/p' "$1/info.json"; }

control() {
  local dir=$1 method=$2 route=$3 body=${4:-}
  local args=(-fsS -X "$method" "$(url_of "$dir")/_test/$route")
  [[ -n $body ]] && args+=(-H 'Content-Type: application/json' --data "$body")
  curl "${args[@]}"
  echo
}

cmd_start() {
  local dir
  dir=$(abs_dir "$1")
  [[ -z $(ls -A "$dir") ]] || die "$dir is not empty"
  setsid "$PYTHON" "$HERE/mastodon_api.py" --info "$dir/info.json" </dev/null >"$dir/server.log" 2>&1 &
  echo $! >"$dir/server.pid"
  local i
  for ((i = 0; i < 300; i++)); do
    if [[ -s $dir/info.json ]]; then
      local info
      info=$(cat "$dir/info.json")
      echo "${info%\}},\"dir\":\"$dir\",\"log\":\"$dir/server.log\"}"
      return 0
    fi
    pid_alive "$(cat "$dir/server.pid")" || die "the server exited: $(tail -5 "$dir/server.log")"
    sleep 0.1
  done
  stop_pid "$(cat "$dir/server.pid")"
  die "the server did not start in 30 s: $(tail -5 "$dir/server.log")"
}

cmd_stop() {
  [[ -f $1/server.pid ]] || return 0
  stop_pid "$(cat "$1/server.pid")"
}

case ${1:-} in
  start) [[ $# -eq 2 ]] || usage; cmd_start "$2" ;;
  stop) [[ $# -eq 2 ]] || usage; cmd_stop "$2" ;;
  account) [[ $# -eq 2 ]] || usage; control "$2" POST accounts ;;
  ratelimit) [[ $# -eq 5 ]] || usage; control "$2" POST ratelimit "{\"token\":\"$3\",\"count\":$4,\"reset_in\":$5}" ;;
  forget) [[ $# -eq 3 ]] || usage; control "$2" POST forget "{\"token\":\"$3\"}" ;;
  statuses) [[ $# -eq 3 ]] || usage; control "$2" GET "statuses?token=$3" ;;
  install) cmd_install ;;
  *) usage ;;
esac
