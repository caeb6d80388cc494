# Shell helpers the server scripts share (sourced, not run). Each script sets NAME (its name in
# messages), PACKAGES (the Debian packages it needs) and DAEMONS (a pgrep -x pattern of the system
# daemons a package install might start) before sourcing this.

die() { echo "$NAME: $*" >&2; exit 1; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# Prints the script's header comment (lines 2 to LAST) as its usage, and exits 2.
usage_lines() {
  sed -n "2,${1}p" "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

daemon_pids() { pgrep -x "$DAEMONS" 2>/dev/null | sort || true; }

# Installs whatever of PACKAGES is missing (sudo only when not root; waits for another apt). No
# init system or policy-rc.d keeps postinst from starting daemons; if a machine starts them
# anyway, the daemons this install started (and only those) are stopped.
cmd_install() {
  local missing=() package
  for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  ((${#missing[@]})) || return 0
  echo "$NAME: installing ${missing[*]}" >&2
  local before after pid
  before=$(daemon_pids)
  as_root apt-get -o DPkg::Lock::Timeout=900 update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
  after=$(daemon_pids)
  for pid in $(comm -13 <(echo "$before") <(echo "$after")); do
    echo "$NAME: stopping daemon $pid that the package install started" >&2
    as_root kill "$pid" 2>/dev/null || true
  done
}

free_port() {
  php -r '$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket_bind($s, "127.0.0.1", 0) or exit(1); socket_getsockname($s, $a, $p); echo $p;'
}

random_hex() { php -r "echo bin2hex(random_bytes($1));"; }

# True while the process runs; a zombie (dead, not yet reaped by init) counts as gone.
pid_alive() {
  if [[ -z ${1:-} ]] || ! kill -0 "$1" 2>/dev/null; then return 1; fi
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
}

abs_dir() {
  mkdir -p "$1"
  (cd "$1" && pwd -P)
}

# SIGTERM, then SIGKILL after WAIT seconds (default 5).
stop_pid() {
  local pid=$1 wait=${2:-5} i
  pid_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < wait * 10; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
  echo "$NAME: pid $pid ignored SIGTERM for $wait s; sending SIGKILL" >&2
  kill -KILL "$pid" 2>/dev/null || true
}
